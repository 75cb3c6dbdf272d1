/**
 * The extraction measurements, all without a store: (a) the bare remark + GFM parse of
 * every note, the baseline; (b) the full extractNoteFile per note in this thread; and
 * (c) ingest without a store, inline versus on worker threads. Notes are read into memory
 * once, so (a) and (b) time parsing and extraction, not the disk.
 */
import { readFileSync } from "node:fs";
import { extractNoteFile } from "../ingest/markdown/extract-file.js";
import { parseMarkdownBare } from "../ingest/markdown/markdown-ast.js";
import { buildCorpusIndex, type CorpusIndex } from "../ingest/markdown/resolve-assets.js";
import type { Vocabulary } from "../ingest/markdown/vocabulary.js";
import { ingest } from "../src/pipeline/ingest.js";
import { type NoteSource, walkPaths } from "../src/pipeline/walk.js";
import { type Sample, sampleOf, timed } from "./measure.js";

export interface LoadedNote {
  source: NoteSource;
  bytes: Buffer;
  text: string;
}

export interface LoadedCorpus {
  notes: LoadedNote[];
  bytes: number;
  index: CorpusIndex;
}

export function loadCorpus(dir: string): LoadedCorpus {
  const roots = walkPaths([dir]);
  const notes = roots
    .flatMap((root) => root.notes)
    .map((source) => {
      const bytes = readFileSync(source.absolutePath);
      return { source, bytes, text: bytes.toString("utf8") };
    });
  const root = roots[0];
  return {
    notes,
    bytes: notes.reduce((sum, note) => sum + note.bytes.length, 0),
    index: buildCorpusIndex(root?.notes.map((n) => n.relativePath) ?? [], root?.attachments ?? []),
  };
}

/** (a) One bare parse of every note. */
export async function bareParse(corpus: LoadedCorpus): Promise<Sample> {
  const timing = await timed(() => {
    let nodes = 0;
    for (const note of corpus.notes) nodes += parseMarkdownBare(note.text).children.length;
    return nodes;
  });
  return sampleOf(timing);
}

export interface ExtractRun extends Sample {
  failed: number;
  problems: number;
}

/**
 * (b) extractNoteFile on every note, in this thread, from the bytes in memory. Outcomes are
 * tallied and dropped as they come, as (a) drops its trees: holding 10,000 deltas would
 * bill extraction for the garbage collector's work on a heap the real pipeline never keeps.
 */
export async function extractAll(corpus: LoadedCorpus, vocabulary: Vocabulary): Promise<ExtractRun> {
  const timing = await timed(() => {
    const tally = { failed: 0, problems: 0 };
    for (const note of corpus.notes) {
      const outcome = extractNoteFile(note.source, vocabulary, corpus.index, { bytes: note.bytes });
      if (outcome.status !== "ok") tally.failed++;
      tally.problems += outcome.problems.length;
    }
    return tally;
  });
  return { ...sampleOf(timing), ...timing.value };
}

export interface StorelessIngestRun extends Sample {
  ingested: number;
  failed: number;
}

/** (c) `ingest(null, ...)`: walk, read, extract and normalize every note; 0 workers = this thread. */
export async function storelessIngest(dir: string, workers: number): Promise<StorelessIngestRun> {
  const timing = await timed(() => ingest(null, { paths: [dir], workers }));
  return { ...sampleOf(timing), ingested: timing.value.notes.ingested, failed: timing.value.notes.failed };
}
