/**
 * Killing a bulk load (SIGKILL) leaves the store as it was before the run, never half-loaded,
 * and the same command run again gives the clean run's graph (same fingerprint): `kg arxiv`
 * on a generated snapshot of 5,000 records into an empty store and into one holding an
 * earlier import, and a first `kg ingest --bulk`. Kills are aimed at the staging part of the
 * run and at its load (COPY and commit); each must land inside the run (killMidRun tries
 * again otherwise), judged by the rollback marker naming the killed process and still
 * pointing at the copy taken when the run began (not at the savepoint a finished load takes).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.js";
import { fingerprintOf, type KgRun, killMidRun, kuzuAt, type Landing } from "../../bench/kill-resume.js";
import { generateSnapshot, SNAPSHOT_FILE } from "../../bench/snapshot-corpus.js";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";

const RECORDS = 5000;
const NOTES = 120;

let snapshot: string;
let firstHalf: string;
let corpus: string;

const staging = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith("graph.kuzu.bulk-")) : [];

/** Mid-run: killed by the signal while it held the store for writing, before its summary. */
const heldForWriting =
  (dir: string, summary: RegExp) =>
  async (run: KgRun): Promise<Landing> => {
    if (run.signal !== "SIGKILL") return { kind: "too-late", evidence: `it exited ${run.code} by itself` };
    if (summary.test(run.stderr)) return { kind: "too-late", evidence: "it had printed its summary" };
    let marker: { pid?: unknown; copy?: unknown } = {};
    try {
      marker = JSON.parse(readFileSync(join(dir, "graph.kuzu.writing"), "utf8"));
    } catch {
      return { kind: "too-early", evidence: "it had not opened the store for writing" };
    }
    if (marker.pid !== run.pid) return { kind: "too-early", evidence: "the marker names another run" };
    // A finished load takes a savepoint (the marker moves to the second copy): from then on a
    // kill keeps the load by design, so a kill there came after the part under test.
    if (marker.copy !== "graph.kuzu.bak") {
      return { kind: "too-late", evidence: `the load had finished: its savepoint is ${String(marker.copy)}` };
    }
    const files = staging(dir);
    return {
      kind: "mid-run",
      evidence: files.length > 0 ? `staging files left: ${files.join(", ")}` : "no staging files yet",
    };
  };

beforeAll(async () => {
  const dir = tempDir("notegraph-kill-bulk-snapshot-");
  await generateSnapshot(dir, RECORDS, 3);
  snapshot = join(dir, SNAPSHOT_FILE);
  // The first half of the records, as an earlier import would have stored them.
  const lines = readFileSync(snapshot, "utf8").split("\n");
  firstHalf = join(dir, "first-half.jsonl");
  writeFileSync(firstHalf, `${lines.slice(0, RECORDS / 2).join("\n")}\n`);
  corpus = tempDir("notegraph-kill-bulk-notes-");
  generateCorpus(corpus, NOTES, 11);
}, 120_000);

async function clean(args: (dir: string) => string[][]): Promise<{ fingerprint: string; ms: number }> {
  const dir = join(tempDir("notegraph-kill-bulk-clean-"), "kg");
  let ms = 0;
  for (const each of args(dir)) {
    const started = performance.now();
    const result = await kg(each);
    ms = performance.now() - started;
    expect(result.code, result.stderr).toBe(0);
  }
  return { fingerprint: await fingerprintOf(kuzuAt(dir)), ms };
}

describe("kill -9 during a bulk load, then run it again (Kuzu)", () => {
  const arxiv = (dir: string, file = snapshot) => ["arxiv", file, "--data-dir", dir];

  it.each([
    ["staging", 0.35],
    ["loading", 0.85],
  ])(
    "kg arxiv into an empty store, killed while %s: nothing is left, the re-run gives the clean graph",
    async (_, fraction) => {
      const expected = await clean((dir) => [arxiv(dir)]);
      const dir = join(tempDir("notegraph-kill-bulk-"), "kg");
      const killed = await killMidRun({
        args: arxiv(dir),
        firstMs: expected.ms * fraction,
        runMs: expected.ms,
        judge: heldForWriting(dir, /^snapshot: \d+ lines read, /m),
        reset: async () => rmSync(dir, { recursive: true, force: true }),
      });
      console.info(killed.tries.join("\n"));
      const again = await kg(arxiv(dir));
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain("was interrupted before it finished");
      // Nothing of the killed run was kept: every record is written again.
      expect(again.stderr).toContain(`${RECORDS} papers written, 0 unchanged`);
      expect(staging(dir)).toEqual([]);
      expect(await fingerprintOf(kuzuAt(dir))).toBe(expected.fingerprint);
    },
    300_000,
  );

  it("kg arxiv into a store holding an earlier import, killed mid-load: the store is as before, the re-run finishes", async () => {
    const expected = await clean((dir) => [arxiv(dir, firstHalf), arxiv(dir)]);
    const dir = join(tempDir("notegraph-kill-bulk-existing-"), "kg");
    const first = await kg(arxiv(dir, firstHalf));
    expect(first.code, first.stderr).toBe(0);
    const before = await fingerprintOf(kuzuAt(dir));
    const killed = await killMidRun({
      args: arxiv(dir),
      firstMs: expected.ms * 0.7,
      runMs: expected.ms,
      judge: heldForWriting(dir, /^snapshot: \d+ lines read, /m),
      reset: async () => {
        rmSync(dir, { recursive: true, force: true });
        const again = await kg(arxiv(dir, firstHalf));
        expect(again.code, again.stderr).toBe(0);
      },
    });
    console.info(killed.tries.join("\n"));
    // Opening the store rolls the killed run back: the earlier import is there, unchanged.
    const stats = await kg(["stats", "--fingerprint", "--format", "json", "--data-dir", dir, "--quiet"]);
    expect(stats.code, stats.stderr).toBe(0);
    expect((JSON.parse(stats.stdout) as { fingerprint: string }).fingerprint).toBe(before);
    const again = await kg(arxiv(dir));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${RECORDS / 2} papers written, ${RECORDS / 2} unchanged`);
    expect(await fingerprintOf(kuzuAt(dir))).toBe(expected.fingerprint);
  }, 300_000);

  it("a first kg ingest --bulk, killed mid-run: the re-run gives the clean graph", async () => {
    const ingest = (dir: string) => ["ingest", corpus, "--data-dir", dir, "--bulk", "--workers", "0"];
    const expected = await clean((dir) => [ingest(dir)]);
    const dir = join(tempDir("notegraph-kill-bulk-ingest-"), "kg");
    const killed = await killMidRun({
      args: ingest(dir),
      firstMs: expected.ms * 0.6,
      runMs: expected.ms,
      judge: heldForWriting(dir, /^notes: /m),
      reset: async () => rmSync(dir, { recursive: true, force: true }),
    });
    console.info(killed.tries.join("\n"));
    const again = await kg(ingest(dir));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`notes: ${NOTES} found, ${NOTES} ingested, 0 unchanged`);
    expect(await fingerprintOf(kuzuAt(dir))).toBe(expected.fingerprint);
  }, 300_000);
});
