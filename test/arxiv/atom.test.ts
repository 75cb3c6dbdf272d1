import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ArxivApiError, type AtomFeed, MalformedFeedError, parseAtomFeed } from "../../ingest/arxiv/atom.js";
import { NotegraphError } from "../../src/errors.js";

/** Real API responses, recorded (see the README there). */
const RECORDED_ATOM = resolve(import.meta.dirname, "../fixtures/arxiv/atom");
const MALFORMED = resolve(import.meta.dirname, "../fixtures/arxiv/atom-malformed");

/** The recorded file named `<prefix>.xml` or `<prefix>_<12-hex hash>.xml`: exactly one. */
function recordedFile(prefix: string): string {
  const slash = prefix.lastIndexOf("/");
  const folder = join(RECORDED_ATOM, prefix.slice(0, slash + 1));
  const stem = prefix.slice(slash + 1);
  const isIt = (name: string): boolean =>
    name === `${stem}.xml` ||
    (name.startsWith(`${stem}_`) && /^[0-9a-f]{12}\.xml$/.test(name.slice(stem.length + 1)));
  const matches = readdirSync(folder).filter(isIt);
  if (matches.length !== 1)
    throw new Error(`${prefix}: expected one file, found ${matches.join(", ") || "none"}`);
  return join(folder, matches[0] as string);
}
const feed = (prefix: string): AtomFeed => parseAtomFeed(readFileSync(recordedFile(prefix), "utf8"));
const malformed = (name: string): string => readFileSync(join(MALFORMED, name), "utf8");
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
}
const names = (f: AtomFeed, index = 0): string[] => f.records[index]?.authors.map((a) => a.name) ?? [];

/** Every recorded response, by the prefix the tests below use for it. */
const COVERED = [
  "id_0000.0000_s0_m100",
  "id_0808.05394_1707.08567_s0_m100",
  "id_0808.05394_s0_m100",
  "id_1605.08386_s0_m100",
  "id_1707.08567_s0_m100",
  "id_2104.12255v1_s0_m100",
  "id_abc_s0_m100",
  "id_astro-ph_0601001_s0_m100",
  "id_quant-ph_0201082v1_s0_m100",
  "q_testing_s0_m100",
  "q_testing_s0_m10",
  "q_testing_s0_m15",
  "q_testing_s10_m10",
  "q_testing_s20_m10",
  "q_testing_s30_m10",
  "q_testing_s40_m10",
  "q_testing_s50_m10",
  "q_testing_s5_m10",
  "q_testing_s5_m15",
  "q_testing_s9_m15",
  "legacy-2016/au_del_maestro",
  "legacy-2016/au_del_maestro_ANDNOT_ti_checkerboard_OR_ti_Pyrochlore",
  "legacy-2016/au_del_maestro_AND_ti_checkerboard",
  "legacy-2016/au_del_maestro_AND_ti_quantum_criticality",
  "legacy-2016/id_list_1111.2011v2",
];

describe("recorded responses", () => {
  it("are all covered by a test below, and each prefix names exactly one file", () => {
    const files = [
      ...readdirSync(RECORDED_ATOM).filter((name) => name.endsWith(".xml")),
      ...readdirSync(join(RECORDED_ATOM, "legacy-2016")).map((name) => `legacy-2016/${name}`),
    ].sort();
    expect(COVERED.map(recordedFile).map((path) => path.slice(RECORDED_ATOM.length + 1))).toEqual(
      expect.arrayContaining(files),
    );
    expect(COVERED).toHaveLength(files.length);
  });
});

describe("parseAtomFeed on single-id responses", () => {
  it("reads every field of 1605.08386", () => {
    const f = feed("id_1605.08386_s0_m100");
    expect([f.totalResults, f.startIndex, f.itemsPerPage]).toEqual([1, 0, 100]);
    expect(f.records).toEqual([
      {
        id: "1605.08386",
        version: 1,
        title: "Heat-bath random walks with Markov bases",
        abstract: expect.stringMatching(
          /^Graphs on lattice points are studied whose edges .* an expander in fixed dimension\.$/,
        ),
        authors: [
          { name: "Caprice Stanley", affiliations: [] },
          { name: "Tobias Windisch", affiliations: [] },
        ],
        published: "2016-05-26T17:59:46Z",
        updated: "2016-05-26T17:59:46Z",
        categories: ["math.CO", "math.ST"],
        primaryCategory: "math.CO",
        doi: null,
        journalRef: null,
        comments: "20 pages, 3 figures",
        license: null,
      },
    ]);
  });

  it("keeps the title '0' of 2104.12255 as text, and a versioned query still gives the bare id", () => {
    const [record] = feed("id_2104.12255v1_s0_m100").records;
    expect(record).toMatchObject({
      id: "2104.12255",
      version: 1,
      title: "0",
      primaryCategory: "cs.CR",
      categories: ["cs.CR"],
      comments: null,
      published: "2021-04-20T16:07:14Z",
    });
    expect(record?.authors).toEqual([{ name: "Quan Thoi Minh Nguyen", affiliations: [] }]);
    expect(record?.abstract).toContain('we develop "splitting zero" attacks');
  });

  it("keeps 34 authors of 1707.08567 in arXiv's order", () => {
    const f = feed("id_1707.08567_s0_m100");
    const authors = names(f);
    expect(authors).toHaveLength(34);
    expect(authors.slice(0, 3)).toEqual(["Kees A. Schouhamer Immink", "Stan Baggen", "Ferdaous Chaabane"]);
    expect(authors.at(-1)).toBe("Hirosuke Yamamoto");
    // The recording itself is double-encoded UTF-8 ("Wübben" stored as "WÃ¼bben"): the parser
    // passes text through as given, so this is what comes out.
    expect(authors.at(-2)).toBe("Dirk W\u00c3\u00bcbben");
    expect(f.records[0]?.comments).toBe(
      "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck",
    );
  });

  it("normalises old-style ids: astro-ph/0601001, with affiliations, journal ref and decoded entities", () => {
    const [record] = feed("id_astro-ph_0601001_s0_m100").records;
    expect(record?.id).toBe("astro-ph/0601001");
    expect(record?.version).toBe(1);
    expect(record?.title).toBe(
      "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina",
    );
    expect(record?.authors).toEqual([
      { name: "Andrew Gould", affiliations: ["Ohio State"] },
      { name: "Susan Dorsher", affiliations: ["Ohio State"] },
      { name: "B. Scott Gaudi", affiliations: ["CfA"] },
      { name: "Andrzej Udalski", affiliations: ["Warsaw University Observatory"] },
    ]);
    expect(record?.journalRef).toBe("ActaAstron.56:1-50,2006");
    expect(record?.categories).toEqual(["astro-ph"]);
    expect(record?.abstract?.startsWith("We derive the frequencies")).toBe(true);
    expect(record?.abstract).toContain("following Gould & Morgan (2003)");
    expect(record?.abstract).toContain("limit of V_max<17.5.");
  });

  it("normalises quant-ph/0201082v1 and lists the primary category first", () => {
    const [record] = feed("id_quant-ph_0201082v1_s0_m100").records;
    expect(record).toMatchObject({
      id: "quant-ph/0201082",
      version: 1,
      title:
        "Quantum Computers and Quantum Computer Languages: Quantum Assembly Language and Quantum C Language",
      categories: ["quant-ph", "cs.PL"],
      primaryCategory: "quant-ph",
      published: "2002-01-18T15:08:05Z",
      updated: "2002-01-18T15:08:05Z",
      comments: "32 pages",
    });
    expect(names(feed("id_quant-ph_0201082v1_s0_m100"))).toEqual(["Stephen Blaha"]);
  });
});

describe("parseAtomFeed on batched, empty and error responses", () => {
  it("gives the one paper arXiv found for id_list=0808.05394,1707.08567", () => {
    // 0808.05394 is not a valid id (2008 numbers have four digits), so arXiv returns only
    // 1707.08567, and says so: totalResults is 1.
    const f = feed("id_0808.05394_1707.08567_s0_m100");
    expect(f.totalResults).toBe(1);
    expect(f.records.map((r) => r.id)).toEqual(["1707.08567"]);
    expect(f.records[0]).toEqual(feed("id_1707.08567_s0_m100").records[0]);
  });

  it("gives no records for ids arXiv does not have", () => {
    for (const prefix of ["id_0000.0000_s0_m100", "id_0808.05394_s0_m100"]) {
      expect(feed(prefix)).toEqual({ totalResults: 0, startIndex: 0, itemsPerPage: 100, records: [] });
    }
  });

  it("throws ArxivApiError with arXiv's own message for the error feed", () => {
    const error = thrown(() => feed("id_abc_s0_m100"));
    expect(error).toBeInstanceOf(ArxivApiError);
    expect(error).toBeInstanceOf(NotegraphError);
    expect(error).toMatchObject({
      name: "ArxivApiError",
      arxivMessage: "incorrect id format for abc",
      errorId: "https://arxiv.org/api/errors#incorrect_id_format_for_abc",
      message:
        "arXiv API error: incorrect id format for abc (https://arxiv.org/api/errors#incorrect_id_format_for_abc)",
    });
  });
});

describe("parseAtomFeed on paged search results", () => {
  const pages: [string, number, number][] = [
    ["q_testing_s0_m10", 0, 10],
    ["q_testing_s0_m15", 0, 15],
    ["q_testing_s5_m10", 5, 10],
    ["q_testing_s5_m15", 5, 15],
    ["q_testing_s9_m15", 9, 15],
    ["q_testing_s10_m10", 10, 10],
    ["q_testing_s20_m10", 20, 10],
    ["q_testing_s30_m10", 30, 10],
    ["q_testing_s40_m10", 40, 10],
    ["q_testing_s50_m10", 50, 10],
  ];
  const all = feed("q_testing_s0_m100");

  it("reads the paging numbers", () => {
    expect([all.totalResults, all.startIndex, all.itemsPerPage, all.records.length]).toEqual([
      214881, 0, 100, 100,
    ]);
    for (const [prefix, start, max] of pages) {
      const page = feed(prefix);
      expect([prefix, page.totalResults, page.startIndex, page.itemsPerPage, page.records.length]).toEqual([
        prefix,
        214881,
        start,
        max,
        max,
      ]);
    }
  });

  it("gives each page the slice of the 100-result page it covers", () => {
    const ids = all.records.map((r) => r.id);
    for (const [prefix, start, max] of pages) {
      expect(feed(prefix).records.map((r) => r.id)).toEqual(ids.slice(start, start + max));
    }
    expect(ids.slice(0, 5)).toEqual(["2202.12139", "2405.13786", "2005.14124", "2204.08348", "2302.03287"]);
    expect(ids.filter((id) => id.includes("/"))).toEqual(["cs/0503050", "hep-ph/0301050", "gr-qc/0103067"]);
  });

  it("reads DOI, journal ref and two categories of the first result", () => {
    expect(feed("q_testing_s0_m10").records[0]).toMatchObject({
      id: "2202.12139",
      version: 1,
      title: "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques",
      authors: [
        { name: "Mohit Kumar Ahuja", affiliations: [] },
        { name: "Arnaud Gotlieb", affiliations: [] },
        { name: "Helge Spieker", affiliations: [] },
      ],
      published: "2022-02-24T15:05:19Z",
      categories: ["cs.SE", "cs.LG"],
      primaryCategory: "cs.SE",
      doi: "10.1109/ICSTW55395.2022.00035",
      journalRef:
        "Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)",
      comments: "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022",
    });
  });

  it("decodes entities in titles and reads versions beyond 1", () => {
    const byId = new Map(all.records.map((r) => [r.id, r]));
    expect(byId.get("2302.03287")?.title).toBe("ChatGPT and Software Testing Education: Promises & Perils");
    expect(byId.get("0804.0970")?.authors).toEqual([
      { name: "Marie-Claude Gaudel", affiliations: ["LRI"] },
      { name: "Pascale Le Gall", affiliations: ["IBISC"] },
    ]);
    expect(byId.get("2403.16981")?.version).toBe(2);
    expect(byId.get("gr-qc/0103067")).toMatchObject({
      doi: "10.1007/3-540-40988-2_10",
      journalRef: "Lect.Notes Phys.562:195-212,2001",
      published: "2001-03-17T21:54:18Z",
    });
    expect(all.records.every((r) => r.primaryCategory === r.categories[0] && r.authors.length > 0)).toBe(
      true,
    );
  });
});

describe("parseAtomFeed on the 2016 format", () => {
  it("reads id_list=1111.2011v2: html-typed titles wrapped over lines, inline namespaces", () => {
    const f = feed("legacy-2016/id_list_1111.2011v2");
    expect([f.totalResults, f.startIndex, f.itemsPerPage]).toEqual([1, 0, 10]);
    expect(f.records).toEqual([
      {
        id: "1111.2011",
        version: 2,
        title: "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
        abstract: expect.stringMatching(
          /^Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains, .* describing a single node\.$/,
        ),
        authors: [
          { name: "James M. Murray", affiliations: [] },
          { name: "Adrian Del Maestro", affiliations: [] },
          { name: "Zlatko Tesanovic", affiliations: [] },
        ],
        published: "2011-11-08T18:48:36Z",
        updated: "2012-04-02T12:38:54Z",
        categories: ["cond-mat.str-el", "cond-mat.stat-mech"],
        primaryCategory: "cond-mat.str-el",
        doi: "10.1103/PhysRevB.85.115117",
        journalRef: "Phys. Rev. B 85, 115117 (2012)",
        comments: "8 pages, 3 figures. Published version",
        license: null,
      },
    ]);
    expect(f.records[0]?.abstract).not.toMatch(/\n| {2}/);
  });

  it("reads the author searches", () => {
    const all = feed("legacy-2016/au_del_maestro");
    expect([all.totalResults, all.records.length]).toEqual([31, 10]);
    expect(all.records.map((r) => `${r.id}v${r.version}`)).toEqual([
      "1201.4869v1",
      "cond-mat/0412498v1",
      "cond-mat/0603029v1",
      "1005.5383v1",
      "1303.6954v2",
      "1312.6177v1",
      "1412.6529v2",
      "cond-mat/0607501v2",
      "cond-mat/0702661v2",
      "0807.2873v1",
    ]);
    expect(all.records[4]).toMatchObject({
      title: "Local Superfluidity at the Nanoscale",
      published: "2013-03-27T20:00:04Z",
      updated: "2013-09-03T01:06:36Z",
      doi: "10.1103/PhysRevB.88.064512",
      categories: ["cond-mat.mes-hall", "cond-mat.stat-mech"],
    });
    expect(names(all, 4)).toEqual(["B. Kulchytskyy", "G. Gervais", "A. Del Maestro"]);

    expect(feed("legacy-2016/au_del_maestro_ANDNOT_ti_checkerboard_OR_ti_Pyrochlore").totalResults).toBe(24);
    const checkerboard = feed("legacy-2016/au_del_maestro_AND_ti_checkerboard");
    expect(checkerboard.records.map((r) => r.id)).toEqual(["cond-mat/0603029"]);
    expect(names(checkerboard)).toEqual(["Adrian Del Maestro", "Bernd Rosenow", "Subir Sachdev"]);
    expect(checkerboard.records[0]?.categories).toEqual(["cond-mat.str-el", "cond-mat.supr-con"]);
    const criticality = feed("legacy-2016/au_del_maestro_AND_ti_quantum_criticality");
    expect(criticality.records.map((r) => r.id)).toEqual(["1111.2011", "cond-mat/0607501"]);
  });
});

describe("parseAtomFeed on hand-made variations", () => {
  const variant = `<?xml version="1.0" encoding="UTF-8"?>
<atom:feed xmlns:atom="http://www.w3.org/2005/Atom" xmlns:ax="http://arxiv.org/schemas/atom"
    xmlns:os="http://a9.com/-/spec/opensearch/1.1/">
  <os:totalResults>3</os:totalResults>
  <atom:entry>
    <atom:id>http://arxiv.org/abs/hep-th/9901001v12</atom:id>
    <atom:title type="html">Caf&#233; &amp; Na&#xEF;ve
      $\\alpha$-Models</atom:title>
    <atom:published>1999-01-01T05:00:00-05:00</atom:published>
    <atom:category term="hep-lat"/>
    <atom:category term="hep-th"/>
    <atom:category term="hep-lat"/>
    <ax:primary_category term="hep-th"/>
    <atom:author><atom:name>J. M&#252;ller</atom:name><ax:affiliation>Bonn</ax:affiliation><ax:affiliation> CERN </ax:affiliation></atom:author>
    <ax:doi>10.1000/xyz</ax:doi>
  </atom:entry>
</atom:feed>`;

  it("matches on local names, decodes numeric entities, puts the primary category first", () => {
    const f = parseAtomFeed(variant);
    expect(f.totalResults).toBe(3);
    expect(f.startIndex).toBeNull();
    expect(f.records).toEqual([
      {
        id: "hep-th/9901001",
        version: 12,
        title: "Café & Naïve $\\alpha$-Models",
        abstract: null,
        authors: [{ name: "J. Müller", affiliations: ["Bonn", "CERN"] }],
        published: "1999-01-01T10:00:00Z",
        updated: null,
        categories: ["hep-th", "hep-lat"],
        primaryCategory: "hep-th",
        doi: "10.1000/xyz",
        journalRef: null,
        comments: null,
        license: null,
      },
    ]);
  });

  it("falls back to the first category when there is no primary category", () => {
    const xml = `<feed><entry><id>http://arxiv.org/abs/2301.12597v3</id><title>T</title><category term="cs.CV"/><category term="cs.CL"/></entry></feed>`;
    expect(parseAtomFeed(xml).records[0]).toMatchObject({
      primaryCategory: "cs.CV",
      categories: ["cs.CV", "cs.CL"],
    });
  });
});

describe("parseAtomFeed rejects what is not a readable feed", () => {
  const cases: [string, RegExp][] = [
    [
      "truncated.xml",
      /^not well-formed XML: truncated\? the document ends at line 16 with <feed>, <entry>, <summary> still open$/,
    ],
    [
      "html-error-page.txt",
      /^an HTML page, not an Atom feed \(page title: "503 Service Temporarily Unavailable"\)$/,
    ],
    ["not-xml.txt", /^not XML: the text starts with "Rate exceeded\.\\n"$/],
    ["entry-missing-id.xml", /^entry 2: missing <id>$/],
    ["entry-missing-title.xml", /^entry 1 \(1605\.08386\): missing <title>$/],
    ["not-atom.xml", /^not an Atom feed: the root element is <rss>, not <feed>$/],
  ];
  for (const [name, message] of cases) {
    it(`throws MalformedFeedError for ${name}`, () => {
      expect(() => parseAtomFeed(malformed(name))).toThrow(MalformedFeedError);
      expect(() => parseAtomFeed(malformed(name))).toThrow(message);
    });
  }

  it("says what is wrong with other broken input", () => {
    expect(() => parseAtomFeed("")).toThrow(/^empty document/);
    expect(() => parseAtomFeed("<feed><entry></feed>")).toThrow(MalformedFeedError);
    expect(() => parseAtomFeed("<feed><entry><title>x</title></entry>")).toThrow(
      /truncated\? <feed> \(line 1, column 1\) is never closed/,
    );
    expect(() => parseAtomFeed("<feed><entry><id>urn:x</id><title>x</title></entry></feed>")).toThrow(
      'entry 1: <id> "urn:x" is not an arXiv abstract URL',
    );
  });

  it("accepts an empty <feed/>", () => {
    expect(parseAtomFeed("<feed/>").records).toEqual([]);
  });
});
