/**
 * The bulk path and the batched path give the same graph, through the CLI as a user runs them:
 * `kg stats --fingerprint` (node ids, labels and properties, relationship keys and properties)
 * after `kg ingest --bulk` equals it after `kg ingest --no-bulk`, on the example note and the
 * test vaults; then `kg arxiv` of a generated 5,000-record snapshot on top of the notes, and
 * into an empty store, with and without `--no-bulk`. On Kuzu, and on a Neo4j of this file's own
 * (the database is emptied between the two paths).
 */
import { join, resolve } from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprintOf, kuzuAt, neo4jAt } from "../../bench/kill-resume.js";
import { generateSnapshot, SNAPSHOT_FILE } from "../../bench/snapshot-corpus.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";
import { type LocalNeo4j, OWN_NEO4J_SKIP, startOwnNeo4j } from "../helpers/own-neo4j.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures");
const VAULTS: [string, string][] = [
  ["the example note", EXAMPLES],
  ["the plain vault", join(FIXTURES, "plain", "notes")],
  ["the Obsidian vault", join(FIXTURES, "obsidian", "vault")],
  ["the mixed vault", join(FIXTURES, "mixed", "notes")],
];
const RECORDS = 5000;

let snapshot: string;

beforeAll(async () => {
  const dir = tempDir("notegraph-bulk-snapshot-");
  await generateSnapshot(dir, RECORDS, 5);
  snapshot = join(dir, SNAPSHOT_FILE);
}, 120_000);

async function run(args: string[]): Promise<string> {
  const result = await kg(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

describe("bulk and batched writes give one graph (Kuzu)", () => {
  const stores = { bulk: "", batched: "" };

  beforeAll(() => {
    stores.bulk = join(tempDir("notegraph-bulk-kuzu-"), "kg");
    stores.batched = join(tempDir("notegraph-batched-kuzu-"), "kg");
  });

  for (const [name, path] of VAULTS) {
    it(`kg ingest of ${name}, each into the store holding the ones before`, async () => {
      const bulk = await run(["ingest", path, ...kuzuAt(stores.bulk), "--bulk"]);
      expect(bulk).toMatch(/bulk load: \d+ nodes and \d+ relationships created/);
      const batched = await run(["ingest", path, ...kuzuAt(stores.batched), "--no-bulk"]);
      expect(batched).not.toContain("bulk load:");
      expect(await fingerprintOf(kuzuAt(stores.bulk))).toBe(await fingerprintOf(kuzuAt(stores.batched)));
    }, 120_000);
  }

  it(`kg arxiv of ${RECORDS} records on top of the notes`, async () => {
    expect(await run(["arxiv", snapshot, ...kuzuAt(stores.bulk)])).toContain(`${RECORDS} papers written`);
    await run(["arxiv", snapshot, ...kuzuAt(stores.batched), "--no-bulk"]);
    expect(await fingerprintOf(kuzuAt(stores.bulk))).toBe(await fingerprintOf(kuzuAt(stores.batched)));
  }, 300_000);

  it(`kg arxiv of ${RECORDS} records into an empty store, and again (nothing changes)`, async () => {
    const bulk = join(tempDir("notegraph-bulk-arxiv-"), "kg");
    const batched = join(tempDir("notegraph-batched-arxiv-"), "kg");
    await run(["arxiv", snapshot, ...kuzuAt(bulk)]);
    await run(["arxiv", snapshot, ...kuzuAt(batched), "--no-bulk"]);
    const fingerprint = await fingerprintOf(kuzuAt(bulk));
    expect(await fingerprintOf(kuzuAt(batched))).toBe(fingerprint);
    expect(await run(["arxiv", snapshot, ...kuzuAt(bulk)])).toContain(
      `0 papers written, ${RECORDS} unchanged`,
    );
    expect(await fingerprintOf(kuzuAt(bulk))).toBe(fingerprint);
  }, 300_000);
});

describe.skipIf(OWN_NEO4J_SKIP !== null)("bulk and batched writes give one graph (Neo4j)", () => {
  let server: LocalNeo4j;

  beforeAll(async () => {
    server = await startOwnNeo4j();
  }, 300_000);

  afterAll(async () => {
    await server?.dispose();
  });

  const wipe = async () => {
    const driver = neo4j.driver(server.uri);
    try {
      await driver.executeQuery("MATCH (n) DETACH DELETE n");
    } finally {
      await driver.close();
    }
  };

  /** The same commands with one flag or the other, each on an emptied database. */
  async function both(commands: (mode: "--bulk" | "--no-bulk") => string[][]): Promise<[string, string]> {
    const prints: string[] = [];
    for (const mode of ["--no-bulk", "--bulk"] as const) {
      await wipe();
      for (const args of commands(mode)) await run([...args, ...neo4jAt(server.uri)]);
      prints.push(await fingerprintOf(neo4jAt(server.uri)));
    }
    return prints as [string, string];
  }

  it("kg ingest of the example note and the vaults, then kg arxiv on top", async () => {
    const [batched, bulk] = await both((mode) => [
      ...VAULTS.map(([, path]) => ["ingest", path, mode]),
      ["arxiv", snapshot, ...(mode === "--no-bulk" ? ["--no-bulk"] : [])],
    ]);
    expect(bulk).toBe(batched);
  }, 600_000);
});
