/**
 * Killing `kg` (SIGKILL) anywhere in an ingest loses nothing that a re-run does not restore:
 * after the kill, the same `kg ingest` finishes and leaves a graph identical to one clean run
 * (same fingerprint: node ids, edge keys, properties). The kill points are spread over the
 * clean run's duration by a seeded generator, so a failure can be replayed.
 *
 * Every kill must land mid-run, or the test proves nothing: the killed run must not have
 * exited by itself, must still hold the store open for writing (its rollback marker), and
 * must have stored some notes but not all (read from a copy of what it left, so nothing is
 * rolled back by looking). A kill that missed is tried again earlier or later (killMidRun in
 * bench/kill-resume.ts), a few times, and the test fails if none lands.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.js";
import {
  fingerprintOf,
  finishedBeforeKill,
  type KgRun,
  killMidRun,
  killPoints,
  kuzuAt,
  kuzuLeftovers,
  type LandedKill,
  type Landing,
  landingByNotes,
} from "../../bench/kill-resume.js";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";

const NOTES = 160;
const BATCH = ["--batch-size", "20"];
const ROLLED_BACK = "the graph was rolled back to that run's last savepoint";

let corpus: string;
let clean: string;
let cleanMs: number;

const fingerprint = (dir: string): Promise<string> => fingerprintOf(kuzuAt(dir));
const ingestArgs = (dir: string, ...extra: string[]) => [
  "ingest",
  corpus,
  "--data-dir",
  dir,
  ...BATCH,
  "--workers",
  "0",
  ...extra,
];
const notesLine = (ingested: number, unchanged: number) =>
  `notes: ${NOTES} found, ${ingested} ingested, ${unchanged} unchanged`;

/** A kill of a first ingest into `dir` landed mid-run: it had stored some notes, not all. */
const notesStoredIn =
  (dir: string) =>
  async (run: KgRun): Promise<Landing> => {
    const left = await kuzuLeftovers(dir, run.pid);
    return landingByNotes(run, NOTES, left.writing ? left : null);
  };

/** Where each kill landed, in the test's output: the evidence that it came mid-run. */
const logTries = (...kills: LandedKill[]) => console.info(kills.flatMap((kill) => kill.tries).join("\n"));

/** A fresh data directory for each try. */
const emptied = (dir: string) => async () => rmSync(dir, { recursive: true, force: true });

beforeAll(async () => {
  corpus = tempDir("notegraph-kill-corpus-");
  generateCorpus(corpus, NOTES, 7);
  clean = tempDir("notegraph-kill-clean-");
  const started = performance.now();
  const result = await kg(ingestArgs(clean));
  cleanMs = performance.now() - started;
  expect(result.code, result.stderr).toBe(0);
}, 300_000);

describe("kill -9 during kg ingest, then run it again (Kuzu)", () => {
  it.each(killPoints(4, 20261127).map((fraction, i) => [i + 1, fraction]))(
    "kill %i at %f of the clean run's time: the re-run gives the clean graph",
    async (_, fraction) => {
      const dir = tempDir("notegraph-kill-");
      const killed = await killMidRun({
        args: ingestArgs(dir),
        firstMs: cleanMs * fraction,
        runMs: cleanMs,
        judge: notesStoredIn(dir),
        reset: emptied(dir),
      });
      logTries(killed);
      // What the re-run keeps: the rollback copy (nothing, unless a savepoint came before the kill).
      const kept = (await kuzuLeftovers(dir, killed.run.pid)).savepointNotes;
      const again = await kg(ingestArgs(dir));
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr, killed.tries.join("\n")).toContain(ROLLED_BACK);
      expect(again.stderr).toContain(notesLine(NOTES - kept, kept));
      expect(await fingerprint(dir)).toBe(await fingerprint(clean));
    },
    300_000,
  );

  it("rolls an existing graph back to before the killed run (a --force re-ingest killed mid-way)", async () => {
    // Compared with the same two commands run without a kill. A --force re-ingest of the same
    // notes writes nothing (what a note asserts again stays as stored), so the second run
    // reads them with a vocabulary that adds a concept most of them mention.
    const vocab = join(tempDir("notegraph-kill-vocab-"), "stages.yaml");
    writeFileSync(vocab, "concepts:\n  - name: training stage\n    nameZh: 阶段\n");
    const replacing = ["--force", "--vocab", vocab];
    const expected = tempDir("notegraph-kill-expected-");
    const dir = tempDir("notegraph-kill-existing-");
    for (const target of [expected, dir]) {
      const first = await kg(ingestArgs(target));
      expect(first.code, first.stderr).toBe(0);
    }
    const before = await fingerprint(dir);
    const forced = await kg(ingestArgs(expected, ...replacing));
    expect(forced.code, forced.stderr).toBe(0);
    const after = await fingerprint(expected);
    expect(after).not.toBe(before);
    // Every note is stored before and after: mid-run is a graph that is neither.
    const killed = await killMidRun({
      args: ingestArgs(dir, ...replacing),
      firstMs: cleanMs * 0.5,
      runMs: cleanMs,
      judge: async (run) => {
        const finished = finishedBeforeKill(run);
        if (finished) return finished;
        const left = await kuzuLeftovers(dir, run.pid, { fingerprint: true });
        if (!left.writing) return { kind: "too-early", evidence: "it had not begun writing" };
        if (left.fingerprint === before)
          return { kind: "too-early", evidence: `nothing replaced yet (${left.how})` };
        if (left.fingerprint === after) return { kind: "too-late", evidence: `all replaced (${left.how})` };
        return { kind: "mid-run", evidence: `part replaced (${left.how})` };
      },
      reset: async () => {
        // A kill that missed either changed nothing or finished the job: start from the first ingest.
        rmSync(dir, { recursive: true, force: true });
        const first = await kg(ingestArgs(dir));
        expect(first.code, first.stderr).toBe(0);
      },
    });
    logTries(killed);
    const again = await kg(ingestArgs(dir, ...replacing));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr, killed.tries.join("\n")).toContain(ROLLED_BACK);
    expect(await fingerprint(dir)).toBe(after);
  }, 400_000);

  it("keeps what a savepoint holds: with one after every batch, the re-run skips the notes stored before the kill", async () => {
    const dir = tempDir("notegraph-kill-savepoint-");
    const env = { KG_KUZU_SAVEPOINT_MS: "0" };
    const killed = await killMidRun({
      args: ingestArgs(dir),
      firstMs: cleanMs * 0.8,
      // Checkpointing and copying the database after each batch makes the run slower.
      runMs: cleanMs * 2,
      env,
      // Mid-run here: the rollback copy holds some notes, not all.
      judge: async (run) => {
        const left = await kuzuLeftovers(dir, run.pid);
        const saved = { notes: left.savepointNotes, how: "in the rollback copy of the last savepoint" };
        return landingByNotes(run, NOTES, left.writing ? saved : null);
      },
      reset: emptied(dir),
    });
    logTries(killed);
    const kept = (await kuzuLeftovers(dir, killed.run.pid)).savepointNotes;
    const again = await kg(ingestArgs(dir), { env });
    expect(again.code, again.stderr).toBe(0);
    // Without savepoints the killed run is undone whole and nothing is unchanged.
    expect(again.stderr, killed.tries.join("\n")).toContain(notesLine(NOTES - kept, kept));
    expect(await fingerprint(dir)).toBe(await fingerprint(clean));
  }, 300_000);

  it("kills twice in a row and still converges", async () => {
    const dir = tempDir("notegraph-kill-twice-");
    const firstKill = () =>
      killMidRun({
        args: ingestArgs(dir),
        firstMs: cleanMs * 0.3,
        runMs: cleanMs,
        judge: notesStoredIn(dir),
        reset: emptied(dir),
      });
    const first = await firstKill();
    // The second run rolls the first one back, then is killed mid-way through its own ingest.
    const second = await killMidRun({
      args: ingestArgs(dir),
      firstMs: cleanMs * 0.3,
      runMs: cleanMs,
      judge: notesStoredIn(dir),
      reset: async () => {
        await emptied(dir)();
        await firstKill();
      },
    });
    logTries(first, second);
    const again = await kg(ingestArgs(dir));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr, [...first.tries, ...second.tries].join("\n")).toContain(ROLLED_BACK);
    expect(await fingerprint(dir)).toBe(await fingerprint(clean));
  }, 300_000);
});
