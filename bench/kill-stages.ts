/**
 * The kill-and-resume section (issue 7): on each store, a clean `kg ingest` of the corpus (the
 * baseline, and the fingerprint to match), then the same command run again and again on a
 * second, empty graph, each run SIGKILLed at a seeded fraction of the clean run's time, until
 * one is let finish. Reports what the interruptions cost against the clean run and whether the
 * graph is the clean one. `kg` runs as a child process with its defaults, as a user runs it;
 * Neo4j is a server of the bench's own (bench/local-neo4j.ts), emptied between the two graphs.
 *
 * Where to kill: on Kuzu, at a seeded fraction of the clean run's time. On Neo4j that missed
 * (a 10,000-note run took 632 s once and under 297 s the next, with the machine's load): there
 * the bench waits until a seeded fraction of the notes the run has left is stored, then a
 * seeded part of half a batch's time in this run, so each kill lands in the run, between or
 * inside transactions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import neo4j from "neo4j-driver";
import { DEFAULT_BATCH_SIZE } from "../src/pipeline/ingest.js";
import { generateCorpus } from "./corpus.js";
import {
  fingerprintOf,
  type KgRun,
  killPoints,
  kuzuAt,
  neo4jAt,
  runKg,
  type StoreFlags,
} from "./kill-resume.js";
import { startLocalNeo4j } from "./local-neo4j.js";
import { loadAverageNow } from "./measure.js";
import { clearNeo4j } from "./snapshot-stages.js";

export const KILL_STORES = ["kuzu", "neo4j"] as const;
export type KillStore = (typeof KILL_STORES)[number];

export interface KillOptions {
  corpusDir: string;
  notes: number;
  kills: number;
  seed: number;
  stores: readonly KillStore[];
}

export interface KilledRun {
  fraction: number;
  seconds: number;
  /** False when the run had finished before its kill point (then the chain ends there). */
  killed: boolean;
}

export interface KillChain {
  store: KillStore;
  notes: number;
  clean: { seconds: number; loadAfter: number; summary: string };
  runs: KilledRun[];
  /** The run that finished (after the kills, or one that finished before its kill point). */
  resume: { seconds: number; summary: string; code: number };
  /** Every run of the chain, killed ones included, over the clean run. */
  totalRatio: number;
  /** The finishing run alone over the clean run. */
  resumeRatio: number;
  fingerprintMatches: boolean;
  /** Neo4j: the server's start-up time. */
  serverStartSeconds: number | null;
  loadAfter: number;
}

export interface KillResults {
  seed: number;
  chains: KillChain[];
}

export async function measureKillResume(
  options: KillOptions,
  log: (message: string) => void,
): Promise<KillResults> {
  const chains: KillChain[] = [];
  for (const store of options.stores) {
    log(`  kill and resume on ${store}: ${options.notes} notes, ${options.kills} kills`);
    chains.push(store === "kuzu" ? await onKuzu(options, log) : await onNeo4j(options, log));
  }
  return { seed: options.seed, chains };
}

async function onKuzu(options: KillOptions, log: (message: string) => void): Promise<KillChain> {
  const scratch = mkdtempSync(join(tmpdir(), "notegraph-bench-kill-"));
  try {
    const cleanStore = kuzuAt(join(scratch, "clean"));
    const clean = await cleanRun(options.corpusDir, cleanStore, log);
    const chain = await killChain(options, kuzuAt(join(scratch, "killed")), clean.run, log, (fraction) =>
      Math.round(clean.run.ms * fraction),
    );
    return {
      ...chain,
      store: "kuzu",
      notes: options.notes,
      clean: clean.facts,
      fingerprintMatches: chain.fingerprint === clean.fingerprint,
      serverStartSeconds: null,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function onNeo4j(options: KillOptions, log: (message: string) => void): Promise<KillChain> {
  const server = await startLocalNeo4j();
  const scratch = mkdtempSync(join(tmpdir(), "notegraph-bench-kill-"));
  try {
    const store = neo4jAt(server.uri);
    log(`    local Neo4j ready in ${((server.startsMs[0] ?? 0) / 1000).toFixed(1)} s; warming it up`);
    // A fresh server's first ingest runs several times slower (its JIT warms up): not a baseline.
    generateCorpus(join(scratch, "warm-up"), 200, options.seed + 1);
    await expectOk(runKg(["ingest", join(scratch, "warm-up"), ...store, "--quiet"]), "warm-up ingest");
    await clearNeo4j(server.uri);
    const clean = await cleanRun(options.corpusDir, store, log);
    await clearNeo4j(server.uri);
    const chain = await killChain(options, store, clean.run, log, (fraction, delay, running) =>
      whenStored(server.uri, options.notes, fraction, delay, running),
    );
    return {
      ...chain,
      store: "neo4j",
      notes: options.notes,
      clean: clean.facts,
      fingerprintMatches: chain.fingerprint === clean.fingerprint,
      serverStartSeconds: (server.startsMs[0] ?? 0) / 1000,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await server.dispose();
  }
}

const ingestArgs = (corpusDir: string, store: StoreFlags) => ["ingest", corpusDir, ...store];
const notesLine = (run: KgRun) => run.stderr.split("\n").find((line) => line.startsWith("notes:")) ?? "";

async function cleanRun(corpusDir: string, store: StoreFlags, log: (message: string) => void) {
  const run = await expectOk(runKg(ingestArgs(corpusDir, store)), "clean ingest");
  const fingerprint = await fingerprintOf(store);
  log(`    clean run ${(run.ms / 1000).toFixed(1)} s (${notesLine(run)})`);
  return {
    run,
    fingerprint,
    facts: { seconds: run.ms / 1000, loadAfter: loadAverageNow(), summary: notesLine(run) },
  };
}

/** When to kill a run: after some milliseconds, or when a promise resolves (while `running.is`). */
type KillTrigger = (fraction: number, delay: number, running: { is: boolean }) => number | Promise<void>;

async function killChain(
  options: KillOptions,
  store: StoreFlags,
  clean: KgRun,
  log: (message: string) => void,
  trigger: KillTrigger,
) {
  const args = ingestArgs(options.corpusDir, store);
  const runs: KilledRun[] = [];
  let spent = 0;
  let finished: KgRun | null = null;
  const delays = killPoints(options.kills, options.seed + 1);
  for (const [index, fraction] of killPoints(options.kills, options.seed).entries()) {
    const running = { is: true };
    const when = trigger(fraction, delays[index] ?? 0, running);
    if (typeof when === "object")
      when.catch((error: unknown) => log(`    kill trigger failed: ${String(error)}`));
    const run = await runKg(args, when);
    running.is = false;
    spent += run.ms;
    const killed = run.signal === "SIGKILL";
    runs.push({ fraction, seconds: run.ms / 1000, killed });
    log(
      `    run killed at ${(fraction * 100).toFixed(0)}%: ${killed ? "killed" : "had finished"} after ${(run.ms / 1000).toFixed(1)} s`,
    );
    // A run that finished before its kill point is the finishing run: the chain ends there.
    if (!killed) {
      finished = run;
      break;
    }
  }
  if (!finished) {
    finished = await runKg(args);
    spent += finished.ms;
    log(`    resumed in ${(finished.ms / 1000).toFixed(1)} s (${notesLine(finished)})`);
  }
  const resume = finished;
  const fingerprint = await fingerprintOf(store);
  return {
    runs,
    resume: { seconds: resume.ms / 1000, summary: notesLine(resume), code: resume.code },
    totalRatio: spent / clean.ms,
    resumeRatio: resume.ms / clean.ms,
    fingerprint,
    loadAfter: loadAverageNow(),
  };
}

/**
 * Resolves once `fraction` of the notes this run has left to do are stored (Notes with a
 * hash: ingested, not only linked to), plus `delay` times half the time a batch has taken in
 * this run (half, to stay inside the next batch).
 */
async function whenStored(
  uri: string,
  total: number,
  fraction: number,
  delay: number,
  running: { is: boolean },
): Promise<void> {
  const started = performance.now();
  const driver = neo4j.driver(uri);
  const storedNow = async () => {
    const { records } = await driver.executeQuery(
      "MATCH (n:Note) WHERE n.hash IS NOT NULL RETURN count(n) AS stored",
    );
    return Number(records[0]?.get("stored") ?? 0);
  };
  let before = 0;
  let stored = 0;
  try {
    before = await storedNow();
    const target = before + Math.max(1, Math.ceil(fraction * (total - before)));
    stored = before;
    while (running.is && stored < target) {
      await sleep(250);
      stored = await storedNow();
    }
  } finally {
    await driver.close();
  }
  const batchMs = (performance.now() - started) / Math.max(1, (stored - before) / DEFAULT_BATCH_SIZE);
  await sleep((delay * batchMs) / 2);
}

async function expectOk(running: Promise<KgRun>, what: string): Promise<KgRun> {
  const run = await running;
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
  return run;
}
