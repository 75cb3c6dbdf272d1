/**
 * One measurement of the snapshot benchmark in a process of its own, so that its peak RSS
 * is its own: `node --expose-gc dist/bench/snapshot-child.js '<job as JSON>'`. Progress goes
 * to stderr; the result is one JSON line on stdout.
 *
 * - `idle`: the RSS of node with the snapshot reader loaded, reading nothing (the floor).
 * - `read`: readSnapshot over a whole file; peak RSS and the largest heap seen.
 * - `import`: importSnapshot into a store (a fresh Kuzu directory, or a Neo4j URI), then
 *   optionally the same import again in a freshly opened store (nothing changed).
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readSnapshot } from "../ingest/arxiv/snapshot.js";
import {
  importSnapshot,
  type SnapshotImportSummary,
  snapshotFilePoolHint,
} from "../src/pipeline/arxiv-import.js";
import { KuzuSession } from "../src/store/kuzu-session.js";
import { openStore } from "../src/store/open.js";
import type { GraphStore, StoreStats } from "../src/store/types.js";
import { collectGarbage, loadAverageNow, peakRssMiB as processPeakRssMiB, type Sample } from "./measure.js";
import { measureCeiling } from "./neo4j-ceiling.js";

export type ChildJob =
  | { kind: "idle" }
  | { kind: "read"; file: string }
  | { kind: "neo4j-ceiling"; file: string; limit: number; neo4jUri: string }
  | {
      kind: "import";
      store: "kuzu" | "neo4j";
      file: string;
      limit: number;
      /** importSnapshot's batch size (default: its own). */
      batchSize?: number;
      /** Kuzu: a fresh data directory. */
      dataDir?: string;
      neo4jUri?: string;
      /** Stop after the batch that ends past this many seconds (the bench's time box). */
      abortAfterSeconds?: number;
      rerun: boolean;
    };

export interface ReadChildResult {
  records: number;
  badLines: number;
  seconds: number;
  peakRssMiB: number;
  /** Largest heapUsed seen, sampled every 5,000 records after the first 1,000. */
  maxHeapUsedMiB: number;
  /** heapUsed after a full GC once the file is read: what reading left behind. */
  heapAfterGcMiB: number;
}

export interface ImportRun extends Sample {
  summary: SnapshotImportSummary;
  /** Seconds inside the store's methods (query, upsert, mergeAuthors): the rest is read, parse and deltas. */
  storeSeconds: number;
  /** Wall seconds of each batch, from one onProgress to the next. */
  batchSeconds: number[];
  /** Kuzu: seconds in COMMIT, in all and per batch (null for Neo4j, whose commit is inside the driver). */
  commitSeconds: number | null;
  batchCommitSeconds: number[] | null;
  /**
   * Seconds after the last batch until importSnapshot returned: its closing pass over the whole
   * graph (reconcilePendingAuthors, folding abbreviated note authors into arXiv's).
   */
  afterBatchesSeconds: number;
  /** Stopped by the time box before `limit`. */
  aborted: boolean;
  /** Seconds to open the store (and apply the schema) before the run, not included. */
  openSeconds: number;
  peakRssMiB: number;
  /** JS heap in use after the run and a full GC, the store still open (its caches included). */
  heapUsedMiB: number;
}

export interface ImportChildResult {
  first: ImportRun;
  stats: StoreStats;
  rerun: ImportRun | null;
}

const mib = (bytes: number): number => Math.round(bytes / 1048576);

/**
 * Peak RSS of this process image. On Linux getrusage's maxrss also counts the parent's
 * resident pages at fork (node forks, then execs), so a child of a large parent reports the
 * parent's size; VmHWM in /proc/self/status is the peak of this exec's memory alone.
 */
function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match?.[1]) return Math.round(Number(match[1]) / 1024);
  } catch {
    // Not Linux: getrusage it is.
  }
  return processPeakRssMiB();
}
const log = (message: string) => process.stderr.write(`${message}\n`);

async function readJob(file: string): Promise<ReadChildResult> {
  collectGarbage();
  const started = performance.now();
  let records = 0;
  let badLines = 0;
  let maxHeap = 0;
  for await (const item of readSnapshot(file)) {
    if ("error" in item) badLines++;
    else records++;
    if (records % 5000 === 1000) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - started) / 1000;
  collectGarbage();
  return {
    records,
    badLines,
    seconds,
    peakRssMiB: peakRssMiB(),
    maxHeapUsedMiB: mib(maxHeap),
    heapAfterGcMiB: mib(process.memoryUsage().heapUsed),
  };
}

/** The store with the time spent inside its write and query methods added up. */
function timedStore(store: GraphStore): { store: GraphStore; seconds: () => number } {
  let ms = 0;
  const timed = new Set<PropertyKey>(["query", "upsert", "mergeAuthors"]);
  const proxy = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (!timed.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          ms += performance.now() - started;
        }
      };
    },
  });
  return { store: proxy, seconds: () => ms / 1000 };
}

class TimeBoxExceeded extends Error {}

/** Milliseconds Kuzu spent in COMMIT so far in this process (see timeKuzuCommits). */
let kuzuCommitMs = 0;

/**
 * Wraps KuzuSession's command() to add up the time of COMMIT statements: each batch is one
 * transaction, and whether its commit dominates is the question the batch-size sweep asks.
 */
function timeKuzuCommits(): void {
  const original = KuzuSession.prototype.command;
  KuzuSession.prototype.command = async function (this: KuzuSession, cypher: string): Promise<void> {
    if (cypher !== "COMMIT") return original.call(this, cypher);
    const started = performance.now();
    try {
      await original.call(this, cypher);
    } finally {
      kuzuCommitMs += performance.now() - started;
    }
  };
}

/** The import's store, opened as `kg arxiv` opens it: the embedded store's buffer pool sized from the snapshot. */
async function openImportStore(job: Extract<ChildJob, { kind: "import" }>): Promise<GraphStore> {
  const bufferPoolHint = await snapshotFilePoolHint(job.file);
  return openStore({
    dataDir: job.dataDir ?? ".kg/bench-unused",
    neo4jUri: job.neo4jUri,
    ...(bufferPoolHint === undefined ? {} : { bufferPoolHint }),
  });
}

async function importRun(job: Extract<ChildJob, { kind: "import" }>, label: string): Promise<ImportRun> {
  const opening = performance.now();
  const opened = await openImportStore(job);
  try {
    await opened.applySchema();
    const openSeconds = (performance.now() - opening) / 1000;
    const { store, seconds: storeSeconds } = timedStore(opened);
    collectGarbage();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let last = started;
    const batchSeconds: number[] = [];
    const batchCommitSeconds: number[] = [];
    const commitsBefore = kuzuCommitMs;
    let commitsAtLast = kuzuCommitMs;
    // Set from the callback, so held in an object: a plain `let` would be narrowed to null below.
    const latest: { summary: SnapshotImportSummary | null } = { summary: null };
    let aborted = false;
    try {
      latest.summary = await importSnapshot(store, {
        file: job.file,
        limit: job.limit,
        ...(job.batchSize === undefined ? {} : { batchSize: job.batchSize }),
        onProgress: (progress) => {
          const now = performance.now();
          batchSeconds.push((now - last) / 1000);
          batchCommitSeconds.push((kuzuCommitMs - commitsAtLast) / 1000);
          last = now;
          commitsAtLast = kuzuCommitMs;
          latest.summary = { ...progress };
          const done = progress.written + progress.unchanged;
          if (batchSeconds.length % 5 === 0 || done >= job.limit) {
            log(
              `      ${label}: ${done.toLocaleString("en-US")} records, ${((now - started) / 1000).toFixed(1)} s (last batch ${(batchSeconds.at(-1) ?? 0).toFixed(2)} s)`,
            );
          }
          const over = job.abortAfterSeconds !== undefined && (now - started) / 1000 > job.abortAfterSeconds;
          if (over && done < job.limit) {
            throw new TimeBoxExceeded();
          }
        },
      });
    } catch (error) {
      if (!(error instanceof TimeBoxExceeded)) throw error;
      aborted = true;
    }
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // With the store still open: what its caches hold after the import, garbage collected.
    collectGarbage();
    const heapUsed = process.memoryUsage().heapUsed;
    const summary = latest.summary;
    if (!summary) throw new Error("the import wrote no batch");
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loadAfter: loadAverageNow(),
      summary,
      storeSeconds: storeSeconds(),
      batchSeconds,
      afterBatchesSeconds: aborted ? 0 : (ended - last) / 1000,
      commitSeconds: job.store === "kuzu" ? (kuzuCommitMs - commitsBefore) / 1000 : null,
      batchCommitSeconds: job.store === "kuzu" ? batchCommitSeconds : null,
      aborted,
      openSeconds,
      peakRssMiB: peakRssMiB(),
      heapUsedMiB: mib(heapUsed),
    };
  } finally {
    await opened.close();
  }
}

async function importJob(job: Extract<ChildJob, { kind: "import" }>): Promise<ImportChildResult> {
  if (job.store === "kuzu") timeKuzuCommits();
  const first = await importRun(job, job.store);
  const reopened = await openImportStore(job);
  let stats: StoreStats;
  try {
    stats = await reopened.stats();
  } finally {
    await reopened.close();
  }
  // The re-run reads exactly the records the first run wrote (it may have stopped early).
  const written = first.summary.matched;
  const rerun = job.rerun
    ? await importRun({ ...job, limit: written, abortAfterSeconds: undefined }, `${job.store} re-run`)
    : null;
  return { first, stats, rerun };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "null") as ChildJob | null;
  if (!job) throw new Error("usage: node dist/bench/snapshot-child.js '<job as JSON>'");
  let result: unknown;
  if (job.kind === "idle") result = { peakRssMiB: peakRssMiB() };
  else if (job.kind === "read") result = await readJob(job.file);
  else if (job.kind === "neo4j-ceiling") result = await measureCeiling(job.file, job.limit, job.neo4jUri);
  else result = await importJob(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const invokedPath = process.argv[1];
if (invokedPath && realpathSync(invokedPath) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
