/**
 * Coalesces file changes into batches. A burst (a `git pull` touching 500 notes, an editor's
 * save-rename-delete dance) becomes one batch: a batch is handed over once no change came for
 * `quietMs`, or `maxWaitMs` after its first change however busy the folder stays. One batch
 * runs at a time; what changes meanwhile waits for the next. A batch that throws is kept and
 * handed over again with the next one (after `retryMs` if nothing else comes).
 */

export interface BatcherOptions {
  /** No change for this long: hand the batch over. */
  quietMs: number;
  /** Hand a batch over at the latest this long after its first change. */
  maxWaitMs: number;
  /** After a failed batch, try its paths again this much later. */
  retryMs: number;
}

export const DEFAULT_BATCHER: BatcherOptions = { quietMs: 300, maxWaitMs: 3000, retryMs: 5000 };

export class ChangeBatcher {
  private pending = new Set<string>();
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  /** The timers fired while a batch ran: hand the next one over as soon as it ends. */
  private due = false;
  private held = true;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly options: BatcherOptions,
    private readonly handle: (paths: string[]) => Promise<void>,
  ) {}

  /** Changes are collected but not handed over until `release()`: the first full ingest runs first. */
  release(): void {
    this.held = false;
    if (this.pending.size > 0) this.schedule();
  }

  add(path: string): void {
    if (this.closed) return;
    this.pending.add(path);
    if (!this.held) this.schedule();
  }

  /** Resolves once nothing is pending or running (for tests and a clean stop). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops handing batches over; waits for the one running. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.pending.clear();
    await this.running;
    this.wakeIdle();
  }

  private schedule(delayMs = this.options.quietMs): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.fire(), delayMs);
    this.maxTimer ??= setTimeout(() => this.fire(), this.options.maxWaitMs);
  }

  private fire(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
    if (this.closed || this.pending.size === 0) {
      this.wakeIdle();
      return;
    }
    if (this.running) {
      this.due = true;
      return;
    }
    const paths = [...this.pending].sort();
    this.pending = new Set();
    this.running = this.handle(paths)
      .catch(() => {
        // Kept for the next batch; the handler has said what went wrong.
        for (const path of paths) this.pending.add(path);
        if (!this.closed) this.schedule(this.options.retryMs);
      })
      .finally(() => {
        this.running = null;
        if (this.due && !this.closed) {
          this.due = false;
          this.fire();
        } else {
          this.wakeIdle();
        }
      });
  }

  private isIdle(): boolean {
    return this.running === null && (this.pending.size === 0 || this.closed);
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
