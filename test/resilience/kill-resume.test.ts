/**
 * Killing `kg` (SIGKILL) anywhere in an ingest loses nothing that a re-run does not restore:
 * after the kill, the same `kg ingest` finishes and leaves a graph identical to one clean run
 * (same fingerprint: node ids, edge keys, properties). The kill points are spread over the
 * clean run's duration by a seeded generator, so a failure can be replayed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.js";
import { fingerprintOf, killKgAfter, killPoints, kuzuAt } from "../../bench/kill-resume.js";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";

const NOTES = 160;
const BATCH = ["--batch-size", "20"];

let corpus: string;
let clean: string;
let cleanMs: number;

const fingerprint = (dir: string): Promise<string> => fingerprintOf(kuzuAt(dir));

beforeAll(async () => {
  corpus = tempDir("notegraph-kill-corpus-");
  generateCorpus(corpus, NOTES, 7);
  clean = tempDir("notegraph-kill-clean-");
  const started = performance.now();
  const result = await kg(["ingest", corpus, "--data-dir", clean, ...BATCH, "--workers", "0"]);
  cleanMs = performance.now() - started;
  expect(result.code, result.stderr).toBe(0);
}, 300_000);

describe("kill -9 during kg ingest, then run it again (Kuzu)", () => {
  it.each(killPoints(4, 20261127).map((fraction, i) => [i + 1, fraction]))(
    "kill %i at %f of the clean run's time: the re-run gives the clean graph",
    async (_, fraction) => {
      const dir = tempDir("notegraph-kill-");
      const args = ["ingest", corpus, "--data-dir", dir, ...BATCH, "--workers", "0"];
      const killed = await killKgAfter(args, Math.round(cleanMs * fraction));
      const again = await kg(args);
      expect(again.code, again.stderr).toBe(0);
      if (killed) expect(again.stderr).toMatch(/notes: 160 found, \d+ ingested, \d+ unchanged/);
      expect(await fingerprint(dir)).toBe(await fingerprint(clean));
    },
    300_000,
  );

  it("rolls an existing graph back to before the killed run (a --force re-ingest killed mid-way)", async () => {
    // Compared with the same two commands run without a kill: a --force re-ingest keeps
    // the first evidence of shared edges, so it is not byte-identical to a first ingest.
    const expected = tempDir("notegraph-kill-expected-");
    const dir = tempDir("notegraph-kill-existing-");
    for (const target of [expected, dir]) {
      const first = await kg(["ingest", corpus, "--data-dir", target, ...BATCH, "--workers", "0"]);
      expect(first.code, first.stderr).toBe(0);
    }
    const force = (target: string) => [
      "ingest",
      corpus,
      "--data-dir",
      target,
      ...BATCH,
      "--workers",
      "0",
      "--force",
    ];
    expect((await kg(force(expected))).code).toBe(0);
    const killed = await killKgAfter(force(dir), Math.round(cleanMs * 0.5));
    const again = await kg(force(dir));
    expect(again.code, again.stderr).toBe(0);
    if (killed) expect(again.stderr).toContain("the graph was rolled back to that run's last savepoint");
    expect(await fingerprint(dir)).toBe(await fingerprint(expected));
  }, 400_000);

  it("keeps what a savepoint holds: with one after every batch, the re-run skips the notes stored before the kill", async () => {
    const dir = tempDir("notegraph-kill-savepoint-");
    const args = ["ingest", corpus, "--data-dir", dir, ...BATCH, "--workers", "0"];
    process.env.KG_KUZU_SAVEPOINT_MS = "0";
    try {
      const killed = await killKgAfter(args, Math.round(cleanMs * 0.8));
      const again = await kg(args);
      expect(again.code, again.stderr).toBe(0);
      const unchanged = Number(/notes: 160 found, \d+ ingested, (\d+) unchanged/.exec(again.stderr)?.[1]);
      // Without savepoints the killed run is undone whole and nothing is unchanged.
      if (killed) expect(unchanged).toBeGreaterThan(0);
      expect(await fingerprint(dir)).toBe(await fingerprint(clean));
    } finally {
      delete process.env.KG_KUZU_SAVEPOINT_MS;
    }
  }, 300_000);

  it("kills twice in a row and still converges", async () => {
    const dir = tempDir("notegraph-kill-twice-");
    const args = ["ingest", corpus, "--data-dir", dir, ...BATCH, "--workers", "0"];
    await killKgAfter(args, Math.round(cleanMs * 0.3));
    await killKgAfter(args, Math.round(cleanMs * 0.3));
    const again = await kg(args);
    expect(again.code, again.stderr).toBe(0);
    expect(await fingerprint(dir)).toBe(await fingerprint(clean));
  }, 300_000);
});
