/**
 * The viewer's line to a watching server: `GET /api/events` (server-sent events) through the
 * `eventsource` package, which reconnects by itself and, unlike the browser's EventSource,
 * can send the bearer token. `status` comes on every (re)connection, `change` after each batch.
 */
import { EventSource } from "eventsource";
import type { LiveBatch, LiveEvent, LiveStatus } from "../../src/server/api-types.js";

export interface LiveHandlers {
  status(status: LiveStatus): void;
  change(status: LiveStatus, batch: LiveBatch): void;
  /** The stream dropped (it reconnects by itself). */
  lost?(): void;
}

export interface LiveClient {
  close(): void;
}

export function connectLive(token: string | null, handlers: LiveHandlers, base = ""): LiveClient {
  const source = new EventSource(`${base}/api/events`, {
    fetch: (url, init) =>
      fetch(url, {
        ...init,
        headers: { ...init.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      }),
  });
  const parse = (data: string): LiveEvent | null => {
    try {
      return JSON.parse(data) as LiveEvent;
    } catch {
      return null;
    }
  };
  source.addEventListener("status", (event) => {
    const parsed = parse(event.data);
    if (parsed?.type === "status") handlers.status(parsed.status);
  });
  source.addEventListener("change", (event) => {
    const parsed = parse(event.data);
    if (parsed?.type === "change") handlers.change(parsed.status, parsed.batch);
  });
  source.addEventListener("error", () => handlers.lost?.());
  return { close: () => source.close() };
}
