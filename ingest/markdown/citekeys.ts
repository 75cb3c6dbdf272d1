/**
 * Citations by key, as Pandoc, Quarto, R Markdown and Zettlr write them: `[@radford2021learning;
 * @li2022blip]`, `[-@he2020momentum, p. 3]`, `@li2022blip shows ...`. The keys mean something
 * only through the bibliography the front matter names (`bibliography: refs.bib`, or a list of
 * files), read beside the note: each key an entry there holds cites that entry's paper on the
 * line the key is written. A key no bibliography holds (a cross-reference `@fig:med`, a
 * thread's `@username`) cites nothing.
 *
 * Finding the keys and the bibliography's paths is pure (here); reading the files is the
 * caller's (extract-file.ts), which also folds their bytes into the note's hash, so editing the
 * `.bib` re-extracts the notes that cite from it.
 */
import { bibtexEntries } from "./bibtex.js";
import type { Citation } from "./citations.js";

/** Pandoc's key: a letter, digit or `_`, then those and `:.#$%&-+?<>~/`, not ending in punctuation. */
const CITE_KEY = /(?<![\p{L}\p{N}_@.])-?@([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?)/gu;

export function findCiteKeys(text: string): { key: string; offset: number }[] {
  if (!text.includes("@")) return [];
  return [...text.matchAll(CITE_KEY)].map((match) => ({ key: match[1] ?? "", offset: match.index }));
}

/** The front matter's `bibliography:` (a path, `[a.bib, b.bib]`, or a YAML list under it), with its line. */
export function bibliographyPaths(text: string): { paths: string[]; line: number } | null {
  if (!text.startsWith("---") || !text.includes("bibliography")) return null;
  const end = text.indexOf("\n---", 3);
  const head = end === -1 ? "" : text.slice(0, end);
  const match = /^bibliography\s*:[ \t]*(.*)$/m.exec(head);
  if (!match) return null;
  const line = head.slice(0, match.index).split("\n").length;
  const value = (match[1] ?? "").trim();
  let items: string[];
  if (value.startsWith("[")) items = value.replace(/^\[|\]$/g, "").split(",");
  else if (value) items = [value];
  else {
    const list = /^(?:[ \t]*-[ \t]+.*(?:\n|$))+/.exec(head.slice(match.index + match[0].length + 1));
    items = (list?.[0] ?? "").split("\n").map((item) => item.replace(/^\s*-\s*/, ""));
  }
  const paths = items.map((item) => item.trim().replace(/^["']|["']$/g, "")).filter(Boolean);
  return paths.length > 0 ? { paths, line } : null;
}

/** The entries of the bibliographies' texts by key (a later file's entry does not replace an earlier one's). */
export function bibliographyIndex(texts: readonly string[]): Map<string, Citation> {
  const index = new Map<string, Citation>();
  for (const text of texts) {
    for (const { key, citation } of bibtexEntries(text)) if (key && !index.has(key)) index.set(key, citation);
  }
  return index;
}
