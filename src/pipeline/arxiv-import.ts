/**
 * `kg arxiv <snapshot>`: the arXiv metadata snapshot streamed into the graph in batches,
 * memory bounded by the batch whatever the file's size. Bad lines are reported with their
 * line number and skipped; a record already stored unchanged is not rewritten, so a re-run
 * imports nothing new. A later line for an id replaces an earlier one.
 */

import { statSync } from "node:fs";
import type { ArxivRecord } from "../../ingest/arxiv/record.js";
import { isGzip, matchesFilter, readSnapshot, type SnapshotFilter } from "../../ingest/arxiv/snapshot.js";
import type { Problem } from "../problems.js";
import type { BulkLoad, GraphStore } from "../store/types.js";
import { stageArxivRecords, writeArxivRecords } from "./arxiv-write.js";
import { DeferredItems } from "./deferred.js";
import { reconcilePendingAuthors } from "./reconcile-authors.js";
import { reconcileTitlePapers } from "./reconcile-papers.js";

export interface SnapshotImportOptions {
  file: string;
  filter?: SnapshotFilter;
  /** Stop after this many matching records. */
  limit?: number;
  /** Records per batch: per store transaction, or per batch staged into a bulk load. */
  batchSize?: number;
  /**
   * Write new papers through the store's bulk load (the default): one load for the run,
   * records replacing stored ones after it. `false` writes every batch as its own transaction.
   */
  bulk?: boolean;
  onProblem?: (problem: Problem) => void;
  /** After each batch, and once more when the run is over. */
  onProgress?: (progress: SnapshotImportSummary) => void;
}

export interface SnapshotImportSummary {
  lines: number;
  matched: number;
  written: number;
  unchanged: number;
  badLines: number;
  duplicates: number;
  authorsMerged: number;
  /** Bytes of the file read so far (compressed, for a .gz) and its size: for an ETA. */
  bytesRead: number;
  bytes: number;
  /**
   * Where the time went, in seconds: reading and parsing the file; checking records and staging
   * them (or, without a bulk load, writing them); loading the staged rows; committing them;
   * then what comes after the load (records replacing stored ones, author merging).
   */
  seconds: { read: number; stage: number; load: number; commit: number; after: number };
  /** Papers notes know only by title joined to the imported paper of that title. */
  papersJoined: number;
}

export const DEFAULT_SNAPSHOT_BATCH = 2000;
/** A bulk run's batches only check and stage records: larger ones mean fewer lookups. */
export const DEFAULT_BULK_SNAPSHOT_BATCH = 10_000;

export async function importSnapshot(
  store: GraphStore | null,
  options: SnapshotImportOptions,
): Promise<SnapshotImportSummary> {
  const started = performance.now();
  const summary: SnapshotImportSummary = {
    lines: 0,
    matched: 0,
    written: 0,
    unchanged: 0,
    badLines: 0,
    duplicates: 0,
    authorsMerged: 0,
    bytesRead: 0,
    bytes: fileSize(options.file),
    seconds: { read: 0, stage: 0, load: 0, commit: 0, after: 0 },
    papersJoined: 0,
  };
  const filter = options.filter ?? {};
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const bulk = store !== null && options.bulk !== false;
  const batchSize = options.batchSize ?? (bulk ? DEFAULT_BULK_SNAPSHOT_BATCH : DEFAULT_SNAPSHOT_BATCH);
  /** Records of the current batch by id, with the line each came from. */
  let batch = new Map<string, { record: ArxivRecord; line: number }>();
  const load: BulkLoad | null = bulk && store ? await store.bulkLoad() : null;
  const deferred = new DeferredItems<ArxivRecord>();
  let writing = 0;

  const flush = async (): Promise<void> => {
    const flushStarted = performance.now();
    const records = [...batch.values()].map((entry) => entry.record);
    batch = new Map();
    if (!store) {
      summary.written += records.length;
    } else if (load) {
      const result = await stageArxivRecords(store, load, records, "arxiv/snapshot", deferred);
      summary.written += result.written;
      summary.unchanged += result.unchanged;
    } else {
      const result = await writeArxivRecords(store, records, "arxiv/snapshot");
      summary.written += result.written;
      summary.unchanged += result.unchanged;
    }
    writing += performance.now() - flushStarted;
    summary.seconds.stage = writing / 1000;
    summary.seconds.read = (performance.now() - started - writing) / 1000;
    if (store) options.onProgress?.(summary);
  };

  try {
    for await (const item of readSnapshot(options.file, {
      onBytes: (bytes) => {
        summary.bytesRead = bytes;
      },
    })) {
      summary.lines = item.line;
      if ("error" in item) {
        summary.badLines++;
        options.onProblem?.({
          file: options.file,
          line: item.line,
          rule: "arxiv/snapshot-line",
          severity: "error",
          message: `${item.error}; line skipped`,
        });
        continue;
      }
      if (!matchesFilter(item.record, filter)) continue;
      if (summary.matched >= limit) break;
      summary.matched++;
      const earlier = batch.get(item.record.id);
      if (earlier) {
        summary.duplicates++;
        options.onProblem?.({
          file: options.file,
          line: item.line,
          rule: "arxiv/duplicate-id",
          severity: "warning",
          message: `${item.record.id} appeared already on line ${earlier.line}; this later line replaces it`,
        });
        batch.delete(item.record.id);
      }
      batch.set(item.record.id, { record: item.record, line: item.line });
      if (batch.size >= batchSize) await flush();
    }
    if (batch.size > 0) await flush();
    if (load) {
      const report = await load.finish();
      summary.seconds.load = report.loadSeconds;
      summary.seconds.commit = report.commitSeconds;
    }
  } catch (error) {
    await load?.abort();
    deferred.dispose();
    throw error;
  }
  const after = performance.now();
  try {
    if (store) {
      // Later lines for papers the load took, and records replacing stored ones.
      for await (const records of deferred.batches(DEFAULT_SNAPSHOT_BATCH)) {
        const result = await writeArxivRecords(store, records, "arxiv/snapshot");
        summary.written += result.written;
        summary.unchanged += result.unchanged;
      }
      summary.papersJoined = await reconcileTitlePapers(store);
      summary.authorsMerged = await reconcilePendingAuthors(store);
    }
  } finally {
    deferred.dispose();
  }
  summary.seconds.after = (performance.now() - after) / 1000;
  if (store) options.onProgress?.(summary);
  return summary;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Snapshot bytes per byte of its gzip (the real file and the bench's: 3.8). */
const GZIP_RATIO = 3.8;
/** Buffer pool per byte of snapshot a bulk load needs (measured: 1 GiB holds 200,000 records, 352 MB; 1,000,000, 1.76 GB, need more and load at 6 GiB). */
const POOL_PER_SNAPSHOT_BYTE = 4;

/**
 * The embedded store's buffer pool a snapshot import may need, from the file's size: the
 * store clamps it between its default and 80% of the machine's memory (`bufferPoolBytes`).
 * A filter or a limit makes the load smaller; the pool is a ceiling, not an allocation.
 */
export function snapshotPoolHint(fileBytes: number, gzipped: boolean): number {
  return Math.round(fileBytes * (gzipped ? GZIP_RATIO : 1) * POOL_PER_SNAPSHOT_BYTE);
}

/**
 * `snapshotPoolHint` for a file, gzip told by its content as the reader tells it; undefined
 * when the file cannot be read (the import reports that, with its own message).
 */
export async function snapshotFilePoolHint(file: string): Promise<number | undefined> {
  try {
    return snapshotPoolHint(statSync(file).size, await isGzip(file));
  } catch {
    return undefined;
  }
}
