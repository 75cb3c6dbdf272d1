#!/usr/bin/env node
// Local Neo4j for notegraph without Docker: builds neo4j-local/ (Neo4j 5.26 Community embedded,
// Bolt on 127.0.0.1) with Maven when needed, then runs it in the foreground.
//
//   node scripts/neo4j.mjs          build if needed, then start (Ctrl-C / SIGTERM stops it)
//   node scripts/neo4j.mjs build    build only
//   node scripts/neo4j.mjs build --if-stale    build only when the jar is missing or older than its sources
//
// Env: NEO4J_BOLT_PORT (7687), NEO4J_DATA_DIR (.kg/neo4j, relative to the working directory),
// NEO4J_PASSWORD (unset: auth off), NEO4J_JAVA_OPTS (extra JVM flags), JAVA_HOME,
// MAVEN_REPO_LOCAL (Maven's local repository, default ~/.m2/repository),
// NEO4J_LOCAL_CDS=0|1 (class-data archive off/on; default on, off when CI is set). See neo4j-local/README.md.
// No dependencies: plain Node ESM.

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { constants, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "neo4j-local");
const targetDir = path.join(moduleDir, "target");
const jar = path.join(targetDir, "neo4j-local.jar");
const isWindows = process.platform === "win32";
// Keep stdout for our own "ready"/"stopped" lines: the JVM's own warnings go to stderr.
const baseJvmArgs = ["-Xmx1g", "-Xlog:disable", "-Xlog:all=warning:stderr"];

function fail(message) {
  console.error(`neo4j-local: ${message}`);
  process.exit(1);
}

function javaBin() {
  const home = process.env.JAVA_HOME;
  return home ? path.join(home, "bin", isWindows ? "java.exe" : "java") : "java";
}

/** Checks Java and returns an id of this exact JVM (a class-data archive only fits the JVM that made it). */
function checkJava() {
  const r = spawnSync(javaBin(), ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    fail(
      `cannot run \`${javaBin()}\` (${r.error?.code ?? `exit ${r.status}`}). Neo4j 5.26 needs a Java 17 or 21 ` +
        "runtime: install one (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17) " +
        "or point JAVA_HOME at it.",
    );
  }
  const version = /version "([^"]+)"/.exec(r.stderr)?.[1] ?? "";
  const major = Number(version.startsWith("1.") ? version.split(".")[1] : version.split(/[.+-]/)[0]);
  if (!(major >= 17)) {
    fail(`Java ${version || "(unknown version)"} is too old: Neo4j 5.26 needs Java 17 or 21.`);
  }
  if (major !== 17 && major !== 21) {
    console.error(`neo4j-local: warning: Java ${version}; Neo4j 5.26 is supported on Java 17 and 21 only.`);
  }
  return createHash("sha1").update(r.stderr).digest("hex").slice(0, 10);
}

function newestSourceMtime(dir = path.join(moduleDir, "src")) {
  let newest = statSync(path.join(moduleDir, "pom.xml")).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function jarIsStale() {
  if (!existsSync(jar) || !existsSync(path.join(targetDir, "lib"))) return true;
  return statSync(jar).mtimeMs < newestSourceMtime();
}

/** One build at a time per checkout, so that two starts on a fresh tree don't run Maven over each other. */
async function withBuildLock(fn) {
  mkdirSync(targetDir, { recursive: true });
  const lock = path.join(targetDir, ".build-lock");
  const owner = path.join(lock, "pid");
  for (let waited = 0; ; waited += 1) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      if (lockIsStale(lock, owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited === 0) console.error("neo4j-local: waiting for another build to finish...");
      await sleep(1000);
    }
  }
  // Also on process.exit() from fail(); a build killed by a signal leaves a lock that lockIsStale() clears.
  const release = () => rmSync(lock, { recursive: true, force: true });
  process.once("exit", release);
  try {
    return await fn();
  } finally {
    release();
    process.off("exit", release);
  }
}

function lockIsStale(lock, owner) {
  try {
    process.kill(Number(readFileSync(owner, "utf8")), 0);
    return false; // its builder is alive
  } catch (e) {
    if (e.code === "ESRCH") return true;
    // No pid file yet: either just created, or its creator died in between.
    const mtime = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
    return e.code === "ENOENT" && mtime !== undefined && Date.now() - mtime > 60_000;
  }
}

function mavenBuild() {
  const args = ["-q", "-B", "package", "-DskipTests"];
  if (process.env.MAVEN_REPO_LOCAL) {
    args.push(`-Dmaven.repo.local=${path.resolve(process.env.MAVEN_REPO_LOCAL)}`);
  }
  console.error(
    "neo4j-local: building neo4j-local/ with Maven (the first build downloads ~170 MB from Maven Central)...",
  );
  const before = existsSync(jar) ? statSync(jar).mtimeMs : 0;
  // Maven's output goes to our stderr: stdout is only for the server's ready line.
  const r = spawnSync("mvn", args, { cwd: moduleDir, stdio: ["ignore", 2, 2], shell: isWindows });
  if (r.error?.code === "ENOENT") {
    fail(
      "`mvn` not found. Install Apache Maven 3.6+ (Debian/Ubuntu: apt-get install maven; macOS: brew install maven).",
    );
  }
  if (r.error || r.status !== 0) {
    fail(`Maven build failed (${r.error?.message ?? `exit ${r.status}`}); see above.`);
  }
  // Maven leaves an up-to-date jar untouched; touch it so an edited-but-equivalent source isn't rebuilt forever.
  if (jarIsStale()) {
    const now = new Date();
    utimesSync(jar, now, now);
  }
  if (statSync(jar).mtimeMs !== before) removeArchives();
}

// Class-data sharing (CDS): loading classes from 200+ jars is most of Neo4j's start-up time. A dynamic
// CDS archive, recorded once per jar and JVM, made starts 30-40% faster here (7-11 s instead of 10-20 s).
// In a throwaway checkout (CI) the archive never pays back its one-time cost, so it is off there.
function useArchive() {
  const flag = process.env.NEO4J_LOCAL_CDS;
  if (flag === "0" || flag === "1") return flag === "1";
  const ci = process.env.CI;
  return !ci || ci === "false" || ci === "0";
}

function archivePath(javaId) {
  return path.join(targetDir, `neo4j-local-${javaId}.jsa`);
}

function removeArchives() {
  if (!existsSync(targetDir)) return;
  for (const f of readdirSync(targetDir)) {
    if (f.includes(".jsa")) rmSync(path.join(targetDir, f), { force: true });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the server once on a throwaway store and stops it, with the JVM writing the classes it loaded. */
async function recordArchive(javaId) {
  const archive = archivePath(javaId);
  const tmp = `${archive}.${process.pid}.tmp`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "neo4j-local-cds-"));
  console.error("neo4j-local: recording a class-data archive for faster starts (once, ~45 s)...");
  const child = spawn(
    javaBin(),
    [...baseJvmArgs, "-Xlog:cds=off", `-XX:ArchiveClassesAtExit=${tmp}`, "-jar", jar],
    {
      env: {
        ...process.env,
        NEO4J_BOLT_PORT: String(await freePort()),
        NEO4J_DATA_DIR: dataDir,
        NEO4J_PASSWORD: "cds-training", // so the password-setting path is recorded too
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // If we are stopped meanwhile, don't leave this server running on its own.
  const abort = () => {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tmp, { force: true });
    process.exit(130);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, abort);
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.includes("ready")) child.kill("SIGTERM");
  });
  const hung = setTimeout(() => child.kill("SIGKILL"), 5 * 60_000);
  const code = await new Promise((resolve) => {
    child.on("error", () => resolve(-1));
    child.on("exit", (c) => resolve(c));
  });
  clearTimeout(hung);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.off(signal, abort);
  rmSync(dataDir, { recursive: true, force: true });
  if (code === 0 && existsSync(tmp)) {
    renameSync(tmp, archive);
  } else {
    rmSync(tmp, { force: true });
    console.error(
      `neo4j-local: warning: no class-data archive (exit ${code}); starting without it.\n${stderr}`,
    );
  }
}

async function build({ always }) {
  const javaId = checkJava();
  await withBuildLock(async () => {
    if (always || jarIsStale()) mavenBuild();
    if (useArchive() && !existsSync(archivePath(javaId))) await recordArchive(javaId);
  });
  return javaId;
}

async function start() {
  const javaId = await build({ always: false });
  const archive = archivePath(javaId);
  const extra = (process.env.NEO4J_JAVA_OPTS ?? "").split(/\s+/).filter(Boolean);
  const cds = useArchive() && existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : [];
  const child = spawn(javaBin(), [...baseJvmArgs, ...cds, ...extra, "-jar", jar], { stdio: "inherit" });
  // The server stops cleanly (and exits 0) on SIGINT/SIGTERM; pass them on rather than dying first.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("error", (e) => fail(`cannot start java: ${e.message}`));
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

const command = process.argv[2] ?? "start";
if (command === "build") {
  const ifStale = process.argv.includes("--if-stale");
  const stale = jarIsStale();
  await build({ always: !ifStale });
  if (stale || !ifStale) console.error(`neo4j-local: built ${path.relative(process.cwd(), jar)}`);
} else if (command === "start") {
  await start();
} else {
  fail(`unknown command "${command}"; use: node scripts/neo4j.mjs [start|build [--if-stale]]`);
}
