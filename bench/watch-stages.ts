/**
 * A burst under `kg serve --watch` (`--only watch`): a generated vault served and watched, the
 * viewer open in headless Chromium (2,000 nodes, SwiftShader WebGL), then 500 notes rewritten
 * at once, as a `git pull` would. Per store: the first ingest's time, how many batches the
 * burst became (and each one's notes and seconds), the time from the writes to the last batch
 * stored and to the page having applied it, the page's own time to apply (fetches and graph
 * update), and the animation frames the page delivered meanwhile against an idle stretch
 * before (frames per second and the longest gap between two frames).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { packageRoot } from "../src/paths.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/helpers/browser.js";
import { startLocalNeo4j } from "./local-neo4j.js";

export const WATCH_STORES = ["kuzu", "neo4j"] as const;
export type WatchStore = (typeof WATCH_STORES)[number];
export const DEFAULT_WATCH_NOTES = 2000;
export const DEFAULT_BURST = 500;
const IDLE_MS = 5000;

export interface FrameStats {
  seconds: number;
  frames: number;
  fps: number;
  maxGapMs: number;
}

export interface WatchBenchStore {
  store: WatchStore;
  notes: number;
  burst: number;
  firstIngestSeconds: number;
  batches: { notes: number; files: number; seconds: number }[];
  /** From the last write to the last batch of the burst stored. */
  storedSeconds: number;
  /** From the last write to the page having applied that batch. */
  pageSeconds: number;
  /** The page's own work for its last update: fetches and graph changes, ms. */
  applyMs: number;
  /** Its parts: waiting for the server's answers, planning, changing the graph (sigma included), the rest. */
  steps: { fetch: number; plan: number; apply: number; after: number } | null;
  /** Updates the page applied for the burst (batches arriving during one are folded together). */
  pageUpdates: number;
  idle: FrameStats;
  during: FrameStats;
  nodesOnPage: number;
}

interface PageGlobals {
  __notegraph?: {
    ready: Promise<unknown>;
    live: {
      applied: number;
      lastSeq: number | null;
      lastApplyMs: number | null;
      lastSteps: { fetch: number; plan: number; apply: number; after: number } | null;
    };
    graph: { order: number };
  };
  __frames?: number[];
  __frameLoop?: number;
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

function notesIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...notesIn(path));
    else if (entry.name.endsWith(".md")) found.push(path);
  }
  return found.sort();
}

/** Starts recording animation frame times in the page. */
async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__frames = [];
    // One loop at a time: a loop from an earlier recording stops at its next frame.
    const loop = (g.__frameLoop ?? 0) + 1;
    g.__frameLoop = loop;
    const step = (time: number) => {
      if (g.__frameLoop !== loop || !g.__frames) return;
      g.__frames.push(time);
      g.requestAnimationFrame(step);
    };
    g.requestAnimationFrame(step);
  });
}

async function stopFrames(page: Page, fromPageMs: number, toPageMs: number): Promise<FrameStats> {
  const times = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const frames = g.__frames ?? [];
    g.__frames = undefined;
    return frames;
  });
  const inside = times.filter((time) => time >= fromPageMs && time <= toPageMs);
  let maxGap = 0;
  let previous = fromPageMs;
  for (const time of [...inside, toPageMs]) {
    maxGap = Math.max(maxGap, time - previous);
    previous = time;
  }
  const seconds = (toPageMs - fromPageMs) / 1000;
  return { seconds, frames: inside.length, fps: inside.length / seconds, maxGapMs: maxGap };
}

const pageNow = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now());

function startServe(args: string[]): { child: ChildProcess; lines: () => string } {
  const child = spawn(
    process.execPath,
    [join(packageRoot(), "bin", "kg.js"), "serve", "--port", "0", ...args],
    {
      env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return { child, lines: () => stderr };
}

async function waitFor<T>(
  what: string,
  check: () => T | null | Promise<T | null>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`watch bench: no ${what} in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const BATCH_LINE =
  /kg watch: \S+ (\d+) notes? ingested, (\d+) failed, (\d+) removed \((\d+) files? changed, ([\d.]+) s\)/g;

async function measureStore(
  store: WatchStore,
  corpusDir: string,
  notes: number,
  burst: number,
  storeArgs: string[],
  log: (line: string) => void,
): Promise<WatchBenchStore> {
  const vault = mkdtempSync(join(tmpdir(), "notegraph-bench-watch-"));
  cpSync(corpusDir, join(vault, "notes"), { recursive: true });
  const started = performance.now();
  const serve = startServe(["--watch", join(vault, "notes"), ...storeArgs]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const url = await waitFor(
      "URL",
      () => /viewer: (http:\/\/\S+)/.exec(serve.lines())?.[1] ?? null,
      120_000,
    );
    await waitFor(
      "first ingest",
      () => (serve.lines().includes("following the notes") ? true : null),
      1_800_000,
    );
    const firstIngestSeconds = (performance.now() - started) / 1000;
    log(`watch (${store}): first ingest of ${notes} notes in ${firstIngestSeconds.toFixed(1)} s`);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(new URL("/?layout=0", url).toString());
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__notegraph !== undefined);
    await page.evaluate(async () => {
      await (globalThis as unknown as PageGlobals).__notegraph?.ready;
    });
    await page.waitForTimeout(1500);
    const nodesOnPage = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).__notegraph?.graph.order ?? 0,
    );

    await recordFrames(page);
    const idleFrom = await pageNow(page);
    await page.waitForTimeout(IDLE_MS);
    const idle = await stopFrames(page, idleFrom, await pageNow(page));

    const before = serve.lines().length;
    const files = notesIn(join(vault, "notes"));
    const chosen = files
      .filter((_, index) => index % Math.max(1, Math.floor(files.length / burst)) === 0)
      .slice(0, burst);
    await recordFrames(page);
    const fromPage = await pageNow(page);
    for (const file of chosen) {
      appendFileSync(
        file,
        "\n\nEdited during the watch bench: this note also discusses ViT and self-attention.\n",
      );
    }
    const written = performance.now();
    const batches = await waitFor(
      "burst stored",
      () => {
        const found = [...serve.lines().slice(before).matchAll(BATCH_LINE)].map((match) => ({
          notes: Number(match[1]),
          files: Number(match[4]),
          seconds: Number(match[5]),
        }));
        return found.reduce((sum, batch) => sum + batch.notes, 0) >= chosen.length ? found : null;
      },
      1_800_000,
    );
    const storedSeconds = (performance.now() - written) / 1000;
    const lastSeq = 1 + batches.length;
    await waitFor(
      "page update",
      async () =>
        (await page.evaluate(() => (globalThis as unknown as PageGlobals).__notegraph?.live.lastSeq ?? 0)) >=
        lastSeq
          ? true
          : null,
      600_000,
    );
    const pageSeconds = (performance.now() - written) / 1000;
    const during = await stopFrames(page, fromPage, await pageNow(page));
    const live = await page.evaluate(() => (globalThis as unknown as PageGlobals).__notegraph?.live);
    log(
      `watch (${store}): ${chosen.length} notes rewritten -> ${batches.length} batch(es), stored in ${storedSeconds.toFixed(1)} s, on the page in ${pageSeconds.toFixed(1)} s`,
    );
    return {
      store,
      notes,
      burst: chosen.length,
      firstIngestSeconds,
      batches,
      storedSeconds,
      pageSeconds,
      applyMs: live?.lastApplyMs ?? 0,
      steps: live?.lastSteps ?? null,
      pageUpdates: live?.applied ?? 0,
      idle,
      during,
      nodesOnPage,
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => {
      if (serve.child.exitCode !== null) return resolve();
      serve.child.once("exit", () => resolve());
      serve.child.kill("SIGTERM");
    });
    rmSync(vault, { recursive: true, force: true });
  }
}

export async function measureWatch(
  options: { corpusDir: string; notes: number; burst: number; stores: readonly WatchStore[] },
  log: (line: string) => void,
): Promise<WatchBenchStore[]> {
  const results: WatchBenchStore[] = [];
  for (const store of options.stores) {
    if (store === "kuzu") {
      const dataDir = mkdtempSync(join(tmpdir(), "notegraph-bench-watch-kg-"));
      try {
        results.push(
          await measureStore(
            store,
            options.corpusDir,
            options.notes,
            options.burst,
            ["--data-dir", dataDir],
            log,
          ),
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    } else {
      const server = await startLocalNeo4j();
      try {
        results.push(
          await measureStore(
            store,
            options.corpusDir,
            options.notes,
            options.burst,
            ["--neo4j-uri", server.uri],
            log,
          ),
        );
      } finally {
        await server.dispose();
      }
    }
  }
  return results;
}

export function formatWatch(results: readonly WatchBenchStore[]): string {
  const lines = ["kg serve --watch, a burst of rewritten notes, the viewer open (Chromium, SwiftShader):"];
  for (const r of results) {
    lines.push(
      `  ${r.store}, ${r.notes.toLocaleString("en")} notes (${r.nodesOnPage} on the page): first ingest ${r.firstIngestSeconds.toFixed(1)} s`,
      `    ${r.burst} notes rewritten at once -> ${r.batches.length} batch(es): ${r.batches.map((b) => `${b.notes} notes/${b.files} files in ${b.seconds.toFixed(1)} s`).join(", ")}`,
      `    stored ${r.storedSeconds.toFixed(1)} s after the writes, on the page ${r.pageSeconds.toFixed(1)} s after (${r.pageUpdates} page update(s), the last applied in ${r.applyMs} ms: ${r.steps ? `server answers ${r.steps.fetch}, plan ${r.steps.plan}, graph ${r.steps.apply}, details and topics ${r.steps.after}` : "?"})`,
      `    frames: idle ${r.idle.fps.toFixed(1)}/s (longest gap ${r.idle.maxGapMs.toFixed(0)} ms); during the burst ${r.during.fps.toFixed(1)}/s over ${r.during.seconds.toFixed(1)} s (longest gap ${r.during.maxGapMs.toFixed(0)} ms, ${Math.max(0, Math.round(r.during.seconds * r.idle.fps - r.during.frames))} frames fewer than idle)`,
    );
  }
  return lines.join("\n");
}
