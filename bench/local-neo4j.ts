/**
 * A dedicated local Neo4j (scripts/neo4j.mjs) for runs that kill or wipe their server: its own
 * free port and data directory, so a shared server (CI's NEO4J_URI, a colleague's) is never
 * touched. It can be SIGKILLed the hard way (the JVM itself, not the script that runs it) and
 * started again on the same data directory, which is how a crash is recovered.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { packageRoot } from "../src/paths.js";

/** Start-up measured at 10-20 s on a loaded 2-core machine; a Maven build first takes longer. */
const READY_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 30_000;

export interface LocalNeo4j {
  readonly uri: string;
  readonly dataDir: string;
  /** How long each start took to print "ready", in ms. */
  readonly startsMs: readonly number[];
  /** SIGKILLs the JVM (no shutdown, no checkpoint) and waits for it to be gone. */
  crash(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL) and deletes its data directory. */
  dispose(): Promise<void>;
}

export const neo4jLocalJar = (): string => join(packageRoot(), "neo4j-local", "target", "neo4j-local.jar");

export async function startLocalNeo4j(): Promise<LocalNeo4j> {
  const port = await freePort();
  const dataDir = join(mkdtempSync(join(tmpdir(), "notegraph-neo4j-")), "neo4j");
  const startsMs: number[] = [];
  let script: ChildProcess | null = null;
  let jvm: number | null = null;
  // Should this process end without dispose() (a test runner killed), the server goes too.
  const orphanGuard = () => {
    if (jvm !== null) tryKill(jvm, "SIGKILL");
  };
  process.on("exit", orphanGuard);

  const start = async () => {
    const started = performance.now();
    script = spawn(process.execPath, [join(packageRoot(), "scripts", "neo4j.mjs")], {
      env: {
        ...process.env,
        NEO4J_BOLT_PORT: String(port),
        NEO4J_DATA_DIR: dataDir,
        NEO4J_PASSWORD: "",
        // Recording a class-data archive costs ~45 s once and writes into neo4j-local/target.
        NEO4J_LOCAL_CDS: process.env.NEO4J_LOCAL_CDS ?? "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await waitForReady(script);
    startsMs.push(performance.now() - started);
    jvm = javaChild(script.pid as number);
  };

  const waitForExit = (child: ChildProcess | null, ms: number): Promise<boolean> =>
    new Promise((done) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return done(true);
      const timer = setTimeout(() => done(false), ms);
      child.once("exit", () => {
        clearTimeout(timer);
        done(true);
      });
    });

  await start();
  return {
    uri: `bolt://127.0.0.1:${port}`,
    dataDir,
    startsMs,
    async crash() {
      if (jvm === null) throw new Error("neo4j-local: no JVM to kill");
      tryKill(jvm, "SIGKILL");
      jvm = null;
      // The script exits as soon as its java child is gone.
      await waitForExit(script, STOP_TIMEOUT_MS);
    },
    async restart() {
      await start();
    },
    async dispose() {
      try {
        if (script && !(await waitForExit(script, 0))) {
          script.kill("SIGTERM");
          if (!(await waitForExit(script, STOP_TIMEOUT_MS))) {
            if (jvm !== null) tryKill(jvm, "SIGKILL");
            script.kill("SIGKILL");
            await waitForExit(script, STOP_TIMEOUT_MS);
          }
        }
      } finally {
        jvm = null;
        process.off("exit", orphanGuard);
        rmSync(join(dataDir, ".."), { recursive: true, force: true });
      }
    },
  };
}

function waitForReady(script: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    let stderr = "";
    script.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => {
      script.kill("SIGTERM");
      fail(new Error(`neo4j-local was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`));
    }, READY_TIMEOUT_MS);
    const lines = createInterface({ input: script.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      if (!line.includes("ready bolt://")) return;
      clearTimeout(timer);
      done();
    });
    script.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`neo4j-local exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

/** scripts/neo4j.mjs runs the server as its one child process: `java ... -jar neo4j-local.jar`. */
function javaChild(scriptPid: number): number {
  let children: string;
  try {
    children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, "utf8");
  } catch {
    children = execFileSync("pgrep", ["-P", String(scriptPid)], { encoding: "utf8" });
  }
  const pid = Number(children.trim().split(/\s+/)[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`neo4j-local: no java child of ${scriptPid}`);
  return pid;
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
