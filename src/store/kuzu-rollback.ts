/**
 * Crash safety for the embedded store, by rollback to the start of the interrupted run.
 *
 * Kuzu 0.11.3 does not survive every SIGKILL: a process killed during a bulk write can leave
 * a write-ahead log it cannot replay ("duplicated primary key"), and the data file without
 * that log is not consistent (later writes crash). So before a process first writes, the
 * database (its file, and its write-ahead log when there is one) is copied and a marker
 * `graph.kuzu.writing` names the writing process and the copy; a clean close removes both.
 * A database opened while the marker names a process that no longer runs is restored from
 * the copy: the interrupted run is undone as a whole, and running it again (incremental, so
 * only its own work) finishes the job.
 *
 * The log is part of the database because a clean close does not checkpoint (kuzu.ts: a
 * checkpoint rewrites whole columns of every relationship table a run touched, ~40 s for one
 * edited note in a 10,000-note store), so the committed work of earlier runs may still be in
 * the log alone. The copy is one of two generations, `graph.kuzu.bak` and `graph.kuzu.bak2`
 * (each with its `.wal` when the log was copied too), and the marker says which: moving to a
 * new copy writes the other generation whole, then switches the marker in one rename, so a
 * kill at any moment leaves a marker naming a complete copy.
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
  /** The first generation's copy (the second is `${backup}2`). */
  backup: string;
  marker: string;
}

export const rollbackFiles = (database: string): RollbackFiles => ({
  database,
  backup: `${database}.bak`,
  marker: `${database}.writing`,
});

/** Kuzu's write-ahead log beside a database file. */
export const walOf = (database: string): string => `${database}.wal`;

export type RollbackOutcome = { kind: "rolled-back"; since: string } | { kind: "discarded-log" };

/** What the marker records: the writer, and the copy to go back to. */
interface Marker {
  pid: number;
  since: string;
  /** The run created the database: going back is having none. */
  fresh: boolean;
  /** The database copy (a generation's file name, in the database's folder). */
  copy: string;
  /** Whether the copy has its write-ahead log (`<copy>.wal`). */
  copyHasLog: boolean;
}

function generations(files: RollbackFiles): [string, string] {
  return [files.backup, `${files.backup}2`];
}

function readMarker(files: RollbackFiles): Partial<Marker> | null {
  try {
    return JSON.parse(fs.readFileSync(files.marker, "utf8")) as Partial<Marker>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    return {};
  }
}

/** The run a marker names, if that process is gone; null if no marker or the writer still runs. */
function interruptedRun(files: RollbackFiles): Marker | null {
  const marker = readMarker(files);
  if (marker === null) return null;
  const pid = typeof marker.pid === "number" ? marker.pid : -1;
  if (pid > 0 && pid !== process.pid && isAlive(pid)) return null;
  const copy = generations(files).find((name) => path.basename(name) === marker.copy) ?? files.backup;
  return {
    pid,
    since: typeof marker.since === "string" ? marker.since : "an earlier run",
    fresh: marker.fresh === true,
    copy,
    copyHasLog: marker.copyHasLog === true,
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
  const wal = walOf(files.database);
  if (run.fresh) {
    // The run created the database: rolling it back is having none.
    fs.rmSync(files.database, { force: true });
    fs.rmSync(wal, { force: true });
  } else if (fs.existsSync(run.copy)) {
    copyAtomically(run.copy, files.database);
    if (run.copyHasLog) copyAtomically(walOf(run.copy), wal);
    else fs.rmSync(wal, { force: true });
  } else {
    // Killed while copying, before its marker was complete: nothing of it was written.
    fs.rmSync(files.marker, { force: true });
    return { kind: "discarded-log" };
  }
  fs.rmSync(`${files.database}.shadow`, { force: true });
  removeCopies(files);
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
  removeCopies(files);
  const copyHasLog = fresh ? false : copyDatabase(files.database, files.backup);
  const copyMs = fresh ? 0 : performance.now() - started;
  writeMarker(files, {
    pid: process.pid,
    since: new Date().toISOString(),
    fresh,
    copy: path.basename(files.backup),
    copyHasLog,
  });
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
 * A savepoint: the database as it is now (between transactions, so its file and log agree)
 * becomes the copy to roll back to. The other generation is written whole first, then the
 * marker switches to it in one rename; a kill before the switch only loses this savepoint.
 */
export function advanceRollbackCopy(files: RollbackFiles): void {
  const marker = readMarker(files) ?? {};
  const [first, second] = generations(files);
  const current = marker.copy === path.basename(second) ? second : first;
  const next = current === first ? second : first;
  const copyHasLog = copyDatabase(files.database, next);
  writeMarker(files, {
    pid: typeof marker.pid === "number" ? marker.pid : process.pid,
    since: typeof marker.since === "string" ? marker.since : new Date().toISOString(),
    fresh: false,
    copy: path.basename(next),
    copyHasLog,
  });
  fs.rmSync(current, { force: true });
  fs.rmSync(walOf(current), { force: true });
}

/** After a clean close: the run is whole, the copy not needed. */
export function endWriting(files: RollbackFiles): void {
  fs.rmSync(files.marker, { force: true });
  removeCopies(files);
  removeStaleCopies(files);
}

/** Copies a database file and its log (when it has one) to `to`; says whether the log came too. */
function copyDatabase(database: string, to: string): boolean {
  copyAtomically(database, to);
  const wal = walOf(database);
  const hasLog = fs.existsSync(wal) && fs.statSync(wal).size > 0;
  if (hasLog) copyAtomically(wal, walOf(to));
  else fs.rmSync(walOf(to), { force: true });
  return hasLog;
}

function removeCopies(files: RollbackFiles): void {
  for (const copy of generations(files)) {
    fs.rmSync(copy, { force: true });
    fs.rmSync(walOf(copy), { force: true });
  }
}

/** Writes the marker whole or not at all (a temporary file, synced, then renamed). */
function writeMarker(files: RollbackFiles, marker: Marker): void {
  const temporary = `${files.marker}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, "w");
  try {
    fs.writeSync(fd, JSON.stringify(marker));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, files.marker);
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
