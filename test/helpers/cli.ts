/** Runs the built `kg` CLI (dist/) as a user would, capturing stdout, stderr and the exit code. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const BIN = resolve(import.meta.dirname, "../../bin/kg.js");
const BUILT = resolve(import.meta.dirname, "../../dist/src/cli/main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kg(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  if (!existsSync(BUILT))
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the CLI tests");
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    // The embedded store unless a test asks for Neo4j with --neo4j-uri: CI sets NEO4J_URI for
    // the Neo4j tests, and other CLI tests must not write into that shared server.
    env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `kg` without blocking this process, for tests that serve something to it (a local arXiv
 * API): spawnSync would stall the test's own server while the CLI waits on it.
 */
export function kgAsync(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
  if (!existsSync(BUILT))
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the CLI tests");
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1", ...options.env },
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
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** `kg query --format json`, parsed; fails the test with stderr when the query fails. */
export function queryJson<T = Record<string, unknown>>(
  dataDir: string,
  cypher: string,
  params: string[] = [],
): T[] {
  const result = kg([
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
