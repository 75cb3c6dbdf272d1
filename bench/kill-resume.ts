/**
 * Kill-and-resume of `kg ingest`, what the tests (test/resilience/) and the benchmark share:
 * seeded kill points (a failure can be replayed), running the built `kg` as a child process
 * and SIGKILLing it after a delay, and the graph fingerprint `kg stats --fingerprint` prints.
 * A store is named by the `kg` flags that select it, so the same code drives Kuzu and Neo4j.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
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
      done({ code: code ?? -1, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** `kg` SIGKILLed after `ms`; true when the kill landed (false: it had finished by then). */
export async function killKgAfter(args: readonly string[], ms: number): Promise<boolean> {
  const run = await runKg(args, ms);
  return run.signal === "SIGKILL";
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
