/**
 * The arXiv snapshot import measurements (`kg arxiv <snapshot>`), on a generated snapshot
 * (bench/snapshot-corpus.ts):
 *
 * - read: the baseline, a bare line split + JSON.parse of the file, against readSnapshot
 *   (split, parse, validate, ArxivRecord), plain and gzip, interleaved, median of 3;
 * - memory: peak RSS of readSnapshot over a snapshot a quarter the size and over the full
 *   one, each in a child process of its own (it streams: the two should be about equal);
 * - (s5) importSnapshot without a store over the same records: read, parse, batch;
 * - (s6) Kuzu: `kg arxiv`'s import (a bulk load) of the whole snapshot into a fresh store, then
 *   the same import again into the reopened store (nothing changed); then a larger snapshot
 *   (default 1,000,000 records, generated once) into a fresh store: linear growth, peak RSS;
 * - (s7) Neo4j (when a URI is given): the same import, on a database the bench empties first
 *   (only with permission, see `neo4jClear`) and empties again after; then the server's
 *   ceiling, the same graph by plain CREATE statements (bench/neo4j-ceiling.ts).
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
import { importSnapshot } from "../src/pipeline/arxiv-import.js";
import { openStore } from "../src/store/open.js";
import { collectGarbage, median, type Sample, sampleOf, timed } from "./measure.js";
import type { CeilingResult } from "./neo4j-ceiling.js";
import type { ChildJob, ImportChildResult, ReadChildResult } from "./snapshot-child.js";
import { ensureSnapshotCorpus, type SnapshotSummary } from "./snapshot-corpus.js";

export interface SnapshotOptions {
  /** Records in the generated snapshot. */
  records: number;
  /** Records of the larger snapshot imported into Kuzu (0: none). */
  largeRecords: number;
  /** importSnapshot's batch size (default: its own). */
  batchSize: number | undefined;
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

export interface StoreImport {
  store: "kuzu" | "neo4j";
  records: number;
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
  /** importSnapshot without a store over the same records: reading, parsing, batching. */
  noStore: Sample & { records: number };
  kuzu: StoreImport & {
    /** The first import's seconds over (s5)'s. */
    ratioToNoStore: number;
    /** The re-run's seconds over the first import's. */
    rerunRatio: number | null;
    large: (StoreImport & { ratioToMain: number; corpus: SnapshotCorpusFacts }) | null;
  };
  neo4j: (StoreImport & { papersPerSecond: number; ceiling: CeilingResult }) | { skipped: string };
}

const REPEATS = 3;
const CHUNK_BYTES = 1 << 20;
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

async function kuzuImport(
  file: string,
  limit: number,
  batchSize: number | undefined,
  rerun: boolean,
): Promise<ImportChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "notegraph-bench-arxiv-"));
  try {
    return await runChild<ImportChildResult>({
      kind: "import",
      store: "kuzu",
      file,
      limit,
      ...(batchSize === undefined ? {} : { batchSize }),
      dataDir: join(dir, "kg"),
      rerun,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureKuzu(
  file: string,
  options: SnapshotOptions,
  noStoreSeconds: number,
  log: (message: string) => void,
): Promise<SnapshotResults["kuzu"]> {
  log(`  Kuzu: ${options.records.toLocaleString("en-US")} records into a fresh store, then again`);
  const result = await kuzuImport(file, options.records, options.batchSize, true);
  let large: NonNullable<SnapshotResults["kuzu"]["large"]> = null as never;
  if (options.largeRecords > 0) {
    const corpus = await ensureSnapshotCorpus(options.corpusRoot, options.largeRecords, options.seed, log);
    log(`  Kuzu: ${options.largeRecords.toLocaleString("en-US")} records into a fresh store`);
    const largeResult = await kuzuImport(corpus.file, options.largeRecords, options.batchSize, false);
    const { file: _f, gzFile: _g, ...facts } = corpus;
    large = {
      store: "kuzu",
      records: options.largeRecords,
      result: largeResult,
      ratioToMain: largeResult.first.seconds / result.first.seconds,
      corpus: facts,
    };
  }
  return {
    store: "kuzu",
    records: options.records,
    result,
    ratioToNoStore: result.first.seconds / noStoreSeconds,
    rerunRatio: result.rerun ? result.rerun.seconds / result.first.seconds : null,
    large: options.largeRecords > 0 ? large : null,
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
  try {
    await clearNeo4j(uri);
    log(`  Neo4j: ${options.records.toLocaleString("en-US")} records, then again`);
    const result = await runChild<ImportChildResult>({
      kind: "import",
      store: "neo4j",
      file,
      limit: options.records,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      neo4jUri: uri,
      rerun: true,
    });
    // The server's own ceiling on the same records, written on the emptied database.
    await clearNeo4j(uri);
    log("  Neo4j: the same graph by plain CREATE statements (the server's ceiling)");
    const ceiling = await runChild<CeilingResult>({
      kind: "neo4j-ceiling",
      file,
      limit: options.records,
      neo4jUri: uri,
    });
    return {
      store: "neo4j",
      records: options.records,
      result,
      papersPerSecond: result.first.summary.written / result.first.seconds,
      ceiling,
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

  collectGarbage();
  const noStoreTiming = await timed(() => importSnapshot(null, { file: corpus.file }));
  const kuzu = await measureKuzu(corpus.file, options, noStoreTiming.seconds, log);
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
export const DEFAULT_LARGE_RECORDS = 1_000_000;
