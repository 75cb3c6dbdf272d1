/**
 * `GET /api/events` and the caches of a watching server: the stream opens with the watch's
 * status, then carries each published batch, and by the time a viewer hears of a batch the
 * server's cached answers (kept until restart on the embedded store) are fresh.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveBatch, LiveEvent } from "../../src/server/api-types.js";
import { LiveFeed } from "../../src/server/live.js";
import { type RunningServer, startServer } from "../../src/server/start.js";
import { type KuzuStore, openKuzuStore } from "../../src/store/kuzu.js";
import { delta, edge, node } from "../store/contract.js";

const batch = (seq: number, ingested: string[]): LiveBatch => ({
  seq,
  at: new Date().toISOString(),
  trigger: "change",
  files: 1,
  durationMs: 5,
  notes: { ingested: ingested.length, unchanged: 0, failed: 0, pruned: 0 },
  ingested,
  removed: [],
  error: null,
});

/** Reads server-sent events off a fetch body, one `data:` line each. */
async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<LiveEvent> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf("\n\n");
    while (end >= 0) {
      const message = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = message.split("\n").find((line) => line.startsWith("data: "));
      if (data) yield JSON.parse(data.slice("data: ".length)) as LiveEvent;
      end = buffered.indexOf("\n\n");
    }
  }
}

describe("GET /api/events on a watching server", () => {
  const dir = mkdtempSync(join(tmpdir(), "notegraph-events-"));
  let store: KuzuStore;
  let server: RunningServer;
  const live = new LiveFeed({ paths: ["/notes"] });

  beforeAll(async () => {
    store = await openKuzuStore({ dataDir: dir, sharedReads: true });
    await store.applySchema();
    await store.upsert([delta("note:a.md", [node("Note", "note:a.md"), node("Model", "model:clip")])]);
    server = await startServer({ store, port: 0, webRoot: null, figureRoots: [], live });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stats = async () =>
    ((await (await fetch(new URL("api/stats", server.url))).json()) as { totalNodes: number }).totalNodes;

  it("opens with the status, then sends each batch after the caches were dropped", async () => {
    const response = await fetch(new URL("api/events", server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const stream = events(response.body as ReadableStream<Uint8Array>);
    const first = (await stream.next()).value as LiveEvent;
    expect(first).toEqual({
      type: "status",
      status: { watching: true, ready: false, paths: ["/notes"], last: null, errors: [] },
    });

    expect(await stats()).toBe(2);
    // The store changes under the server: its cached count stays until a batch is published.
    await store.upsert([
      delta(
        "note:b.md",
        [node("Note", "note:b.md"), node("Model", "model:blip-2")],
        [edge("DESCRIBES", ["Note", "note:b.md"], ["Model", "model:blip-2"], "note:b.md")],
      ),
    ]);
    expect(await stats()).toBe(2);
    const failing = {
      note: "note:c.md",
      file: "/notes/c.md",
      problems: [
        { file: "c.md", line: 2, rule: "frontmatter/yaml", severity: "error" as const, message: "bad" },
      ],
    };
    live.publish(batch(2, ["note:b.md"]), {
      ready: true,
      paths: ["/notes"],
      last: batch(2, ["note:b.md"]),
      errors: [failing],
    });
    const change = (await stream.next()).value as LiveEvent;
    expect(change.type).toBe("change");
    if (change.type !== "change") return;
    expect(change.batch.ingested).toEqual(["note:b.md"]);
    expect(change.status.errors).toEqual([failing]);
    expect(change.status.watching).toBe(true);
    expect(await stats()).toBe(4);
    const topics = (await (await fetch(new URL("api/topics", server.url))).json()) as { nodes: number };
    expect(topics.nodes).toBe(2);

    // A viewer connecting later hears the latest status first.
    const later = await fetch(new URL("api/events", server.url));
    const laterStream = events(later.body as ReadableStream<Uint8Array>);
    const again = (await laterStream.next()).value as LiveEvent;
    expect(again.type).toBe("status");
    if (again.type === "status") expect(again.status.errors).toEqual([failing]);
    await stream.return(undefined);
    await laterStream.return(undefined);
  });
});
