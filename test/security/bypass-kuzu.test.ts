/**
 * The bypass corpus on the embedded store through `kg query` and `POST /api/cypher`, and
 * every named query in cypher/queries/ still running read-only there. (Neo4j runs the same
 * corpus in test/store/neo4j.test.ts, which owns the shared server.)
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, FIXTURES, tempDir } from "../helpers/extract.js";
import { NAMED_QUERY_PARAMS } from "../helpers/query-params.js";
import { describeBypassCorpus } from "./run-corpus.js";

const REPO = resolve(import.meta.dirname, "../..");
const dataDir = join(tempDir(), "kg");
let ingested: Promise<void> | undefined;

/** examples/ and two fixture folders, once for the whole file. */
function ingest(): Promise<void> {
  ingested ??= (async () => {
    const notes = [EXAMPLES, join(FIXTURES, "mixed/notes"), join(FIXTURES, "obsidian/vault")];
    const result = await kg(["ingest", ...notes, "--data-dir", dataDir]);
    if (result.code !== 0) throw new Error(`kg ingest failed: ${result.stderr}`);
  })();
  return ingested;
}

describeBypassCorpus("kuzu", async () => {
  await ingest();
  return {
    cliArgs: ["--data-dir", dataDir],
    server: { dataDir },
  };
});

describe("cypher/queries/ on the embedded store, read-only", () => {
  beforeAll(ingest, 120_000);
  const queries = readdirSync(join(REPO, "cypher/queries")).filter((f) => f.endsWith(".cypher"));
  it.each(queries)("runs %s through kg query without --write", async (file) => {
    const result = await kg([
      "query",
      "-f",
      join(REPO, "cypher/queries", file),
      "--format",
      "json",
      "--data-dir",
      dataDir,
      ...NAMED_QUERY_PARAMS.flatMap((p) => ["--param", p]),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
  });
});
