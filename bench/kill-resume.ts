/**
 * Kill-and-resume of `kg ingest`, what the tests (test/resilience/) and the benchmark share:
 * seeded kill points (a failure can be replayed), running the built `kg` as a child process
 * and SIGKILLing it after a delay, and the graph fingerprint `kg stats --fingerprint` prints.
 * A store is named by the `kg` flags that select it, so the same code drives Kuzu and Neo4j.
 *
 * A kill proves nothing unless it lands inside the run: `killMidRun` judges each kill from
 * what the run left behind and tries an earlier or later point when it landed too late or too
 * early. `kuzuLeftovers` reads what a killed run left in a Kuzu data directory without
 * rolling it back.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packageRoot } from "../src/paths.js";

const BIN = resolve(packageRoot(), "bin", "kg.js");

/** The flags that select a store: `["--data-dir", dir]` or `["--neo4j-uri", uri]`. */
export type StoreFlags = readonly string[];

export const kuzuAt = (dataDir: string): StoreFlags => ["--data-dir", dataDir];
export const neo4jAt = (uri: string): StoreFlags => ["--neo4j-uri", uri];

export interface KgRun {
  /** The exit code; -1 when a signal ended the process. */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The process id (what Kuzu's rollback marker names while the run writes). */
  pid: number;
}

/**
 * `kg ...args`, killed with SIGKILL after `killWhen` (milliseconds, or when the promise settles)
 * if it still runs then. The store is only what `args` select: NEO4J_URI is cleared (unless
 * `spawnOptions.env` sets it), so a CI-wide server is never written by mistake. Resolves once
 * the process has exited and both its streams are read to the end.
 */
export function runKg(
  args: readonly string[],
  killWhen?: number | Promise<unknown>,
  spawnOptions: { cwd?: string | undefined; env?: Record<string, string> | undefined } = {},
): Promise<KgRun> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: spawnOptions.cwd,
      env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1", ...spawnOptions.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const kill = () => child.kill("SIGKILL");
    const timer = typeof killWhen === "number" ? setTimeout(kill, Math.max(0, killWhen)) : null;
    // A trigger that fails kills nothing: the run goes on to its end.
    if (typeof killWhen === "object") killWhen.then(kill, () => undefined);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      done({
        code: code ?? -1,
        signal,
        stdout,
        stderr,
        ms: performance.now() - started,
        pid: child.pid ?? -1,
      });
    });
  });
}

/** Where a SIGKILL landed in a run, and what shows it. */
export interface Landing {
  kind: "mid-run" | "too-early" | "too-late";
  evidence: string;
}

export interface LandedKill {
  /** The run whose kill landed mid-run. */
  run: KgRun;
  killedAtMs: number;
  evidence: string;
  /** Each try: where it killed and where that landed. */
  tries: string[];
}

/**
 * `kg ...args` SIGKILLed `firstMs` after its start, and again at other points until `judge`
 * finds the kill landed mid-run: after a kill that came too late (the run had finished, or
 * had stored everything) the next point is earlier, after one too early (nothing stored yet)
 * later, halfway between the nearest points known to be too early and too late. `reset` puts
 * the store back as it was before the run ahead of each new try. After `tries` kills that
 * missed, throws with where each landed.
 */
export async function killMidRun(options: {
  args: readonly string[];
  firstMs: number;
  /** About how long the run takes uninterrupted: the first bound for a later point. */
  runMs: number;
  judge: (run: KgRun) => Promise<Landing>;
  reset: () => Promise<void>;
  tries?: number;
  env?: Record<string, string>;
}): Promise<LandedKill> {
  const tries: string[] = [];
  let early = 0;
  let late = Math.max(options.runMs, options.firstMs);
  let ms = Math.round(options.firstMs);
  for (let attempt = 1; attempt <= (options.tries ?? 4); attempt++) {
    if (attempt > 1) await options.reset();
    const run = await runKg(options.args, ms, { env: options.env });
    const landing = await options.judge(run);
    tries.push(`kill ${attempt} at ${ms} ms: ${landing.kind} (${landing.evidence})`);
    if (landing.kind === "mid-run") return { run, killedAtMs: ms, evidence: landing.evidence, tries };
    if (landing.kind === "too-late") late = Math.min(ms, run.ms);
    else {
      early = ms;
      // This run is slower than the estimate: look further on.
      if (late <= early) late = early * 2;
    }
    ms = Math.round((early + late) / 2);
  }
  throw new Error(`no kill landed mid-run in \`kg ${options.args.join(" ")}\`:\n  ${tries.join("\n  ")}`);
}

/** A kill that came after the run's work: it exited by itself, or had printed its summary. */
export function finishedBeforeKill(run: KgRun): Landing | null {
  if (run.signal !== "SIGKILL")
    return { kind: "too-late", evidence: `it exited ${run.code} by itself after ${Math.round(run.ms)} ms` };
  if (/^notes: /m.test(run.stderr))
    return { kind: "too-late", evidence: "it had printed its summary: every batch was written" };
  return null;
}

/**
 * Where a kill landed, judged by the notes stored when it came (`stored`: null when the run
 * had not begun writing). Mid-run: killed by the signal, some notes stored but not `total`.
 */
export function landingByNotes(
  run: KgRun,
  total: number,
  stored: { notes: number; how: string } | null,
): Landing {
  const finished = finishedBeforeKill(run);
  if (finished) return finished;
  if (stored === null) return { kind: "too-early", evidence: "it had not begun writing" };
  if (stored.notes === 0) return { kind: "too-early", evidence: `no note stored yet (${stored.how})` };
  if (stored.notes >= total)
    return { kind: "too-late", evidence: `all ${total} notes stored (${stored.how})` };
  return { kind: "mid-run", evidence: `${stored.notes} of ${total} notes stored (${stored.how})` };
}

/** The stored graph's fingerprint (node ids, edge keys, properties; src/export/fingerprint.ts). */
export async function fingerprintOf(store: StoreFlags): Promise<string> {
  const run = await runKg(["stats", "--fingerprint", "--format", "json", ...store]);
  if (run.code !== 0) throw new Error(`kg stats --fingerprint failed (${run.code}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { fingerprint: string }).fingerprint;
}

/**
 * `count` fractions in (0.05, 0.95) from `seed`: where, in a clean run's duration, to kill.
 * (A linear congruential generator: the first kill tests' points, kept so they replay.)
 */
export function killPoints(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 0.05 + 0.9 * (state / 2 ** 31);
  });
}

/** What a killed `kg` left in a Kuzu data directory, read without rolling anything back. */
export interface KuzuLeftovers {
  /** The rollback marker names this run: it had the store open for writing and never closed it. */
  writing: boolean;
  /** Notes with a hash in the database as the kill left it. */
  notes: number;
  /** How `notes` was read. */
  how: string;
  /** `kg stats --fingerprint` of that database (when asked for). */
  fingerprint: string | null;
  /** Notes the rollback copy holds, i.e. what the next run keeps (0: the run created the database and had no savepoint yet). */
  savepointNotes: number;
}

const COUNT_NOTES = "MATCH (n:Note) WHERE n.hash IS NOT NULL RETURN count(n) AS n";

/**
 * Reads a Kuzu data directory that a SIGKILLed `kg` (process `pid`) left, from copies: opening
 * it in place would roll it back. The database is read with its write-ahead log; Kuzu 0.11
 * cannot always replay a killed process's log (why src/store/kuzu-rollback.ts exists), and
 * then the database file alone is read, as of its last checkpoint.
 */
export async function kuzuLeftovers(
  dataDir: string,
  pid: number,
  options: { fingerprint?: boolean } = {},
): Promise<KuzuLeftovers> {
  const database = join(dataDir, "graph.kuzu");
  let marker: { pid?: unknown; fresh?: unknown; copy?: unknown; copyHasLog?: unknown } = {};
  try {
    marker = JSON.parse(readFileSync(`${database}.writing`, "utf8")) as typeof marker;
  } catch {
    // no marker (or a half-written one): this run was not writing
  }
  const writing = marker.pid === pid;
  const withLog = await readKuzuCopy(
    [database, `${database}.wal`, `${database}.shadow`],
    "the database with its log",
    options.fingerprint === true,
  );
  const read =
    withLog.ok || !existsSync(database)
      ? withLog
      : await readKuzuCopy(
          [database],
          "the database as of its last checkpoint",
          options.fingerprint === true,
        );
  // The copy the marker names (one of two generations), with its log when it has one.
  const copy = join(dataDir, typeof marker.copy === "string" ? marker.copy : "graph.kuzu.bak");
  const savepoint =
    marker.fresh === false && existsSync(copy)
      ? await readKuzuCopy(
          marker.copyHasLog === true ? [copy, `${copy}.wal`] : [copy],
          "the rollback copy",
          false,
        )
      : null;
  return {
    writing,
    notes: read.notes,
    how: read.how,
    fingerprint: read.fingerprint,
    savepointNotes: savepoint?.notes ?? 0,
  };
}

async function readKuzuCopy(
  files: readonly string[],
  what: string,
  withFingerprint: boolean,
): Promise<{ ok: boolean; notes: number; how: string; fingerprint: string | null }> {
  const [database] = files;
  if (!database || !existsSync(database))
    return { ok: false, notes: 0, how: "no database yet", fingerprint: null };
  const copy = mkdtempSync(join(tmpdir(), "notegraph-kuzu-leftovers-"));
  try {
    // The first file is the database: copied as graph.kuzu, its companions keep their suffixes.
    for (const file of files) {
      if (!existsSync(file)) continue;
      copyFileSync(file, join(copy, `graph.kuzu${file.slice(database.length)}`));
    }
    const run = await runKg(["query", "--format", "json", COUNT_NOTES, ...kuzuAt(copy)]);
    if (run.code !== 0) {
      // A database whose first write (the schema) was not checkpointed yet has no Note table.
      if (/Table Note does not exist/.test(run.stderr))
        return { ok: true, notes: 0, how: `${what}: no Note table yet`, fingerprint: null };
      return {
        ok: false,
        notes: 0,
        how: `${what} did not open: ${run.stderr.trim().split("\n")[0]}`,
        fingerprint: null,
      };
    }
    const notes = Number((JSON.parse(run.stdout) as { n: number }[])[0]?.n ?? 0);
    const fingerprint = withFingerprint ? await fingerprintOf(kuzuAt(copy)) : null;
    return { ok: true, notes, how: `read from ${what}`, fingerprint };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
