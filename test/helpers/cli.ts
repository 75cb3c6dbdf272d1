/**
 * Runs the built `kg` CLI (dist/) as a user would, capturing stdout, stderr and the exit code.
 *
 * The CLI runs in a child process without blocking this one: a test worker whose event loop
 * is stuck in spawnSync cannot answer vitest's RPC (a slow CI machine then fails the run with
 * "Timeout calling onTaskUpdate" although every test passed), nor serve a test's own local
 * server (a stand-in for the arXiv API) that the CLI is waiting on.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { runKg } from "../../bench/kill-resume.js";

const BUILT = resolve(import.meta.dirname, "../../dist/src/cli/main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `kg ...args`, resolving once the process has exited and its stdout and stderr are read to the
 * end (all of both, however long). The code is -1 when the process was killed by a signal.
 */
export async function kg(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  if (!existsSync(BUILT))
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the CLI tests");
  // The embedded store unless a test asks for Neo4j with --neo4j-uri: CI sets NEO4J_URI for
  // the Neo4j tests, and other CLI tests must not write into that shared server (runKg clears it).
  const run = await runKg(args, undefined, options);
  return { code: run.code, stdout: run.stdout, stderr: run.stderr };
}

/** `kg query --format json`, parsed; fails the test with stderr when the query fails. */
export async function queryJson<T = Record<string, unknown>>(
  dataDir: string,
  cypher: string,
  params: string[] = [],
): Promise<T[]> {
  const result = await kg([
    "query",
    "--data-dir",
    dataDir,
    "--format",
    "json",
    cypher,
    ...params.flatMap((p) => ["--param", p]),
  ]);
  if (result.code !== 0) throw new Error(`kg query failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T[];
}
