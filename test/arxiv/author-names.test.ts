/** When a note's abbreviated author is arXiv's full-named one (src/graph/author-names.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { abbreviates, matchAbbreviations, parsePersonName } from "../../src/graph/author-names.js";

const fits = (short: string, full: string): boolean => {
  const a = parsePersonName(short);
  const b = parsePersonName(full);
  return a !== null && b !== null && abbreviates(a, b);
};

describe("parsePersonName", () => {
  it("reads initials, hyphenated initials, comma order and diacritics", () => {
    expect(parsePersonName("J. W. Kim")).toEqual({ surname: "kim", initials: ["j", "w"], abbreviated: true });
    expect(parsePersonName("C. -P. Yuan")).toEqual({
      surname: "yuan",
      initials: ["c", "p"],
      abbreviated: true,
    });
    expect(parsePersonName("Radford, A.")).toEqual({
      surname: "radford",
      initials: ["a"],
      abbreviated: true,
    });
    expect(parsePersonName("Csaba Balázs")).toEqual({
      surname: "balazs",
      initials: ["c"],
      abbreviated: false,
    });
    expect(parsePersonName("   ")).toBeNull();
  });
});

describe("abbreviates", () => {
  it.each([
    ["A. Radford", "Alec Radford"],
    ["J. W. Kim", "Jong Wook Kim"],
    ["J. Kim", "Jong Wook Kim"],
    ["S. Hoi", "Steven C. H. Hoi"],
    ["C.-P. Yuan", "Chien-Peng Yuan"],
    ["C. Balazs", "Csaba Balázs"],
    ["Li, J.", "Junnan Li"],
  ])("%s abbreviates %s", (short, full) => {
    expect(fits(short, full)).toBe(true);
  });

  it.each([
    ["A. Radford", "Alec Radfort"],
    ["B. Radford", "Alec Radford"],
    ["J. W. Kim", "Jong Kim"],
    ["J. X. Kim", "Jong Wook Kim"],
    ["Alec Radford", "Alec Radford"],
    ["A. Radford", "A. Radford"],
  ])("%s does not abbreviate %s", (short, full) => {
    expect(fits(short, full)).toBe(false);
  });

  it("holds for any full name and the abbreviation built from it", () => {
    const word = fc.stringMatching(/^[A-Z][a-z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), word, fc.nat(), (given, surname, cut) => {
        const kept = given.slice(0, 1 + (cut % given.length));
        const short = `${kept.map((name) => `${name[0]}.`).join(" ")} ${surname}`;
        return fits(short, `${given.join(" ")} ${surname}`);
      }),
    );
  });
});

describe("matchAbbreviations", () => {
  const arxiv = [
    { id: "author:junnan-li", name: "Junnan Li" },
    { id: "author:dongxu-li", name: "Dongxu Li" },
    { id: "author:steven-hoi", name: "Steven Hoi" },
  ];

  it("pairs each abbreviated author with the one arXiv author it fits", () => {
    const notes = [
      { id: "author:j-li", name: "J. Li" },
      { id: "author:d-li", name: "D. Li" },
      { id: "author:s-hoi", name: "S. Hoi" },
      { id: "author:c-xiong", name: "C. Xiong" },
    ];
    expect(matchAbbreviations(notes, arxiv)).toEqual([
      { from: "author:j-li", into: "author:junnan-li" },
      { from: "author:d-li", into: "author:dongxu-li" },
      { from: "author:s-hoi", into: "author:steven-hoi" },
    ]);
  });

  it("leaves a name two arXiv authors fit, and full names, alone", () => {
    const twoJs = [...arxiv, { id: "author:jia-li", name: "Jia Li" }];
    expect(matchAbbreviations([{ id: "author:j-li", name: "J. Li" }], twoJs)).toEqual([]);
    expect(matchAbbreviations([{ id: "author:jun-li", name: "Jun Li" }], arxiv)).toEqual([]);
  });
});
