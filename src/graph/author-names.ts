/**
 * When is a note's "A. Radford" arXiv's "Alec Radford"? Same surname and compatible
 * initials, inside the author list of the same paper (never across papers: "J. Li" is a
 * different person in different papers). Pure functions; src/pipeline/reconcile-authors.ts
 * applies them to the store.
 */

export interface PersonName {
  /** Folded for comparison: no diacritics, lower case. */
  surname: string;
  /** First letter of each given name, folded: `Jong Wook` and `J. W.` -> ["j", "w"]. */
  initials: string[];
  /** Every given name is an initial (`A.`, `J.-W.`, `C. -P.`). */
  abbreviated: boolean;
}

const fold = (text: string): string => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

/** `A. Radford`, `Radford, A.`, `Jong Wook Kim`, `C.-P. Yuan`, `Steven C. H. Hoi` -> parts. */
export function parsePersonName(raw: string): PersonName | null {
  const text = raw.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (!text) return null;
  let given: string;
  let surname: string;
  const comma = text.indexOf(",");
  if (comma > 0) {
    surname = text.slice(0, comma).trim();
    given = text.slice(comma + 1).trim();
  } else {
    const words = text.split(" ");
    surname = words.pop() ?? "";
    given = words.join(" ");
  }
  if (!surname) return null;
  // "C.-P." and "C. -P." are two initials; a hyphenated full name ("Chien-Peng") gives two as well.
  const parts = given.split(/[\s-]+/).filter((part) => part.replace(/\./g, "") !== "");
  const initials = parts.map((part) => fold(part.replace(/\./g, "")).charAt(0));
  const abbreviated = parts.length > 0 && parts.every((part) => /^\p{L}\.?$/u.test(part));
  return { surname: fold(surname), initials, abbreviated };
}

/** An abbreviated name fits a full one when surnames agree and its initials start the other's. */
export function abbreviates(short: PersonName, full: PersonName): boolean {
  if (!short.abbreviated || full.abbreviated || short.surname !== full.surname) return false;
  if (short.initials.length === 0 || short.initials.length > full.initials.length) return false;
  return short.initials.every((initial, index) => full.initials[index] === initial);
}

export interface NamedAuthor {
  id: string;
  name: string;
}

/**
 * For one paper: each abbreviated author (from notes) paired with the one full-named author
 * (from arXiv) it abbreviates. A name that fits two of arXiv's authors ("J. Li" when both a
 * Junnan Li and a Jia Li wrote the paper) is left alone rather than guessed.
 */
export function matchAbbreviations(
  abbreviatedAuthors: readonly NamedAuthor[],
  fullAuthors: readonly NamedAuthor[],
): { from: string; into: string }[] {
  const full = fullAuthors.flatMap((author) => {
    const parsed = parsePersonName(author.name);
    return parsed ? [{ author, parsed }] : [];
  });
  const matches: { from: string; into: string }[] = [];
  for (const author of abbreviatedAuthors) {
    const parsed = parsePersonName(author.name);
    if (!parsed?.abbreviated) continue;
    const candidates = full.filter((candidate) => abbreviates(parsed, candidate.parsed));
    const [only] = candidates;
    if (candidates.length === 1 && only && only.author.id !== author.id) {
      matches.push({ from: author.id, into: only.author.id });
    }
  }
  return matches;
}
