/**
 * The store measurements, on one fresh Kuzu database in a temporary data directory:
 * (d) the full ingest, (e) a re-ingest with nothing changed, (f) a re-ingest after one
 * note gained a line. The changed note is restored afterwards, so the cached corpus stays
 * what the generator wrote.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type IngestSummary, ingest } from "../src/pipeline/ingest.js";
import { openStore } from "../src/store/open.js";
import type { GraphStore, StoreStats } from "../src/store/types.js";
import { type Sample, sampleOf, timed } from "./measure.js";

export interface StoreIngestRun extends Sample {
  notes: IngestSummary["notes"];
  warnings: number;
  errors: number;
  stats: StoreStats;
  /** Node and relationship counts per label and type equal those after the full ingest. */
  countsUnchanged: boolean;
}

export interface StoreResults {
  openSeconds: number;
  full: StoreIngestRun;
  unchanged: StoreIngestRun;
  oneChanged: StoreIngestRun & { changedNote: string };
}

export async function measureStore(
  corpusDir: string,
  changedNotePath: string,
  log: (message: string) => void,
): Promise<StoreResults> {
  const tempDir = mkdtempSync(join(tmpdir(), "notegraph-bench-"));
  const original = readFileSync(changedNotePath);
  let store: GraphStore | undefined;
  try {
    const opened = await timed(async () => {
      const fresh = await openStore({ dataDir: join(tempDir, "kg") });
      await fresh.applySchema();
      return fresh;
    });
    store = opened.value;
    log(`  (d) full ingest into a fresh Kuzu store in ${tempDir}`);
    const full = await ingestRun(store, corpusDir, null);
    log(`      ${full.seconds.toFixed(2)} s; (e) re-ingest, nothing changed`);
    const unchanged = await ingestRun(store, corpusDir, full.stats);
    log(`      ${unchanged.seconds.toFixed(2)} s; (f) re-ingest, one note changed`);
    appendFileSync(changedNotePath, "\n补充一行：这一行是基准测试追加的，不含新的术语。\n");
    const oneChanged = await ingestRun(store, corpusDir, full.stats);
    log(`      ${oneChanged.seconds.toFixed(2)} s`);
    return {
      openSeconds: opened.seconds,
      full,
      unchanged,
      oneChanged: { ...oneChanged, changedNote: changedNotePath },
    };
  } finally {
    writeFileSync(changedNotePath, original);
    await store?.close();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

async function ingestRun(
  store: GraphStore,
  corpusDir: string,
  before: StoreStats | null,
): Promise<StoreIngestRun> {
  let warnings = 0;
  let errors = 0;
  const timing = await timed(() =>
    ingest(store, {
      paths: [corpusDir],
      onProblem: (problem) => {
        if (problem.severity === "error") errors++;
        else warnings++;
      },
    }),
  );
  const stats = await store.stats();
  return {
    ...sampleOf(timing),
    notes: timing.value.notes,
    warnings,
    errors,
    stats,
    countsUnchanged: before !== null && sameCounts(before, stats),
  };
}

function sameCounts(a: StoreStats, b: StoreStats): boolean {
  const same = (x: Record<string, number>, y: Record<string, number>) => {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    return [...keys].every((key) => (x[key] ?? 0) === (y[key] ?? 0));
  };
  return same(a.nodes, b.nodes) && same(a.relationships, b.relationships);
}
