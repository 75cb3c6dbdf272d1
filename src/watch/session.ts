/**
 * A watch session (`kg watch`, `kg serve --watch`): one process owns the store, ingests the
 * given paths once (incrementally, as `kg ingest` does, pruning notes whose files are gone),
 * then follows them. Each batch of changes (batcher.ts) is one run of the ingest pipeline
 * restricted to the notes that changed: an edited note replaces its contribution, a new one
 * is added, a deleted or renamed one is retracted (the walk no longer finds it), and a note
 * showing an image that changed is read again. A note that fails keeps its earlier
 * contribution, and its problems stay in the session's state until it is fixed or removed.
 */

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { isMarkdownFile } from "../../ingest/markdown/resolve-assets.js";
import { type IngestSummary, ingest, type NoteOutcome } from "../pipeline/ingest.js";
import type { Problem } from "../problems.js";
import type { LiveBatch } from "../server/api-types.js";
import type { GraphStore } from "../store/types.js";
import { type BatcherOptions, ChangeBatcher, DEFAULT_BATCHER } from "./batcher.js";
import { type FileChange, isImageFile, watchFiles } from "./files.js";

export interface WatchOptions {
  /** Note files or folders, as `kg ingest` takes them. */
  paths: readonly string[];
  vocabularyFiles?: string[] | undefined;
  strict?: boolean | undefined;
  maxNoteBytes?: number | undefined;
  batcher?: Partial<BatcherOptions> | undefined;
  /** After every batch (the first full ingest included), with the state it left. */
  onBatch?: ((report: BatchReport, state: WatchState) => void) | undefined;
  /** Each problem as extraction finds it. */
  onProblem?: ((problem: Problem) => void) | undefined;
  /** A batch that failed as a whole (the store went away) or the watcher's own trouble. */
  onError?: ((message: string) => void) | undefined;
}

/** A note that failed: its earlier contribution is kept; these are its problems. */
export interface NoteError {
  note: string;
  /** Absolute path of the note file. */
  file: string;
  problems: Problem[];
}

/** One batch as the API sends it to the viewer (GET /api/events): the same record, one definition. */
export type BatchReport = LiveBatch;

export interface WatchState {
  /** The watched paths, absolute. */
  paths: string[];
  /** The first full ingest is done and changes are followed. */
  ready: boolean;
  batches: number;
  last: BatchReport | null;
  /** Notes failing now, by file. */
  errors: NoteError[];
}

export interface WatchSession {
  /** Resolves once the first ingest is stored and the folders are watched; rejects if that ingest fails. */
  ready: Promise<void>;
  state(): WatchState;
  /** Resolves once no change is waiting or being ingested. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function startWatch(store: GraphStore, options: WatchOptions): WatchSession {
  const paths = options.paths.map((path) => resolve(path));
  const errors = new Map<string, NoteError>();
  let seq = 0;
  let last: BatchReport | null = null;
  let ready = false;

  const state = (): WatchState => ({
    paths,
    ready,
    batches: seq,
    last,
    errors: [...errors.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  });

  async function runBatch(trigger: BatchReport["trigger"], changed: readonly string[]): Promise<void> {
    const started = performance.now();
    const notes = new Set(changed.filter((path) => isMarkdownFile(path) && existsSync(path)));
    const refresh = new Set<string>();
    const ingested: string[] = [];
    const outcomes: NoteOutcome[] = [];
    const report = (summary: IngestSummary | null, error: string | null): BatchReport => ({
      seq: ++seq,
      at: new Date().toISOString(),
      trigger,
      files: changed.length,
      durationMs: Math.round(performance.now() - started),
      notes: {
        ingested: summary?.notes.ingested ?? 0,
        unchanged: summary?.notes.unchanged ?? 0,
        failed: summary?.notes.failed ?? 0,
        pruned: summary?.notes.pruned ?? 0,
      },
      ingested,
      removed: summary?.prunedIds ?? [],
      error,
    });
    let summary: IngestSummary;
    try {
      for (const file of await notesShowing(store, changed.filter(isImageFile)))
        if (!notes.has(file)) refresh.add(file);
      summary = await ingest(store, {
        paths,
        vocabularyFiles: options.vocabularyFiles ?? [],
        strict: options.strict === true,
        prune: true,
        ...(options.maxNoteBytes !== undefined ? { maxNoteBytes: options.maxNoteBytes } : {}),
        ...(trigger === "change" ? { only: new Set([...notes, ...refresh]), refresh } : {}),
        ...(options.onProblem ? { onProblem: options.onProblem } : {}),
        // Applied once the batch is stored: the state never runs ahead of the graph.
        onNote: (outcome) => outcomes.push(outcome),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      last = report(null, message);
      options.onError?.(`kg watch: the batch of ${changed.length} changed files was not stored: ${message}`);
      options.onBatch?.(last, state());
      throw error;
    }
    for (const outcome of outcomes) {
      if (outcome.status !== "failed") {
        errors.delete(outcome.id);
        if (outcome.status === "ingested") ingested.push(outcome.id);
        continue;
      }
      const failing = outcome.problems.filter((problem) => problem.severity === "error");
      errors.set(outcome.id, {
        note: outcome.id,
        file: outcome.file,
        problems: failing.length > 0 ? failing : [...outcome.problems],
      });
    }
    for (const id of summary.prunedIds) errors.delete(id);
    // A note that never stored anything and whose file is gone: nothing left to fix.
    for (const [id, failing] of errors) if (!existsSync(failing.file)) errors.delete(id);
    last = report(summary, null);
    if (trigger === "start") ready = true;
    options.onBatch?.(last, state());
  }

  const batcher = new ChangeBatcher({ ...DEFAULT_BATCHER, ...options.batcher }, (changed) =>
    runBatch("change", changed),
  );
  const watcher = watchFiles(
    paths,
    (path: string, _change: FileChange) => batcher.add(path),
    (error) => options.onError?.(`kg watch: ${error.message}`),
  );
  // Watching starts before the first ingest walks the folders, so nothing written in between
  // is missed; what comes meanwhile waits for the first ingest to finish.
  const readyPromise = (async () => {
    await watcher.ready;
    await runBatch("start", []);
    batcher.release();
  })();
  readyPromise.catch(() => undefined);

  let closing: Promise<void> | null = null;
  return {
    ready: readyPromise,
    state,
    idle: async () => {
      await readyPromise.catch(() => undefined);
      await batcher.idle();
    },
    close() {
      closing ??= (async () => {
        await watcher.close();
        await readyPromise.catch(() => undefined);
        await batcher.close();
      })();
      return closing;
    },
  };
}

/** The note files (absolute) whose figures are among `images`, by path, or by name for a figure that was missing. */
async function notesShowing(store: GraphStore, images: readonly string[]): Promise<string[]> {
  if (images.length === 0) return [];
  // Neo4j refuses a query naming a relationship type it has never held.
  if (!(await store.stats()).relationships.HAS_FIGURE) return [];
  const names = [...new Set(images.map((image) => image.slice(image.lastIndexOf("/") + 1)))];
  const { rows } = await store.query(
    `UNWIND $names AS name
     MATCH (n:Note)-[:HAS_FIGURE]->(f:Figure)
     WHERE f.localPath IN $paths OR (f.localPath IS NULL AND f.src ENDS WITH name)
     RETURN DISTINCT n.id AS id, n.root AS root`,
    { names, paths: [...images] },
    { readOnly: true },
  );
  return rows.flatMap((row) =>
    typeof row.id === "string" && typeof row.root === "string" && row.id.startsWith("note:")
      ? [join(row.root, row.id.slice("note:".length))]
      : [],
  );
}
