/**
 * The arXiv API's Atom feed -> ArxivRecords. Handles the current format and the older one
 * (`<title type="html">`, namespaces declared on each element), the API's error feed, and
 * empty result pages.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { NotegraphError } from "../../src/errors.js";
import { normalizeArxivId } from "../../src/graph/ids.js";
import type { ArxivAuthor, ArxivRecord } from "./record.js";

export interface AtomFeed {
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
  records: ArxivRecord[];
}

/** The API answered with its error feed (HTTP 400): `message` carries arXiv's own words. */
export class ArxivApiError extends NotegraphError {
  /** arXiv's text, as in the feed's `<summary>`: `incorrect id format for abc`. */
  readonly arxivMessage: string;
  /** The error entry's `<id>`: `https://arxiv.org/api/errors#incorrect_id_format_for_abc`. */
  readonly errorId: string;
  constructor(arxivMessage: string, errorId: string) {
    super(`arXiv API error: ${arxivMessage} (${errorId})`);
    this.arxivMessage = arxivMessage;
    this.errorId = errorId;
  }
}

/** Not an arXiv Atom feed we can read: not XML, cut off, some other document, a broken entry. */
export class MalformedFeedError extends NotegraphError {}

type XmlObject = Record<string, unknown>;

// Elements that may repeat, declared so that a single one still comes back as an array
// (asArray below is the safety net for anything else).
const REPEATED = new Set([
  "feed.entry",
  "feed.entry.author",
  "feed.entry.category",
  "feed.entry.link",
  "feed.entry.author.affiliation",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Match on local names: the legacy feed declares `xmlns:arxiv` on each element, and a
  // producer is free to pick another prefix for the same namespace.
  removeNSPrefix: true,
  // Keep text as text: a paper titled "0" (2104.12255) must not become the number 0.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Without it fast-xml-parser 5 leaves numeric references (`&#233;`) undecoded.
  htmlEntities: true,
  jPath: true,
  isArray: (_name, jpath) => typeof jpath === "string" && REPEATED.has(jpath),
});

export function parseAtomFeed(xml: string): AtomFeed {
  assertWellFormed(xml);
  const feed = feedElement(parseXml(xml));
  const entries = asArray(feed.entry);
  throwIfErrorFeed(entries);
  return {
    totalResults: count(feed.totalResults),
    startIndex: count(feed.startIndex),
    itemsPerPage: count(feed.itemsPerPage),
    records: entries.map((entry, index) => parseEntry(entry, index)),
  };
}

function assertWellFormed(xml: string): void {
  const start = xml.trimStart();
  if (start === "") throw new MalformedFeedError("empty document: expected an arXiv Atom feed");
  if (!start.startsWith("<"))
    throw new MalformedFeedError(`not XML: the text starts with ${JSON.stringify(start.slice(0, 40))}`);
  if (looksLikeHtml(start)) {
    const title = htmlTitle(start);
    throw new MalformedFeedError(
      `an HTML page, not an Atom feed${title ? ` (page title: ${JSON.stringify(title)})` : ""}`,
    );
  }
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true)
    throw new MalformedFeedError(`not well-formed XML: ${describeInvalid(xml, verdict.err)}`);
}

// Proxies and arXiv's own front end answer outages with an HTML page, often not well-formed.
const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i;
const looksLikeHtml = (text: string): boolean => HTML_START.test(text);

function htmlTitle(html: string): string | null {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  return match?.[1] ? collapse(match[1]) : null;
}

// The validator reports a cut-off document by the elements still open at the end
// ("Invalid '["feed","entry"]' found.", at line 1 column 1) or by the one left unclosed:
// both read better as truncation, told where the document ends.
function describeInvalid(xml: string, error: { msg: string; line: number; col?: number }): string {
  const open = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(error.msg)?.[1];
  const names = open ? elementList(open) : null;
  if (names) return `truncated? the document ends at line ${lastLine(xml)} with ${names} still open`;
  const unclosed = /^Unclosed tag '([^']+)'\.$/.exec(error.msg)?.[1];
  if (unclosed)
    return `truncated? <${unclosed}> (line ${error.line}, column ${error.col ?? "?"}) is never closed`;
  return `${error.msg} (line ${error.line}, column ${error.col ?? "?"})`;
}

function elementList(json: string): string | null {
  try {
    const names: unknown = JSON.parse(json);
    return Array.isArray(names) ? names.map((name) => `<${String(name)}>`).join(", ") : null;
  } catch {
    return null;
  }
}

const lastLine = (text: string): number => text.trimEnd().split("\n").length;

function parseXml(xml: string): XmlObject {
  try {
    return parser.parse(xml) as XmlObject;
  } catch (error) {
    // Well-formed but refused, e.g. past fast-xml-parser's entity-expansion limits.
    throw new MalformedFeedError(
      `unreadable XML: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

function feedElement(document: XmlObject): XmlObject {
  const feed = document.feed;
  if (isObject(feed)) return feed;
  if (feed === "") return {};
  const root = Object.keys(document)[0];
  throw new MalformedFeedError(
    root
      ? `not an Atom feed: the root element is <${root}>, not <feed>`
      : "not an Atom feed: no root element",
  );
}

// The API reports a bad query as a feed with one entry whose id points into /api/errors.
function throwIfErrorFeed(entries: unknown[]): void {
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const id = text(entry.id);
    if (id && /\/api\/errors(?:#|$)/.test(id))
      throw new ArxivApiError(collapse(text(entry.summary) ?? text(entry.title) ?? "unknown error"), id);
  }
}

function parseEntry(entry: unknown, index: number): ArxivRecord {
  const where = `entry ${index + 1}`;
  if (!isObject(entry)) throw new MalformedFeedError(`${where}: <entry> is empty`);
  const rawId = text(entry.id);
  if (!rawId) throw new MalformedFeedError(`${where}: missing <id>`);
  const id = arxivIdFromAbsUrl(rawId);
  if (!id)
    throw new MalformedFeedError(`${where}: <id> ${JSON.stringify(rawId)} is not an arXiv abstract URL`);
  const title = collapse(text(entry.title) ?? "");
  if (!title) throw new MalformedFeedError(`${where} (${id}): missing <title>`);
  const primary = attribute(entry.primary_category, "term");
  const categories = distinct([primary, ...asArray(entry.category).map((c) => attribute(c, "term"))]);
  return {
    id,
    version: versionOf(rawId),
    title,
    abstract: optionalText(entry.summary),
    authors: asArray(entry.author)
      .map(parseAuthor)
      .filter((author) => author.name !== ""),
    published: isoDateTime(text(entry.published)),
    updated: isoDateTime(text(entry.updated)),
    categories,
    primaryCategory: primary ?? categories[0] ?? null,
    doi: optionalText(entry.doi),
    journalRef: optionalText(entry.journal_ref),
    comments: optionalText(entry.comment),
    license: null,
  };
}

function arxivIdFromAbsUrl(url: string): string | null {
  const path = /\/abs\/(.+)$/.exec(url.trim())?.[1];
  return path ? normalizeArxivId(path) : null;
}

function versionOf(url: string): number | null {
  const digits = /v(\d+)\s*$/.exec(url)?.[1];
  return digits ? Number(digits) : null;
}

function parseAuthor(author: unknown): ArxivAuthor {
  if (!isObject(author)) return { name: collapse(text(author) ?? ""), affiliations: [] };
  return {
    name: collapse(text(author.name) ?? ""),
    affiliations: asArray(author.affiliation)
      .map((affiliation) => collapse(text(affiliation) ?? ""))
      .filter((affiliation) => affiliation !== ""),
  };
}

/** An element's text, whether it came back bare (`"x"`) or beside attributes (`{"#text": "x"}`). */
function text(value: unknown): string | null {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value["#text"] === "string") return value["#text"];
  return null;
}

function optionalText(value: unknown): string | null {
  const collapsed = collapse(text(value) ?? "");
  return collapsed === "" ? null : collapsed;
}

function attribute(value: unknown, name: string): string | null {
  const element = Array.isArray(value) ? value[0] : value;
  if (!isObject(element)) return null;
  const raw = element[`@_${name}`];
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : null;
}

function count(value: unknown): number | null {
  const raw = text(value)?.trim();
  if (!raw || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

// Entries say `2017-07-27T08:18:33Z`, but the legacy feed uses offsets elsewhere
// (`2016-10-09T00:00:00-04:00`): one UTC form keeps dates from both doors comparable.
function isoDateTime(value: string | null): string | null {
  const raw = value?.trim();
  if (!raw) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(raw)) return raw;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace(/\.000Z$/, "Z");
}

// ASCII whitespace only, as the snapshot reader does: the same paper's title must come out
// the same by either door, and a non-breaking space is deliberate, not line wrapping.
const collapse = (value: string): string => value.replace(/[ \t\n\r\f\v]+/g, " ").trim();

const distinct = (values: (string | null)[]): string[] => [
  ...new Set(values.filter((value): value is string => value !== null)),
];

const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const isObject = (value: unknown): value is XmlObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);
