/**
 * The rollback copy's files (src/store/kuzu-rollback.ts), on stand-in files: a clean close
 * leaves committed work in Kuzu's write-ahead log, so the copy must carry the log, and a
 * savepoint must switch to a complete copy in one step. (Real Kuzu databases killed mid-run
 * are in test/resilience/kill-resume.test.ts.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  advanceRollbackCopy,
  beginWriting,
  endWriting,
  rollBackInterruptedRun,
  rollbackFiles,
  walOf,
} from "../../src/store/kuzu-rollback.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function database(withLog: string | null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notegraph-rollback-"));
  made.push(dir);
  const files = rollbackFiles(path.join(dir, "graph.kuzu"));
  fs.writeFileSync(files.database, "data as of the last checkpoint");
  if (withLog !== null) fs.writeFileSync(walOf(files.database), withLog);
  return files;
}

/** A marker naming a process that is gone, as a SIGKILL leaves it. */
function killWriter(files: ReturnType<typeof rollbackFiles>): void {
  const marker = JSON.parse(fs.readFileSync(files.marker, "utf8"));
  fs.writeFileSync(files.marker, JSON.stringify({ ...marker, pid: 2 ** 22 + 17 }));
}

describe("the rollback copy and Kuzu's write-ahead log", () => {
  it("restores the log that earlier clean runs left, with the data file", () => {
    const files = database("commits of earlier runs");
    beginWriting(files);
    fs.writeFileSync(files.database, "half-written by the killed run");
    fs.writeFileSync(walOf(files.database), "commits of earlier runs + the killed run's");
    killWriter(files);
    expect(rollBackInterruptedRun(files)?.kind).toBe("rolled-back");
    expect(fs.readFileSync(files.database, "utf8")).toBe("data as of the last checkpoint");
    expect(fs.readFileSync(walOf(files.database), "utf8")).toBe("commits of earlier runs");
    expect(fs.existsSync(files.marker)).toBe(false);
    expect(fs.readdirSync(path.dirname(files.database)).sort()).toEqual(["graph.kuzu", "graph.kuzu.wal"]);
  });

  it("removes a log the killed run started when the database had none", () => {
    const files = database(null);
    beginWriting(files);
    fs.writeFileSync(walOf(files.database), "the killed run's commits");
    killWriter(files);
    rollBackInterruptedRun(files);
    expect(fs.existsSync(walOf(files.database))).toBe(false);
    expect(fs.readFileSync(files.database, "utf8")).toBe("data as of the last checkpoint");
  });

  it("goes back to the last savepoint, log included, and drops the older copy", () => {
    const files = database("earlier commits");
    beginWriting(files);
    fs.writeFileSync(walOf(files.database), "earlier commits + batch 1");
    advanceRollbackCopy(files);
    fs.writeFileSync(walOf(files.database), "earlier commits + batch 1 + half of batch 2");
    killWriter(files);
    const dir = path.dirname(files.database);
    expect(fs.readdirSync(dir).filter((name) => name.includes(".bak"))).toEqual([
      "graph.kuzu.bak2",
      "graph.kuzu.bak2.wal",
    ]);
    rollBackInterruptedRun(files);
    expect(fs.readFileSync(walOf(files.database), "utf8")).toBe("earlier commits + batch 1");
  });

  it("keeps the previous copy whole until the marker names the new one", () => {
    const files = database("earlier commits");
    beginWriting(files);
    advanceRollbackCopy(files);
    advanceRollbackCopy(files);
    // Back on the first generation; the second is gone, not left beside it.
    const marker = JSON.parse(fs.readFileSync(files.marker, "utf8"));
    expect(marker.copy).toBe("graph.kuzu.bak");
    expect(marker.copyHasLog).toBe(true);
    expect(fs.existsSync(`${files.backup}2`)).toBe(false);
  });

  it("a clean close leaves the database and its log, and no copy", () => {
    const files = database("earlier commits");
    beginWriting(files);
    fs.writeFileSync(walOf(files.database), "earlier commits + this run's");
    endWriting(files);
    expect(fs.readdirSync(path.dirname(files.database)).sort()).toEqual(["graph.kuzu", "graph.kuzu.wal"]);
  });
});
