/**
 * The arXiv snapshot import measurements (`kg arxiv <snapshot>`), on a generated snapshot
 * (bench/snapshot-corpus.ts):
 *
 * - read: the baseline, a bare line split + JSON.parse of the file, against readSnapshot
 *   (split, parse, validate, ArxivRecord), plain and gzip, interleaved, median of 3;
 * - memory: peak RSS of readSnapshot over a snapshot a quarter the size and over the full
 *   one, each in a child process of its own (it streams: the two should be about equal);
 * - Kuzu: importSnapshot into fresh stores, first a prefix (default 20,000 records) at each of
 *   a few batch sizes; from the default batch size's run, a fit of batch time against records
 *   already stored predicts the full import, which runs whole when the prediction is within
 *   the time budget and as the largest prefix that fits otherwise (said in the report). Then
 *   the same import again into the reopened store, nothing changed;
 * - Neo4j (when a URI is given): the same prefix probe, fit and import, on a database the
 *   bench empties first (only with permission, see `neo4jClear`) and empties again after.
 *
 * Store imports run in child processes (bench/snapshot-child.ts), so each peak RSS is its own.
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline, type Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { readSnapshot } from "../ingest/arxiv/snapshot.js";
import { DEFAULT_SNAPSHOT_BATCH, importSnapshot } from "../src/pipeline/arxiv-import.js";
import { openStore } from "../src/store/open.js";
import { collectGarbage, median, type Sample, sampleOf, timed } from "./measure.js";
import type { ChildJob, ImportChildResult, ReadChildResult } from "./snapshot-child.js";
import { ensureSnapshotCorpus, type SnapshotSummary } from "./snapshot-corpus.js";

export interface SnapshotOptions {
  /** Records in the generated snapshot. */
  records: number;
  /** Records of the store probes and of the batch-size sweep. */
  probeRecords: number;
  /** importSnapshot's batch size for the main imports (default: its own default). */
  batchSize: number;
  /** Batch sizes tried on the Kuzu probe prefix. */
  sweepBatchSizes: number[];
  /** Seconds each store's main import may take; beyond, a prefix is imported. */
  budgets: { kuzu: number; neo4j: number };
  neo4jUri: string | undefined;
  /** Let the bench delete everything in the Neo4j database when it is not empty. */
  neo4jClear: boolean;
  seed: number;
  corpusRoot: string;
}

export interface ReadTiming {
  runs: Sample[];
  medianSeconds: number;
  medianCpuSeconds: number;
  recordsPerSecond: number;
  /** Uncompressed megabytes (2^20) per second. */
  mbPerSecond: number;
}

export interface SnapshotCorpusFacts extends SnapshotSummary {
  dir: string;
  generatedSeconds: number | null;
}

/**
 * Batch seconds as a function of x, the records already stored in 10,000s, fitted on the
 * probe: a + b x + c x^2. Kuzu's per-batch COMMIT grows faster than linearly with the
 * relationship tables, so a straight line would promise prefixes the budget cannot hold.
 */
export interface StoreFit {
  a: number;
  b: number;
  c: number;
  /** Predicted seconds for the whole snapshot at the fitted rates. */
  predictedFullSeconds: number;
}

export interface SweepRun {
  batchSize: number;
  records: number;
  seconds: number;
  cpuSeconds: number;
  storeSeconds: number;
  commitSeconds: number | null;
  papersPerSecond: number;
  lastBatchSeconds: number;
  lastBatchCommitSeconds: number | null;
  peakRssMiB: number;
}

export interface StoreImport {
  store: "kuzu" | "neo4j";
  batchSize: number;
  budgetSeconds: number;
  probe: SweepRun;
  fit: StoreFit;
  /** Records the main import was given (the whole snapshot, or a prefix). */
  limit: number;
  prefix: boolean;
  result: ImportChildResult;
}

export interface SnapshotResults {
  corpus: SnapshotCorpusFacts;
  /** The quarter-size snapshot the memory stage compares with. */
  smallCorpus: SnapshotCorpusFacts;
  read: {
    baseline: ReadTiming;
    plain: ReadTiming & { ratioToBaseline: number };
    baselineGzip: ReadTiming;
    gzip: ReadTiming & { ratioToBaseline: number; ratioToGzipBaseline: number };
  };
  memory: {
    idleRssMiB: number;
    plain: { small: ReadChildResult; full: ReadChildResult };
    gzip: { small: ReadChildResult; full: ReadChildResult };
    /** The full gzip snapshot read again with V8's old space capped: completing at all shows it streams. */
    capped: ReadChildResult & { oldSpaceMiB: number };
  };
  /** importSnapshot without a store over the Kuzu import's records: reading, parsing, batching. */
  noStore: Sample & { records: number };
  kuzu: StoreImport & { sweep: SweepRun[] };
  neo4j: StoreImport | { skipped: string };
}

const REPEATS = 3;
const CHUNK_BYTES = 1 << 20;
const PREFIX_STEP = 10_000;
const CAPPED_OLD_SPACE_MIB = 32;

/** The baseline: split the (gunzipped) file into lines and JSON.parse each, nothing more. */
export async function splitAndParse(file: string, gzip: boolean): Promise<number> {
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), () => {}) : raw;
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let records = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = pending + decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      if (end > start && JSON.parse(text.slice(start, end)) !== null) records++;
      start = end + 1;
    }
    pending = text.slice(start);
  }
  const last = pending + decoder.end();
  if (last.trim() !== "" && JSON.parse(last) !== null) records++;
  return records;
}

async function readAll(file: string): Promise<number> {
  let records = 0;
  for await (const item of readSnapshot(file)) if ("record" in item) records++;
  return records;
}

function readTiming(runs: Sample[], records: number, bytes: number): ReadTiming {
  const seconds = median(runs.map((run) => run.seconds));
  return {
    runs,
    medianSeconds: seconds,
    medianCpuSeconds: median(runs.map((run) => run.cpuSeconds)),
    recordsPerSecond: records / seconds,
    mbPerSecond: bytes / 1048576 / seconds,
  };
}

async function measureRead(
  corpus: SnapshotCorpusFacts & { file: string; gzFile: string },
  log: (message: string) => void,
): Promise<SnapshotResults["read"]> {
  const runs = {
    baseline: [] as Sample[],
    plain: [] as Sample[],
    baselineGzip: [] as Sample[],
    gzip: [] as Sample[],
  };
  const check = (what: string, count: number) => {
    if (count !== corpus.records)
      throw new Error(`${what} found ${count} records, expected ${corpus.records}`);
  };
  for (let run = 1; run <= REPEATS; run++) {
    const stages: [keyof typeof runs, () => Promise<number>][] = [
      ["baseline", () => splitAndParse(corpus.file, false)],
      ["plain", () => readAll(corpus.file)],
      ["baselineGzip", () => splitAndParse(corpus.gzFile, true)],
      ["gzip", () => readAll(corpus.gzFile)],
    ];
    const line: string[] = [];
    for (const [name, stage] of stages) {
      const timing = await timed(stage);
      check(name, timing.value);
      runs[name].push(sampleOf(timing));
      line.push(`${name} ${timing.seconds.toFixed(2)} s`);
    }
    log(`  read run ${run}/${REPEATS}: ${line.join(", ")}`);
  }
  const of = (samples: Sample[]) => readTiming(samples, corpus.records, corpus.bytes);
  const baseline = of(runs.baseline);
  const baselineGzip = of(runs.baselineGzip);
  const plain = of(runs.plain);
  const gzip = of(runs.gzip);
  return {
    baseline,
    plain: { ...plain, ratioToBaseline: plain.medianSeconds / baseline.medianSeconds },
    baselineGzip,
    gzip: {
      ...gzip,
      ratioToBaseline: gzip.medianSeconds / baseline.medianSeconds,
      ratioToGzipBaseline: gzip.medianSeconds / baselineGzip.medianSeconds,
    },
  };
}

/** Runs one job in `node --expose-gc dist/bench/snapshot-child.js` and returns its JSON line. */
export function runChild<T>(job: ChildJob, nodeFlags: string[] = []): Promise<T> {
  const script = fileURLToPath(new URL("./snapshot-child.js", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", ...nodeFlags, script, JSON.stringify(job)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (text: string) => {
      out += text;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").at(-1);
      if (code !== 0 || !last) reject(new Error(`snapshot child (${job.kind}) exited with ${code}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

/** Solves the 3x3 system m v = r by Cramer's rule; null when singular. */
function solve3(m: number[][], r: number[]): number[] | null {
  const det = (q: number[][]): number => {
    const [x = [], y = [], z = []] = q;
    const e = (row: number[], i: number) => row[i] ?? 0;
    return (
      e(x, 0) * (e(y, 1) * e(z, 2) - e(y, 2) * e(z, 1)) -
      e(x, 1) * (e(y, 0) * e(z, 2) - e(y, 2) * e(z, 0)) +
      e(x, 2) * (e(y, 0) * e(z, 1) - e(y, 1) * e(z, 0))
    );
  };
  const d = det(m);
  if (Math.abs(d) < 1e-12) return null;
  return [0, 1, 2].map(
    (column) => det(m.map((row, i) => row.map((v, j) => (j === column ? (r[i] ?? 0) : v)))) / d,
  );
}

/**
 * Least squares of batch seconds against records stored before the batch (in 10,000s), the
 * first batch left out (JIT, JVM and cache warm-up): quadratic when its curvature is
 * positive, else a line with a slope of at least 0.
 */
export function fitBatches(batchSeconds: readonly number[], batchSize: number, records: number): StoreFit {
  const points = batchSeconds.map((y, index) => ({ x: (index * batchSize) / 10_000, y })).slice(1);
  let fit = { a: points[0]?.y ?? batchSeconds[0] ?? 0, b: 0, c: 0 };
  if (points.length >= 4) {
    const sum = (f: (p: { x: number; y: number }) => number) => points.reduce((total, p) => total + f(p), 0);
    const [n, sx, sx2, sx3, sx4] = [0, 1, 2, 3, 4].map((power) => sum((p) => p.x ** power)) as number[];
    const [sy, sxy, sx2y] = [0, 1, 2].map((power) => sum((p) => p.x ** power * p.y)) as number[];
    const quadratic = solve3(
      [
        [n ?? 0, sx ?? 0, sx2 ?? 0],
        [sx ?? 0, sx2 ?? 0, sx3 ?? 0],
        [sx2 ?? 0, sx3 ?? 0, sx4 ?? 0],
      ],
      [sy ?? 0, sxy ?? 0, sx2y ?? 0],
    );
    if (quadratic && (quadratic[2] ?? 0) > 0)
      fit = { a: quadratic[0] ?? 0, b: quadratic[1] ?? 0, c: quadratic[2] ?? 0 };
  }
  if (fit.c === 0 && points.length >= 2) {
    const mx = points.reduce((total, p) => total + p.x, 0) / points.length;
    const my = points.reduce((total, p) => total + p.y, 0) / points.length;
    const sxx = points.reduce((total, p) => total + (p.x - mx) ** 2, 0);
    const slope = Math.max(0, points.reduce((total, p) => total + (p.x - mx) * (p.y - my), 0) / sxx);
    fit = { a: my - slope * mx, b: slope, c: 0 };
  }
  return { ...fit, predictedFullSeconds: predictSeconds(fit, batchSize, records) };
}

export function predictSeconds(
  fit: Pick<StoreFit, "a" | "b" | "c">,
  batchSize: number,
  records: number,
): number {
  let total = 0;
  for (let stored = 0; stored < records; stored += batchSize) {
    const x = stored / 10_000;
    total += Math.max(0, fit.a + fit.b * x + fit.c * x * x);
  }
  return total;
}

/** The whole snapshot when predicted within the budget, else the largest prefix (in steps) that is. */
function chooseLimit(fit: StoreFit, options: SnapshotOptions, budgetSeconds: number): number {
  const batchSize = options.batchSize;
  if (fit.predictedFullSeconds <= budgetSeconds) return options.records;
  const step = Math.min(PREFIX_STEP, options.probeRecords);
  let limit = options.probeRecords;
  while (limit + step < options.records && predictSeconds(fit, batchSize, limit + step) <= budgetSeconds) {
    limit += step;
  }
  return limit;
}

function sweepRun(batchSize: number, result: ImportChildResult): SweepRun {
  const { first } = result;
  return {
    batchSize,
    records: first.summary.written,
    seconds: first.seconds,
    cpuSeconds: first.cpuSeconds,
    storeSeconds: first.storeSeconds,
    commitSeconds: first.commitSeconds,
    papersPerSecond: first.summary.written / first.seconds,
    lastBatchSeconds: first.batchSeconds.at(-1) ?? 0,
    lastBatchCommitSeconds: first.batchCommitSeconds?.at(-1) ?? null,
    peakRssMiB: first.peakRssMiB,
  };
}

async function kuzuImport(
  file: string,
  limit: number,
  batchSize: number,
  rerun: boolean,
  abortAfterSeconds?: number,
): Promise<ImportChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "notegraph-bench-arxiv-"));
  try {
    return await runChild<ImportChildResult>({
      kind: "import",
      store: "kuzu",
      file,
      limit,
      batchSize,
      dataDir: join(dir, "kg"),
      rerun,
      ...(abortAfterSeconds === undefined ? {} : { abortAfterSeconds }),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureKuzu(
  file: string,
  options: SnapshotOptions,
  log: (message: string) => void,
): Promise<SnapshotResults["kuzu"]> {
  const sizes = [...new Set([options.batchSize, ...options.sweepBatchSizes])].sort((a, b) => a - b);
  const sweep: SweepRun[] = [];
  let probe: ImportChildResult | null = null;
  for (const size of sizes) {
    log(`  Kuzu: ${options.probeRecords.toLocaleString("en-US")}-record prefix, batch size ${size}`);
    const result = await kuzuImport(file, options.probeRecords, size, false);
    sweep.push(sweepRun(size, result));
    if (size === options.batchSize) probe = result;
  }
  if (!probe) throw new Error("no probe run at the main batch size");
  const fit = fitBatches(probe.first.batchSeconds, options.batchSize, options.records);
  const budgetSeconds = options.budgets.kuzu;
  const limit = chooseLimit(fit, options, budgetSeconds);
  log(
    `  Kuzu: full import predicted at ${fit.predictedFullSeconds.toFixed(0)} s (budget ${budgetSeconds} s): importing ${limit.toLocaleString("en-US")} records`,
  );
  const result = await kuzuImport(file, limit, options.batchSize, true, budgetSeconds * 2);
  return {
    store: "kuzu",
    batchSize: options.batchSize,
    budgetSeconds,
    probe: sweepRun(options.batchSize, probe),
    fit,
    limit,
    prefix: limit < options.records,
    result,
    sweep,
  };
}

/**
 * Deletes every relationship, then every node, 10,000 per transaction: a DETACH DELETE of a
 * hub (a category with thousands of papers) would need all its relationships in one
 * transaction and can exceed the server's transaction memory limit.
 */
export async function clearNeo4j(uri: string): Promise<number> {
  const store = await openStore({ dataDir: ".kg/bench-unused", neo4jUri: uri });
  let deleted = 0;
  try {
    for (const statement of [
      "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted",
      "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted",
    ]) {
      for (;;) {
        const { rows } = await store.query(statement);
        const count = Number(rows[0]?.deleted ?? 0);
        deleted += count;
        if (count === 0) break;
      }
    }
    return deleted;
  } finally {
    await store.close();
  }
}

async function neo4jNodeCount(uri: string): Promise<number> {
  const store = await openStore({ dataDir: ".kg/bench-unused", neo4jUri: uri });
  try {
    const { rows } = await store.query("MATCH (n) RETURN count(n) AS count", {}, { readOnly: true });
    return Number(rows[0]?.count ?? 0);
  } finally {
    await store.close();
  }
}

async function measureNeo4j(
  file: string,
  options: SnapshotOptions,
  log: (message: string) => void,
): Promise<SnapshotResults["neo4j"]> {
  const uri = options.neo4jUri;
  if (!uri) return { skipped: "NEO4J_URI not set" };
  let present: number;
  try {
    present = await neo4jNodeCount(uri);
  } catch (error) {
    return {
      skipped: `Neo4j at ${uri} unreachable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (present > 0 && !options.neo4jClear) {
    return {
      skipped: `the Neo4j database at ${uri} holds ${present} nodes; pass --neo4j-clear to let the bench delete everything in it`,
    };
  }
  if (present > 0) log(`  Neo4j: deleting the ${present} nodes in ${uri}`);
  const job = (limit: number, rerun: boolean, abortAfterSeconds?: number): ChildJob => ({
    kind: "import",
    store: "neo4j",
    file,
    limit,
    batchSize: options.batchSize,
    neo4jUri: uri,
    rerun,
    ...(abortAfterSeconds === undefined ? {} : { abortAfterSeconds }),
  });
  try {
    await clearNeo4j(uri);
    log(
      `  Neo4j: ${options.probeRecords.toLocaleString("en-US")}-record prefix, batch size ${options.batchSize}`,
    );
    const probe = await runChild<ImportChildResult>(job(options.probeRecords, false));
    await clearNeo4j(uri);
    const fit = fitBatches(probe.first.batchSeconds, options.batchSize, options.records);
    const budgetSeconds = options.budgets.neo4j;
    const limit = chooseLimit(fit, options, budgetSeconds);
    log(
      `  Neo4j: full import predicted at ${fit.predictedFullSeconds.toFixed(0)} s (budget ${budgetSeconds} s): importing ${limit.toLocaleString("en-US")} records`,
    );
    const result = await runChild<ImportChildResult>(job(limit, true, budgetSeconds * 2));
    return {
      store: "neo4j",
      batchSize: options.batchSize,
      budgetSeconds,
      probe: sweepRun(options.batchSize, probe),
      fit,
      limit,
      prefix: limit < options.records,
      result,
    };
  } catch (error) {
    // A shared server can fail under another client's load: say so, keep the other figures.
    const message = error instanceof Error ? error.message : String(error);
    log(`  Neo4j: failed: ${message}`);
    return { skipped: `failed: ${message}` };
  } finally {
    log("  Neo4j: deleting what the bench wrote");
    await clearNeo4j(uri).catch((error: unknown) =>
      log(`  Neo4j: could not empty the database: ${String(error)}`),
    );
  }
}

export async function measureSnapshot(
  options: SnapshotOptions,
  log: (message: string) => void,
): Promise<SnapshotResults> {
  const corpus = await ensureSnapshotCorpus(options.corpusRoot, options.records, options.seed, log);
  const smallRecords = Math.max(1, Math.round(options.records / 4));
  const small = await ensureSnapshotCorpus(options.corpusRoot, smallRecords, options.seed, log);
  const facts = ({ file: _f, gzFile: _g, ...rest }: typeof corpus): SnapshotCorpusFacts => rest;

  log(`  read: split + JSON.parse vs readSnapshot, plain and gzip, ${REPEATS} runs`);
  const read = await measureRead(corpus, log);

  log(`  memory: readSnapshot over ${smallRecords} and ${options.records} records, one child process each`);
  const idle = await runChild<{ peakRssMiB: number }>({ kind: "idle" });
  const memory: SnapshotResults["memory"] = {
    idleRssMiB: idle.peakRssMiB,
    plain: {
      small: await runChild<ReadChildResult>({ kind: "read", file: small.file }),
      full: await runChild<ReadChildResult>({ kind: "read", file: corpus.file }),
    },
    gzip: {
      small: await runChild<ReadChildResult>({ kind: "read", file: small.gzFile }),
      full: await runChild<ReadChildResult>({ kind: "read", file: corpus.gzFile }),
    },
    capped: {
      ...(await runChild<ReadChildResult>({ kind: "read", file: corpus.gzFile }, [
        `--max-old-space-size=${CAPPED_OLD_SPACE_MIB}`,
      ])),
      oldSpaceMiB: CAPPED_OLD_SPACE_MIB,
    },
  };

  const kuzu = await measureKuzu(corpus.file, options, log);
  collectGarbage();
  const noStoreTiming = await timed(() => importSnapshot(null, { file: corpus.file, limit: kuzu.limit }));
  const neo4j = await measureNeo4j(corpus.file, options, log);

  return {
    corpus: facts(corpus),
    smallCorpus: facts(small),
    read,
    memory,
    noStore: { ...sampleOf(noStoreTiming), records: noStoreTiming.value.written },
    kuzu,
    neo4j,
  };
}

export const DEFAULT_SNAPSHOT_RECORDS = 200_000;
export const DEFAULT_PROBE_RECORDS = 20_000;
/** Kuzu's import slows down with every batch; Neo4j's hardly, and 200,000 records fit in about 6 minutes. */
export const DEFAULT_BUDGETS = { kuzu: 300, neo4j: 480 };
export const SWEEP_BATCH_SIZES = [2000, 5000, 10_000];
export { DEFAULT_SNAPSHOT_BATCH };
