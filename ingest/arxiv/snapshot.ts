/**
 * The arXiv metadata snapshot (JSON lines, plain or gzip, ~4.5 GB) -> ArxivRecords, streamed.
 * A bad line becomes an error item and reading goes on; only an unreadable file throws.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough, pipeline, type Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { NotegraphError, UsageError } from "../../src/errors.js";
import { normalizeArxivId } from "../../src/graph/ids.js";
import type { ArxivAuthor, ArxivRecord } from "./record.js";

export type SnapshotItem = { line: number; record: ArxivRecord } | { line: number; error: string };

/** One snapshot line that cannot become a record; the message says why. */
export class SnapshotLineError extends NotegraphError {}

/** The snapshot file itself cannot be read (missing, a directory, no permission). */
export class SnapshotFileError extends NotegraphError {}

export interface SnapshotFilter {
  /** Prefixes, any of which may match any of a record's categories: `cs` takes `cs.CV`. */
  categories?: string[];
  /** Inclusive `YYYY-MM-DD` bounds on `published` (the first version's date). */
  since?: string;
  until?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK_BYTES = 1 << 20;
/**
 * The longest line read: the text carried over between chunks never grows past it, so a file
 * without newlines (or a corrupt one) cannot fill memory. The longest real records (papers
 * with thousands of authors, listed twice) are well under 1 MB.
 */
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

export interface SnapshotOptions {
  /** A longer line becomes an error item, is skipped without being held, and reading goes on. */
  maxLineChars?: number;
  /** Told how many bytes of the file (compressed, for a .gz) have been read so far: for an ETA. */
  onBytes?: (bytes: number) => void;
}

/** Every non-blank line of `file` as a record or an error, with its 1-based line number. */
export async function* readSnapshot(
  file: string,
  options: SnapshotOptions = {},
): AsyncGenerator<SnapshotItem> {
  const maxLine = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  if (!Number.isSafeInteger(maxLine) || maxLine < 1)
    throw new UsageError(`maxLineChars must be a positive integer, not ${maxLine}`);
  const stream = openText(file, await isGzip(file), options.onBytes);
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let line = 0;
  // Inside a line already reported as too long: its rest is dropped up to the next newline.
  let skipping = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = pending + decoder.write(chunk);
      let start = 0;
      if (skipping) {
        const end = text.indexOf("\n");
        pending = "";
        if (end === -1) continue;
        skipping = false;
        start = end + 1;
      }
      for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
        line++;
        const item = end - start > maxLine ? tooLong(line, maxLine) : parseItem(text.slice(start, end), line);
        if (item) yield item;
        start = end + 1;
      }
      pending = text.slice(start);
      if (pending.length > maxLine) {
        line++;
        yield tooLong(line, maxLine);
        pending = "";
        skipping = true;
      }
    }
  } catch (error) {
    if (!isZlibError(error)) throw readError(file, error);
    // A cut-off download of the .gz: what was read stays usable, the rest is reported.
    yield { line: line + 1, error: `the gzip stream is truncated or corrupt: ${messageOf(error)}` };
    return;
  }
  const last = pending + decoder.end();
  if (skipping) return;
  if (last.length > maxLine) yield tooLong(line + 1, maxLine);
  else if (last.trim() !== "") yield parseLastLine(last, line + 1);
}

const tooLong = (line: number, maxLine: number): SnapshotItem => ({
  line,
  error: `line is longer than ${maxLine} characters (the reader's limit); skipped`,
});

/** One snapshot line -> a record; throws SnapshotLineError saying what is wrong. */
export function parseSnapshotLine(text: string): ArxivRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotLineError(`not valid JSON: ${messageOf(error)}`);
  }
  return recordFromJson(value);
}

export function matchesFilter(record: ArxivRecord, filter: SnapshotFilter): boolean {
  const { categories, since, until } = filter;
  if (categories && categories.length > 0 && !hasCategory(record.categories, categories)) return false;
  if (!since && !until) return true;
  const day = record.published?.slice(0, 10);
  if (since && (!day || day < checkedDay(since, "since"))) return false;
  if (until && (!day || day > checkedDay(until, "until"))) return false;
  return true;
}

/** Whether the file starts with gzip's magic bytes: how the reader decides, whatever its name. */
export async function isGzip(file: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, "r");
    const head = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && GZIP_MAGIC.every((byte, i) => head[i] === byte);
  } catch (error) {
    throw readError(file, error);
  } finally {
    await handle?.close();
  }
}

function openText(file: string, gzipped: boolean, onBytes?: (bytes: number) => void): Readable {
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const counted = onBytes ? pipeline(raw, byteCounter(onBytes), () => {}) : raw;
  if (!gzipped) return counted;
  // pipeline, not pipe: a read error on the file must reach the gunzip stream we iterate.
  return pipeline(counted, createGunzip({ chunkSize: CHUNK_BYTES }), () => {});
}

/** Passes chunks on, telling how many bytes went through. */
function byteCounter(onBytes: (bytes: number) => void): PassThrough {
  let bytes = 0;
  return new PassThrough({
    highWaterMark: CHUNK_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
}

function parseItem(text: string, line: number): SnapshotItem | null {
  if (text.trim() === "") return null;
  try {
    return { line, record: parseSnapshotLine(text) };
  } catch (error) {
    return { line, error: messageOf(error) };
  }
}

// No newline at the end and not JSON: the file was cut off mid-record, which is worth
// saying in those words rather than as a JSON syntax error.
function parseLastLine(text: string, line: number): SnapshotItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `truncated last line (no newline at the end of the file): ${messageOf(error)}` };
  }
  try {
    return { line, record: recordFromJson(value) };
  } catch (error) {
    return { line, error: messageOf(error) };
  }
}

type Json = Record<string, unknown>;

function recordFromJson(value: unknown): ArxivRecord {
  if (!isObject(value)) throw new SnapshotLineError(`expected a JSON object, got ${kindOf(value)}`);
  const id = recordId(value.id);
  const title = collapse(optionalString(value, "title", id) ?? "");
  if (title === "") throw new SnapshotLineError(`record ${id} has no "title"`);
  const { published, updated, version } = versionDates(value.versions, id);
  const categories = (optionalString(value, "categories", id) ?? "").split(/\s+/).filter(Boolean);
  return {
    id,
    version,
    title,
    abstract: optionalText(value, "abstract", id),
    authors: parseAuthors(value, id),
    published,
    updated,
    categories,
    primaryCategory: categories[0] ?? null,
    doi: optionalText(value, "doi", id),
    journalRef: optionalText(value, "journal-ref", id),
    comments: optionalText(value, "comments", id),
    license: optionalText(value, "license", id),
  };
}

function recordId(raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") throw new SnapshotLineError('record has no "id"');
  if (typeof raw !== "string") throw new SnapshotLineError(`"id" is ${kindOf(raw)}, expected a string`);
  const id = normalizeArxivId(raw);
  if (!id) throw new SnapshotLineError(`"id" ${JSON.stringify(raw)} is not an arXiv id`);
  return id;
}

function optionalString(record: Json, field: string, id: string): string | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string")
    throw new SnapshotLineError(`record ${id}: "${field}" is ${kindOf(value)}, expected a string`);
  return value;
}

function optionalText(record: Json, field: string, id: string): string | null {
  const value = optionalString(record, field, id);
  if (value === null) return null;
  const collapsed = collapse(value);
  return collapsed === "" ? null : collapsed;
}

interface VersionDates {
  published: string | null;
  updated: string | null;
  version: number | null;
}

function versionDates(versions: unknown, id: string): VersionDates {
  if (versions === undefined || versions === null) return { published: null, updated: null, version: null };
  if (!Array.isArray(versions))
    throw new SnapshotLineError(`record ${id}: "versions" is ${kindOf(versions)}, expected an array`);
  const first: unknown = versions[0];
  const last: unknown = versions[versions.length - 1];
  return {
    published: versionCreated(first, id),
    updated: versionCreated(last, id),
    version: isObject(last) && typeof last.version === "string" ? versionNumber(last.version) : null,
  };
}

function versionCreated(entry: unknown, id: string): string | null {
  if (!isObject(entry) || entry.created === undefined || entry.created === null) return null;
  if (typeof entry.created !== "string")
    throw new SnapshotLineError(`record ${id}: a version's "created" is ${kindOf(entry.created)}`);
  const iso = rfc2822ToIso(entry.created);
  if (!iso)
    throw new SnapshotLineError(`record ${id}: version date ${JSON.stringify(entry.created)} is not a date`);
  return iso;
}

function versionNumber(label: string): number | null {
  const digits = /^v(\d+)$/.exec(label.trim())?.[1];
  return digits ? Number(digits) : null;
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};
const SNAPSHOT_DATE = /^[A-Za-z]{3}, (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT$/;

/** `Mon, 2 Apr 2007 19:18:42 GMT` -> `2007-04-02T19:18:42Z`, by hand: Date is slow and lenient. */
function rfc2822ToIso(text: string): string | null {
  const match = SNAPSHOT_DATE.exec(text.trim());
  const month = match?.[2] ? MONTHS[match[2]] : undefined;
  if (match && month) return `${match[3]}-${month}-${match[1]?.padStart(2, "0")}T${match[4]}Z`;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace(/\.000Z$/, "Z");
}

function parseAuthors(record: Json, id: string): ArxivAuthor[] {
  const parsed = record.authors_parsed;
  if (Array.isArray(parsed)) {
    const names = parsed.map(nameFromParts).filter((name) => name !== "");
    if (names.length > 0) return names.map(author);
  }
  const text = optionalString(record, "authors", id);
  return text ? splitAuthorList(text).map(author) : [];
}

const author = (name: string): ArxivAuthor => ({ name, affiliations: [] });

/** `["Yuan", "C. -P.", ""]` -> `C. -P. Yuan`; a 4th element (an affiliation) is ignored. */
function nameFromParts(parts: unknown): string {
  if (!Array.isArray(parts)) return "";
  const [last, first, suffix] = [0, 1, 2].map((i) =>
    typeof parts[i] === "string" ? collapse(parts[i]) : "",
  );
  const name = [first, last, suffix].filter(Boolean).join(" ");
  return decodeLatexName(name);
}

/** `A. Smith (MIT), B. Jones and C. Wu` -> the three names; parentheses hold affiliations. */
function splitAuthorList(text: string): string[] {
  let flat = text;
  for (let previous = ""; previous !== flat; ) {
    previous = flat;
    flat = flat.replace(/\([^()]*\)/g, " ");
  }
  return flat
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => decodeLatexName(collapse(name)))
    .filter((name) => name !== "");
}

// Combining marks for LaTeX's accent macros; NFC folds base + mark into one character.
const ACCENTS: Record<string, string> = {
  "`": "\u0300",
  "'": "\u0301",
  "^": "\u0302",
  "~": "\u0303",
  "=": "\u0304",
  u: "\u0306",
  ".": "\u0307",
  '"': "\u0308",
  r: "\u030A",
  H: "\u030B",
  v: "\u030C",
  d: "\u0323",
  c: "\u0327",
  k: "\u0328",
  b: "\u0331",
};
const LETTERS: Record<string, string> = {
  ss: "ß",
  aa: "å",
  AA: "Å",
  ae: "æ",
  AE: "Æ",
  oe: "œ",
  OE: "Œ",
  o: "ø",
  O: "Ø",
  l: "ł",
  L: "Ł",
  i: "ı",
  j: "ȷ",
};
// `\'a`, `\'{a}`, `\"{\i}`; letter macros need a space or a brace (`\v s`, `\c{c}`), else
// `\vs` would be another macro's name.
const ACCENT_MACRO =
  /\\(?:([`'^~=."])\s*|([urHvdckb])(?:\s+|(?=\{)))(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g;
// TeX swallows the spaces after a control word: `J\o rgensen` is `Jørgensen`.
const LETTER_MACRO = /\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s*(?:\{\})?/g;

/** `Bal\'azs` -> `Balázs`, `{\"o}` -> `ö`, `\c{c}` -> `ç`, `\v{s}` -> `š`. Names only. */
export function decodeLatexName(name: string): string {
  if (!/[\\{}~]/.test(name)) return name;
  return collapse(
    name
      .replace(ACCENT_MACRO, (whole, symbol?: string, word?: string, braced?: string, bare?: string) => {
        const mark = ACCENTS[symbol ?? word ?? ""];
        const base = braced ?? bare;
        if (!mark || base === undefined) return whole;
        return (base.startsWith("\\") ? base.slice(1) : base) + mark;
      })
      .replace(LETTER_MACRO, (whole, letter: string) => LETTERS[letter] ?? whole)
      .replace(/[{}]/g, "")
      .replace(/~/g, " "),
  ).normalize("NFC");
}

function hasCategory(categories: string[], prefixes: string[]): boolean {
  for (const category of categories) {
    const lower = category.toLowerCase();
    for (const prefix of prefixes) if (lower.startsWith(prefix.toLowerCase())) return true;
  }
  return false;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkedDay(value: string, name: string): string {
  if (!DAY.test(value))
    throw new UsageError(`the "${name}" bound must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Runs of ASCII whitespace -> one space, trimmed. Done with plain string searches rather than
 * `/\s+/g`: abstracts are most of the snapshot's bytes and the regex version halves the reader's
 * speed. Non-breaking and other Unicode spaces are kept: they are deliberate, not line wrapping.
 */
function collapse(value: string): string {
  let text = value.trim();
  if (text.includes("\n")) text = text.replaceAll("\n", " ");
  if (hasRareWhitespace(text)) text = text.replace(RARE_WHITESPACE, " ");
  return text.includes("  ") ? text.replace(SPACES, " ") : text;
}
const hasRareWhitespace = (text: string): boolean =>
  text.includes("\t") || text.includes("\r") || text.includes("\f") || text.includes("\v");
const RARE_WHITESPACE = /[\t\r\f\v]/g;
const SPACES = / {2,}/g;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// zlib's errors carry codes like Z_BUF_ERROR and Z_DATA_ERROR; file errors carry ENOENT etc.
const isZlibError = (error: unknown): boolean =>
  error instanceof Error && ((error as NodeJS.ErrnoException).code ?? "").startsWith("Z_");

function readError(file: string, error: unknown): SnapshotFileError {
  return new SnapshotFileError(`cannot read the snapshot ${file}: ${messageOf(error)}`, { cause: error });
}
