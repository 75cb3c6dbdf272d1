/**
 * Crash safety for the embedded store, by rollback to the start of the interrupted run.
 *
 * Kuzu 0.11.3 does not survive every SIGKILL: a process killed during a bulk write can leave
 * a write-ahead log it cannot replay ("duplicated primary key"), and the data file without
 * that log is not consistent (later writes crash). So before a process first writes, the
 * database file is copied to `graph.kuzu.bak` and a marker `graph.kuzu.writing` names the
 * writing process; a clean close removes both. A database opened while the marker names a
 * process that no longer runs is restored from the copy: the interrupted run is undone as a
 * whole, and running it again (incremental, so only its own work) finishes the job.
 *
 * A long run would lose everything it did to a late kill, and a chain of kills would never
 * get anywhere, so the copy advances while the run goes on: at a savepoint (after a
 * committed write, once `savepointIntervalMs()` has passed) the store checkpoints and copies
 * the database again. A kill then costs the work since the last savepoint; the re-run's
 * incremental ingest skips what the savepoint holds.
 */
import fs from "node:fs";
import path from "node:path";

export interface RollbackFiles {
  database: string;
  backup: string;
  marker: string;
}

export const rollbackFiles = (database: string): RollbackFiles => ({
  database,
  backup: `${database}.bak`,
  marker: `${database}.writing`,
});

export type RollbackOutcome = { kind: "rolled-back"; since: string } | { kind: "discarded-log" };

/** The run a marker names, if that process is gone; null if no marker or the writer still runs. */
function interruptedRun(files: RollbackFiles): { pid: number; since: string; fresh: boolean } | null {
  let marker: { pid?: unknown; since?: unknown; fresh?: unknown };
  try {
    marker = JSON.parse(fs.readFileSync(files.marker, "utf8")) as typeof marker;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    marker = {};
  }
  const pid = typeof marker.pid === "number" ? marker.pid : -1;
  if (pid > 0 && pid !== process.pid && isAlive(pid)) return null;
  return {
    pid,
    since: typeof marker.since === "string" ? marker.since : "an earlier run",
    fresh: marker.fresh === true,
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Restores the database if an interrupted run left it; says what it did. Call before opening. */
export function rollBackInterruptedRun(files: RollbackFiles): RollbackOutcome | null {
  const run = interruptedRun(files);
  if (!run) return null;
  removeStaleCopies(files);
  const wal = `${files.database}.wal`;
  if (run.fresh) {
    // The run created the database: rolling it back is having none.
    fs.rmSync(files.database, { force: true });
  } else if (fs.existsSync(files.backup)) {
    copyAtomically(files.backup, files.database);
  } else {
    // Killed while copying, before its marker was complete: nothing of it was written.
    fs.rmSync(wal, { force: true });
    fs.rmSync(files.marker, { force: true });
    return { kind: "discarded-log" };
  }
  fs.rmSync(wal, { force: true });
  fs.rmSync(`${files.database}.shadow`, { force: true });
  fs.rmSync(files.backup, { force: true });
  fs.rmSync(files.marker, { force: true });
  return { kind: "rolled-back", since: run.since };
}

/** Another live process is writing (its open will fail on Kuzu's lock; its files stay untouched). */
export function anotherWriterRuns(files: RollbackFiles): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(files.marker, "utf8")) as { pid?: unknown };
    return typeof marker.pid === "number" && marker.pid !== process.pid && isAlive(marker.pid);
  } catch {
    return false;
  }
}

/**
 * Before this process writes: the copy to roll back to, then the marker. Returns how long the
 * copy took, in milliseconds (0 for a new database): what a savepoint will cost.
 */
export function beginWriting(files: RollbackFiles): number {
  const started = performance.now();
  const fresh = !fs.existsSync(files.database);
  if (fresh) fs.rmSync(files.backup, { force: true });
  else copyAtomically(files.database, files.backup);
  const copyMs = fresh ? 0 : performance.now() - started;
  const fd = fs.openSync(files.marker, "w");
  try {
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString(), fresh }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return copyMs;
}

/** How often the rollback copy advances: `KG_KUZU_SAVEPOINT_MS` (0: after every write), else a minute. */
export function savepointIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.KG_KUZU_SAVEPOINT_MS);
  return env.KG_KUZU_SAVEPOINT_MS !== undefined && env.KG_KUZU_SAVEPOINT_MS !== "" && given >= 0
    ? given
    : 60_000;
}

/**
 * A savepoint: the database (checkpointed by the caller, so its file is whole) becomes the
 * copy to roll back to. The copy is replaced atomically first, then the marker stops saying
 * the run created the database; a kill between the two only loses this savepoint.
 */
export function advanceRollbackCopy(files: RollbackFiles): void {
  copyAtomically(files.database, files.backup);
  const marker = JSON.parse(fs.readFileSync(files.marker, "utf8")) as Record<string, unknown>;
  if (marker.fresh !== true) return;
  const temporary = `${files.marker}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, "w");
  try {
    fs.writeSync(fd, JSON.stringify({ ...marker, fresh: false }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, files.marker);
}

/** After a clean close (Kuzu checkpoints on close): the run is whole, the copy not needed. */
export function endWriting(files: RollbackFiles): void {
  fs.rmSync(files.marker, { force: true });
  fs.rmSync(files.backup, { force: true });
  removeStaleCopies(files);
}

function copyAtomically(from: string, to: string): void {
  const temporary = `${to}.${process.pid}.tmp`;
  try {
    fs.copyFileSync(from, temporary, fs.constants.COPYFILE_FICLONE);
    const fd = fs.openSync(temporary, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, to);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Half-made copies (`graph.kuzu.bak.<pid>.tmp`) a killed process left: database-sized, never used. */
function removeStaleCopies(files: RollbackFiles): void {
  const dir = path.dirname(files.database);
  const prefixes = [files.database, files.backup, files.marker].map((file) => `${path.basename(file)}.`);
  for (const name of fs.readdirSync(dir)) {
    if (
      name.endsWith(".tmp") &&
      prefixes.some((prefix) => name.startsWith(prefix)) &&
      /\.\d+\.tmp$/.test(name)
    ) {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}
