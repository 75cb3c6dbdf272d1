/**
 * One note file in, one GraphDelta (or a failure) out: decode and check the bytes, parse,
 * resolve figures and links, build the delta. This is what a worker thread runs per note.
 */
import { readFileSync } from "node:fs";
import type { GraphDelta } from "../../src/graph/delta.js";
import { sha256 } from "../../src/graph/ids.js";
import type { Problem } from "../../src/problems.js";
import { type BibliographyFile, readBibliographies } from "./bibliography-files.js";
import { bibliographyIndex } from "./citekeys.js";
import type { NoteRecord } from "./note-record.js";
import { parseNote } from "./parse-note.js";
import { type CorpusIndex, resolveAssets } from "./resolve-assets.js";
import { toDelta } from "./to-delta.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * Bump when extraction changes what it produces, so stored notes are re-extracted (2: the
 * issue-13 rules; 3: the rules of the unseen pairs 6 to 9, citation keys and bibliographies).
 */
export const EXTRACTOR_VERSION = "markdown-4";

export const LARGE_NOTE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_NOTE_BYTES = 16 * 1024 * 1024;

export interface NoteFile {
  root: string;
  absolutePath: string;
  /** Path relative to the root, forward slashes: the note's id. */
  relativePath: string;
}

export type ExtractOutcome =
  | { status: "ok"; delta: GraphDelta; hash: string; problems: Problem[] }
  | { status: "failed"; hash: string | null; problems: Problem[] };

/**
 * The note's content hash, folded with what decides extraction (vocabulary, extractor version)
 * and the bibliography files it cites from (`bibliographies`: as readBibliographies gives them).
 */
export function noteHash(
  bytes: Uint8Array,
  vocabularyFingerprint: string,
  bibliographies: ReturnType<typeof readBibliographies> = null,
): string {
  const parts = [Buffer.from(`${EXTRACTOR_VERSION}\u0000${vocabularyFingerprint}\u0000`), bytes];
  for (const file of bibliographies?.files ?? []) {
    parts.push(Buffer.from(`\u0000${file.path}\u0000${file.bytes ? sha256(file.bytes) : "missing"}`));
  }
  return sha256(Buffer.concat(parts));
}

/** The note's hash as an ingest compares it: its bytes and the bibliographies beside it. */
export function noteFileHash(absolutePath: string, vocabularyFingerprint: string): string {
  const bytes = readFileSync(absolutePath);
  return noteHash(bytes, vocabularyFingerprint, readBibliographies(absolutePath, bytes));
}

export function extractNoteFile(
  file: NoteFile,
  vocabulary: Vocabulary,
  corpus: CorpusIndex,
  options: { bytes?: Uint8Array; maxNoteBytes?: number } = {},
): ExtractOutcome {
  const fail = (problem: Omit<Problem, "file" | "severity">, hash: string | null = null): ExtractOutcome => ({
    status: "failed",
    hash,
    problems: [{ file: file.relativePath, severity: "error", ...problem }],
  });
  let bytes: Uint8Array;
  try {
    bytes = options.bytes ?? readFileSync(file.absolutePath);
  } catch (error) {
    return fail({ rule: "file/unreadable", message: `cannot read note: ${(error as Error).message}` });
  }
  const bibliographies = readBibliographies(file.absolutePath, bytes);
  const hash = noteHash(bytes, vocabulary.fingerprint, bibliographies);
  const decoded = decodeNote(bytes, options.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES);
  if ("error" in decoded) return fail(decoded.error, hash);

  const problems: Problem[] = [];
  if (bytes.length > LARGE_NOTE_BYTES) {
    problems.push({
      file: file.relativePath,
      rule: "file/large",
      severity: "warning",
      message: `large note (${(bytes.length / 1048576).toFixed(1)} MB): parsing it takes a while`,
    });
  }
  if (decoded.text.trim() === "") {
    problems.push({
      file: file.relativePath,
      rule: "file/empty",
      severity: "warning",
      message: "empty note",
    });
  }
  const parsed = parseNote(decoded.text, file.relativePath, vocabulary);
  problems.push(...parsed.problems);
  if (!parsed.record) return { status: "failed", hash, problems };
  if (bibliographies)
    problems.push(...citeFromBibliographies(parsed.record, bibliographies, file.relativePath));
  const resolved = resolveAssets(parsed.record, { root: file.root, absolutePath: file.absolutePath, corpus });
  problems.push(...resolved.problems);
  return {
    status: "ok",
    delta: toDelta(parsed.record, resolved.assets, vocabulary, { root: file.root, hash }),
    hash,
    problems,
  };
}

type Decoded = { text: string } | { error: Omit<Problem, "file" | "severity"> };

/** Refuse what is not a UTF-8 text note, saying where and why. */
export function decodeNote(bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length > maxBytes) {
    return {
      error: {
        rule: "file/too-large",
        message: `note is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (--max-note-size)`,
      },
    };
  }
  const head = bytes.subarray(0, 8192);
  const nul = head.indexOf(0);
  if (nul !== -1) {
    return {
      error: {
        rule: "file/binary",
        message: `not a text file (a NUL byte at offset ${nul}); is it really Markdown?`,
      },
    };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const at = lossy.indexOf("\uFFFD");
    const line = at === -1 ? 1 : lossy.slice(0, at).split("\n").length;
    return {
      error: {
        rule: "file/encoding",
        line,
        message: "not valid UTF-8; convert it first (e.g. `iconv -f GBK -t UTF-8`)",
      },
    };
  }
}

/**
 * Each `[@key]` the note writes that an entry of its bibliographies holds becomes a citation of
 * that entry's paper, on the key's line. A bibliography that cannot be read is a warning naming
 * it; keys no entry holds are ignored (cross-references like `@fig:x` are keys too).
 */
function citeFromBibliographies(
  record: NoteRecord,
  bibliographies: { line: number; files: BibliographyFile[] },
  file: string,
): Problem[] {
  const problems: Problem[] = bibliographies.files
    .filter((bib) => bib.bytes === null)
    .map((bib) => ({
      file,
      line: bibliographies.line,
      rule: "bibliography/unreadable",
      severity: "warning" as const,
      message: `bibliography "${bib.path}" cannot be read (looked for it beside the note): its [@key] citations are not resolved`,
    }));
  if (record.citeKeys.length === 0) return problems;
  const index = bibliographyIndex(
    bibliographies.files.flatMap((bib) => (bib.bytes ? [new TextDecoder().decode(bib.bytes)] : [])),
  );
  for (const { key, line, section } of record.citeKeys) {
    const entry = index.get(key);
    if (entry) record.citations.push({ ...entry, offset: 0, line, section, leadsSection: false });
  }
  return problems;
}
