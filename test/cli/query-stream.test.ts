/**
 * `kg query` output on the embedded store: csv, json and jsonl stream (the same text as the
 * whole-result formatter, in far less memory), and the limits say what stopped the query.
 */
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatResult, type OutputFormat } from "../../src/cli/format.js";
import { openKuzuStore } from "../../src/store/kuzu.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";
import { runMeasured } from "../helpers/peak-rss.js";

const BIN = resolve(import.meta.dirname, "../../bin/kg.js");
const BUFFERED = resolve(import.meta.dirname, "../helpers/buffered-query.mjs");
const dataDir = join(tempDir(), "kg");

beforeAll(async () => {
  const result = await kg(["ingest", EXAMPLES, "--data-dir", dataDir]);
  expect(result.code, result.stderr).toBe(0);
}, 120_000);

describe("kg query --format csv|json|jsonl", () => {
  const cypher =
    "MATCH (m:Model)-[r:USES_LOSS]->(l:Loss) RETURN m.name AS model, r AS rel, l.aliases AS aliases ORDER BY model, l.name";

  it.each(["csv", "json", "jsonl"] as const)(
    "%s: the same text as the whole result formatted at once",
    async (format) => {
      const store = await openKuzuStore({ dataDir, readOnly: true });
      const whole = await store.query(cypher, {}, { readOnly: true }).finally(() => store.close());
      const streamed = await kg(["query", "--format", format, "--data-dir", dataDir, cypher]);
      expect(streamed.code, streamed.stderr).toBe(0);
      expect(whole.rows.length).toBeGreaterThan(3);
      expect(streamed.stdout).toBe(formatResult(whole, format as OutputFormat));
      const empty = await kg([
        "query",
        "--format",
        format,
        "--data-dir",
        dataDir,
        "MATCH (m:Model {name: 'none'}) RETURN m.name AS n",
      ]);
      expect(empty.stdout).toBe(formatResult({ columns: ["n"], rows: [] }, format as OutputFormat));
    },
  );

  it("streams 810,000 rows in a fraction of the memory the whole result takes", {
    timeout: 180_000,
  }, async () => {
    // A cross product Kuzu keeps factorized: the engine's share is small, the rows are not.
    const big =
      "MATCH (a:Concept), (b:Concept), (c:Concept), (d:Concept) RETURN a.name AS a, b.name AS b, c.name AS c, d.name AS d";
    const args = ["query", "--data-dir", dataDir, "--format", "csv", "--max-rows", "1000000"];
    const idle = await runMeasured(BIN, [...args, "RETURN 1 AS one"]);
    const streamed = await runMeasured(BIN, [...args, big]);
    const buffered = await runMeasured(BUFFERED, [dataDir, big, "1000000"]);
    for (const run of [idle, streamed, buffered]) expect(run.code, run.stderr).toBe(0);
    expect(streamed.stdoutLines).toBe(810_001);
    expect(streamed.stdoutBytes).toBe(buffered.stdoutBytes);
    const mb = (kb: number) => Math.round(kb / 1024);
    console.log(
      `peak RSS: idle ${mb(idle.peakRssKb)} MB, streamed ${mb(streamed.peakRssKb)} MB, buffered ${mb(buffered.peakRssKb)} MB ` +
        `(${(streamed.stdoutBytes / 1048576).toFixed(1)} MB of CSV)`,
    );
    // What streaming adds over an idle query is a small part of what buffering adds.
    expect(streamed.peakRssKb - idle.peakRssKb).toBeLessThan((buffered.peakRssKb - idle.peakRssKb) / 3);
  });
});

describe("kg query limits", () => {
  it("--max-rows stops the output and says so on stderr, in every format", async () => {
    for (const format of ["csv", "json", "jsonl", "table"]) {
      const result = await kg([
        "query",
        "--data-dir",
        dataDir,
        "--format",
        format,
        "--max-rows",
        "5",
        "UNWIND range(1, 100) AS i RETURN i",
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe("warning: output stopped at --max-rows 5; the query has more rows\n");
      expect(result.stdout).toContain("5");
      expect(result.stdout).not.toContain("6");
    }
  });

  it("--timeout stops a slow query with a message naming the limit and the option", async () => {
    const slow =
      "MATCH (a:Concept), (b:Concept), (c:Concept), (d:Concept), (e:Concept) WHERE a.name < b.name + c.name + d.name + e.name RETURN count(*) AS n";
    for (const format of ["csv", "table"]) {
      const result = await kg(["query", "--data-dir", dataDir, "--format", format, "--timeout", "200", slow]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        "kg: the query ran past its time limit of 200 ms and was stopped; allow more with --timeout <ms>\n",
      );
    }
  });

  it("refuses a limit that is not a positive number (exit code 2)", async () => {
    const result = await kg(["query", "--data-dir", dataDir, "--max-rows", "0", "RETURN 1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--timeout and --max-rows expect positive numbers/);
  });
});
