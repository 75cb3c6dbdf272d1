import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ArxivClient,
  type ArxivClientEvent,
  type ArxivClientOptions,
  backoffDelayMs,
  buildQueryUrl,
  chunk,
  classifyResponse,
  defaultUserAgent,
  matchEntries,
  parseRetryAfter,
  planIds,
} from "../../ingest/arxiv/api-client.js";
import {
  cacheFileName,
  MISSING_TTL_MS,
  parseCacheEntry,
  serializeCacheEntry,
} from "../../ingest/arxiv/cache.js";
import type { ArxivRecord } from "../../ingest/arxiv/record.js";
import {
  type ArxivTestServer,
  ERROR_FEED,
  FIXTURE_API,
  feedFor,
  loadEntries,
  startArxivServer,
  startGaps,
} from "../helpers/arxiv-server.js";

const CLIP = "2103.00020";
const BLIP = "2201.12086";
const BLIP2 = "2301.12597";
const INTERVAL = 150;
/**
 * Request starts are timed where they happen, in the client (its `request` events). Arrivals
 * at the server are checked too, with slack: the first request of a process arrives late
 * (undici loads, the connection opens), which shortens the first gap by up to ~15 ms.
 */
const LATENCY_SLACK = 30;

const record = (id: string, extra: Partial<ArxivRecord> = {}): ArxivRecord => ({
  id,
  version: 1,
  title: `Paper ${id}`,
  abstract: null,
  authors: [{ name: "A. Author", affiliations: [] }],
  published: null,
  updated: null,
  categories: ["cs.LG"],
  primaryCategory: "cs.LG",
  doi: null,
  journalRef: null,
  comments: null,
  license: null,
  ...extra,
});

/** `n` well-formed new-style ids arXiv has no paper for (the server answers "no entry"). */
const unknownIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `2512.${String(90000 + i).padStart(5, "0")}`);

describe("pure parts", () => {
  it("planIds normalises, deduplicates in first-seen order and sets aside what is not an id", () => {
    expect(
      planIds([`${BLIP2}v3`, CLIP, `arXiv:${BLIP2}`, "hep-th/9901001v2", "HEP-TH/9901001", "abc", "abc", ""]),
    ).toEqual({ ids: [BLIP2, CLIP, "hep-th/9901001"], invalid: ["abc", ""] });
  });

  it("buildQueryUrl asks for exactly the batch, ids as written", () => {
    expect(buildQueryUrl("https://export.arxiv.org/api/query", [CLIP, "hep-th/9901001"])).toBe(
      "https://export.arxiv.org/api/query?id_list=2103.00020,hep-th/9901001&start=0&max_results=2",
    );
    expect(buildQueryUrl("http://localhost:1/q?x=1", [CLIP])).toBe(
      "http://localhost:1/q?x=1&id_list=2103.00020&start=0&max_results=1",
    );
    expect(() => buildQueryUrl("http://localhost/q", [])).toThrow(RangeError);
  });

  it("chunk splits into batches of at most n", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk(unknownIds(250), 100).map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(chunk([], 100)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it("matchEntries maps records back to requested ids and lists the absent and the unexpected", () => {
    const matched = matchEntries(
      [CLIP, BLIP, "astro-ph/0601001"],
      [record(CLIP), record("astro-ph/0601001"), record("1605.08386")],
    );
    expect([...matched.found.keys()]).toEqual([CLIP, "astro-ph/0601001"]);
    expect(matched.absent).toEqual([BLIP]);
    expect(matched.unexpected).toEqual(["1605.08386"]);
  });

  it("backoffDelayMs doubles per retry, jitters in the upper half, and is capped", () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelayMs(retry, 1000, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect([0, 1, 2, 3].map((retry) => backoffDelayMs(retry, 1000, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(backoffDelayMs(20, 1000, () => 1)).toBe(60_000);
    expect(backoffDelayMs(20, 1000, () => 1, 5000)).toBe(5000);
  });

  it("parseRetryAfter reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("classifyResponse: the error feed is final with arXiv's words, 5xx/429 retry, other 4xx do not", () => {
    const answer = (status: number, body = "", retryAfter: string | null = null) => ({
      status,
      statusText: "",
      retryAfter,
      body,
    });
    expect(classifyResponse(answer(400, ERROR_FEED()), 0)).toEqual({
      kind: "fatal",
      reason: "arXiv refused the request: incorrect id format for abc",
    });
    expect(classifyResponse(answer(503), 0)).toMatchObject({ kind: "retryable", retryAfterMs: null });
    expect(classifyResponse(answer(429, "", "3"), 0)).toMatchObject({
      kind: "retryable",
      retryAfterMs: 3000,
    });
    expect(classifyResponse(answer(404, "not here"), 0)).toMatchObject({
      kind: "fatal",
      reason: "HTTP 404 from arXiv",
    });
    const body = readFileSync(join(FIXTURE_API, `id_${CLIP}.xml`), "utf8");
    expect(classifyResponse(answer(200, body), 0)).toMatchObject({ kind: "feed", complete: true });
    expect(classifyResponse(answer(200, body.slice(0, 1500)), 0)).toMatchObject({
      kind: "retryable",
      malformed: true,
    });
    const short = body.replace(/<entry>[\s\S]*<\/entry>/, "");
    expect(classifyResponse(answer(200, short), 0)).toMatchObject({
      kind: "feed",
      complete: false,
      records: [],
    });
  });

  it("cache entries: old-style ids escaped, negative entries expire after 30 days, bad files are corrupt", () => {
    expect(cacheFileName("hep-th/9901001")).toBe("hep-th_9901001.json");
    const fetched = new Date("2026-01-01T00:00:00Z");
    const negative = serializeCacheEntry(CLIP, null, fetched);
    expect(parseCacheEntry(negative, CLIP, fetched.getTime() + MISSING_TTL_MS - 1)).toMatchObject({
      status: "missing",
      expired: false,
    });
    expect(parseCacheEntry(negative, CLIP, fetched.getTime() + MISSING_TTL_MS + 1)).toMatchObject({
      status: "missing",
      expired: true,
    });
    const found = serializeCacheEntry(CLIP, record(CLIP), fetched);
    expect(parseCacheEntry(found, CLIP, 0)).toMatchObject({ status: "found", record: { id: CLIP } });
    expect(parseCacheEntry(found, BLIP, 0)).toMatchObject({ status: "corrupt" });
    expect(parseCacheEntry(found.slice(0, 50), CLIP, 0)).toMatchObject({ status: "corrupt" });
    expect(parseCacheEntry('{"format":1,"id":"2103.00020"}', CLIP, 0)).toMatchObject({ status: "corrupt" });
  });

  it("the default User-Agent names notegraph, its version and its home", () => {
    const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8"));
    expect(defaultUserAgent()).toBe(`notegraph/${version} (+https://github.com/notegraph/notegraph)`);
  });

  it("the constructor refuses nonsense options", () => {
    expect(() => new ArxivClient({ cacheDir: "" })).toThrow(TypeError);
    expect(() => new ArxivClient({ cacheDir: "x", baseUrl: "ftp://arxiv.org" })).toThrow(TypeError);
    expect(() => new ArxivClient({ cacheDir: "x", maxIdsPerRequest: 0 })).toThrow(RangeError);
    expect(() => new ArxivClient({ cacheDir: "x", maxIdsPerRequest: 2001 })).toThrow(RangeError);
    expect(() => new ArxivClient({ cacheDir: "x", retries: -1 })).toThrow(RangeError);
    expect(() => new ArxivClient({ cacheDir: "x", minIntervalMs: Number.NaN })).toThrow(RangeError);
  });
});

describe("ArxivClient against a local arXiv", () => {
  let server: ArxivTestServer;
  let cacheDir: string;
  let events: (ArxivClientEvent & { at: number })[];

  const client = (options: Partial<ArxivClientOptions> = {}) =>
    new ArxivClient({
      cacheDir,
      baseUrl: server.url,
      minIntervalMs: INTERVAL,
      timeoutMs: 300,
      onEvent: (event) => events.push({ ...event, at: performance.now() }),
      ...options,
    });
  /** Gaps between the client's request starts, in ms. */
  const requestGaps = (): number[] => {
    const starts = events.filter((event) => event.type === "request").map((event) => event.at);
    return starts.slice(1).map((at, i) => at - (starts[i] as number));
  };

  beforeEach(async () => {
    server = await startArxivServer();
    cacheDir = mkdtempSync(join(tmpdir(), "notegraph-arxiv-cache-"));
    events = [];
  });
  afterEach(async () => {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("fetches the three hand-made papers in one request, with their authors in order", async () => {
    const result = await client().fetch([CLIP, BLIP, BLIP2]);
    expect(result.requests).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.query).toEqual({
      id_list: `${CLIP},${BLIP},${BLIP2}`,
      start: "0",
      max_results: "3",
    });
    expect([...result.records.keys()]).toEqual([CLIP, BLIP, BLIP2]);
    const clip = result.records.get(CLIP);
    expect(clip?.title).toBe("Learning Transferable Visual Models From Natural Language Supervision");
    expect(clip?.authors).toHaveLength(12);
    expect(clip?.authors[0]?.name).toBe("Alec Radford");
    expect(clip?.authors[11]?.name).toBe("Ilya Sutskever");
    expect(result.records.get(BLIP)?.authors).toHaveLength(4);
    expect(result.records.get(BLIP2)?.authors).toHaveLength(4);
    expect(result.records.get(BLIP2)?.version).toBe(3);
    expect(result).toMatchObject({ missing: [], unresolved: [], failures: [], cacheHits: 0 });
  });

  it("always sends a User-Agent: notegraph's by default, the caller's when given", async () => {
    await client().fetch([CLIP]);
    await client({ userAgent: "my-lab-bot/2.0 (mailto:me@example.org)" }).fetch([BLIP]);
    expect(server.requests.map((request) => request.headers["user-agent"])).toEqual([
      defaultUserAgent(),
      "my-lab-bot/2.0 (mailto:me@example.org)",
    ]);
    expect(defaultUserAgent()).toMatch(
      /^notegraph\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/notegraph\/notegraph\)$/,
    );
  });

  it("merges versioned and old-style spellings into one id_list entry each", async () => {
    const result = await client().fetch([
      `${BLIP2}v3`,
      BLIP2,
      `arXiv:${BLIP2}v1`,
      "astro-ph/0601001v1",
      "ASTRO-PH/0601001",
      "hep-th/9901001v2",
      "hep-th/9901001",
    ]);
    expect(server.requests.map((request) => request.idList)).toEqual([
      [BLIP2, "astro-ph/0601001", "hep-th/9901001"],
    ]);
    expect([...result.records.keys()]).toEqual([BLIP2, "astro-ph/0601001"]);
    expect(result.records.get("astro-ph/0601001")?.authors.map((a) => a.name)).toEqual([
      "Andrew Gould",
      "Susan Dorsher",
      "B. Scott Gaudi",
      "Andrzej Udalski",
    ]);
    expect(result.missing).toEqual(["hep-th/9901001"]);
    expect(readdirSync(cacheDir).sort()).toEqual([
      `${BLIP2}.json`,
      "astro-ph_0601001.json",
      "hep-th_9901001.json",
    ]);
  });

  it("never sends ids normalizeArxivId rejects, and says why", async () => {
    const result = await client().fetch(["abc", "arXiv:1234", CLIP]);
    expect(server.requests.map((request) => request.idList)).toEqual([[CLIP]]);
    expect(result.failures).toEqual([
      { ids: ["abc", "arXiv:1234"], reason: expect.stringMatching(/not an arXiv identifier/) },
    ]);
    expect(result.records.has(CLIP)).toBe(true);

    const none = await client().fetch(["not-an-id"]);
    expect(none.requests).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it("batches 250 ids into 3 requests of at most 100; ids arXiv has no entry for are missing", async () => {
    const ids = [...unknownIds(247), CLIP, BLIP, BLIP2];
    const result = await client().fetch(ids);
    expect(result.requests).toBe(3);
    expect(server.requests.map((request) => request.idList.length)).toEqual([100, 100, 50]);
    expect(server.requests.map((request) => request.query.max_results)).toEqual(["100", "100", "50"]);
    expect(server.requests.flatMap((request) => request.idList)).toEqual(ids);
    expect([...result.records.keys()]).toEqual([CLIP, BLIP, BLIP2]);
    expect(result.missing).toHaveLength(247);
    expect(result.unresolved).toEqual([]);
  });

  it("keeps request starts at least minIntervalMs apart, retries included", async () => {
    server.script({ kind: "status", status: 503 });
    // A tiny backoff, so only the rate limit can keep the retry from following at once.
    const result = await client({ maxIdsPerRequest: 1, backoffBaseMs: 1 }).fetch([CLIP, BLIP, BLIP2]);
    expect(result.records.size).toBe(3);
    expect(server.requests).toHaveLength(4);
    for (const gap of startGaps(server.requests))
      expect(gap).toBeGreaterThanOrEqual(INTERVAL - LATENCY_SLACK);
    expect(requestGaps()).toHaveLength(3);
    for (const gap of requestGaps()) expect(gap).toBeGreaterThanOrEqual(INTERVAL);
  });

  it("retries a 503 with backoff, then succeeds", async () => {
    server.script({ kind: "status", status: 503 }, { kind: "status", status: 502 });
    const result = await client({ backoffBaseMs: 200 }).fetch([CLIP]);
    expect(result.requests).toBe(3);
    expect(result.records.get(CLIP)?.authors).toHaveLength(12);
    expect(result.failures).toEqual([]);
    const retries = events.filter((event) => event.type === "retry");
    expect(retries.map((event) => event.reason)).toEqual([
      "HTTP 503 Service Unavailable from arXiv",
      "HTTP 502 Bad Gateway from arXiv",
    ]);
    // Backoff: 100-200 ms before the second request, 200-400 ms before the third.
    const [first, second] = retries.map((event) => event.delayMs);
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThanOrEqual(200);
    expect(second).toBeGreaterThanOrEqual(200);
    expect(second).toBeLessThanOrEqual(400);
    expect(requestGaps()[1]).toBeGreaterThanOrEqual(second as number);
  });

  it("honours Retry-After on a 429", async () => {
    server.script({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const result = await client().fetch([CLIP]);
    expect(result.records.has(CLIP)).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(requestGaps()[0]).toBeGreaterThanOrEqual(1000);
    expect(startGaps(server.requests)[0]).toBeGreaterThanOrEqual(1000 - LATENCY_SLACK);
    expect(events.find((event) => event.type === "retry")).toMatchObject({ delayMs: 1000 });
  });

  it("times out a request that hangs, then retries it", async () => {
    server.script({ kind: "hang" });
    const started = performance.now();
    const result = await client({ timeoutMs: 300 }).fetch([BLIP]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(result.records.has(BLIP)).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(events.find((event) => event.type === "retry")).toMatchObject({
      reason: "timed out after 300 ms",
    });
  }, 5000);

  it("gives up after `retries` retries: the batch is unresolved, with the reason, and not cached", async () => {
    server.script(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 503 })));
    const result = await client({ retries: 2 }).fetch([CLIP, BLIP]);
    expect(server.requests).toHaveLength(3);
    expect(result.requests).toBe(3);
    expect(result.records.size).toBe(0);
    expect(result.missing).toEqual([]);
    expect(result.unresolved).toEqual([CLIP, BLIP]);
    expect(result.failures).toEqual([
      { ids: [CLIP, BLIP], reason: "HTTP 503 Service Unavailable from arXiv (gave up after 3 attempts)" },
    ]);
    expect(readdirSync(cacheDir)).toEqual([]);
    const again = await client().fetch([CLIP, BLIP]);
    expect(again.requests).toBe(1);
    expect(again.records.size).toBe(2);
  });

  it("reports network errors as unresolved after retrying", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await client({ baseUrl: `http://127.0.0.1:${port}/api/query`, retries: 1 }).fetch([CLIP]);
    expect(result.requests).toBe(2);
    expect(result.unresolved).toEqual([CLIP]);
    expect(result.failures[0]?.reason).toMatch(/^network error: ECONNREFUSED \(gave up after 2 attempts\)$/);
  });

  it("does not retry arXiv's 400 error feed, surfaces its message and caches nothing", async () => {
    await server.close();
    server = await startArxivServer({ isValidId: (id) => id !== "2113.00001" });
    const result = await client().fetch([CLIP, "2113.00001"]);
    expect(server.requests).toHaveLength(1);
    expect(result.records.size).toBe(0);
    expect(result.unresolved).toEqual([CLIP, "2113.00001"]);
    expect(result.failures).toEqual([
      { ids: [CLIP, "2113.00001"], reason: "arXiv refused the request: incorrect id format for 2113.00001" },
    ]);
    expect(events.filter((event) => event.type === "retry")).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("does not retry other 4xx answers", async () => {
    server.script({ kind: "status", status: 404 });
    const result = await client().fetch([CLIP]);
    expect(server.requests).toHaveLength(1);
    expect(result.failures).toEqual([{ ids: [CLIP], reason: "HTTP 404 Not Found from arXiv" }]);
  });

  it("bounds the answer read into memory: too long, declared or streamed, is final and not retried", async () => {
    const long = `<feed>${"x".repeat(5000)}</feed>`;
    server.script({ kind: "status", status: 200, body: long });
    const declared = await client({ maxResponseBytes: 4096 }).fetch([CLIP]);
    expect(server.requests).toHaveLength(1);
    expect(declared.unresolved).toEqual([CLIP]);
    expect(declared.failures).toEqual([
      { ids: [CLIP], reason: "arXiv's answer (HTTP 200) is over the limit of 4 KB; not read" },
    ]);

    server.requests.length = 0;
    server.script({ kind: "endless" });
    const started = performance.now();
    const streamed = await client({ maxResponseBytes: 256 * 1024, timeoutMs: 5000 }).fetch([BLIP]);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(1);
    expect(streamed.failures).toEqual([
      { ids: [BLIP], reason: "arXiv's answer (HTTP 200) is over the limit of 256 KB; not read" },
    ]);
    expect(events.filter((event) => event.type === "retry")).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([]);

    // Error answers are bounded too, and a normal answer still fits under the default.
    server.script({ kind: "status", status: 503, body: long });
    expect((await client({ maxResponseBytes: 4096 }).fetch([BLIP2])).failures[0]?.reason).toBe(
      "arXiv's answer (HTTP 503) is over the limit of 4 KB; not read",
    );
    expect((await client().fetch([CLIP])).records.has(CLIP)).toBe(true);
  });

  it("retries a truncated feed once", async () => {
    server.script({ kind: "truncate" });
    const result = await client().fetch([CLIP, BLIP]);
    expect(server.requests).toHaveLength(2);
    expect(result.records.size).toBe(2);

    server.requests.length = 0;
    server.script({ kind: "truncate" }, { kind: "truncate" });
    const twice = await client({ retries: 4 }).fetch([BLIP2]);
    expect(server.requests).toHaveLength(2);
    expect(twice.unresolved).toEqual([BLIP2]);
    expect(twice.failures[0]?.reason).toMatch(/^unreadable feed: .*\(gave up after 2 attempts\)$/);
  });

  it("a feed with fewer entries than its totalResults is retried once, and never caches the gap as missing", async () => {
    const short = feedFor([CLIP, BLIP], 0, 2, loadEntries()).replace(/<entry>[\s\S]*?<\/entry>\s*/, "");
    server.script({ kind: "status", status: 200, body: short }, { kind: "status", status: 200, body: short });
    const result = await client().fetch([CLIP, BLIP]);
    expect(server.requests).toHaveLength(2);
    expect([...result.records.keys()]).toEqual([BLIP]);
    expect(result.missing).toEqual([]);
    expect(result.unresolved).toEqual([CLIP]);
    expect(result.failures[0]?.reason).toBe(
      "arXiv's feed announced 2 results but held 1 entries (gave up after 2 attempts)",
    );
    expect(readdirSync(cacheDir)).toEqual([`${BLIP}.json`]);
  });

  describe("the cache", () => {
    it("a second run with the same ids makes no request at all", async () => {
      const ids = [CLIP, BLIP, BLIP2, "hep-th/9901001", ...unknownIds(2)];
      const first = await client().fetch(ids);
      expect(first.requests).toBe(1);
      const second = await client().fetch([...ids].reverse());
      expect(second.requests).toBe(0);
      expect(server.requests).toHaveLength(1);
      expect(second.cacheHits).toBe(6);
      expect(second.records).toEqual(first.records);
      expect(second.missing.sort()).toEqual(first.missing.sort());
      expect(readdirSync(cacheDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    });

    it("offline: no request; ids not in the cache are unresolved", async () => {
      await client().fetch([CLIP, "hep-th/9901001"]);
      server.requests.length = 0;
      const result = await client({ offline: true }).fetch([CLIP, BLIP, "hep-th/9901001"]);
      expect(server.requests).toHaveLength(0);
      expect(result.requests).toBe(0);
      expect([...result.records.keys()]).toEqual([CLIP]);
      expect(result.missing).toEqual(["hep-th/9901001"]);
      expect(result.unresolved).toEqual([BLIP]);
      expect(result.failures).toEqual([{ ids: [BLIP], reason: "offline, and not in the cache" }]);
    });

    it("a corrupt cache file is refetched with a warning, and rewritten", async () => {
      await client().fetch([CLIP, BLIP]);
      const path = join(cacheDir, `${CLIP}.json`);
      writeFileSync(path, readFileSync(path, "utf8").slice(0, 100));
      server.requests.length = 0;
      const result = await client().fetch([CLIP, BLIP]);
      expect(server.requests.map((request) => request.idList)).toEqual([[CLIP]]);
      expect(result.records.size).toBe(2);
      expect(result.cacheHits).toBe(1);
      expect(events.filter((event) => event.type === "warning")).toEqual([
        expect.objectContaining({
          id: CLIP,
          message: expect.stringMatching(/corrupt arXiv cache file .*not JSON/),
        }),
      ]);
      expect(parseCacheEntry(readFileSync(path, "utf8"), CLIP, Date.now())).toMatchObject({
        status: "found",
      });
    });

    it("asks again about a missing paper after 30 days", async () => {
      await client().fetch(["hep-th/9901001"]);
      const path = join(cacheDir, "hep-th_9901001.json");
      expect(existsSync(path)).toBe(true);
      await client().fetch(["hep-th/9901001"]);
      expect(server.requests).toHaveLength(1);
      const old = new Date(Date.now() - MISSING_TTL_MS - 60_000);
      writeFileSync(path, serializeCacheEntry("hep-th/9901001", null, old));
      const result = await client().fetch(["hep-th/9901001"]);
      expect(server.requests).toHaveLength(2);
      expect(result.missing).toEqual(["hep-th/9901001"]);
    });
  });
});
