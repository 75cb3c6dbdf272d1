/**
 * A few extra connections for reading, so reads run side by side. A Kuzu connection runs one
 * statement at a time: with one connection, 20 viewers expanding nodes queue behind each
 * other. Readers need no ordering among themselves.
 *
 * A process that also writes (`kg serve --watch`) reads here while its write transactions run
 * on the store's own connection: Kuzu lets read transactions run beside one write transaction
 * (they see the last committed state). But a checkpoint, which a COMMIT may start by itself
 * (the log past its threshold) and a savepoint asks for, waits at most 5 s for every other
 * transaction to end, while holding the lock a reader needs to end its own: a read open at
 * that moment fails the COMMIT (after it committed) or the CHECKPOINT, every time (Kuzu
 * 0.11.3, test/store/kuzu-shared.test.ts). So `exclusive()` runs a commit or a checkpoint
 * once the reads in flight are done, and holds new reads until it is over.
 */
import { availableParallelism } from "node:os";
import kuzu, { type Connection, type Database } from "kuzu";
import { StoreUnavailableError } from "../errors.js";
import { KuzuSession } from "./kuzu-session.js";

/** Two readers even on one core (one reads rows in JS while the other runs in the engine); at most four. */
export function defaultReaderCount(): number {
  return Math.min(4, Math.max(2, availableParallelism()));
}

export class KuzuReaders {
  private readonly connections: Connection[] = [];
  private readonly idle: KuzuSession[] = [];
  private readonly waiting: { resolve: (session: KuzuSession) => void; reject: (error: Error) => void }[] =
    [];
  private busy = 0;
  private opening = 0;
  private closed = false;
  /** Called when no reader is in use (close, exclusive). */
  private idleWaiters: (() => void)[] = [];
  /** Set while `exclusive()` waits or runs: new reads wait for it. */
  private gate: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly size: number,
    private readonly file: string,
  ) {}

  /** Runs `work` on a reader of its own, waiting for one when all are busy. */
  async use<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work(release.session);
    } finally {
      release.done();
    }
  }

  /** A reader kept until `done()` is called: for a stream, whose rows are read between other awaits. */
  async acquire(): Promise<{ session: KuzuSession; done: () => void }> {
    while (this.gate) await this.gate;
    if (this.closed) throw this.closedError();
    this.busy++;
    let session: KuzuSession;
    try {
      session = await this.nextSession();
    } catch (error) {
      this.finished();
      throw error;
    }
    let released = false;
    return {
      session,
      done: () => {
        if (released) return;
        released = true;
        this.hand(session);
      },
    };
  }

  /**
   * Runs `work` (a commit or a checkpoint on another connection) once no reader is in use,
   * keeping new reads waiting until it is done. Calls do not overlap: the store's queue
   * serialises its writes.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gate = gate;
    try {
      await this.untilIdle();
      return await work();
    } finally {
      if (this.gate === gate) this.gate = null;
      open();
    }
  }

  /** Waits for the readers in use, then closes every connection. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.closedError());
    await this.untilIdle();
    for (const connection of this.connections.splice(0)) await connection.close();
    this.idle.length = 0;
  }

  private async nextSession(): Promise<KuzuSession> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.opening + this.connections.length < this.size) {
      // Counted while it opens, kept only once it works: a failed open leaves its slot free.
      this.opening++;
      let connection: Connection;
      try {
        connection = new kuzu.Connection(this.db);
        await connection.init();
      } catch (error) {
        this.opening--;
        // Whoever waits for a reader would otherwise wait for one that never comes.
        const next = this.waiting.shift();
        if (next) this.nextSession().then(next.resolve, next.reject);
        throw error;
      }
      this.opening--;
      this.connections.push(connection);
      return new KuzuSession(connection);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Gives a released reader to the next in line, or back to the idle list. */
  private hand(session: KuzuSession): void {
    const next = this.waiting.shift();
    if (next) next.resolve(session);
    else this.idle.push(session);
    this.finished();
  }

  private closedError(): StoreUnavailableError {
    return new StoreUnavailableError(`the graph database at ${this.file} is closed`);
  }

  private untilIdle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private finished(): void {
    this.busy--;
    if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
