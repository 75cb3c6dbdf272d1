/**
 * Metadata for arXiv ids through the arXiv API's query interface
 * (`GET https://export.arxiv.org/api/query?id_list=a,b&start=0&max_results=2`), within
 * arXiv's terms of use: one request every 3 s at most (retries included, measured
 * start-to-start, across concurrent `fetch` calls on one client), a User-Agent that names
 * us, and a disk cache so nothing is asked twice. Per-id problems (bad ids, unknown papers,
 * failed requests) come back in the result; only programmer errors throw.
 *
 * The pure parts (URL building, batching, matching entries to ids, classifying a response,
 * backoff and Retry-After) are exported for tests; fetch, timers and the disk are at the edges.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { normalizeArxivId } from "../../src/graph/ids.js";
import { packageRoot } from "../../src/paths.js";
import { ArxivApiError, MalformedFeedError, parseAtomFeed } from "./atom.js";
import { ArxivCache } from "./cache.js";
import type { ArxivRecord } from "./record.js";

export const DEFAULT_BASE_URL = "https://export.arxiv.org/api/query";
export const DEFAULT_MIN_INTERVAL_MS = 3000;
export const DEFAULT_MAX_IDS_PER_REQUEST = 100;
export const DEFAULT_RETRIES = 4;
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * An answer is read into memory whole (the feed is parsed as one document), so it is bounded:
 * 100 entries are about 300 KB and arXiv's maximum of 2000 about 6 MB, so 32 MB is never
 * reached by a real answer and stops a runaway or hostile endpoint (KG_ARXIV_URL) early.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Exponential backoff stops growing here. */
export const MAX_BACKOFF_MS = 60_000;
/** A Retry-After longer than this is cut to it: a CLI run should not sit silent for an hour. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** arXiv serves at most 2000 results per request. */
const MAX_RESULTS_LIMIT = 2000;

export interface ArxivClientOptions {
  /** Responses are cached here, one JSON file per normalised id. */
  cacheDir: string;
  baseUrl?: string;
  /** Cache only: no request at all; ids not in the cache are `unresolved`. */
  offline?: boolean;
  /** At most one request every this many ms, start-to-start, retries included. Default 3000. */
  minIntervalMs?: number;
  /** Ids per request (`id_list`), and its `max_results`. Default 100. */
  maxIdsPerRequest?: number;
  /** Retries per request on HTTP 5xx, 429, network errors and timeouts. Default 4. */
  retries?: number;
  /** Per request, body included. Default 30000. */
  timeoutMs?: number;
  /** Bytes of one answer read into memory; a longer answer is abandoned. Default 32 MB. */
  maxResponseBytes?: number;
  /** Default `notegraph/<version> (+https://github.com/notegraph/notegraph)`. */
  userAgent?: string;
  /** First retry's backoff (doubling after, with jitter). Default: minIntervalMs. */
  backoffBaseMs?: number;
  onEvent?: (event: ArxivClientEvent) => void;
}

export type ArxivClientEvent =
  /** Served from the cache: a record, or (`missing: true`) a remembered "no such paper". */
  | { type: "cache-hit"; id: string; missing: boolean }
  /** A request is starting. `attempt` counts from 1; `batch` of `batches` for progress. */
  | { type: "request"; url: string; ids: string[]; attempt: number; batch: number; batches: number }
  /** Attempt `attempt` failed with `reason`; the next starts in about `delayMs`. */
  | { type: "retry"; ids: string[]; attempt: number; delayMs: number; reason: string }
  /** These ids could not be fetched (they are in `unresolved` and `failures`). */
  | { type: "failure"; ids: string[]; reason: string }
  /** Something odd that did not stop the run: a corrupt cache file, an unwritable cache, a stray entry. */
  | { type: "warning"; message: string; id?: string };

export interface ArxivFetchResult {
  /** By normalised id, in the order the ids were first given. */
  records: Map<string, ArxivRecord>;
  /** Ids arXiv answered for but has no paper for (cached negatively for 30 days). */
  missing: string[];
  /** Offline: ids not in the cache; online: ids whose requests failed. Each has its reason in `failures`. */
  unresolved: string[];
  /** Why ids were not resolved: rejected ids (as given), failed batches, offline misses. */
  failures: { ids: string[]; reason: string }[];
  requests: number;
  cacheHits: number;
}

// ---------------------------------------------------------------------------------------------
// Pure parts

export interface IdPlan {
  /** Normalised, deduplicated, in order of first appearance. */
  ids: string[];
  /** Inputs normalizeArxivId rejects, deduplicated, as given. */
  invalid: string[];
}

export function planIds(raw: readonly string[]): IdPlan {
  const ids = new Set<string>();
  const invalid = new Set<string>();
  for (const value of raw) {
    if (typeof value !== "string")
      throw new TypeError(`ArxivClient.fetch: ids must be strings, got ${typeof value}`);
    const id = normalizeArxivId(value);
    if (id) ids.add(id);
    else invalid.add(value);
  }
  return { ids: [...ids], invalid: [...invalid] };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * `<baseUrl>?id_list=a,b&start=0&max_results=2`. Normalised ids are URL-safe (letters, digits,
 * `.`, `-`, `/`), so they go in as written, like arXiv's own examples.
 */
export function buildQueryUrl(baseUrl: string, ids: readonly string[]): string {
  if (ids.length === 0) throw new RangeError("buildQueryUrl: no ids");
  const url = new URL(baseUrl);
  const existing = url.search.length > 1 ? `${url.search.slice(1)}&` : "";
  url.search = `${existing}id_list=${ids.join(",")}&start=0&max_results=${ids.length}`;
  return url.toString();
}

export interface MatchedEntries {
  found: Map<string, ArxivRecord>;
  /** Requested, not in the response. */
  absent: string[];
  /** In the response, not requested. */
  unexpected: string[];
}

/** Response records back to the requested (normalised) ids. */
export function matchEntries(requested: readonly string[], records: readonly ArxivRecord[]): MatchedEntries {
  const wanted = new Set(requested);
  const found = new Map<string, ArxivRecord>();
  const unexpected: string[] = [];
  for (const record of records) {
    const id = normalizeArxivId(record.id) ?? record.id;
    if (!wanted.has(id)) unexpected.push(record.id);
    else if (!found.has(id)) found.set(id, id === record.id ? record : { ...record, id });
  }
  return { found, absent: requested.filter((id) => !found.has(id)), unexpected };
}

/**
 * Delay before retry number `retry` (0 for the first): `baseMs * 2^retry`, capped at `capMs`,
 * with "equal jitter" (uniform in the upper half) so clients that failed together spread out.
 */
export function backoffDelayMs(
  retry: number,
  baseMs: number,
  random: () => number = Math.random,
  capMs = MAX_BACKOFF_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After: 120` or an HTTP date -> ms from `nowMs` (>= 0); absent or unreadable -> null. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** The wait before the next retry: the server's Retry-After (capped) when given, never less than the backoff. */
export function retryDelayMs(
  retry: number,
  baseMs: number,
  retryAfterMs: number | null,
  random?: () => number,
): number {
  const backoff = backoffDelayMs(retry, baseMs, random);
  return retryAfterMs === null ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

export type AttemptOutcome =
  /** A feed: `complete` unless it lists fewer entries than its own totalResults. */
  | { kind: "feed"; records: ArxivRecord[]; complete: boolean; reason: string }
  /** Worth another try. `malformed`: a 200 with a feed we cannot read (tried once more only). */
  | { kind: "retryable"; reason: string; retryAfterMs: number | null; malformed: boolean }
  /** Will not get better by asking again. */
  | { kind: "fatal"; reason: string };

export interface HttpAnswer {
  status: number;
  statusText: string;
  retryAfter: string | null;
  body: string;
}

/** One HTTP answer -> what to do with it. */
export function classifyResponse(answer: HttpAnswer, nowMs: number): AttemptOutcome {
  const { status, body } = answer;
  const http = `HTTP ${status}${answer.statusText ? ` ${answer.statusText}` : ""}`;
  if (status >= 200 && status < 300) return classifyFeed(body);
  if (status === 429 || status >= 500)
    return {
      kind: "retryable",
      reason: `${http} from arXiv`,
      retryAfterMs: parseRetryAfter(answer.retryAfter, nowMs),
      malformed: false,
    };
  if (status >= 400) {
    const message = apiErrorMessage(body);
    return {
      kind: "fatal",
      reason: message ? `arXiv refused the request: ${message}` : `${http} from arXiv`,
    };
  }
  return { kind: "fatal", reason: `unexpected ${http} from arXiv` };
}

function classifyFeed(body: string): AttemptOutcome {
  try {
    const feed = parseAtomFeed(body);
    const complete = feed.totalResults === null || feed.records.length >= feed.totalResults;
    const reason = complete
      ? ""
      : `arXiv's feed announced ${feed.totalResults} results but held ${feed.records.length} entries`;
    return { kind: "feed", records: feed.records, complete, reason };
  } catch (error) {
    if (error instanceof ArxivApiError)
      return { kind: "fatal", reason: `arXiv refused the request: ${error.arxivMessage}` };
    if (error instanceof MalformedFeedError)
      return {
        kind: "retryable",
        reason: `unreadable feed: ${error.message}`,
        retryAfterMs: null,
        malformed: true,
      };
    throw error;
  }
}

/** arXiv's own words when `body` is its error feed; null otherwise. */
function apiErrorMessage(body: string): string | null {
  try {
    parseAtomFeed(body);
  } catch (error) {
    if (error instanceof ArxivApiError) return error.arxivMessage;
  }
  return null;
}

/** A rejected fetch -> a reason worth printing. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `timed out after ${timeoutMs} ms`;
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error: ${detail}`;
}

let packageVersion: string | undefined;

export function defaultUserAgent(): string {
  packageVersion ??= (
    JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }
  ).version;
  return `notegraph/${packageVersion} (+https://github.com/notegraph/notegraph)`;
}

// ---------------------------------------------------------------------------------------------
// Edges: clock, fetch, disk

/** Grants request starts at least `intervalMs` apart, in call order. */
class StartGate {
  private nextStart = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly intervalMs: number) {}

  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      // Timers may fire a fraction of a millisecond early: loop until the clock agrees.
      for (let wait = this.nextStart - performance.now(); wait > 0; wait = this.nextStart - performance.now())
        await sleep(Math.ceil(wait));
      this.nextStart = performance.now() + this.intervalMs;
    });
    this.queue = turn;
    return turn;
  }
}

interface BatchOutcome {
  found: Map<string, ArxivRecord>;
  missing: string[];
  failure: { ids: string[]; reason: string } | null;
  requests: number;
}

export class ArxivClient {
  private readonly baseUrl: string;
  private readonly minIntervalMs: number;
  private readonly maxIdsPerRequest: number;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly backoffBaseMs: number;
  private readonly userAgent: string;
  private readonly cache: ArxivCache;
  private readonly gate: StartGate;

  constructor(private readonly options: ArxivClientOptions) {
    if (typeof options?.cacheDir !== "string" || options.cacheDir === "")
      throw new TypeError("ArxivClient: options.cacheDir is required");
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    const protocol = URL.canParse(this.baseUrl) ? new URL(this.baseUrl).protocol : "";
    if (protocol !== "http:" && protocol !== "https:")
      throw new TypeError(`ArxivClient: baseUrl must be an http(s) URL, got ${JSON.stringify(this.baseUrl)}`);
    this.minIntervalMs = check("minIntervalMs", options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS, 0);
    this.maxIdsPerRequest = check(
      "maxIdsPerRequest",
      options.maxIdsPerRequest ?? DEFAULT_MAX_IDS_PER_REQUEST,
      1,
    );
    if (!Number.isInteger(this.maxIdsPerRequest) || this.maxIdsPerRequest > MAX_RESULTS_LIMIT)
      throw new RangeError(`ArxivClient: maxIdsPerRequest must be an integer up to ${MAX_RESULTS_LIMIT}`);
    this.retries = check("retries", options.retries ?? DEFAULT_RETRIES, 0);
    if (!Number.isInteger(this.retries)) throw new RangeError("ArxivClient: retries must be an integer");
    this.timeoutMs = check("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1);
    this.maxResponseBytes = check(
      "maxResponseBytes",
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      1,
    );
    this.backoffBaseMs = check("backoffBaseMs", options.backoffBaseMs ?? this.minIntervalMs, 0);
    this.userAgent = options.userAgent ?? defaultUserAgent();
    this.cache = new ArxivCache(options.cacheDir);
    this.gate = new StartGate(this.minIntervalMs);
  }

  async fetch(ids: readonly string[]): Promise<ArxivFetchResult> {
    if (!Array.isArray(ids)) throw new TypeError("ArxivClient.fetch: ids must be an array of strings");
    const plan = planIds(ids);
    const found = new Map<string, ArxivRecord>();
    const missing = new Set<string>();
    const unresolved = new Set<string>();
    const failures: ArxivFetchResult["failures"] = [];
    if (plan.invalid.length > 0)
      failures.push({
        ids: plan.invalid,
        reason:
          "not an arXiv identifier (expected e.g. 2301.12597, 2301.12597v3 or hep-th/9901001); not sent",
      });

    const { toFetch, cacheHits } = await this.readCache(plan.ids, found, missing);
    let requests = 0;
    if (this.options.offline) {
      if (toFetch.length > 0) {
        for (const id of toFetch) unresolved.add(id);
        failures.push({ ids: toFetch, reason: "offline, and not in the cache" });
      }
    } else {
      const batches = chunk(toFetch, this.maxIdsPerRequest);
      for (const [index, batch] of batches.entries()) {
        const outcome = await this.fetchBatch(batch, index + 1, batches.length);
        requests += outcome.requests;
        for (const [id, record] of outcome.found) found.set(id, record);
        for (const id of outcome.missing) missing.add(id);
        if (outcome.failure) {
          for (const id of outcome.failure.ids) unresolved.add(id);
          failures.push(outcome.failure);
        }
        await this.writeCache(outcome);
      }
    }

    const inOrder = (set: Set<string>) => plan.ids.filter((id) => set.has(id));
    const records = new Map<string, ArxivRecord>();
    for (const id of plan.ids) {
      const record = found.get(id);
      if (record) records.set(id, record);
    }
    return {
      records,
      missing: inOrder(missing),
      unresolved: inOrder(unresolved),
      failures,
      requests,
      cacheHits,
    };
  }

  private emit(event: ArxivClientEvent): void {
    this.options.onEvent?.(event);
  }

  private async readCache(ids: readonly string[], found: Map<string, ArxivRecord>, missing: Set<string>) {
    const toFetch: string[] = [];
    let cacheHits = 0;
    for (const id of ids) {
      const entry = await this.cache.get(id);
      if (entry.status === "found") {
        found.set(id, entry.record);
      } else if (entry.status === "missing" && (!entry.expired || this.options.offline)) {
        // Offline, an expired "no such paper" is still the best answer we have.
        missing.add(id);
      } else {
        if (entry.status === "corrupt")
          this.emit({
            type: "warning",
            id,
            message: `ignoring corrupt arXiv cache file ${entry.path} (${entry.reason}); ${this.options.offline ? "offline, so it stays unresolved" : "fetching it again"}`,
          });
        toFetch.push(id);
        continue;
      }
      cacheHits++;
      this.emit({ type: "cache-hit", id, missing: entry.status === "missing" });
    }
    return { toFetch, cacheHits };
  }

  private async writeCache(outcome: BatchOutcome): Promise<void> {
    const entries: [string, ArxivRecord | null][] = [
      ...outcome.found,
      ...outcome.missing.map((id): [string, null] => [id, null]),
    ];
    for (const [id, record] of entries) {
      try {
        await this.cache.put(id, record);
      } catch (error) {
        this.emit({
          type: "warning",
          id,
          message: `cannot write the arXiv cache for ${id} in ${this.cache.dir}: ${(error as Error).message}`,
        });
      }
    }
  }

  /** One batch of ids, with retries. Never rejects for HTTP or feed problems. */
  private async fetchBatch(ids: string[], batch: number, batches: number): Promise<BatchOutcome> {
    const url = buildQueryUrl(this.baseUrl, ids);
    let malformedRetried = false;
    let partial = new Map<string, ArxivRecord>();
    for (let attempt = 1; ; attempt++) {
      await this.gate.acquire();
      this.emit({ type: "request", url, ids, attempt, batch, batches });
      const outcome = await this.attempt(url);
      const requests = attempt;

      if (outcome.kind === "feed") {
        const matched = matchEntries(ids, outcome.records);
        for (const id of matched.unexpected)
          this.emit({
            type: "warning",
            id,
            message: `arXiv returned ${id}, which was not asked for; ignored`,
          });
        if (outcome.complete || matched.absent.length === 0)
          return { found: matched.found, missing: matched.absent, failure: null, requests };
        partial = matched.found;
      }
      if (outcome.kind === "fatal") return this.failed(ids, outcome.reason, partial, requests);

      const malformed = outcome.kind === "feed" || outcome.malformed;
      const outOfTries = attempt > this.retries || (malformed && malformedRetried);
      if (outOfTries) {
        const tries = attempt === 1 ? "1 attempt" : `${attempt} attempts`;
        const rest = ids.filter((id) => !partial.has(id));
        return this.failed(rest, `${outcome.reason} (gave up after ${tries})`, partial, requests);
      }
      malformedRetried ||= malformed;
      const retryAfterMs = outcome.kind === "retryable" ? outcome.retryAfterMs : null;
      const delayMs = retryDelayMs(attempt - 1, this.backoffBaseMs, retryAfterMs);
      this.emit({ type: "retry", ids, attempt, delayMs, reason: outcome.reason });
      await sleep(delayMs);
    }
  }

  private failed(
    ids: string[],
    reason: string,
    found: Map<string, ArxivRecord>,
    requests: number,
  ): BatchOutcome {
    this.emit({ type: "failure", ids, reason });
    return { found, missing: [], failure: { ids, reason }, requests };
  }

  /** One HTTP request. Network errors and timeouts become outcomes, not rejections. */
  private async attempt(url: string): Promise<AttemptOutcome> {
    let answer: HttpAnswer;
    try {
      const response = await fetch(url, {
        headers: { "User-Agent": this.userAgent, Accept: "application/atom+xml" },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await readBounded(response, this.maxResponseBytes);
      // Asking again would get the same answer: final, whatever the status.
      if (body === null)
        return {
          kind: "fatal",
          reason: `arXiv's answer (HTTP ${response.status}) is over the limit of ${sizeText(this.maxResponseBytes)}; not read`,
        };
      answer = {
        status: response.status,
        statusText: response.statusText,
        retryAfter: response.headers.get("retry-after"),
        body,
      };
    } catch (error) {
      return {
        kind: "retryable",
        reason: describeFetchError(error, this.timeoutMs),
        retryAfterMs: null,
        malformed: false,
      };
    }
    return classifyResponse(answer, Date.now());
  }
}

/** The body as text, or null as soon as it is (or says it will be) longer than `maxBytes`. */
async function readBounded(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body ?? []) {
    received += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest is never downloaded.
    if (received > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const sizeText = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1048576
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

function check(name: string, value: number, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min)
    throw new RangeError(`ArxivClient: ${name} must be a number >= ${min}, got ${value}`);
  return value;
}
