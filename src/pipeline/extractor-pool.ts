/**
 * Runs note extraction either in this thread or on a pool of worker threads (parsing
 * dominates ingest time, and notes are independent). Same inputs, same outcomes, either way.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { type ExtractOutcome, extractNoteFile, type NoteFile } from "../../ingest/markdown/extract-file.js";
import { buildCorpusIndex, type CorpusIndex } from "../../ingest/markdown/resolve-assets.js";
import type { Vocabulary } from "../../ingest/markdown/vocabulary.js";
import type { WorkerSetup } from "./extract-worker.js";
import type { IngestRoot } from "./walk.js";

export interface ExtractorPool {
  extract(file: NoteFile): Promise<ExtractOutcome>;
  close(): Promise<void>;
}

export const defaultWorkerCount = (): number => Math.max(1, availableParallelism());

export function createExtractorPool(options: {
  workers: number;
  vocabulary: Vocabulary;
  vocabularyFiles: string[];
  roots: IngestRoot[];
  maxNoteBytes: number;
}): ExtractorPool {
  if (options.workers <= 0 || !workerScriptAvailable()) return inlinePool(options);
  const setup: WorkerSetup = {
    vocabularyFiles: options.vocabularyFiles,
    corpora: Object.fromEntries(
      options.roots.map((root) => [
        root.root,
        { notes: root.notes.map((n) => n.relativePath), attachments: root.attachments },
      ]),
    ),
    maxNoteBytes: options.maxNoteBytes,
  };
  const pool = new Piscina<NoteFile, ExtractOutcome>({
    filename: new URL("./extract-worker.js", import.meta.url).href,
    minThreads: options.workers,
    maxThreads: options.workers,
    workerData: setup,
  });
  return {
    extract: (file) => pool.run(file),
    close: () => pool.destroy(),
  };
}

/** Worker threads need the compiled worker; running from TypeScript sources (tests), extract inline. */
function workerScriptAvailable(): boolean {
  return import.meta.url.endsWith(".js");
}

function inlinePool(options: {
  vocabulary: Vocabulary;
  roots: IngestRoot[];
  maxNoteBytes: number;
}): ExtractorPool {
  const corpora = new Map<string, CorpusIndex>(
    options.roots.map((root) => [
      root.root,
      buildCorpusIndex(
        root.notes.map((n) => n.relativePath),
        root.attachments,
      ),
    ]),
  );
  return {
    extract: async (file) =>
      extractNoteFile(file, options.vocabulary, corpora.get(file.root) ?? buildCorpusIndex([]), {
        maxNoteBytes: options.maxNoteBytes,
      }),
    close: async () => {},
  };
}
