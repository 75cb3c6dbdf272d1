/**
 * A reader that stops reading (`kg stats | head -1`, `kg ingest vault 2>&1 | true`) is not an
 * error: the process stops writing to that stream, quietly. A command that only reads stops
 * there; one that is writing to the store goes on to the end and closes the store first, so
 * the work it did stays: exiting mid-write left the rollback marker behind, and the next
 * open undid the whole run.
 */

/** Stores open for writing in this process. */
let openWriters = 0;

/** Marks a store open for writing until the returned function is called. */
export function holdWriter(): () => void {
  openWriters++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    openWriters--;
  };
}

/** On EPIPE, `stream` takes no more output; `exit` runs unless a store is being written. */
export function stopQuietlyWhenClosed(stream: NodeJS.WriteStream, exit: () => void): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    stream.write = (() => true) as typeof stream.write;
    if (openWriters === 0) exit();
  });
}
