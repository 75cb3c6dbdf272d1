/**
 * `kg watch` and `kg serve` as processes, on the embedded store: `kg ingest` beside a running
 * `kg serve` (read-only) or `kg serve --watch` is refused with the process that holds the
 * database and what to do instead; a `kg watch` SIGKILLed while it writes a burst of notes
 * leaves a database the next `kg` rolls back to its last savepoint, and the watch started
 * again catches up: the graph is the one a clean `kg ingest` of the same notes gives.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { kg } from "../helpers/cli.js";
import { EXAMPLE_NOTE, tempDir } from "../helpers/extract.js";

const BIN = resolve(import.meta.dirname, "../../bin/kg.js");

interface Running {
  child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running: Running[] = [];

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const handle: Running = {
    child,
    stderr: () => stderr,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stderr);
        if (match) return match[0];
        if (child.exitCode !== null) throw new Error(`kg ${args[0]} exited (${child.exitCode}):\n${stderr}`);
        if (Date.now() > deadline)
          throw new Error(`no ${pattern} from kg ${args[0]} in ${timeoutMs} ms:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.push(handle);
  return handle;
}

const dirs: string[] = [];
afterEach(async () => {
  for (const each of running.splice(0)) await each.stop("SIGKILL");
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function vault(): { base: string; notes: string; dataDir: string } {
  const base = tempDir("notegraph-watch-cli-");
  dirs.push(base);
  const notes = join(base, "notes");
  cpSync(EXAMPLE_NOTE, join(notes, "multimodal"), { recursive: true });
  return { base, notes, dataDir: join(base, "kg") };
}

describe("kg ingest beside a running kg serve", () => {
  it("names the read-only kg serve that holds the database, and says what to do", async () => {
    const { notes, dataDir } = vault();
    expect((await kg(["ingest", notes, "--data-dir", dataDir])).code).toBe(0);
    const serve = start(["serve", "--data-dir", dataDir, "--port", "0"]);
    const url = (await serve.waitFor(/viewer: http:\/\/\S+/)).replace("viewer: ", "");
    const refused = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`is in use by \`kg serve\` (pid ${serve.child.pid}, ${url})`);
    expect(refused.stderr).toMatch(
      /stop the server \(Ctrl-C in its terminal\), run `kg ingest`, and start it again/,
    );
    expect(refused.stderr).toContain("`kg serve --watch <notes>`");
    // Stopped, it no longer holds the database, nor claims to.
    expect(await serve.stop()).toBe(0);
    expect(existsSync(join(dataDir, "graph.kuzu.serving"))).toBe(false);
    const after = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(after.code, after.stderr).toBe(0);
  });

  it("names a kg serve --watch, which ingests the notes itself", async () => {
    const { notes, dataDir } = vault();
    const serve = start(["serve", "--watch", notes, "--data-dir", dataDir, "--port", "0"]);
    await serve.waitFor(/following the notes/);
    const refused = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `is in use by \`kg serve --watch\` (pid ${serve.child.pid}, http://127.0.0.1:`,
    );
    expect(refused.stderr).toContain("it ingests the notes it watches by itself as they change");
    expect(await serve.stop()).toBe(0);
  });
});

describe("a kg watch killed while it writes", () => {
  it("is rolled back to its last savepoint, and catches up when started again", async () => {
    const { base, notes, dataDir } = vault();
    const watch = start(["watch", notes, "--data-dir", dataDir]);
    await watch.waitFor(/following the notes/);
    // A burst the watch takes in one batch; SIGKILL lands while that batch is being written
    // (or just before or after it: whichever, the outcome must be the same).
    const burst = join(notes, "burst");
    mkdirSync(burst);
    for (let i = 0; i < 300; i++) {
      writeFileSync(
        join(burst, `n${i}.md`),
        `# Note ${i}\n\nNote ${i} uses CLIP and contrastive learning.\n`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await watch.stop("SIGKILL");
    expect(existsSync(join(dataDir, "graph.kuzu.writing"))).toBe(true);

    const again = start(["watch", notes, "--data-dir", dataDir]);
    await again.waitFor(/following the notes/, 180_000);
    expect(again.stderr()).toMatch(/rolled back/);
    expect(await again.stop()).toBe(0);

    const clean = join(base, "clean");
    expect((await kg(["ingest", notes, "--data-dir", clean])).code).toBe(0);
    const fingerprint = async (dir: string) => {
      const run = await kg(["stats", "--fingerprint", "--format", "json", "--data-dir", dir]);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { fingerprint: string; totalNodes: number };
    };
    const watched = await fingerprint(dataDir);
    expect(watched.totalNodes).toBeGreaterThan(300);
    expect(watched.fingerprint).toBe((await fingerprint(clean)).fingerprint);
  }, 240_000);
});
