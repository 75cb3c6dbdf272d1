/**
 * bench/README.md describes how the benchmarks run, and the defaults it names are the code's:
 * batch sizes, the snapshot's records, probe and budgets, the savepoint interval, the embedding
 * batch. Changing a default without the text (or the text without the code) fails here.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_BUDGETS,
  DEFAULT_PROBE_RECORDS,
  DEFAULT_SNAPSHOT_RECORDS,
  SWEEP_BATCH_SIZES,
} from "../../bench/snapshot-stages.js";
import { DEFAULT_SNAPSHOT_BATCH } from "../../src/pipeline/arxiv-import.js";
import { DEFAULT_IMAGE_BATCH } from "../../src/pipeline/embed-figures.js";
import { DEFAULT_BATCH_SIZE } from "../../src/pipeline/ingest.js";
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

  it("the snapshot section: records, probe, batch sizes and time budgets", () => {
    expect(numbers(/a snapshot of ([\d,]+) records \(`--snapshot-records N`\)/)).toEqual([
      DEFAULT_SNAPSHOT_RECORDS,
    ]);
    expect(numbers(/first the ([\d,]+)-record prefix \(`--snapshot-probe`\)/)).toEqual([
      DEFAULT_PROBE_RECORDS,
    ]);
    expect(numbers(/\(default: `importSnapshot`'s, ([\d,]+)\)/)).toEqual([DEFAULT_SNAPSHOT_BATCH]);
    expect(README).toContain(
      `at batch sizes ${SWEEP_BATCH_SIZES.slice(0, -1)
        .map((n) => n.toLocaleString("en-US"))
        .join(", ")} and ${SWEEP_BATCH_SIZES.at(-1)?.toLocaleString("en-US")}`,
    );
    expect(numbers(/`--kuzu-budget ([\d,]+)`/)).toEqual([DEFAULT_BUDGETS.kuzu]);
    expect(numbers(/`--neo4j-budget ([\d,]+)`/)).toEqual([DEFAULT_BUDGETS.neo4j]);
  });

  it("Kuzu's savepoint interval and the embedding batch", () => {
    expect(README).toContain("once a minute (`KG_KUZU_SAVEPOINT_MS`");
    expect(savepointIntervalMs({})).toBe(60_000);
    expect(numbers(/The pipeline uses batches of ([\d,]+) images/)).toEqual([DEFAULT_IMAGE_BATCH]);
  });
});
