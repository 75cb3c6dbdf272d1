/**
 * BibTeX entries in a note (a README's or a model card's "cite us" block): each `@kind{key,
 * field = {value}, ...}` is one reference, its title, authors, year and venue read from its
 * fields and its arXiv id or DOI from `eprint`, `doi`, `url` or wherever the entry writes one.
 * Only the fields a citation needs are read; values keep their braces' text, without them.
 */
import { type Citation, findIdentifiers } from "./citations.js";

const ENTRY_START = /@([A-Za-z]+)\s*\{/g;
const FIELD = /([A-Za-z][\w-]*)\s*=\s*/y;

/** The entries of a BibTeX text, as citations, with the offset each entry starts at. */
export function bibtexCitations(text: string): Citation[] {
  return bibtexEntries(text).map((entry) => entry.citation);
}

/** The entries of a BibTeX text by their keys (`@article{he2020momentum, ...}`: `he2020momentum`). */
export function bibtexEntries(text: string): { key: string; citation: Citation }[] {
  const entries: { key: string; citation: Citation }[] = [];
  for (const start of text.matchAll(ENTRY_START)) {
    if (/^(?:comment|preamble|string)$/i.test(start[1] ?? "")) continue;
    const body = entryBody(text, start.index + start[0].length);
    const key = body.slice(0, Math.max(0, body.indexOf(","))).trim();
    const fields = readFields(body);
    const ids = findIdentifiers(body);
    const arxivId = ids.find((id) => id.arxivId)?.arxivId ?? null;
    const doi = ids.find((id) => id.doi)?.doi ?? null;
    const title = fields.title ? clean(fields.title) : null;
    if (!title && !arxivId && !doi) continue;
    const year = Number.parseInt(fields.year ?? "", 10);
    const citation: Citation = {
      kind: "reference",
      offset: start.index,
      arxivId,
      doi,
      title: title || null,
      authors: fields.author
        ? fields.author
            .split(/\s+and\s+/)
            .map(personName)
            .filter((name) => name && !/^others$/i.test(name))
        : [],
      year: Number.isFinite(year) ? year : null,
      venue: clean(fields.booktitle ?? fields.journal ?? "") || null,
    };
    entries.push({ key, citation });
  }
  return entries;
}

/** The text of an entry from after its `{` to its matching `}` (or the end). */
function entryBody(text: string, from: number): string {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}

/** `key = {value}`, `key = "value"`, `key = 2019` fields, lower-cased keys. */
function readFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let at = body.indexOf(",") + 1; at > 0 && at < body.length; ) {
    while (at < body.length && /[\s,]/.test(body[at] ?? "")) at++;
    FIELD.lastIndex = at;
    const field = FIELD.exec(body);
    if (!field?.[1]) break;
    at = FIELD.lastIndex;
    const open = body[at];
    let value = "";
    if (open === "{" || open === '"') {
      const close = open === "{" ? "}" : '"';
      let depth = 0;
      const begin = at + 1;
      for (at = begin; at < body.length; at++) {
        const char = body[at];
        if (char === "{") depth++;
        else if (char === "}" && depth > 0) depth--;
        else if (char === close && depth === 0) break;
      }
      value = body.slice(begin, at);
      at++;
    } else {
      const end = body.indexOf(",", at);
      value = body.slice(at, end === -1 ? body.length : end).trim();
      at = end === -1 ? body.length : end;
    }
    fields[field[1].toLowerCase()] = value;
  }
  return fields;
}

function clean(value: string): string {
  return value
    .replace(/\\[&%$#_]/g, (escaped) => escaped.slice(1))
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** `Zhou, Guorui` -> `Guorui Zhou`; `Guorui Zhou` as it is. */
function personName(raw: string): string {
  const name = clean(raw);
  const comma = name.indexOf(",");
  return comma === -1 ? name : `${name.slice(comma + 1).trim()} ${name.slice(0, comma).trim()}`;
}
