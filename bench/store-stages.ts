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
import { clearNeo4j } from "./snapshot-stages.js";

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
  /** (g) The same full ingest into Neo4j, when NEO4J_URI is set. */
  neo4j: StoreIngestRun | { skipped: string };
}

export async function measureStore(
  corpusDir: string,
  changedNotePath: string,
  log: (message: string) => void,
  neo4j: { uri: string | undefined; clear: boolean } = { uri: undefined, clear: false },
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
    writeFileSync(changedNotePath, original);
    return {
      openSeconds: opened.seconds,
      full,
      unchanged,
      oneChanged: { ...oneChanged, changedNote: changedNotePath },
      neo4j: await neo4jIngest(corpusDir, neo4j, log),
    };
  } finally {
    writeFileSync(changedNotePath, original);
    await store?.close();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/** (g): the full ingest into an emptied Neo4j database, which is emptied again after. */
async function neo4jIngest(
  corpusDir: string,
  neo4j: { uri: string | undefined; clear: boolean },
  log: (message: string) => void,
): Promise<StoreIngestRun | { skipped: string }> {
  if (!neo4j.uri) return { skipped: "NEO4J_URI not set" };
  let store: GraphStore | undefined;
  try {
    store = await openStore({ dataDir: ".kg/bench-unused", neo4jUri: neo4j.uri });
    const present = (await store.stats()).totalNodes;
    if (present > 0 && !neo4j.clear) {
      return {
        skipped: `the Neo4j database holds ${present} nodes; pass --neo4j-clear to let the bench empty it`,
      };
    }
    await clearNeo4j(neo4j.uri);
    log(`  (g) full ingest into Neo4j at ${neo4j.uri}`);
    const run = await ingestRun(store, corpusDir, null);
    log(`      ${run.seconds.toFixed(2)} s`);
    return run;
  } catch (error) {
    return { skipped: `failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await store?.close();
    await clearNeo4j(neo4j.uri).catch(() => undefined);
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
