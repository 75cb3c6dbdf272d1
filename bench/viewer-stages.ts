/**
 * Viewer usability (issue: "20,000 nodes and 60,000 edges, the viewer stays usable"): a
 * deterministic generated graph written to a fresh Kuzu store through `store.upsert`, served
 * by `startServer`, then
 * - headless Chromium (Debian's chromium, SwiftShader, as the browser tests launch it): time
 *   from navigation start to `window.__notegraph.ready` (first render), and frames per second
 *   while the sigma camera pans for a few seconds, at 2,000 nodes (the viewer's default
 *   budget: the baseline), at 5,000, and at the API's node cap (20,000 by default; past it, on a
 *   second server whose cap is raised, at all nodes);
 * - API latency under 20 concurrent clients on loopback (autocannon, in a child process so
 *   the load generator does not share the server's event loop), bounded in requests and
 *   time: the overview, neighbourhoods of cycling ids, and `/healthz` as the baseline.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import type { EdgeRecord, GraphDelta, NodeRecord } from "../src/graph/delta.js";
import { allowsEndpoints, type NodeLabel, type RelType } from "../src/graph/schema.js";
import { DEFAULT_LIMITS } from "../src/server/limits.js";
import { type RunningServer, startServer } from "../src/server/start.js";
import { openKuzuStore } from "../src/store/kuzu.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/helpers/browser.js";
import { loadAverageNow, type MachineFacts, machineFacts, median } from "./measure.js";
import { createRandom, type Random } from "./prng.js";

export interface ViewerBenchOptions {
  nodes?: number;
  edges?: number;
  /** Seconds of panning per render measurement. */
  panSeconds?: number;
  /** Page loads per node budget; the median first render is reported. */
  renderRuns?: number;
  /** autocannon bounds per endpoint. */
  connections?: number;
  maxRequests?: number;
  maxSeconds?: number;
  /** Distinct node ids the neighbourhood calls cycle through. */
  neighbourIds?: number;
  seed?: number;
  /** Keep the temp store (for a look afterwards). */
  keep?: boolean;
}

export interface RenderMeasure {
  /** `?limit=` asked of the page. */
  requested: number;
  /** Which server: the default limits, or graphNodesMax raised to the graph's size. */
  server: "default" | "raised";
  /** Edges drawn while the camera moves (`?edgesOnMove=1`), as the viewer did before hiding them. */
  edgesOnMove: boolean;
  ok: boolean;
  error: string | null;
  /** Navigation start to `__notegraph.ready`, ms, median of the runs. */
  firstRenderMs: number;
  firstRenderRunsMs: number[];
  /** The `/api/graph` fetch inside that (request start to response end), ms, median. */
  apiFetchMs: number;
  /** Response body of `/api/graph` as transferred (decoded), KiB. */
  apiBodyKiB: number;
  nodesLoaded: number;
  edgesLoaded: number;
  /** Nodes whose display data is not hidden (what sigma draws). */
  nodesDrawn: number;
  /** Panning: sigma renders (`afterRender`) and animation frames per second. */
  panSeconds: number;
  renderFps: number;
  rafFps: number;
  /** Time between consecutive sigma renders while panning, ms. */
  frameGapP50Ms: number;
  frameGapP95Ms: number;
  /** Time inside sigma's render (`beforeRender` to `afterRender`), ms. */
  renderP50Ms: number;
  renderP95Ms: number;
}

export interface LatencyMeasure {
  name: string;
  path: string;
  connections: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** A single request before the load (cold: nothing cached for it yet), ms. */
  coldMs: number;
}

export interface ViewerBench {
  machine: MachineFacts;
  graph: {
    nodes: number;
    edges: number;
    byLabel: Record<string, number>;
    byType: Record<string, number>;
    upsertSeconds: number;
    batches: number;
  };
  /** The API's node cap (`graphNodesMax`) and what `/api/graph?limit=<all>` answers under it. */
  cap: { graphNodesMax: number; fullRequestStatus: number; fullRequestError: string | null };
  render: RenderMeasure[];
  /** Animation frames/s of an empty page in the same browser: the ceiling for any FPS above. */
  blankRafFps: number;
  /** The browser's first viewer load (200 nodes): its first render is cold, its panning FPS shows the fixed cost per frame. */
  warmUp: RenderMeasure;
  api: LatencyMeasure[];
  /** After the load stopped, until the server answered a neighbourhood call as fast as cold again, s. */
  drainSeconds: number;
  /** 1-minute load average after each part. */
  load: { start: number[]; afterStore: number; afterRender: number; afterApi: number };
  seconds: number;
}

// ---------------------------------------------------------------------------------------
// The generated graph

const LABEL_COUNTS: Record<NodeLabel, number> = {
  Note: 6000,
  Paper: 4000,
  Author: 3000,
  Figure: 3000,
  Concept: 1500,
  Model: 1200,
  Tag: 500,
  Loss: 200,
  Repository: 300,
  Category: 100,
  Series: 100,
  WebResource: 100,
};

/** [type, from, to, count, skew of the target choice (higher: a few hubs get most)]. */
const EDGE_PLAN: [RelType, NodeLabel, NodeLabel, number, number][] = [
  ["TAGGED", "Note", "Tag", 6000, 2],
  ["IN_CATEGORY", "Note", "Category", 1500, 1.5],
  ["IN_CATEGORY", "Paper", "Category", 1500, 1.5],
  ["IN_SERIES", "Note", "Series", 500, 1],
  ["DESCRIBES", "Note", "Model", 2000, 1.5],
  ["MENTIONS", "Note", "Model", 4000, 2],
  ["MENTIONS", "Note", "Concept", 5000, 2],
  ["MENTIONS", "Note", "Loss", 1000, 2],
  ["MENTIONS", "Note", "Paper", 2000, 2],
  ["CITES", "Note", "Paper", 4000, 2],
  ["CITES", "Paper", "Paper", 4000, 2.5],
  ["INTRODUCED_IN", "Model", "Paper", 1200, 1],
  ["AUTHORED_BY", "Paper", "Author", 9000, 1.5],
  ["USES_LOSS", "Model", "Loss", 1500, 2],
  ["USES_CONCEPT", "Model", "Concept", 4000, 2],
  ["BUILDS_ON", "Model", "Model", 1000, 2],
  ["HAS_CODE", "Model", "Repository", 300, 1],
  ["HAS_FIGURE", "Note", "Figure", 3000, 1],
  ["ILLUSTRATES", "Figure", "Model", 1000, 2],
  ["DEPICTS", "Figure", "Concept", 1200, 2],
  ["DEPICTS", "Figure", "Model", 800, 2],
  ["LINKS_TO", "Note", "Note", 5000, 1.5],
  ["REFERENCES", "Note", "WebResource", 300, 1.5],
  ["REFERENCES", "Note", "Repository", 200, 1.5],
];

const MODEL_STEMS = [
  "ViT",
  "BERT",
  "CLIP",
  "GPT",
  "T5",
  "ResNet",
  "U-Net",
  "DETR",
  "SAM",
  "LLaMA",
  "Whisper",
  "DINO",
  "MAE",
  "BLIP",
  "Flamingo",
  "Swin",
  "ConvNeXt",
  "EfficientNet",
  "Mamba",
  "RWKV",
  "Stable Diffusion",
  "YOLO",
  "PaLM",
  "Mistral",
  "Gemma",
  "DeiT",
  "SimCLR",
  "MoCo",
  "BYOL",
  "NeRF",
];
const MODEL_SUFFIXES = [
  "",
  "-B/16",
  "-L/14",
  " v2",
  " v3",
  "-Large",
  "-Tiny",
  "-XL",
  "++",
  " 2.1",
  "-S",
  "-H",
];
const CONCEPT_HEADS = [
  "attention",
  "contrastive learning",
  "layer normalization",
  "positional encoding",
  "knowledge distillation",
  "tokenization",
  "residual connection",
  "dropout",
  "mixture of experts",
  "diffusion",
  "self-supervision",
  "quantization",
  "pruning",
  "beam search",
  "retrieval augmentation",
  "curriculum learning",
  "data augmentation",
  "weight decay",
  "gradient clipping",
  "masked modelling",
  "state space model",
  "sparse attention",
];
const CONCEPT_MODIFIERS = [
  "",
  "multi-head ",
  "cross-modal ",
  "hierarchical ",
  "linear ",
  "rotary ",
  "local ",
  "global ",
];
const LOSS_NAMES = [
  "cross-entropy",
  "InfoNCE",
  "triplet",
  "focal",
  "hinge",
  "KL divergence",
  "MSE",
  "L1",
  "Dice",
  "CTC",
  "perceptual",
  "adversarial",
  "contrastive",
  "smooth L1",
  "NLL",
];
const TITLE_WORDS = [
  "Scaling",
  "Efficient",
  "Learning",
  "Transformers",
  "Vision",
  "Language",
  "Representations",
  "Robust",
  "Self-Supervised",
  "Sparse",
  "Diffusion",
  "Models",
  "Retrieval",
  "Alignment",
  "Multimodal",
  "Pretraining",
  "Benchmark",
  "Attention",
  "Generalization",
  "Zero-Shot",
  "Few-Shot",
  "Reasoning",
  "Compression",
  "Graphs",
];
const FIRST_NAMES = [
  "Alec",
  "Ilya",
  "Yann",
  "Fei-Fei",
  "Kaiming",
  "Ashish",
  "Noam",
  "Jakob",
  "Lukasz",
  "Aidan",
  "Geoffrey",
  "Yoshua",
  "Andrej",
  "Chelsea",
  "Percy",
  "Sergey",
  "Oriol",
  "Quoc",
  "Jeff",
  "Ruslan",
  "Mei",
  "Wei",
  "Anna",
];
const LAST_NAMES = [
  "Radford",
  "Sutskever",
  "LeCun",
  "Li",
  "He",
  "Vaswani",
  "Shazeer",
  "Uszkoreit",
  "Kaiser",
  "Gomez",
  "Hinton",
  "Bengio",
  "Karpathy",
  "Finn",
  "Liang",
  "Levine",
  "Vinyals",
  "Le",
  "Dean",
  "Salakhutdinov",
  "Zhang",
  "Wang",
  "Chen",
  "Kim",
  "Müller",
  "Rossi",
  "Tanaka",
];
const TAGS = ["ml", "cv", "nlp", "rl", "theory", "reading", "todo", "survey", "audio", "robotics", "systems"];
const CATEGORIES = ["cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "eess.AS", "cs.NE"];

function nth<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

function title(random: Random, words: number): string {
  return random.sample(TITLE_WORDS, words).join(" ");
}

/** Id and display name of node `i` of a label. */
function nodeOf(label: NodeLabel, i: number, random: Random, root: string): NodeRecord {
  const round = Math.floor(i / 30);
  switch (label) {
    case "Note": {
      const name = `${title(random, 3)} — notes ${i}`;
      return {
        label,
        id: `note:${i}`,
        props: {
          name,
          title: name,
          path: `notes/${String(i).padStart(5, "0")}.md`,
          root,
          hash: random.hex(16),
          date: `20${String(18 + (i % 8)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 10}`,
        },
      };
    }
    case "Paper": {
      const arxiv = `${String(17 + (i % 9)).padStart(2, "0")}${String(1 + (i % 12)).padStart(2, "0")}.${String(i).padStart(5, "0")}`;
      const name = `${title(random, 4)}: ${nth(TITLE_WORDS, i * 7)} ${nth(TITLE_WORDS, i * 3 + 1)}`;
      return {
        label,
        id: `paper:arxiv:${arxiv}`,
        props: { name, title: name, arxivId: arxiv, year: 2017 + (i % 9) },
      };
    }
    case "Author": {
      const name = `${nth(FIRST_NAMES, i)} ${nth(LAST_NAMES, Math.floor(i / FIRST_NAMES.length))}${round > 0 ? ` ${round}` : ""}`;
      return { label, id: `author:a${i}-${nth(LAST_NAMES, i).toLowerCase()}`, props: { name } };
    }
    case "Figure":
      return {
        label,
        id: `figure:${random.hex(12)}${i}`,
        props: {
          name: `Figure ${1 + (i % 9)}: ${title(random, 3)}`,
          src: `img/f${i}.png`,
          alt: title(random, 2),
        },
      };
    case "Concept": {
      const name = `${nth(CONCEPT_MODIFIERS, Math.floor(i / CONCEPT_HEADS.length))}${nth(CONCEPT_HEADS, i)}${i >= 176 ? ` (${i})` : ""}`;
      return { label, id: `concept:c${i}`, props: { name } };
    }
    case "Model": {
      const name = `${nth(MODEL_STEMS, i)}${nth(MODEL_SUFFIXES, Math.floor(i / MODEL_STEMS.length))}${i >= 360 ? ` #${i}` : ""}`;
      return { label, id: `model:m${i}`, props: { name } };
    }
    case "Loss":
      return {
        label,
        id: `loss:l${i}`,
        props: { name: `${nth(LOSS_NAMES, i)}${i >= LOSS_NAMES.length ? ` ${i}` : ""} loss` },
      };
    case "Tag":
      return { label, id: `tag:${nth(TAGS, i)}-${i}`, props: { name: `#${nth(TAGS, i)}-${i}` } };
    case "Category":
      return {
        label,
        id: `category:${nth(CATEGORIES, i).toLowerCase()}-${i}`,
        props: { name: `${nth(CATEGORIES, i)} ${i}` },
      };
    case "Series":
      return { label, id: `series:s${i}`, props: { name: `Reading series ${i}` } };
    case "Repository":
      return {
        label,
        id: `repo:github.com/lab${i % 40}/${nth(MODEL_STEMS, i).toLowerCase().replace(/\W+/g, "-")}-${i}`,
        props: {
          name: `lab${i % 40}/${nth(MODEL_STEMS, i)}-${i}`,
          url: `https://github.com/lab${i % 40}/r${i}`,
        },
      };
    case "WebResource":
      return {
        label,
        id: `url:https://blog${i % 12}.example.org/post-${i}`,
        props: { name: `${title(random, 3)} (blog)`, url: `https://blog${i % 12}.example.org/post-${i}` },
      };
  }
}

/** Index in [0, n): skew 1 uniform, higher favours low indices (hubs). */
const skewed = (random: Random, n: number, skew: number): number => Math.floor(n * random.next() ** skew);

export interface GeneratedGraph {
  deltasNodes: GraphDelta[];
  deltasEdges: GraphDelta[];
  byLabel: Record<string, number>;
  byType: Record<string, number>;
  nodes: number;
  edges: number;
  /** Ids to ask neighbourhoods of: a mix of labels, hubs and leaves. */
  sampleIds: string[];
}

/** Scales the label counts and the edge plan to `nodes` / `edges` (20,000 / 60,000 as planned). */
export function generateGraph(nodes: number, edges: number, seed: number, root: string): GeneratedGraph {
  const random = createRandom(seed);
  const plannedNodes = Object.values(LABEL_COUNTS).reduce((a, b) => a + b, 0);
  const plannedEdges = EDGE_PLAN.reduce((sum, [, , , count]) => sum + count, 0);
  const ids = new Map<NodeLabel, string[]>();
  const notes = Math.max(1, Math.round((LABEL_COUNTS.Note * nodes) / plannedNodes));
  const owner = (i: number) => `note:${i % notes}`;
  const nodeDeltas = new Map<string, GraphDelta>();
  const deltaOf = (map: Map<string, GraphDelta>, source: string): GraphDelta => {
    let delta = map.get(source);
    if (!delta) {
      delta = { source, nodes: [], edges: [] };
      map.set(source, delta);
    }
    return delta;
  };
  const labels = Object.keys(LABEL_COUNTS) as NodeLabel[];
  let made = 0;
  labels.forEach((label, index) => {
    const count =
      index === labels.length - 1
        ? nodes - made
        : Math.max(1, Math.round((LABEL_COUNTS[label] * nodes) / plannedNodes));
    made += count;
    const list: string[] = [];
    for (let i = 0; i < count; i++) {
      const node = nodeOf(label, i, random, root);
      list.push(node.id);
      deltaOf(nodeDeltas, label === "Note" ? node.id : owner(i * 7 + 3)).nodes.push(node);
    }
    ids.set(label, list);
  });
  const edgeDeltas = new Map<string, GraphDelta>();
  const byType: Record<string, number> = {};
  const seen = new Set<string>();
  let total = 0;
  EDGE_PLAN.forEach(([type, from, to, planned, skew], index) => {
    if (!allowsEndpoints(type, from, to))
      throw new Error(`bench graph: ${type} ${from}->${to} is not in the schema`);
    const want =
      index === EDGE_PLAN.length - 1 ? edges - total : Math.round((planned * edges) / plannedEdges);
    const fromIds = ids.get(from) ?? [];
    const toIds = ids.get(to) ?? [];
    let added = 0;
    for (let attempt = 0; added < want && attempt < want * 20; attempt++) {
      const a = fromIds[skewed(random, fromIds.length, from === to ? 1 : 1.2)];
      const b = toIds[skewed(random, toIds.length, skew)];
      if (a === undefined || b === undefined || a === b) continue;
      const key = `${type}|${a}|${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const source = from === "Note" ? a : owner(random.int(0, notes - 1));
      const edge: EdgeRecord = {
        type,
        fromLabel: from,
        from: a,
        toLabel: to,
        to: b,
        source,
        line: random.int(1, 400),
        extractor: "bench/generated",
        confidence: 1,
        ...(type === "AUTHORED_BY" ? { position: random.int(0, 8) } : {}),
      };
      deltaOf(edgeDeltas, source).edges.push(edge);
      added++;
    }
    byType[type] = (byType[type] ?? 0) + added;
    total += added;
  });
  const byLabel = Object.fromEntries([...ids].map(([label, list]) => [label, list.length]));
  const sampleIds: string[] = [];
  for (const list of ids.values()) {
    const take = Math.max(1, Math.round((list.length / nodes) * 200));
    for (let k = 0; k < take; k++) sampleIds.push(list[(k * 7919) % list.length] as string);
  }
  return {
    deltasNodes: [...nodeDeltas.values()],
    deltasEdges: [...edgeDeltas.values()],
    byLabel,
    byType,
    nodes: made,
    edges: total,
    sampleIds,
  };
}

// ---------------------------------------------------------------------------------------
// Browser

/** The page globals read inside `page.evaluate` (no DOM lib in the root tsconfig). */
interface BenchGlobals {
  __notegraph?: {
    ready: Promise<unknown>;
    graph: { order: number; size: number; nodes(): string[] };
    sigma: {
      getNodeDisplayData(key: string): { hidden?: boolean } | undefined;
      getCamera(): {
        getState(): { x: number; y: number; ratio: number; angle: number };
        setState(state: { x?: number; y?: number }): void;
      };
      on(event: string, listener: () => void): void;
      off(event: string, listener: () => void): void;
    } | null;
  };
  __bench?: { readyAt?: number; error?: string };
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: {
    now(): number;
    getEntriesByType(
      type: string,
    ): { name: string; requestStart: number; responseEnd: number; decodedBodySize: number }[];
  };
}

const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
};

async function firstRender(
  page: Page,
  url: string,
): Promise<{ ok: boolean; error: string | null; ms: number; fetchMs: number; bodyKiB: number }> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as BenchGlobals & Record<string, unknown>;
    const bench: { readyAt?: number; error?: string } = {};
    g.__bench = bench;
    let hook: BenchGlobals["__notegraph"];
    Object.defineProperty(g, "__notegraph", {
      configurable: true,
      get: () => hook,
      set(value: BenchGlobals["__notegraph"]) {
        hook = value;
        value?.ready.then(
          () => {
            bench.readyAt = g.performance.now();
          },
          (error: unknown) => {
            bench.error = String(error);
          },
        );
      },
    });
  });
  await page.goto(url, { waitUntil: "commit", timeout: 300_000 });
  await page.waitForFunction(
    () => {
      const b = (globalThis as unknown as BenchGlobals).__bench;
      return b?.readyAt !== undefined || b?.error !== undefined;
    },
    undefined,
    { timeout: 300_000, polling: 50 },
  );
  return page.evaluate(() => {
    const g = globalThis as unknown as BenchGlobals;
    const api = g.performance.getEntriesByType("resource").find((entry) => entry.name.includes("/api/graph"));
    return {
      ok: g.__bench?.error === undefined,
      error: g.__bench?.error ?? null,
      ms: g.__bench?.readyAt ?? Number.NaN,
      fetchMs: api ? api.responseEnd - api.requestStart : Number.NaN,
      bodyKiB: api ? api.decodedBodySize / 1024 : Number.NaN,
    };
  });
}

interface PanResult {
  nodesLoaded: number;
  edgesLoaded: number;
  nodesDrawn: number;
  seconds: number;
  renders: number;
  frames: number;
  gaps: number[];
  renderTimes: number[];
}

/**
 * Pans as a user does: the mouse button held on the stage and dragged on a circle for
 * `seconds`, through playwright's real input events, so sigma sees a drag (and applies
 * what it does while the camera moves, such as hiding edges) rather than camera calls.
 */
async function pan(page: Page, seconds: number): Promise<PanResult> {
  await page.evaluate(() => {
    const g = globalThis as unknown as BenchGlobals & Record<string, unknown>;
    const hook = g.__notegraph;
    const sigma = hook?.sigma;
    if (!hook || !sigma) throw new Error("no sigma instance");
    let drawn = 0;
    for (const key of hook.graph.nodes()) if (sigma.getNodeDisplayData(key)?.hidden !== true) drawn++;
    const probe = {
      drawn,
      renderEnds: [] as number[],
      renderTimes: [] as number[],
      frames: 0,
      began: 0,
      on: true,
    };
    sigma.on("beforeRender", () => {
      probe.began = g.performance.now();
    });
    sigma.on("afterRender", () => {
      if (!probe.on) return;
      const now = g.performance.now();
      probe.renderEnds.push(now);
      if (probe.began > 0) probe.renderTimes.push(now - probe.began);
    });
    const frame = () => {
      if (!probe.on) return;
      probe.frames++;
      g.requestAnimationFrame(frame);
    };
    g.requestAnimationFrame(frame);
    g.__panProbe = probe;
  });
  const centre = { x: 640, y: 400 };
  const radius = 120;
  await page.mouse.move(centre.x + radius, centre.y);
  await page.mouse.down();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const angle = ((performance.now() - t0) / 1000) * Math.PI; // half a turn per second
    await page.mouse.move(centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle));
  }
  await page.mouse.up();
  const elapsed = (performance.now() - t0) / 1000;
  const probe = await page.evaluate(() => {
    const g = globalThis as unknown as BenchGlobals & Record<string, unknown>;
    const found = g.__panProbe as {
      drawn: number;
      renderEnds: number[];
      renderTimes: number[];
      frames: number;
      on: boolean;
    };
    found.on = false;
    const hook = g.__notegraph;
    return { ...found, nodesLoaded: hook?.graph.order ?? 0, edgesLoaded: hook?.graph.size ?? 0 };
  });
  const gaps = probe.renderEnds.slice(1).map((end, i) => end - (probe.renderEnds[i] as number));
  return {
    nodesLoaded: probe.nodesLoaded,
    edgesLoaded: probe.edgesLoaded,
    nodesDrawn: probe.drawn,
    seconds: elapsed,
    renders: probe.renderEnds.length,
    frames: probe.frames,
    gaps,
    renderTimes: probe.renderTimes,
  };
}

/** Animation frames per second on an empty page: the browser's own ceiling on this machine. */
async function blankFrameRate(browser: Browser, seconds: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto("about:blank");
    return await page.evaluate(async (duration: number) => {
      const g = globalThis as unknown as BenchGlobals;
      let frames = 0;
      const t0 = g.performance.now();
      await new Promise<void>((done) => {
        const step = (now: number) => {
          if (now - t0 >= duration * 1000) return done();
          frames++;
          g.requestAnimationFrame(step);
        };
        g.requestAnimationFrame(step);
      });
      return frames / ((g.performance.now() - t0) / 1000);
    }, seconds);
  } finally {
    await context.close();
  }
}

async function measureRender(
  browser: Browser,
  server: RunningServer,
  which: RenderMeasure["server"],
  requested: number,
  options: Required<ViewerBenchOptions>,
  edgesOnMove = false,
): Promise<RenderMeasure> {
  {
    const url = new URL(
      `?limit=${requested}&layout=0${edgesOnMove ? "&edgesOnMove=1" : ""}`,
      server.url,
    ).toString();
    const runs: Awaited<ReturnType<typeof firstRender>>[] = [];
    let panned: PanResult | null = null;
    for (let run = 0; run < options.renderRuns; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      try {
        const result = await firstRender(page, url);
        runs.push(result);
        if (!result.ok) break;
        if (run === options.renderRuns - 1) {
          await page.waitForTimeout(500); // let the first frames and label pass settle
          panned = await pan(page, options.panSeconds);
        }
      } finally {
        await context.close();
      }
    }
    const failed = runs.find((run) => !run.ok);
    const ms = runs.filter((run) => run.ok).map((run) => run.ms);
    return {
      requested,
      server: which,
      edgesOnMove,
      ok: failed === undefined,
      error: failed?.error ?? null,
      firstRenderMs: median(ms),
      firstRenderRunsMs: ms,
      apiFetchMs: median(runs.map((run) => run.fetchMs).filter(Number.isFinite)),
      apiBodyKiB: median(runs.map((run) => run.bodyKiB).filter(Number.isFinite)),
      nodesLoaded: panned?.nodesLoaded ?? 0,
      edgesLoaded: panned?.edgesLoaded ?? 0,
      nodesDrawn: panned?.nodesDrawn ?? 0,
      panSeconds: panned?.seconds ?? 0,
      renderFps: panned ? panned.renders / panned.seconds : 0,
      rafFps: panned ? panned.frames / panned.seconds : 0,
      frameGapP50Ms: percentile(panned?.gaps ?? [], 50),
      frameGapP95Ms: percentile(panned?.gaps ?? [], 95),
      renderP50Ms: percentile(panned?.renderTimes ?? [], 50),
      renderP95Ms: percentile(panned?.renderTimes ?? [], 95),
    };
  }
}

// ---------------------------------------------------------------------------------------
// API latency (autocannon in a child process)

/** The child: autocannon over the given paths (cycled), every response's latency kept for exact percentiles. */
const CANNON_CHILD = `
const [moduleUrl, spec] = process.argv.slice(1);
const { default: autocannon } = await import(moduleUrl);
const { url, paths, connections, amount, seconds } = JSON.parse(spec);
const latencies = [];
let next = 0;
let non2xx = 0;
const instance = autocannon({
  url,
  connections,
  amount,
  timeout: 30,
  requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
});
instance.on("response", (_client, status, _bytes, ms) => {
  latencies.push(ms);
  if (status < 200 || status > 299) non2xx++;
});
const stop = setTimeout(() => instance.stop(), seconds * 1000);
const started = performance.now();
const result = await instance;
clearTimeout(stop);
process.stdout.write(JSON.stringify({
  latencies, non2xx, errors: result.errors, timeouts: result.timeouts,
  seconds: (performance.now() - started) / 1000,
}));
`;

interface CannonOutput {
  latencies: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

function runCannon(spec: {
  url: string;
  paths: string[];
  connections: number;
  amount: number;
  seconds: number;
}): Promise<CannonOutput> {
  const moduleUrl = pathToFileURL(createRequire(import.meta.url).resolve("autocannon")).href;
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", CANNON_CHILD, moduleUrl, JSON.stringify(spec)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      if (code !== 0) return fail(new Error(`autocannon child exited ${code}: ${err}`));
      try {
        done(JSON.parse(out) as CannonOutput);
      } catch (error) {
        fail(new Error(`autocannon child: ${String(error)}: ${out.slice(0, 200)} ${err}`));
      }
    });
  });
}

async function measureLatency(
  server: RunningServer,
  name: string,
  paths: string[],
  options: Required<ViewerBenchOptions>,
): Promise<LatencyMeasure> {
  const origin = server.url.replace(/\/$/, "");
  const first = paths[0] as string;
  const started = performance.now();
  const cold = await fetch(origin + first);
  await cold.arrayBuffer();
  const coldMs = performance.now() - started;
  const out = await runCannon({
    url: origin,
    paths,
    connections: options.connections,
    amount: options.maxRequests,
    seconds: options.maxSeconds,
  });
  return {
    name,
    path: paths.length > 1 ? `${first} (+${paths.length - 1} more ids, cycled)` : first,
    connections: options.connections,
    requests: out.latencies.length,
    seconds: out.seconds,
    requestsPerSecond: out.latencies.length / out.seconds,
    p50Ms: percentile(out.latencies, 50),
    p95Ms: percentile(out.latencies, 95),
    p99Ms: percentile(out.latencies, 99),
    maxMs: Math.max(...out.latencies),
    errors: out.errors,
    timeouts: out.timeouts,
    non2xx: out.non2xx,
    coldMs,
  };
}

// ---------------------------------------------------------------------------------------

const DEFAULTS: Required<ViewerBenchOptions> = {
  nodes: 20_000,
  edges: 60_000,
  panSeconds: 5,
  renderRuns: 3,
  connections: 20,
  maxRequests: 2000,
  maxSeconds: 10,
  neighbourIds: 200,
  seed: 20_000,
  keep: false,
};

export async function viewerBench(given: ViewerBenchOptions = {}): Promise<ViewerBench> {
  const options: Required<ViewerBenchOptions> = { ...DEFAULTS, ...given };
  const began = performance.now();
  const machine = machineFacts();
  const dir = mkdtempSync(join(tmpdir(), "notegraph-bench-viewer-"));
  const store = await openKuzuStore({ dataDir: join(dir, "data") });
  const servers: RunningServer[] = [];
  try {
    await store.applySchema();
    const graph = generateGraph(options.nodes, options.edges, options.seed, join(dir, "notes"));
    const upsertStart = performance.now();
    const BATCH = 500;
    let batches = 0;
    for (const deltas of [graph.deltasNodes, graph.deltasEdges]) {
      for (let at = 0; at < deltas.length; at += BATCH) {
        await store.upsert(deltas.slice(at, at + BATCH));
        batches++;
      }
    }
    const upsertSeconds = (performance.now() - upsertStart) / 1000;
    const stats = await store.stats();
    if (stats.totalNodes !== graph.nodes || stats.totalRelationships !== graph.edges)
      throw new Error(
        `bench graph: stored ${stats.totalNodes} nodes / ${stats.totalRelationships} edges, generated ${graph.nodes} / ${graph.edges}`,
      );
    const afterStore = loadAverageNow();

    const webRoot = resolve(import.meta.dirname, "../../web/dist");
    const quiet = { store, webRoot, port: 0, figureRoots: [] as string[] };
    const standard = await startServer(quiet);
    servers.push(standard);
    const cap = DEFAULT_LIMITS.graphNodesMax;
    const full = await fetch(new URL(`api/graph?limit=${graph.nodes}`, standard.url));
    const fullBody = (await full.json()) as { error?: string };
    const raised = await startServer({ ...quiet, limits: { graphNodesMax: Math.max(cap, graph.nodes) } });
    servers.push(raised);

    // Rendering: the default budget (baseline), the cap, all nodes past the cap (raised server),
    // and all nodes on the default server (shows what the page does when asking above the cap).
    const render: RenderMeasure[] = [];
    const defaultBudget = 2000;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    let blankRafFps: number;
    let warmUp: RenderMeasure;
    try {
      blankRafFps = await blankFrameRate(browser, 2);
      // Warm-up (discarded): the first page load of a browser compiles the bundle and starts the GPU process.
      warmUp = await measureRender(browser, standard, "default", Math.min(200, graph.nodes), {
        ...options,
        renderRuns: 1,
        panSeconds: 2,
      });
      // The default budget (baseline), a middle size, and the API's cap (all nodes when the cap allows).
      const budgets = [...new Set([defaultBudget, 5000, cap].map((n) => Math.min(n, graph.nodes)))];
      for (const budget of budgets)
        render.push(await measureRender(browser, standard, "default", budget, options));
      // The largest again with every edge drawn while panning: what hiding them buys, under the same load.
      const largest = budgets[budgets.length - 1] ?? defaultBudget;
      render.push(
        await measureRender(browser, standard, "default", largest, { ...options, renderRuns: 1 }, true),
      );
      if (graph.nodes > cap) {
        render.push(
          await measureRender(browser, standard, "default", graph.nodes, { ...options, renderRuns: 1 }),
        );
        render.push(await measureRender(browser, raised, "raised", graph.nodes, options));
      }
    } finally {
      await browser.close();
    }
    const afterRender = loadAverageNow();

    const neighbourPaths = graph.sampleIds
      .slice(0, options.neighbourIds)
      .map((id) => `/api/nodes/${encodeURIComponent(id)}/neighbors?depth=1&limit=200`);
    const api = [
      await measureLatency(standard, "healthz (baseline)", ["/healthz"], options),
      await measureLatency(standard, "overview", ["/api/graph?limit=500"], options),
      await measureLatency(standard, "neighbourhood", neighbourPaths, options),
    ];
    // autocannon drops its sockets when it stops, but the server still answers what it had
    // accepted; let that drain (one request answered about as fast as a cold one) before closing.
    const drainStart = performance.now();
    const probe = new URL(neighbourPaths[0]?.slice(1) ?? "healthz", standard.url);
    const neighbourCold = api[2]?.coldMs ?? 0;
    while (performance.now() - drainStart < 60_000) {
      const t = performance.now();
      await (await fetch(probe)).arrayBuffer();
      if (performance.now() - t < Math.max(2 * neighbourCold, 50)) break;
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const afterApi = loadAverageNow();
    return {
      machine,
      graph: {
        nodes: stats.totalNodes,
        edges: stats.totalRelationships,
        byLabel: graph.byLabel,
        byType: graph.byType,
        upsertSeconds,
        batches,
      },
      cap: { graphNodesMax: cap, fullRequestStatus: full.status, fullRequestError: fullBody.error ?? null },
      render,
      blankRafFps,
      warmUp,
      api,
      drainSeconds,
      load: { start: machine.loadAverage, afterStore, afterRender, afterApi },
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    for (const server of servers) await server.close();
    await store.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const f0 = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "-");
const f1 = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "-");
const ratio = (value: number, base: number | undefined) =>
  base !== undefined && Number.isFinite(value) && Number.isFinite(base) && base > 0
    ? `${(value / base).toFixed(2)}x`
    : "-";

export function formatViewer(result: ViewerBench): string {
  const g = result.graph;
  const lines = [
    "## Viewer at 20,000 nodes: first render, panning FPS, API latency",
    `graph: ${g.nodes} nodes, ${g.edges} edges (generated, Kuzu, ${g.batches} upserts of up to 500 deltas in ${g.upsertSeconds.toFixed(1)} s)`,
    `  labels: ${Object.entries(g.byLabel)
      .map(([label, count]) => `${label} ${count}`)
      .join(", ")}`,
    `machine: ${result.machine.cpuModel}, ${result.machine.cpuCount} CPUs, ${result.machine.node}; ` +
      `load average at start ${result.machine.loadAverage.join(" / ")}, after store ${result.load.afterStore}, ` +
      `after render ${result.load.afterRender}, after API ${result.load.afterApi}`,
    `API node cap (graphNodesMax): ${result.cap.graphNodesMax}; /api/graph?limit=${g.nodes} answers ${result.cap.fullRequestStatus}` +
      (result.cap.fullRequestError ? ` (${result.cap.fullRequestError})` : ""),
    "",
    "Rendering (headless Chromium, SwiftShader WebGL, 1280x800, ?layout=0; first render = navigation start to __notegraph.ready;",
    "panning = the mouse dragging the stage; ratios against the default budget of 2,000 nodes)",
    `  empty page in the same browser: ${f1(result.blankRafFps)} animation frames/s (the ceiling)`,
    `  warm-up, ?limit=${result.warmUp.requested} (cold browser): first render ${f0(result.warmUp.firstRenderMs)} ms; ` +
      `panning ${f1(result.warmUp.renderFps)} renders/s, sigma render p50 ${f1(result.warmUp.renderP50Ms)} ms`,
  ];
  const base = result.render.find((r) => r.ok && r.server === "default" && !r.edgesOnMove);
  for (const r of result.render) {
    const where =
      (r.server === "raised" ? `raised cap (graphNodesMax ${g.nodes})` : "default server") +
      (r.edgesOnMove ? ", edges drawn while moving" : "");
    if (!r.ok) {
      lines.push(`  ?limit=${r.requested} on ${where}: page failed to load: ${r.error}`);
      continue;
    }
    lines.push(
      `  ?limit=${r.requested} on ${where}: ${r.nodesLoaded} nodes / ${r.edgesLoaded} edges loaded, ${r.nodesDrawn} drawn`,
      `    first render ${f0(r.firstRenderMs)} ms (${ratio(r.firstRenderMs, base?.firstRenderMs)}; runs ${r.firstRenderRunsMs.map(f0).join(", ")} ms), ` +
        `of which /api/graph fetch ${f0(r.apiFetchMs)} ms (${f0(r.apiBodyKiB)} KiB)`,
      `    panning ${f1(r.panSeconds)} s: ${f1(r.renderFps)} renders/s (${ratio(r.renderFps, base?.renderFps)}), ${f1(r.rafFps)} animation frames/s; ` +
        `frame gap p50 ${f1(r.frameGapP50Ms)} ms, p95 ${f1(r.frameGapP95Ms)} ms; sigma render p50 ${f1(r.renderP50Ms)} ms, p95 ${f1(r.renderP95Ms)} ms`,
    );
  }
  const health = result.api.find((a) => a.name.startsWith("healthz"));
  lines.push(
    "",
    `API latency (autocannon in a child process, loopback, ${result.api[0]?.connections ?? 0} connections, at most ` +
      "2,000 requests or 10 s each; ratios against /healthz)",
  );
  for (const a of result.api) {
    lines.push(
      `  ${a.name.padEnd(18)} ${a.path}`,
      `    ${a.requests} requests in ${a.seconds.toFixed(1)} s = ${a.requestsPerSecond.toFixed(0)} req/s (${ratio(a.requestsPerSecond, health?.requestsPerSecond)}); ` +
        `p50 ${f1(a.p50Ms)} ms (${ratio(a.p50Ms, health?.p50Ms)}), p95 ${f1(a.p95Ms)} ms (${ratio(a.p95Ms, health?.p95Ms)}), ` +
        `p99 ${f1(a.p99Ms)} ms, max ${f0(a.maxMs)} ms; errors ${a.errors}, timeouts ${a.timeouts}, non-2xx ${a.non2xx}; ` +
        `first (cold) request ${f1(a.coldMs)} ms`,
    );
  }
  lines.push(`  backlog after the load stopped drained in ${result.drainSeconds.toFixed(1)} s`);
  lines.push(`(viewer section took ${result.seconds.toFixed(0)} s)`);
  return lines.join("\n");
}
