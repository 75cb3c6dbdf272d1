/**
 * Who holds the embedded database. Kuzu lets one process write a database and refuses a
 * second one with a lock error that does not say who holds it. `kg serve` and `kg watch`
 * leave a note beside the database while they run (`graph.kuzu.serving`: pid, URL, whether it
 * watches), so another `kg` refused the lock can say which process it is and what to do.
 */
import fs from "node:fs";
import path from "node:path";
import { StoreUnavailableError } from "../errors.js";
import { KUZU_FILE } from "../store/kuzu.js";
import type { GraphStore } from "../store/types.js";

export interface Holder {
  pid: number;
  /** `kg serve`, `kg serve --watch` or `kg watch`. */
  command: string;
  url: string | null;
}

const markerFile = (dataDir: string): string => path.join(dataDir, `${KUZU_FILE}.serving`);

/** Writes the note; the returned function removes it (call it when the process closes the database). */
export function markHolder(dataDir: string, holder: Omit<Holder, "pid">): () => void {
  const file = markerFile(dataDir);
  try {
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, ...holder }));
  } catch {
    // A read-only data folder: the lock message will be the generic one.
    return () => undefined;
  }
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, "utf8")) as { pid?: unknown };
      if (current.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** The note for a store this process holds open: only the embedded store has a lock to explain. */
export function markStoreHolder(dataDir: string, store: GraphStore, holder: Omit<Holder, "pid">): () => void {
  return store.kind === "kuzu" ? markHolder(dataDir, holder) : () => undefined;
}

/** The live process the note names, or null. */
export function currentHolder(dataDir: string): Holder | null {
  try {
    const raw = JSON.parse(fs.readFileSync(markerFile(dataDir), "utf8")) as Partial<Holder>;
    if (typeof raw.pid !== "number" || raw.pid === process.pid || !isAlive(raw.pid)) return null;
    return {
      pid: raw.pid,
      command: typeof raw.command === "string" ? raw.command : "kg serve",
      url: typeof raw.url === "string" ? raw.url : null,
    };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A lock error of the embedded store, said again with the process that holds the database
 * and what to do instead; any other error as it was.
 */
export function explainLocked(error: unknown, dataDir: string, commandName: string): unknown {
  if (!(error instanceof StoreUnavailableError) || !/lock/i.test(error.message)) return error;
  const holder = currentHolder(dataDir);
  if (!holder) return error;
  const who = `\`${holder.command}\` (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""})`;
  const watching = holder.command !== "kg serve";
  const advice = watching
    ? `it ingests the notes it watches by itself as they change: edit the notes and it follows; to ingest other paths, stop it (Ctrl-C in its terminal) and run \`${commandName}\` again, or watch those paths too.`
    : `the embedded database lets one process at a time have it open for writing. Either stop the server (Ctrl-C in its terminal), run \`${commandName}\`, and start it again; or serve and ingest in one process: \`kg serve --watch <notes>\` ingests the notes, then follows them as they are written, and the open viewer updates itself.`;
  return new StoreUnavailableError(
    `the graph database in ${dataDir} is in use by ${who}, so \`${commandName}\` cannot open it: ${advice}`,
    { cause: error },
  );
}
