/**
 * `kg arxiv <snapshot>`: the arXiv metadata snapshot streamed into the graph in batches,
 * memory bounded by the batch whatever the file's size. Bad lines are reported with their
 * line number and skipped; a record already stored unchanged is not rewritten, so a re-run
 * imports nothing new. A later line for an id replaces an earlier one.
 */

import type { ArxivRecord } from "../../ingest/arxiv/record.js";
import { matchesFilter, readSnapshot, type SnapshotFilter } from "../../ingest/arxiv/snapshot.js";
import type { Problem } from "../problems.js";
import type { GraphStore } from "../store/types.js";
import { writeArxivRecords } from "./arxiv-write.js";
import { reconcilePendingAuthors } from "./reconcile-authors.js";
import { reconcileTitlePapers } from "./reconcile-papers.js";

export interface SnapshotImportOptions {
  file: string;
  filter?: SnapshotFilter;
  /** Stop after this many matching records. */
  limit?: number;
  /** Records per store transaction. */
  batchSize?: number;
  onProblem?: (problem: Problem) => void;
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
  /** Papers notes know only by title joined to the imported paper of that title. */
  papersJoined: number;
}

export const DEFAULT_SNAPSHOT_BATCH = 2000;

export async function importSnapshot(
  store: GraphStore | null,
  options: SnapshotImportOptions,
): Promise<SnapshotImportSummary> {
  const summary: SnapshotImportSummary = {
    lines: 0,
    matched: 0,
    written: 0,
    unchanged: 0,
    badLines: 0,
    duplicates: 0,
    authorsMerged: 0,
    papersJoined: 0,
  };
  const filter = options.filter ?? {};
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const batchSize = options.batchSize ?? DEFAULT_SNAPSHOT_BATCH;
  /** Records of the current batch by id, with the line each came from. */
  let batch = new Map<string, { record: ArxivRecord; line: number }>();

  const flush = async (): Promise<void> => {
    const records = [...batch.values()].map((entry) => entry.record);
    batch = new Map();
    if (!store) {
      summary.written += records.length;
      return;
    }
    const result = await writeArxivRecords(store, records, "arxiv/snapshot");
    summary.written += result.written;
    summary.unchanged += result.unchanged;
    options.onProgress?.(summary);
  };

  for await (const item of readSnapshot(options.file)) {
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
  if (store) {
    summary.papersJoined = await reconcileTitlePapers(store);
    summary.authorsMerged = await reconcilePendingAuthors(store);
  }
  return summary;
}
