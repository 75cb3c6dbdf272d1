/**
 * What a watching server tells its viewers: the watch's state (what was last ingested, which
 * notes fail) and each batch as it is stored. The app clears its caches on a batch before the
 * viewers hear of it, so what they fetch next is the new graph. A plain `kg serve` has a feed
 * too, that says it is not watching and never changes.
 */
import type { LiveBatch, LiveEvent, LiveStatus } from "./api-types.js";

export type LiveListener = (event: LiveEvent) => void;

export class LiveFeed {
  private status: LiveStatus;
  private readonly listeners = new Set<LiveListener>();

  constructor(watching: { paths: string[] } | null = null) {
    this.status = {
      watching: watching !== null,
      ready: false,
      paths: watching?.paths ?? [],
      last: null,
      errors: [],
    };
  }

  current(): LiveStatus {
    return this.status;
  }

  /** After a batch is stored: listeners hear of it in the order they subscribed. */
  publish(batch: LiveBatch, status: Omit<LiveStatus, "watching">): void {
    this.status = {
      watching: this.status.watching,
      ready: status.ready,
      paths: status.paths,
      last: status.last,
      errors: status.errors,
    };
    const event: LiveEvent = { type: "change", status: this.status, batch };
    for (const listener of [...this.listeners]) listener(event);
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
