/**
 * Items a bulk run must write after its load (records replacing stored ones, which the store
 * cannot take while the load is open), kept in a temporary file of JSON lines so that memory
 * does not grow with them. Read back in batches, then the file goes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const FLUSH_CHARS = 1 << 20;

export class DeferredItems<T> {
  count = 0;
  private dir: string | null = null;
  private fd: number | null = null;
  private buffer: string[] = [];
  private buffered = 0;

  push(item: T): void {
    const line = JSON.stringify(item);
    this.buffer.push(line);
    this.buffered += line.length + 1;
    this.count++;
    if (this.buffered >= FLUSH_CHARS) this.flush();
  }

  /** The items in the order pushed, `size` at a time. */
  async *batches(size: number): AsyncGenerator<T[]> {
    this.flush();
    if (this.fd === null || this.dir === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
    const lines = readline.createInterface({
      input: fs.createReadStream(path.join(this.dir, "items.jsonl")),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let batch: T[] = [];
    for await (const line of lines) {
      batch.push(JSON.parse(line) as T);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Removes the file. */
  dispose(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    if (this.fd === null) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "notegraph-deferred-"));
      this.fd = fs.openSync(path.join(this.dir, "items.jsonl"), "w");
    }
    fs.writeSync(this.fd, `${this.buffer.join("\n")}\n`);
    this.buffer = [];
    this.buffered = 0;
  }
}
