/**
 * Killing `kg` (SIGKILL) anywhere in an ingest loses nothing that a re-run does not restore:
 * after the kill, the same `kg ingest` finishes and leaves a graph identical to one clean run
 * (same fingerprint: node ids, edge keys, properties). The kill points are spread over the
 * clean run's duration by a seeded generator, so a failure can be replayed.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.js";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";

const BIN = resolve(import.meta.dirname, "../../bin/kg.js");
const NOTES = 160;
const BATCH = ["--batch-size", "20"];

let corpus: string;
let clean: string;
let cleanMs: number;

async function fingerprint(args: string[]): Promise<string> {
  const result = await kg(["stats", "--fingerprint", "--format", "json", ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).fingerprint as string;
}

/** Starts `kg` and SIGKILLs it after `ms`; resolves with whether it was still running. */
function killAfter(args: string[], ms: number): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NEO4J_URI: "" },
      stdio: "ignore",
    });
    let exited = false;
    child.on("exit", (code, signal) => {
      if (!exited) done(signal === "SIGKILL" || code !== 0);
      exited = true;
    });
    setTimeout(() => {
      if (!exited) child.kill("SIGKILL");
    }, ms);
  });
}

/** A seeded spread of fractions in (0.05, 0.95). */
function killPoints(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 0.05 + 0.9 * (state / 2 ** 31);
  });
}

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
      const killed = await killAfter(args, Math.round(cleanMs * fraction));
      const again = await kg(args);
      expect(again.code, again.stderr).toBe(0);
      if (killed) expect(again.stderr).toMatch(/notes: 160 found, \d+ ingested, \d+ unchanged/);
      expect(await fingerprint(["--data-dir", dir])).toBe(await fingerprint(["--data-dir", clean]));
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
    const killed = await killAfter(force(dir), Math.round(cleanMs * 0.5));
    const again = await kg(force(dir));
    expect(again.code, again.stderr).toBe(0);
    if (killed) expect(again.stderr).toContain("the graph was rolled back to how it was before that run");
    expect(await fingerprint(["--data-dir", dir])).toBe(await fingerprint(["--data-dir", expected]));
  }, 400_000);

  it("kills twice in a row and still converges", async () => {
    const dir = tempDir("notegraph-kill-twice-");
    const args = ["ingest", corpus, "--data-dir", dir, ...BATCH, "--workers", "0"];
    await killAfter(args, Math.round(cleanMs * 0.3));
    await killAfter(args, Math.round(cleanMs * 0.3));
    const again = await kg(args);
    expect(again.code, again.stderr).toBe(0);
    expect(await fingerprint(["--data-dir", dir])).toBe(await fingerprint(["--data-dir", clean]));
  }, 300_000);
});
