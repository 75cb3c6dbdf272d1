/**
 * Extraction in worker threads gives the graph extraction in the main thread gives. A run
 * with fewer than WORKERS_MIN_NOTES notes to extract starts no workers unless told to, so
 * the test vaults would never reach the worker path: here `--workers 2` names it.
 */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintOf, kuzuAt } from "../../bench/kill-resume.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures");
const VAULTS = [EXAMPLES, join(FIXTURES, "obsidian", "vault"), join(FIXTURES, "mixed", "notes")];

async function ingestWith(workers: string): Promise<string> {
  const dir = join(tempDir(`notegraph-workers-${workers}-`), "kg");
  const result = await kg(["ingest", ...VAULTS, ...kuzuAt(dir), "--workers", workers]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toMatch(/notes: \d+ found, \d+ ingested, 0 unchanged \(skipped\), 0 failed/);
  return fingerprintOf(kuzuAt(dir));
}

describe("kg ingest --workers", () => {
  it("2 worker threads store the graph the main thread stores", async () => {
    const inline = await ingestWith("0");
    expect(await ingestWith("2")).toBe(inline);
  }, 120_000);
});
