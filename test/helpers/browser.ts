/**
 * Browser tests of the viewer: headless Chromium through playwright-core (Debian's chromium,
 * or KG_CHROMIUM), WebGL on SwiftShader; `kg serve` started as a user would; screenshots
 * decoded with sharp. WebGL canvases do not keep their drawing buffer, so pixels are read
 * from screenshots, never from the canvases.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import sharp from "sharp";

export const CHROMIUM = process.env.KG_CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

/** Why the browser suite cannot run here, or null when it can. */
export function browserSkipReason(): string | null {
  if (!existsSync(CHROMIUM))
    return `chromium not found at ${CHROMIUM} (install Debian's chromium, as .ci/run does, or set KG_CHROMIUM)`;
  return null;
}

export const ARTIFACTS = resolve(import.meta.dirname, "../web/artifacts");
const ROOT = resolve(import.meta.dirname, "../..");

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return resolve(ARTIFACTS, name);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface ServedViewer {
  url: string;
  /** What `kg serve` wrote to stderr so far. */
  log(): string;
  close(): Promise<void>;
}

/** `kg serve --port 0 --data-dir <dir>`; resolves with its URL once it answers /healthz. */
export async function startKgServe(dataDir: string, extraArgs: string[] = []): Promise<ServedViewer> {
  if (!existsSync(resolve(ROOT, "dist/src/cli/main.js")))
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the browser tests");
  if (!existsSync(resolve(ROOT, "web/dist/index.html")))
    throw new Error(
      "web/dist/ is missing: run `npm run build` (or `npm run build:web`) before the browser tests",
    );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      resolve(ROOT, "bin/kg.js"),
      "serve",
      "--data-dir",
      dataDir,
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      ...extraArgs,
    ],
    { cwd: ROOT, env: { ...process.env, NEO4J_URI: "", NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`kg serve did not start in 30 s:\n${stderr}`)), 30_000);
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const match = /viewer: (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`kg serve exited (${code}) before it was ready:\n${stderr}`));
    });
  });
  const health = await fetch(new URL("healthz", url));
  if (!health.ok) throw new Error(`kg serve: /healthz answered ${health.status}`);
  return {
    url,
    log: () => stderr,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

/** Pixels of a PNG that differ from the background by more than `tolerance` in some channel. */
export async function countNonBackgroundPixels(
  png: Buffer,
  background: [number, number, number] = [255, 255, 255],
  tolerance = 24,
): Promise<{ count: number; total: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const r = data[i] ?? 0;
    const g = data[i + 1] ?? 0;
    const b = data[i + 2] ?? 0;
    if (
      Math.abs(r - background[0]) > tolerance ||
      Math.abs(g - background[1]) > tolerance ||
      Math.abs(b - background[2]) > tolerance
    )
      count++;
  }
  return { count, total: info.width * info.height };
}

/** `#rrggbb` as [r, g, b]. */
export function rgbOf(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [
    Number.parseInt(match[1] as string, 16),
    Number.parseInt(match[2] as string, 16),
    Number.parseInt(match[3] as string, 16),
  ];
}

/**
 * Pixels of a PNG within `radius` of `center` (in the PNG's pixels) whose colour is within
 * `tolerance` of `color` in every channel, and how many pixels that disc holds.
 */
export async function pixelsOfColorNear(
  png: Buffer,
  center: { x: number; y: number },
  radius: number,
  color: string,
  tolerance = 20,
): Promise<{ count: number; total: number }> {
  const [r, g, b] = rgbOf(color);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  let total = 0;
  for (let y = Math.floor(center.y - radius); y <= Math.ceil(center.y + radius); y++) {
    for (let x = Math.floor(center.x - radius); x <= Math.ceil(center.x + radius); x++) {
      if (x < 0 || y < 0 || x >= info.width || y >= info.height) continue;
      if ((x - center.x) ** 2 + (y - center.y) ** 2 > radius ** 2) continue;
      total++;
      const i = (y * info.width + x) * info.channels;
      if (
        Math.abs((data[i] ?? 0) - r) <= tolerance &&
        Math.abs((data[i + 1] ?? 0) - g) <= tolerance &&
        Math.abs((data[i + 2] ?? 0) - b) <= tolerance
      )
        count++;
    }
  }
  return { count, total };
}

/** Pixels of a whole PNG within `tolerance` of `color` in every channel. */
export async function countPixelsOfColor(png: Buffer, color: string, tolerance = 12): Promise<number> {
  const [r, g, b] = rgbOf(color);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (
      Math.abs((data[i] ?? 0) - r) <= tolerance &&
      Math.abs((data[i + 1] ?? 0) - g) <= tolerance &&
      Math.abs((data[i + 2] ?? 0) - b) <= tolerance
    )
      count++;
  }
  return count;
}

/** What went wrong in a page: uncaught errors, console errors (CSP violations among them), dialogs. */
export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on("pageerror", (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.errors.push(`console: ${message.text()}`);
  });
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** Waits for the viewer's first render (`window.__notegraph.ready`, see web/README.md). */
export async function waitForViewer(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as ViewerGlobals).__notegraph !== undefined);
  await page.evaluate(async () => {
    await (globalThis as unknown as ViewerGlobals).__notegraph?.ready;
  });
}

/**
 * The page globals the tests read inside `page.evaluate` (the root tsconfig has no DOM lib):
 * the viewer's test hook (web/src/hook.ts) and the few DOM values asserted on.
 */
export interface ViewerGlobals {
  __notegraph?: {
    ready: Promise<unknown>;
    graph: {
      order: number;
      size: number;
      hasNode(key: string): boolean;
      nodes(): string[];
      edges(): string[];
      extremities(edge: string): [string, string];
      getNodeAttributes(key: string): { x: number; y: number; label: string; name: string };
      neighbors(key: string): string[];
    };
    sigma: {
      getNodeDisplayData(
        key: string,
      ):
        | { hidden: boolean; highlighted: boolean; color: string; label: string | null; size: number }
        | undefined;
      getCamera(): { ratio: number };
      /** Graph coordinates to pixels in the graph's container. */
      graphToViewport(point: { x: number; y: number }): { x: number; y: number };
      /** A node size in pixels on screen now. */
      scaleSize(size: number): number;
      /** The nodes whose labels the last frame drew. */
      getNodeDisplayedLabels(): Set<string>;
    } | null;
  };
  innerWidth: number;
  document: {
    documentElement: { scrollWidth: number };
    body: { scrollWidth: number };
    querySelectorAll(selector: string): { length: number };
  };
}
