/**
 * A remote figure into the download cache. One timer covers connecting, redirects and the
 * body, so a server that trickles bytes cannot hold the batch longer than one that never
 * answers; at most five redirects, each to http(s) and each a new connection checked against
 * the host policy (host-policy.ts); the body is streamed to a temporary file and abandoned
 * past the byte limit, so the cache entry appears only when complete.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { dirname } from "node:path";
import { type HostPolicy, hostRefusal, policyAgents } from "./host-policy.js";

export const MAX_REDIRECTS = 5;

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
}

type Failure = { ok: false; rule: string; reason: string };
export type DownloadOutcome = { ok: true } | Failure;

const fail = (rule: string, reason: string): Failure => ({ ok: false, rule, reason });

class DownloadTimeout extends Error {}

/** `url` (what the note wrote, `raw`, parsed) into `target`, with a `<target>.json` sidecar. */
export async function downloadTo(
  url: URL,
  raw: string,
  target: string,
  limits: DownloadLimits,
  policy: HostPolicy,
): Promise<DownloadOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DownloadTimeout()), limits.timeoutMs);
  const agents = policyAgents(policy);
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await request(current, agents, controller.signal, policy).catch((error: unknown) => {
        const refusal = hostRefusal(error);
        if (!refusal) throw error;
        const where = refusal.host
          ? `${refusal.host} resolves to ${refusal.address}, ${refusal.kind}`
          : `${refusal.address} is ${refusal.kind}`;
        return fail(
          "figure/refused-host",
          `download of ${raw} refused: ${hop > 0 ? `it redirects to ${current}, and ` : ""}${where}; ` +
            "figures are fetched from public hosts only (--allow-private-hosts lifts this)",
        );
      });
      if ("ok" in response) return response;
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status < 300 || status >= 400 || !location) {
        if (status >= 200 && status < 300)
          return await saveBody(response, { raw, finalUrl: current.href }, target, limits.maxBytes);
        response.destroy();
        return fail(
          "figure/download",
          `download of ${url} failed: HTTP ${status} ${response.statusMessage ?? ""}`.trim(),
        );
      }
      response.destroy();
      const next = parseHttpUrl(new URL(location, current).toString());
      if (!next)
        return fail("figure/download", `download of ${url} redirected to a non-http(s) URL: ${location}`);
      current = next;
    }
    return fail("figure/download", `download of ${url} failed: more than ${MAX_REDIRECTS} redirects`);
  } catch (error) {
    if (controller.signal.reason instanceof DownloadTimeout)
      return fail("figure/download", `download of ${raw} timed out after ${limits.timeoutMs} ms`);
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return fail("figure/download", `download of ${raw} failed: ${cause}`);
  } finally {
    clearTimeout(timer);
    controller.abort();
    agents.destroy();
  }
}

export function parseHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

function request(
  url: URL,
  agents: ReturnType<typeof policyAgents>,
  signal: AbortSignal,
  policy: HostPolicy,
): Promise<IncomingMessage> {
  const secure = url.protocol === "https:";
  return new Promise((resolve, reject) => {
    const get = secure ? httpsGet : httpGet;
    get(
      url,
      {
        agent: secure ? agents.https : agents.http,
        signal,
        headers: { accept: "image/*,*/*;q=0.5", "user-agent": "notegraph" },
        ...(policy.lookup ? { lookup: policy.lookup } : {}),
      },
      resolve,
      // `on`, not `once`: the final abort may reach a request that already answered.
    ).on("error", reject);
  });
}

const byteSize = (bytes: number): string =>
  bytes < 1048576 ? `${bytes} bytes` : `${(bytes / 1048576).toFixed(1)} MB`;

async function saveBody(
  response: IncomingMessage,
  urls: { raw: string; finalUrl: string },
  target: string,
  maxBytes: number,
): Promise<DownloadOutcome> {
  const declared = Number(response.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) {
    response.destroy();
    return fail(
      "figure/too-large",
      `remote figure ${urls.raw} is ${byteSize(declared)}, over the limit of ${byteSize(maxBytes)}; not read`,
    );
  }
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${randomBytes(6).toString("hex")}.part`;
  try {
    const received = await streamTo(response, partial, maxBytes);
    if (received > maxBytes)
      return fail(
        "figure/too-large",
        `remote figure ${urls.raw} is over the limit of ${byteSize(maxBytes)}; download aborted`,
      );
    if (received === 0) return fail("figure/empty", `remote figure ${urls.raw} is empty (0 bytes)`);
    await writeSidecar(target, {
      url: urls.raw,
      finalUrl: urls.finalUrl,
      contentType: response.headers["content-type"] ?? null,
      bytes: received,
    });
    await rename(partial, target);
    return { ok: true };
  } finally {
    await rm(partial, { force: true });
  }
}

/** Returns the bytes written, or maxBytes + 1 as soon as the body goes past the limit. */
async function streamTo(response: IncomingMessage, path: string, maxBytes: number): Promise<number> {
  const handle = await open(path, "wx");
  let received = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      if (received > maxBytes) {
        response.destroy();
        return maxBytes + 1;
      }
      await handle.write(chunk);
    }
    return received;
  } finally {
    await handle.close();
  }
}

async function writeSidecar(target: string, fields: Record<string, unknown>): Promise<void> {
  const temporary = `${target}.json.${randomBytes(6).toString("hex")}.part`;
  await writeFile(
    temporary,
    `${JSON.stringify({ ...fields, fetchedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  await rename(temporary, `${target}.json`);
}
