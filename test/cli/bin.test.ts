/**
 * The `kg` executable (bin/kg.js) as installed, not the CLI behind it: it says "not built" only
 * when dist/ lacks the CLI, and otherwise shows the real failure (the missing module by name).
 * It runs from a copy of bin/ in a temporary package, so the repository's own dist/ is never
 * touched. And running it through npm, as the README says to, prints no npm warning.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/extract.js";

const REPO = resolve(import.meta.dirname, "../..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** A package holding a copy of bin/kg.js and, when given, a dist/src/cli/main.js of our own. */
function installedCopy(main: string | null): string {
  const root = tempDir("kg-bin-");
  mkdirSync(join(root, "bin"));
  copyFileSync(join(REPO, "bin", "kg.js"), join(root, "bin", "kg.js"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "kg-bin-copy", type: "module" }));
  if (main !== null) {
    mkdirSync(join(root, "dist", "src", "cli"), { recursive: true });
    writeFileSync(join(root, "dist", "src", "cli", "main.js"), main);
  }
  return root;
}

describe("bin/kg.js", () => {
  it("says the CLI is not built when dist/ has no CLI (exit 2)", async () => {
    const root = installedCopy(null);
    const result = await run(process.execPath, [join(root, "bin", "kg.js"), "--version"], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not built yet.*npm run build/);
  });

  it("names a missing dependency of a built CLI instead of saying it is not built (exit 1)", async () => {
    const root = installedCopy('import "notegraph-missing-dependency";\n');
    const result = await run(process.execPath, [join(root, "bin", "kg.js"), "--version"], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("notegraph-missing-dependency");
    expect(result.stderr).toContain("npm install");
    expect(result.stderr).not.toContain("not built");
  });

  it("shows any other failure of the CLI as it is", async () => {
    const root = installedCopy('throw new Error("the CLI broke on load");\n');
    const result = await run(process.execPath, [join(root, "bin", "kg.js"), "--version"], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the CLI broke on load");
    expect(result.stderr).not.toContain("not built");
  });

  it("runs the built CLI", async () => {
    const result = await run(process.execPath, [join(REPO, "bin", "kg.js"), "--version"], { cwd: REPO });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("kg into a pipe that closes early", () => {
  it("stops quietly when the reader stops reading (`kg ... | head -1`)", async () => {
    const folder = tempDir("kg-pipe-");
    writeFileSync(join(folder, "a.md"), "# CLIP\n\narXiv:2103.00020\n");
    const dataDir = join(folder, "kg");
    const rows = `node bin/kg.js query 'UNWIND range(1, 200000) AS x RETURN x' --format csv --data-dir '${dataDir}'`;
    const script = [
      `node bin/kg.js ingest '${join(folder, "a.md")}' --data-dir '${dataDir}' >/dev/null 2>&1`,
      `node bin/kg.js stats --data-dir '${dataDir}' | head -1`,
      `${rows} | head -1`,
    ].join(" && ");
    const result = await run("sh", ["-c", script], { cwd: REPO });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(result.stdout.split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("keeps what an ingest wrote when nothing reads its messages (`kg ingest ... 2>&1 | true`)", async () => {
    const folder = tempDir("kg-pipe-write-");
    writeFileSync(join(folder, "a.md"), "# CLIP\n\narXiv:2103.00020\n");
    const dataDir = join(folder, "kg");
    // `true` exits before kg writes its first line: every message meets a closed pipe.
    const ingest = `node bin/kg.js ingest '${join(folder, "a.md")}' --data-dir '${dataDir}' 2>&1 | true`;
    expect((await run("sh", ["-c", ingest], { cwd: REPO })).code).toBe(0);
    const stats = await run("node", ["bin/kg.js", "stats", "--data-dir", dataDir, "--format", "json"], {
      cwd: REPO,
    });
    expect(stats.stderr).not.toMatch(/interrupted|rolled back/);
    expect(JSON.parse(stats.stdout).nodes).toMatchObject({ Note: 1, Paper: 1 });
    const again = await run("node", ["bin/kg.js", "ingest", join(folder, "a.md"), "--data-dir", dataDir], {
      cwd: REPO,
    });
    expect(again.stderr).toMatch(/notes: 1 found, 0 ingested, 1 unchanged/);
  });
});

describe("npx kg in the repository", () => {
  it("prints the version and no npm warning (the project's npm config is all known to npm)", async () => {
    // A user's shell: none of the npm_* variables `npm test` hands its children.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
    );
    // `--no`: never fetch a package called kg from the registry; this folder's own bin or fail.
    const result = await run("npx", ["--no", "--", "kg", "--version"], { cwd: REPO, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.stderr).not.toMatch(/npm warn/i);
  });
});
