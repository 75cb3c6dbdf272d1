/**
 * A local stand-in for the arXiv API's query interface (node:http on 127.0.0.1, a free port).
 * It answers `id_list` queries with a feed in arXiv's format, assembled from the `<entry>`
 * elements of the recorded and hand-made responses (test/fixtures/arxiv/atom/id_*.xml,
 * test/fixtures/arxiv/api/*.xml): known ids come back as entries, other well-formed ids are
 * simply absent (as on arXiv), and ids it cannot parse get arXiv's real HTTP 400 error feed.
 * Tests can script the next answers (503s, 429 with Retry-After, a hang, a truncated or endless body),
 * and every request is recorded with its arrival time, path, query and headers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";

/** Real arXiv API responses, recorded (see the README there). */
export const RECORDED_ATOM = resolve(import.meta.dirname, "../fixtures/arxiv/atom");
export const FIXTURE_API = resolve(import.meta.dirname, "../fixtures/arxiv/api");

export interface RecordedRequest {
  /** performance.now() when the request arrived. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** `id_list`, split on commas. */
  idList: string[];
  headers: IncomingHttpHeaders;
}

export type ScriptedAnswer =
  /** Answer with this status (and headers, body) instead of the feed. */
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  /** Never answer: the client must time out. */
  | { kind: "hang" }
  /** The real feed with status 200, cut off halfway. */
  | { kind: "truncate" }
  /** Status 200 and a body that never ends (chunked, no length), until the client goes. */
  | { kind: "endless" };

export interface ArxivTestServer {
  /** The query endpoint: pass as `baseUrl`. */
  url: string;
  requests: RecordedRequest[];
  /** Ids the server has an entry for. */
  knownIds: string[];
  /** Queue answers for the next requests, in order; after them the server answers normally. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export interface ArxivServerOptions {
  /** Ids the server rejects with arXiv's error feed. Default: not arXiv-shaped (arXiv's own check). */
  isValidId?: (id: string) => boolean;
}

const ARXIV_SHAPED = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;
const ENTRY = /<entry>[\s\S]*?<\/entry>/g;
const ENTRY_ID = /<id>https?:\/\/arxiv\.org\/abs\/([^<]+?)(?:v\d+)?<\/id>/;

/** Normalised id -> `<entry>` XML, from every `id_list` response we hold (the first copy wins). */
export function loadEntries(): Map<string, string> {
  const files = [
    ...readdirSync(FIXTURE_API).map((name) => join(FIXTURE_API, name)),
    ...readdirSync(RECORDED_ATOM)
      .filter((name) => name.startsWith("id_") && !name.startsWith("id_abc_"))
      .map((name) => join(RECORDED_ATOM, name)),
  ].filter((path) => path.endsWith(".xml"));
  const entries = new Map<string, string>();
  for (const path of files.sort())
    for (const [entry] of readFileSync(path, "utf8").matchAll(ENTRY)) {
      const id = ENTRY_ID.exec(entry)?.[1];
      if (id && !entries.has(id)) entries.set(id, entry);
    }
  return entries;
}

const recordedFile = (prefix: string): string => {
  const name = readdirSync(RECORDED_ATOM).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`arxiv-server: no ${prefix}* in ${RECORDED_ATOM}`);
  return readFileSync(join(RECORDED_ATOM, name), "utf8");
};

/** arXiv's empty result feed (a real one) as the frame every answer is built in. */
const EMPTY_FEED = (): string => recordedFile("id_0000.0000_s0_m100_");
/** arXiv's real HTTP 400 error feed, for `id_list=abc`. */
export const ERROR_FEED = (): string => recordedFile("id_abc_s0_m100_");

export function errorFeedFor(id: string): string {
  return ERROR_FEED()
    .replaceAll("incorrect_id_format_for_abc", `incorrect_id_format_for_${id}`)
    .replaceAll("incorrect id format for abc", `incorrect id format for ${id}`);
}

export function feedFor(idList: string[], start: number, max: number, entries: Map<string, string>): string {
  const found = idList
    .map((id) => entries.get(id.replace(/v\d+$/, "")))
    .filter((entry): entry is string => entry !== undefined);
  const page = found.slice(start, start + max);
  const list = idList.join(",");
  return EMPTY_FEED()
    .replaceAll("id_list=0000.0000", `id_list=${list}`)
    .replaceAll("start=0&amp;max_results=100", `start=${start}&amp;max_results=${max}`)
    .replace(/<opensearch:itemsPerPage>\d+</, `<opensearch:itemsPerPage>${max}<`)
    .replace(/<opensearch:totalResults>\d+</, `<opensearch:totalResults>${found.length}<`)
    .replace(/<opensearch:startIndex>\d+</, `<opensearch:startIndex>${start}<`)
    .replace("</feed>", `${page.map((entry) => `  ${entry}\n`).join("")}</feed>`);
}

const ATOM = "application/atom+xml; charset=utf-8";

export async function startArxivServer(options: ArxivServerOptions = {}): Promise<ArxivTestServer> {
  const isValidId = options.isValidId ?? ((id: string) => ARXIV_SHAPED.test(id));
  const entries = loadEntries();
  const requests: RecordedRequest[] = [];
  const queue: ScriptedAnswer[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams);
    const idList = (query.id_list ?? "").split(",").filter((id) => id !== "");
    requests.push({
      at: performance.now(),
      method: req.method ?? "",
      path: url.pathname,
      query,
      idList,
      headers: req.headers,
    });
    req.resume();

    const scripted = queue.shift();
    if (scripted?.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (scripted?.kind === "endless") {
      res.writeHead(200, { "content-type": ATOM });
      res.write("<feed>");
      const chunk = `<!-- ${"x".repeat(16 * 1024)} -->`;
      const timer = setInterval(() => res.write(chunk), 1);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (scripted?.kind === "status") {
      res.writeHead(scripted.status, { "content-type": "text/plain", ...scripted.headers });
      res.end(scripted.body ?? `scripted ${scripted.status}`);
      return;
    }
    const bad = idList.find((id) => !isValidId(id));
    if (bad !== undefined) {
      res.writeHead(400, { "content-type": ATOM });
      res.end(errorFeedFor(bad));
      return;
    }
    const start = Number(query.start ?? 0);
    const max = Number(query.max_results ?? 10);
    const body = feedFor(idList, start, max, entries);
    res.writeHead(200, { "content-type": ATOM });
    res.end(scripted?.kind === "truncate" ? body.slice(0, Math.floor(body.length / 2)) : body);
  });

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/query`,
    requests,
    knownIds: [...entries.keys()],
    script: (...answers) => {
      queue.push(...answers);
    },
    close: () =>
      new Promise<void>((done, fail) => {
        for (const res of hanging) res.destroy();
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

/** Gaps between consecutive request arrivals, in ms. */
export const startGaps = (requests: readonly RecordedRequest[]): number[] =>
  requests.slice(1).map((request, i) => request.at - (requests[i] as RecordedRequest).at);
