/**
 * The HTTP API of `kg serve` over real HTTP (startServer on a free port, global fetch) against
 * a Kuzu graph built by the CLI from examples/ and notes of our own (test/server/fixture.ts).
 * Every route, its bad input (400 naming the parameter), unknown ids (404), the security
 * headers and token, refused writes, timeouts, and figure files that must not be served.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join, resolve } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClip } from "../../src/embed/clip.js";
import { resolveClipSettings } from "../../src/embed/settings.js";
import type {
  CypherResponse,
  ErrorBody,
  FigureSearchHit,
  NodeDetails,
  SearchHit,
  SerializedGraph,
} from "../../src/server/api-types.js";
import { loadAdjacency } from "../../src/server/read/adjacency.js";
import { neighbourhood } from "../../src/server/read/neighbourhood.js";
import { overview } from "../../src/server/read/overview.js";
import { allDegrees } from "../../src/server/read/subgraph.js";
import { type RunningServer, startServer } from "../../src/server/start.js";
import { openKuzuStore } from "../../src/store/kuzu.js";
import type { GraphStore, StoreStats } from "../../src/store/types.js";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";
import { buildFixture, type Fixture, XSS_TITLE } from "./fixture.js";

const TOKEN = "s3cret-token";
const XSS_NOTE = "note:xss.md";
const EXAMPLE_NOTE = "note:examples/multimodal/index.md";

let fixture: Fixture;
let store: GraphStore;
let main: RunningServer;
let guarded: RunningServer;
let broken: RunningServer;
let stats: StoreStats;
const logs: string[] = [];
let webRoot: string;

interface Reply<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

async function call<T = unknown>(
  server: RunningServer,
  path: string,
  init: RequestInit = {},
): Promise<Reply<T>> {
  const response = await fetch(new URL(path, server.url), init);
  const text = await response.text();
  let body: unknown = null;
  if ((response.headers.get("content-type") ?? "").includes("application/json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: body as T };
}

const get = <T = unknown>(path: string, server: RunningServer = main) => call<T>(server, path);
const enc = encodeURIComponent;

function cypher<T = CypherResponse>(
  body: unknown,
  server: RunningServer = main,
  headers: Record<string, string> = {},
) {
  return call<T>(server, "/api/cypher", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function rows(query: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  const reply = await cypher({ query, params });
  expect(reply.status, reply.text).toBe(200);
  return reply.body.rows;
}

/** The id of the figure whose localPath ends with `suffix`. */
async function figureBy(suffix: string): Promise<string> {
  const found = await rows("MATCH (f:Figure) WHERE f.localPath ENDS WITH $suffix RETURN f.id", { suffix });
  expect(found).toHaveLength(1);
  return String(found[0]?.[0]);
}

/** A raw GET, so the path is sent exactly as written (fetch would normalise `..`). */
function rawGet(
  server: RunningServer,
  path: string,
  host?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      { host: "127.0.0.1", port: server.port, path, method: "GET", headers: host ? { host } : {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", fail);
    req.end();
  });
}

beforeAll(async () => {
  fixture = await buildFixture();
  store = await openKuzuStore({ dataDir: fixture.dataDir, readOnly: true });
  stats = await store.stats();
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(line) });
  const clipSettings = resolveClipSettings({}, fixture.env);
  main = await startServer({
    store,
    dataDir: fixture.dataDir,
    port: 0,
    clip: () => loadClip(clipSettings),
    webRoot: null,
    logger,
  });
  guarded = await startServer({
    store,
    port: 0,
    token: TOKEN,
    figureRoots: [],
    webRoot: null,
    clip: async () => ({ ok: false, reason: "no model on this test server" }),
    limits: { cypherTimeoutMs: 150, cypherConcurrency: 1 },
    logger,
  });
  webRoot = join(fixture.base, "web");
  mkdirSync(join(webRoot, "assets"), { recursive: true });
  writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>viewer</title>");
  writeFileSync(join(webRoot, "assets", "app.js"), "console.log('viewer');");
  const failing: GraphStore = new Proxy(store, {
    get(target, property, receiver) {
      if (property === "stats") return () => Promise.reject(new Error("disk on fire at /secret/place"));
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  broken = await startServer({ store: failing, port: 0, figureRoots: [], webRoot, logger });
});

afterAll(async () => {
  await Promise.all([main?.close(), guarded?.close(), broken?.close()]);
  await store?.close();
});

describe("startServer", () => {
  it("listens on 127.0.0.1 by default, on the port it reports", () => {
    expect(main.host).toBe("127.0.0.1");
    expect(main.url).toBe(`http://127.0.0.1:${main.port}/`);
    expect(main.port).toBeGreaterThan(0);
  });
});

describe("GET /healthz and /api/stats", () => {
  it("says which store serves", async () => {
    const reply = await get("/healthz");
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true, store: "kuzu" });
  });

  it("counts by label and relationship type, as the store does", async () => {
    const reply = await get<StoreStats>("/api/stats");
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(stats);
    expect(reply.body.nodes.Note).toBe(3);
  });
});

describe("security headers", () => {
  it("sends a CSP for a Vite-built WebGL app, nosniff, and no X-Powered-By", async () => {
    const { headers } = await get("/healthz");
    const csp = headers.get("content-security-policy") ?? "";
    const directives = new Map(
      csp.split(";").map((part) => {
        const [name = "", ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("worker-src")).toEqual(expect.arrayContaining(["'self'", "blob:"]));
    expect(directives.get("img-src")).toEqual(expect.arrayContaining(["'self'", "data:"]));
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("x-powered-by")).toBeNull();
    expect(headers.get("strict-transport-security")).toBeNull();
  });

  it("refuses a Host header that is not a loopback name (DNS rebinding)", async () => {
    const refused = await rawGet(main, "/api/stats", `evil.example:${main.port}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toMatch(/loopback/);
    expect((await rawGet(main, "/api/stats", `localhost:${main.port}`)).status).toBe(200);
  });
});

describe("token", () => {
  it("is required on /api when set: 403 without it or with a wrong one, 200 with it", async () => {
    const missing = await get<ErrorBody>("/api/stats", guarded);
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatch(/Bearer/);
    const wrong = await call<ErrorBody>(guarded, "/api/stats", { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(403);
    const almost = await call(guarded, "/api/stats", { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(almost.status).toBe(403);
    const right = await call<StoreStats>(guarded, "/api/stats", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(right.body.totalNodes).toBe(stats.totalNodes);
    const post = await cypher({ query: "RETURN 1 AS one" }, guarded);
    expect(post.status).toBe(403);
  });

  it("is not needed by the server without one, nor for /healthz", async () => {
    expect((await get("/api/stats")).status).toBe(200);
    expect((await get("/healthz", guarded)).status).toBe(200);
  });
});

describe("GET /api/graph", () => {
  it("returns the whole graph when it fits the budget, with whole-graph degrees", async () => {
    const reply = await get<SerializedGraph>("/api/graph");
    expect(reply.status).toBe(200);
    const graph = reply.body;
    expect(graph.attributes).toEqual({ truncated: false, totalNodes: stats.totalNodes });
    expect(graph.nodes).toHaveLength(stats.totalNodes);
    expect(graph.edges).toHaveLength(stats.totalRelationships);
    // Each relationship adds one to the degree of both its ends.
    const degreeSum = graph.nodes.reduce((sum, node) => sum + node.attributes.degree, 0);
    expect(degreeSum).toBe(2 * stats.totalRelationships);
    const keys = new Set(graph.nodes.map((node) => node.key));
    for (const edge of graph.edges) {
      expect(keys.has(edge.source) && keys.has(edge.target)).toBe(true);
    }
    expect(new Set(graph.edges.map((edge) => edge.key)).size).toBe(graph.edges.length);
    const note = graph.nodes.find((node) => node.key === XSS_NOTE);
    expect(note?.attributes).toMatchObject({ label: "Note", name: XSS_TITLE });
  });

  it("keeps the highest-degree nodes within a smaller budget", async () => {
    const all = (await get<SerializedGraph>("/api/graph")).body;
    const reply = await get<SerializedGraph>("/api/graph?limit=5");
    expect(reply.status).toBe(200);
    expect(reply.body.nodes).toHaveLength(5);
    expect(reply.body.attributes).toEqual({ truncated: true, totalNodes: stats.totalNodes });
    const degrees = all.nodes.map((node) => node.attributes.degree).sort((a, b) => b - a);
    expect(reply.body.nodes.map((node) => node.attributes.degree)).toEqual(degrees.slice(0, 5));
    const kept = new Set(reply.body.nodes.map((node) => node.key));
    expect(reply.body.edges.length).toBeGreaterThan(0);
    expect(reply.body.edges.every((edge) => kept.has(edge.source) && kept.has(edge.target))).toBe(true);
    // Every relationship among the kept nodes is there.
    const among = all.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target));
    expect(reply.body.edges.map((edge) => edge.key).sort()).toEqual(among.map((edge) => edge.key).sort());
  });

  it("filters by labels", async () => {
    const reply = await get<SerializedGraph>("/api/graph?labels=Model,paper");
    expect(reply.status).toBe(200);
    const labels = new Set(reply.body.nodes.map((node) => node.attributes.label));
    expect([...labels].sort()).toEqual(["Model", "Paper"]);
    expect(reply.body.attributes?.totalNodes).toBe((stats.nodes.Model ?? 0) + (stats.nodes.Paper ?? 0));
    expect(reply.body.edges.map((edge) => edge.attributes.type)).toContain("INTRODUCED_IN");
  });

  it("shows a note and its neighbourhood", async () => {
    const reply = await get<SerializedGraph>(`/api/graph?note=${enc(XSS_NOTE)}`);
    expect(reply.status).toBe(200);
    const { nodes, edges } = reply.body;
    expect(nodes[0]?.key).toBe(XSS_NOTE);
    const adjacent = new Set(
      edges.flatMap((edge) =>
        edge.source === XSS_NOTE ? [edge.target] : edge.target === XSS_NOTE ? [edge.source] : [],
      ),
    );
    for (const node of nodes.slice(1)) expect(adjacent.has(node.key)).toBe(true);
    const keys = nodes.map((node) => node.key);
    expect(keys).toEqual(expect.arrayContaining(["tag:testing", "model:clip", "note:other.md"]));
    expect(keys).not.toContain(EXAMPLE_NOTE);
    // The path alone names the note too.
    const byPath = await get<SerializedGraph>("/api/graph?note=xss.md");
    expect(byPath.body.nodes.map((node) => node.key)).toEqual(keys);
  });

  it("shows a tag, its notes and their neighbours", async () => {
    const reply = await get<SerializedGraph>("/api/graph?tag=testing");
    expect(reply.status).toBe(200);
    const keys = reply.body.nodes.map((node) => node.key);
    expect(keys.slice(0, 2)).toEqual(["tag:testing", XSS_NOTE]);
    expect(keys).toContain("model:clip");
    expect(keys).not.toContain(EXAMPLE_NOTE);
  });

  it("refuses bad parameters with 400 naming them, and unknown notes and tags with 404", async () => {
    const cases: [string, RegExp][] = [
      ["limit=0", /^limit: /],
      ["limit=abc", /^limit: .*'abc'/],
      ["limit=20001", /^limit: /],
      ["limit=1&limit=2", /^limit: /],
      ["labels=Note,Nope", /^labels: unknown label 'Nope'/],
      ["labels=,", /^labels: /],
      ["note=xss.md&tag=testing", /note, tag/],
    ];
    for (const [query, message] of cases) {
      const reply = await get<ErrorBody>(`/api/graph?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.error, query).toMatch(message);
    }
    expect((await get(`/api/graph?note=${enc("note:nope.md")}`)).status).toBe(404);
    expect((await get("/api/graph?tag=no-such-tag")).status).toBe(404);
  });
});

describe("GET /api/nodes/:id", () => {
  it("returns properties, grouped neighbours with totals, and provenance", async () => {
    const reply = await get<NodeDetails>(`/api/nodes/${enc("model:clip")}`);
    expect(reply.status).toBe(200);
    const details = reply.body;
    expect(details).toMatchObject({ id: "model:clip", label: "Model", properties: { name: "CLIP" } });
    const mentioned = details.neighbours.find(
      (group) => group.type === "MENTIONS" && group.direction === "in",
    );
    expect(mentioned?.nodes.map((node) => node.id).sort()).toEqual([EXAMPLE_NOTE, XSS_NOTE]);
    expect(mentioned?.total).toBe(2);
    for (const group of details.neighbours) {
      expect(group.total).toBeGreaterThanOrEqual(group.nodes.length);
      for (const node of group.nodes) {
        const proof = details.provenance.find(
          (p) => p.type === group.type && p.direction === group.direction && p.other === node.id,
        );
        expect(proof, `${group.type} ${node.id}`).toBeDefined();
      }
    }
    const fromXss = details.provenance.find((p) => p.type === "MENTIONS" && p.other === XSS_NOTE);
    expect(fromXss).toMatchObject({ direction: "in", source: XSS_NOTE, sources: [XSS_NOTE] });
    expect(fromXss?.line).toBeGreaterThan(0);
    expect(details.excerpt).toBeUndefined();
  });

  it("lists at most `limit` neighbours per group, with the full totals", async () => {
    const reply = await get<NodeDetails>(`/api/nodes/${enc(EXAMPLE_NOTE)}?limit=1`);
    expect(reply.status).toBe(200);
    const mentions = reply.body.neighbours.find((group) => group.type === "MENTIONS");
    expect(mentions?.nodes).toHaveLength(1);
    expect(mentions?.total).toBeGreaterThan(10);
    expect(reply.body.neighbours.every((group) => group.nodes.length <= 1)).toBe(true);
  });

  it("returns an HTML title verbatim as a JSON string, escaped in the bytes", async () => {
    const reply = await get<NodeDetails>(`/api/nodes/${enc(XSS_NOTE)}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    expect(reply.body.properties.title).toBe(XSS_TITLE);
    expect(reply.body.properties.name).toBe(XSS_TITLE);
    expect(reply.text).not.toContain("<script>");
    // The note's excerpt is its text after the front matter, as plain text.
    expect(reply.body.excerpt?.note).toBe(XSS_NOTE);
    expect(reply.body.excerpt?.line).toBe(6);
    expect(reply.body.excerpt?.text.startsWith("# CLIP\n")).toBe(true);
    expect(reply.body.excerpt?.text).toContain("This note is about CLIP");
  });

  it("drops figure embeddings but keeps the model name; a figure's excerpt is around its line", async () => {
    const red = await figureBy("red.png");
    const reply = await get<NodeDetails>(`/api/nodes/${enc(red)}`);
    expect(reply.status).toBe(200);
    const { properties, excerpt } = reply.body;
    expect(properties).not.toHaveProperty("embedding");
    expect(properties.embeddingModel).toBe("tiny-clip@fp32");
    expect(properties.localPath).toBe(join(fixture.notes, "img", "red.png"));
    expect(excerpt?.note).toBe(XSS_NOTE);
    expect(excerpt?.line).toBe(10);
    expect(excerpt?.text).toContain("![a red square](img/red.png)");
    // The store does hold the vector.
    const stored = await rows("MATCH (f:Figure {id: $id}) RETURN size(f.embedding)", { id: red });
    expect(stored[0]?.[0]).toBe(8);
  });

  it("answers 404 for unknown ids and 400 for a bad limit", async () => {
    for (const id of ["model:nope", "nothing-here", "figure:abc", "paper:"]) {
      const reply = await get<ErrorBody>(`/api/nodes/${enc(id)}`);
      expect(reply.status, id).toBe(404);
      expect(reply.body.error).toContain(id);
    }
    const bad = await get<ErrorBody>(`/api/nodes/${enc("model:clip")}?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^limit: /);
  });
});

describe("GET /api/nodes/:id/neighbors", () => {
  it("depth 1: the node and its neighbours; depth 2 reaches one step further", async () => {
    const one = await get<SerializedGraph>(`/api/nodes/${enc(XSS_NOTE)}/neighbors`);
    expect(one.status).toBe(200);
    const near = one.body.nodes.map((node) => node.key);
    expect(near[0]).toBe(XSS_NOTE);
    expect(near).toEqual(expect.arrayContaining(["model:clip", "tag:testing", "note:other.md"]));
    expect(near).not.toContain(EXAMPLE_NOTE);
    expect(one.body.attributes?.truncated).toBe(false);
    const two = await get<SerializedGraph>(`/api/nodes/${enc(XSS_NOTE)}/neighbors?depth=2&limit=5000`);
    expect(two.status).toBe(200);
    const far = two.body.nodes.map((node) => node.key);
    expect(far).toEqual(expect.arrayContaining([...near, EXAMPLE_NOTE]));
    const keys = new Set(far);
    expect(two.body.edges.every((edge) => keys.has(edge.source) && keys.has(edge.target))).toBe(true);
  });

  it("cuts to the budget, nearer and higher-degree first", async () => {
    const reply = await get<SerializedGraph>(`/api/nodes/${enc(XSS_NOTE)}/neighbors?depth=2&limit=3`);
    expect(reply.status).toBe(200);
    expect(reply.body.nodes).toHaveLength(3);
    expect(reply.body.attributes?.truncated).toBe(true);
    expect(reply.body.nodes[0]?.key).toBe(XSS_NOTE);
  });

  it("refuses a bad depth or limit (400) and unknown ids (404)", async () => {
    for (const query of ["depth=3", "depth=x", "limit=0", "limit=999999"]) {
      const reply = await get<ErrorBody>(`/api/nodes/${enc(XSS_NOTE)}/neighbors?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.error).toMatch(/^(depth|limit): /);
    }
    expect((await get(`/api/nodes/${enc("model:nope")}/neighbors`)).status).toBe(404);
  });
});

describe("subgraphs from the adjacency in memory", () => {
  // The server answers from memory; the store's queries are the reference it must equal.
  it("give the same answers as the store's queries, and the same degrees", async () => {
    const adjacency = await loadAdjacency(store);
    const fromMemory = async () => adjacency;
    expect(new Map([...adjacency.degrees].sort())).toEqual(new Map([...(await allDegrees(store))].sort()));
    const { rows } = await store.query("MATCH (n) RETURN n.id AS id ORDER BY id", {}, { readOnly: true });
    let compared = 0;
    for (const id of rows.map((row) => String(row.id))) {
      for (const depth of [1, 2] as const) {
        const queried = await neighbourhood(store, id, { depth, limit: 60 });
        const remembered = await neighbourhood(store, id, { depth, limit: 60, adjacency: fromMemory });
        expect(remembered, `${id} depth ${depth}`).toEqual(queried);
        compared += queried.edges.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
    for (const options of [
      { limit: 40 },
      { limit: 500 },
      { limit: 30, note: EXAMPLE_NOTE },
      { limit: 30, tag: "tag:testing" },
    ]) {
      expect(await overview(store, { ...options, adjacency: fromMemory })).toEqual(
        await overview(store, options),
      );
    }
  });
});

describe("GET /api/search", () => {
  it("finds names exactly first, scored in [0, 1]", async () => {
    const reply = await get<SearchHit[]>("/api/search?q=clip");
    expect(reply.status).toBe(200);
    expect(reply.body[0]).toEqual({ id: "model:clip", label: "Model", name: "CLIP", score: 1 });
    for (const hit of reply.body) {
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
    const scores = reply.body.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("finds aliases, titles and Chinese names", async () => {
    const alias = await get<SearchHit[]>("/api/search?q=blip2");
    expect(alias.body[0]).toMatchObject({ id: "model:blip-2", name: "BLIP-2" });
    expect(alias.body[0]?.score).toBeLessThan(1);
    const spelledOut = await get<SearchHit[]>(`/api/search?q=${enc("Language-Image Pre-training")}`);
    expect(spelledOut.body.map((hit) => hit.id)).toContain("model:clip");
    const chinese = await get<SearchHit[]>(`/api/search?q=${enc("多模态")}`);
    expect(chinese.body.map((hit) => hit.id)).toContain(EXAMPLE_NOTE);
    const html = await get<SearchHit[]>(`/api/search?q=${enc("<script>")}`);
    expect(html.body[0]).toMatchObject({ id: XSS_NOTE, name: XSS_TITLE });
  });

  it("answers as `kg search` does: one search, aliases and Chinese names included", async () => {
    for (const q of ["blip2", "Contrastive Language-Image Pre-training", "多模态", "clip"]) {
      const cli = await kg(["search", q, "--format", "json", "-k", "10", "--data-dir", fixture.dataDir]);
      expect(cli.code, cli.stderr).toBe(0);
      const found = JSON.parse(cli.stdout) as (SearchHit & { field: string })[];
      expect(found.length, q).toBeGreaterThan(0);
      const api = await get<SearchHit[]>(`/api/search?q=${enc(q)}&k=10`);
      expect(
        found.map(({ id, label, name, score }) => ({ id, label, name, score })),
        q,
      ).toEqual(api.body);
    }
    const alias = await kg(["search", "BLIP2", "--format", "json", "--data-dir", fixture.dataDir]);
    expect(JSON.parse(alias.stdout)[0]).toMatchObject({ id: "model:blip-2", field: "aliases" });
  });

  it("honours k and refuses a missing q or a bad k", async () => {
    expect((await get<SearchHit[]>("/api/search?q=c&k=2")).body).toHaveLength(2);
    const missing = await get<ErrorBody>("/api/search");
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^q: /);
    expect((await get<ErrorBody>("/api/search?q=%20%20")).status).toBe(400);
    const k = await get<ErrorBody>("/api/search?q=clip&k=0");
    expect(k.status).toBe(400);
    expect(k.body.error).toMatch(/^k: /);
  });
});

describe("GET /api/figures/search", () => {
  it("finds the red figure for 'red' with the tiny CLIP model, with its image URL", async () => {
    const red = await figureBy("red.png");
    const reply = await get<FigureSearchHit[]>("/api/figures/search?q=red&k=3");
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.length).toBeGreaterThan(0);
    expect(reply.body.length).toBeLessThanOrEqual(3);
    expect(reply.body[0]).toMatchObject({ id: red, src: "img/red.png", notes: [XSS_NOTE] });
    expect(reply.body[0]?.image).toBe(`/api/figures/${enc(red)}/image`);
    const image = await fetch(new URL(reply.body[0]?.image ?? "", main.url));
    expect(image.status).toBe(200);
  });

  it("answers 503 with the reason when there is no CLIP model, and 400 without q", async () => {
    const reply = await call<ErrorBody>(guarded, "/api/figures/search?q=red", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatch(/no model on this test server/);
    expect((await get<ErrorBody>("/api/figures/search")).status).toBe(400);
  });
});

describe("GET /api/figures/:id/image", () => {
  it("serves the bytes of a local figure with its content type, under a sandboxing CSP", async () => {
    const red = await figureBy("red.png");
    const response = await fetch(new URL(`/api/figures/${enc(red)}/image`, main.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(readFileSync(join(fixture.notes, "img", "red.png")))).toBe(true);
  });

  it("serves figures of examples/ (another notes root)", async () => {
    const id = await figureBy("image-20240828195906131.png");
    const response = await fetch(new URL(`/api/figures/${enc(id)}/image`, main.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
  });

  it("refuses a figure whose file is a symlink out of the notes' folders", async () => {
    const linked = await figureBy("link.png");
    const reply = await get<ErrorBody>(`/api/figures/${enc(linked)}/image`);
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatch(/outside the note folders/);
  });

  it("refuses a figure stored with a path outside the roots", async () => {
    const beside = await figureBy("other.png");
    const stored = await rows("MATCH (f:Figure {id: $id}) RETURN f.localPath", { id: beside });
    expect(stored[0]?.[0]).toBe(join(fixture.outside, "other.png"));
    const reply = await get<ErrorBody>(`/api/figures/${enc(beside)}/image`);
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatch(/outside the note folders/);
  });

  it("refuses ids that are not known figures, and encoded traversal", async () => {
    const paths = [
      `/api/figures/${enc("model:clip")}/image`,
      `/api/figures/${enc("figure:nope")}/image`,
      `/api/figures/${enc("../../../../etc/passwd")}/image`,
      `/api/figures/${enc("figure:../../../../etc/passwd")}/image`,
      "/api/figures/..%2F..%2F..%2Fetc%2Fpasswd/image",
      "/api/figures/%2e%2e/image",
    ];
    for (const path of paths) {
      const reply = await rawGet(main, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain("root:");
    }
    const raw = await rawGet(main, "/api/figures/../../../../etc/passwd");
    expect(raw.status).toBe(404);
    expect(raw.body).not.toContain("root:");
  });

  it("says why a remote figure has no image", async () => {
    const remote = await rows("MATCH (f:Figure) WHERE f.localPath IS NULL RETURN f.id LIMIT 1");
    const reply = await get<ErrorBody>(`/api/figures/${enc(String(remote[0]?.[0]))}/image`);
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatch(/no local copy/);
  });
});

describe("POST /api/cypher", () => {
  it("runs read-only Cypher with parameters: columns and rows as arrays", async () => {
    const reply = await cypher({
      query:
        "MATCH (m:Model) WHERE m.name STARTS WITH $prefix RETURN m.name AS name, m.aliases AS aliases ORDER BY name",
      params: { prefix: "BLIP" },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      columns: ["name", "aliases"],
      rows: [
        ["BLIP", null],
        ["BLIP-2", ["BLIP2"]],
      ],
      truncated: false,
      maxRows: 1000,
    });
  });

  it("caps rows and says so", async () => {
    const reply = await cypher({ query: "MATCH (c:Concept) RETURN c.id AS id", maxRows: 3 });
    expect(reply.body.rows).toHaveLength(3);
    expect(reply.body.truncated).toBe(true);
    expect(reply.body.maxRows).toBe(3);
    // The server's cap applies when a request asks for more.
    const capped = await cypher({ query: "UNWIND range(1, 5000) AS i RETURN i", maxRows: 1_000_000 });
    expect(capped.body).toMatchObject({ truncated: true, maxRows: 1000 });
    expect(capped.body.rows).toHaveLength(1000);
  });

  it("refuses writes with 403 and changes nothing", async () => {
    const before = await rows("MATCH (t:Tag) RETURN count(t) AS n, collect(t.name) AS names");
    const writes = [
      "CREATE (t:Tag {id: 'tag:injected', name: 'injected'})",
      "MATCH (t:Tag) SET t.name = 'renamed'",
      "MATCH (t:Tag) DETACH DELETE t",
      "MERGE (t:Tag {id: 'tag:merged'})",
    ];
    for (const query of writes) {
      const reply = await cypher<ErrorBody>({ query });
      expect(reply.status, query).toBe(403);
      expect(reply.body.error).toMatch(/writes|read-only/);
    }
    expect(await rows("MATCH (t:Tag) RETURN count(t) AS n, collect(t.name) AS names")).toEqual(before);
    expect((await get<StoreStats>("/api/stats")).body).toEqual(stats);
  });

  it("answers 400 for bad Cypher and bad bodies, 413 for a large one", async () => {
    const bad = await cypher<ErrorBody>({ query: "MATCH (m:Model RETURN m" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Parser exception/);
    const bodies: [unknown, RegExp][] = [
      ["{not json", /not valid JSON/],
      [{}, /^query: /],
      [{ query: "   " }, /^query: /],
      [{ query: "RETURN 1", params: { "bad name": 1 } }, /^params\.bad name: /],
      [{ query: "RETURN 1", params: [] }, /^params: /],
      [{ query: "RETURN 1", timeoutMs: -1 }, /^timeoutMs: /],
      [[1, 2], /^body: /],
    ];
    for (const [body, message] of bodies) {
      const reply = await cypher<ErrorBody>(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toMatch(message);
    }
    const text = await call<ErrorBody>(main, "/api/cypher", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "MATCH (n:Note) RETURN n",
    });
    expect(text.status).toBe(400);
    const large = await cypher<ErrorBody>({ query: `RETURN '${"x".repeat(70 * 1024)}' AS x` });
    expect(large.status).toBe(413);
    expect(large.body.error).toBe("request body too large: at most 65536 bytes");
  });

  it("stops a slow query with 504", async () => {
    const slow =
      "UNWIND range(1, 50000) AS x UNWIND range(1, 50000) AS y WITH x, y WHERE (x * y) % 7 = 10 RETURN count(*) AS c";
    const started = Date.now();
    const reply = await cypher<ErrorBody>({ query: slow, timeoutMs: 100 });
    expect(reply.status).toBe(504);
    expect(reply.body.error).toMatch(/ran past its time limit of 100 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    // The server's own limit applies when the request asks for more.
    const capped = await cypher<ErrorBody>({ query: slow, timeoutMs: 600_000 }, guarded, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(capped.status).toBe(504);
  });

  it("answers 429 past the queries in flight", async () => {
    const slow =
      "UNWIND range(1, 50000) AS x UNWIND range(1, 50000) AS y WITH x, y WHERE (x * y) % 7 = 10 RETURN count(*) AS c";
    const headers = { authorization: `Bearer ${TOKEN}` };
    const replies = await Promise.all([
      cypher({ query: slow }, guarded, headers),
      cypher({ query: slow }, guarded, headers),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([429, 504]);
    const limited = replies.find((reply) => reply.status === 429);
    expect(limited?.headers.get("retry-after")).toBe("1");
    expect(JSON.parse(limited?.text ?? "{}").error).toBe(
      "too many Cypher queries in flight (at most 1); retry shortly",
    );
  });
});

describe("errors and the viewer's files", () => {
  it("answers 500 without details, and logs them", async () => {
    const reply = await get<ErrorBody>("/api/stats", broken);
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ error: "internal error (details are in the server log)" });
    expect(reply.text).not.toMatch(/secret|disk on fire|at .*\.ts/);
    expect(logs.join("\n")).toContain("disk on fire at /secret/place");
  });

  it("answers unknown routes with JSON 404s", async () => {
    const api = await get<ErrorBody>("/api/nope");
    expect(api.status).toBe(404);
    expect(api.body.error).toMatch(/no API route/);
    const page = await get<ErrorBody>("/missing.js");
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/json/);
  });

  it("serves web/dist when there is one, index.html for client routes, nothing outside it", async () => {
    const index = await get("/", broken);
    expect(index.status).toBe(200);
    expect(index.text).toContain("<title>viewer</title>");
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect((await get("/assets/app.js", broken)).text).toContain("viewer");
    expect((await get("/graph/view", broken)).text).toContain("<title>viewer</title>");
    expect((await get("/assets/missing.js", broken)).status).toBe(404);
    for (const path of ["/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/../../etc/passwd"]) {
      const reply = await rawGet(broken, path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain("root:");
    }
  });

  it("says how to build the viewer when there is none", async () => {
    const reply = await get("/");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(reply.text).toContain("npm run build:web");
  });
});

/** `kg serve ...args` in a child process: its URL once it serves, or its exit code and stderr. */
function spawnServe(
  args: string[],
  env: Record<string, string> = {},
): Promise<
  | { url: string; stderr: () => string; stop: () => Promise<number | null> }
  | { exited: number | null; stderr: string }
> {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, "../../bin/kg.js"), "serve", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEO4J_URI: "", KG_TOKEN: "", ...env },
  });
  let stderr = "";
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return new Promise((done) => {
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const match = /notegraph viewer: (http:\/\/\S+\/)/.exec(stderr);
      if (match?.[1])
        done({
          url: match[1],
          stderr: () => stderr,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
    });
    void exited.then((code) => done({ exited: code, stderr }));
  });
}

describe("kg serve", () => {
  it("prints its URL on stderr, serves, and exits 0 on SIGTERM", async () => {
    const served = await spawnServe(["--data-dir", fixture.dataDir, "--port", "0"]);
    if (!("url" in served)) throw new Error(`kg serve exited (${served.exited}): ${served.stderr}`);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = await fetch(new URL("/healthz", served.url));
    expect(await health.json()).toEqual({ ok: true, store: "kuzu" });
    expect(await served.stop()).toBe(0);
  });

  it("refuses a non-loopback address without a token (exit code 2), saying what to do", async () => {
    const refused = await spawnServe(["--data-dir", fixture.dataDir, "--port", "0", "--host", "0.0.0.0"]);
    if ("url" in refused) await refused.stop();
    expect(refused).toMatchObject({ exited: 2 });
    const stderr = "url" in refused ? refused.stderr() : refused.stderr;
    expect(stderr).toContain("refusing to serve on 0.0.0.0 without a token");
    expect(stderr).toContain("--token <token> (or KG_TOKEN)");
    expect(stderr).toContain("--no-token");
  });

  it("serves a non-loopback address with a token from KG_TOKEN, or openly with --no-token", async () => {
    const guarded = await spawnServe(["--data-dir", fixture.dataDir, "--port", "0", "--host", "0.0.0.0"], {
      KG_TOKEN: TOKEN,
    });
    if (!("url" in guarded)) throw new Error(`kg serve exited (${guarded.exited}): ${guarded.stderr}`);
    const port = new URL(guarded.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/api/stats`)).status).toBe(403);
    const authorised = await fetch(`http://127.0.0.1:${port}/api/stats`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(authorised.status).toBe(200);
    expect(await guarded.stop()).toBe(0);

    const open = await spawnServe(
      ["--data-dir", fixture.dataDir, "--port", "0", "--host", "0.0.0.0", "--no-token"],
      {
        KG_TOKEN: TOKEN,
      },
    );
    if (!("url" in open)) throw new Error(`kg serve exited (${open.exited}): ${open.stderr}`);
    expect(open.stderr()).toMatch(/warning: listening on 0\.0\.0\.0 without a token/);
    const openPort = new URL(open.url).port;
    expect((await fetch(`http://127.0.0.1:${openPort}/api/stats`)).status).toBe(200);
    expect(await open.stop()).toBe(0);
  });

  it("refuses a bad port with exit code 2", async () => {
    const result = await kg(["serve", "--data-dir", tempDir(), "--port", "http"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port/);
  });
});
