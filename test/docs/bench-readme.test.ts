/**
 * bench/README.md describes how the benchmarks run, and the defaults it names are the code's:
 * batch sizes, the snapshot's records and the larger snapshot's, the bulk-load threshold, the
 * savepoint interval, the embedding batch. Changing a default without the text (or the text without the code) fails here.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_LARGE_RECORDS, DEFAULT_SNAPSHOT_RECORDS } from "../../bench/snapshot-stages.js";
import { DEFAULT_BULK_SNAPSHOT_BATCH, DEFAULT_SNAPSHOT_BATCH } from "../../src/pipeline/arxiv-import.js";
import { DEFAULT_IMAGE_BATCH } from "../../src/pipeline/embed-figures.js";
import { BULK_MIN_NOTES, DEFAULT_BATCH_SIZE } from "../../src/pipeline/ingest.js";
import { savepointIntervalMs } from "../../src/store/kuzu-rollback.js";

const README = readFileSync(resolve(import.meta.dirname, "../../bench/README.md"), "utf8").replace(
  /\s+/g,
  " ",
);

/** Every number the pattern's first group catches, as a number ("10,000" is 10000). */
function numbers(pattern: RegExp): number[] {
  const found = [...README.matchAll(new RegExp(pattern, "g"))].map((match) =>
    Number(match[1]?.replaceAll(",", "")),
  );
  expect(found, `bench/README.md says nothing matching ${pattern}`).not.toHaveLength(0);
  return found;
}

describe("bench/README.md states the code's defaults", () => {
  it("kg ingest's notes per transaction", () => {
    for (const n of numbers(/[Tt]he default (?:is still|has since been raised to) ([\d,]+)/))
      expect(n).toBe(DEFAULT_BATCH_SIZE);
    for (const n of numbers(/defaults: batches of ([\d,]+) notes/)) expect(n).toBe(DEFAULT_BATCH_SIZE);
  });

  it("the snapshot section: records, the larger snapshot, batch sizes; the bulk-load threshold", () => {
    expect(numbers(/a snapshot of ([\d,]+) records \(`--snapshot-records N`\)/)).toEqual([
      DEFAULT_SNAPSHOT_RECORDS,
    ]);
    expect(numbers(/a larger one of ([\d,]+) records \(`--snapshot-large N`/)).toEqual([
      DEFAULT_LARGE_RECORDS,
    ]);
    expect(numbers(/batches of ([\d,]+) records staged into one bulk load/)).toEqual([
      DEFAULT_BULK_SNAPSHOT_BATCH,
    ]);
    expect(numbers(/`--no-bulk`: one transaction per ([\d,]+) records/)).toEqual([DEFAULT_SNAPSHOT_BATCH]);
    expect(numbers(/from ([\d,]+) new notes on, `kg ingest` writes them with one bulk load/)).toEqual([
      BULK_MIN_NOTES,
    ]);
  });

  it("Kuzu's savepoint interval and the embedding batch", () => {
    expect(README).toContain("once a minute (`KG_KUZU_SAVEPOINT_MS`");
    expect(savepointIntervalMs({})).toBe(60_000);
    expect(numbers(/The pipeline uses batches of ([\d,]+) images/)).toEqual([DEFAULT_IMAGE_BATCH]);
  });
});
