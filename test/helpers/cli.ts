/**
 * Runs the built `kg` CLI (dist/) as a user would, capturing stdout, stderr and the exit code.
 *
 * The CLI runs in a child process without blocking this one: a test worker whose event loop
 * is stuck in spawnSync cannot answer vitest's RPC (a slow CI machine then fails the run with
 * "Timeout calling onTaskUpdate" although every test passed), nor serve a test's own local
 * server (a stand-in for the arXiv API) that the CLI is waiting on.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const BIN = resolve(import.meta.dirname, "../../bin/kg.js");
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
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      // The embedded store unless a test asks for Neo4j with --neo4j-uri: CI sets NEO4J_URI for
      // the Neo4j tests, and other CLI tests must not write into that shared server.
      env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1", ...options.env },
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
    child.on("error", fail);
    // "close", not "exit": it comes after both streams have ended, so no output is lost.
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
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
