/**
 * The Neo4j store against a real server: the shared contract, the schema file, parity with the
 * embedded store, and the named queries' hand-written rows. The server is the one the global
 * setup provides (NEO4J_URI, or the local Neo4j it starts when Java and Maven are here); without
 * one these suites are skipped, with the reason in their names.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NODE_LABELS } from "../../src/graph/schema.js";
import { openNeo4jStore, schemaStatements } from "../../src/store/neo4j.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, FIXTURES, tempDir } from "../helpers/extract.js";
import { NEO4J_PASSWORD, NEO4J_SKIP, NEO4J_URI, neo4jSuite } from "../helpers/neo4j.js";
import { describeBypassCorpus } from "../security/run-corpus.js";
import { bulkContract } from "./bulk-contract.js";
import { storeContract } from "./contract.js";
import { describeNamedQueries } from "./named-queries.js";

const uri = NEO4J_URI;
const LOCAL_JAR = resolve(import.meta.dirname, "../../neo4j-local/target/neo4j-local.jar");

async function freshStore() {
  const store = await openNeo4jStore({ uri: uri ?? "", password: NEO4J_PASSWORD });
  await store.query("MATCH (n) DETACH DELETE n");
  return store;
}

describe("the server these suites run on", () => {
  it("is there whenever Java 17+ can run the local Neo4j (the global setup starts it), or NEO4J_URI names one", () => {
    const home = process.env.JAVA_HOME;
    const java = spawnSync(home ? join(home, "bin", "java") : "java", ["-version"], { encoding: "utf8" });
    const major = Number(/version "(?:1\.)?(\d+)/.exec(java.stderr ?? "")?.[1] ?? 0);
    const buildable = existsSync(LOCAL_JAR) || spawnSync("mvn", ["-v"]).status === 0;
    if (major >= 17 && buildable) expect(NEO4J_SKIP).toBeNull();
    else if (!NEO4J_URI) expect(NEO4J_SKIP).toMatch(/java|mvn|maven/i);
  });
});

describe("cypher/schema.cypher", () => {
  it("has a uniqueness constraint on id for every label and the vector index, and no full-text index", () => {
    const statements = schemaStatements();
    for (const label of NODE_LABELS) {
      expect(statements).toContain(
        `CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
      );
    }
    expect(statements.some((s) => s.startsWith("CREATE VECTOR INDEX figure_embedding"))).toBe(true);
    expect(statements.filter((s) => /FULLTEXT/i.test(s))).toEqual([]);
  });

  it.runIf(uri)("drops the full-text index earlier versions created, keeping the data", async () => {
    const old = await freshStore();
    await old.query(
      "CREATE FULLTEXT INDEX node_text IF NOT EXISTS FOR (n:Concept) ON EACH [n.name] OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } }",
    );
    await old.upsert([
      {
        source: "note:a.md",
        nodes: [{ label: "Concept", id: "concept:x", props: { name: "x" } }],
        edges: [],
      },
    ]);
    const fullText = async (store: typeof old) =>
      (await store.query("SHOW FULLTEXT INDEXES YIELD name RETURN name")).rows.map((row) => row.name);
    expect(await fullText(old)).toEqual(["node_text"]);
    await old.close();
    const reopened = await openNeo4jStore({ uri: uri ?? "", password: process.env.NEO4J_PASSWORD });
    expect(await fullText(reopened)).toEqual([]);
    expect((await reopened.query("MATCH (n:Concept) RETURN n.id AS id")).rows).toEqual([{ id: "concept:x" }]);
    await reopened.close();
  });
});

if (uri) {
  storeContract("neo4j", freshStore);
  bulkContract("neo4j", freshStore);
} else {
  describe.skip(neo4jSuite("GraphStore contract: neo4j"), () => {
    it("passes the contract every store passes", () => {});
  });
}

const MULTIMODAL_SNAPSHOT = resolve(import.meta.dirname, "../fixtures/arxiv/snapshot/multimodal.jsonl");

describe.skipIf(!uri)(neo4jSuite("Neo4j and Kuzu give the same graph (kg CLI)"), () => {
  const neo4jArgs = ["--neo4j-uri", uri ?? ""];
  const kuzuDir = join(tempDir(), "kg");
  const notes = [join(EXAMPLES), join(FIXTURES, "mixed/notes"), join(FIXTURES, "obsidian/vault")];

  beforeAll(async () => {
    const store = await freshStore();
    await store.close();
    for (const args of [neo4jArgs, ["--data-dir", kuzuDir]]) {
      const result = await kg(["ingest", ...notes, ...args]);
      expect(result.code, result.stderr).toBe(0);
      const imported = await kg(["arxiv", MULTIMODAL_SNAPSHOT, ...args]);
      expect(imported.code, imported.stderr).toBe(0);
    }
  }, 120_000);

  it("merges note and arXiv authors the same way", async () => {
    const authors = async (args: string[]) =>
      JSON.parse(
        (
          await kg([
            "query",
            "--format",
            "json",
            "MATCH (p:Paper {arxivId: '2103.00020'})-[r:AUTHORED_BY]->(a:Author) RETURN r.position AS position, a.name AS name, a.aliases AS aliases, r.sources AS sources ORDER BY position",
            ...args,
          ])
        ).stdout,
      );
    const neo = await authors(neo4jArgs);
    expect(neo).toHaveLength(12);
    expect(neo[0]).toEqual({
      position: 1,
      name: "Alec Radford",
      aliases: ["A. Radford"],
      sources: ["arxiv:2103.00020", "note:examples/multimodal/index.md"],
    });
    expect(neo).toEqual(await authors(["--data-dir", kuzuDir]));
  });

  it("has the same node and relationship counts", async () => {
    const stats = async (args: string[]) =>
      JSON.parse((await kg(["stats", "--format", "json", ...args])).stdout);
    const [neo, kuzu] = [await stats(neo4jArgs), await stats(["--data-dir", kuzuDir])];
    expect(neo.store).toBe("neo4j");
    expect(kuzu.store).toBe("kuzu");
    expect(neo.nodes).toEqual(kuzu.nodes);
    expect(neo.relationships).toEqual(kuzu.relationships);
    expect(neo.totalNodes).toBeGreaterThan(90);
  });

  it("stores Cypher in a title or tag verbatim and deletes nothing", async () => {
    const dir = tempDir();
    const hostile = "x'}) DETACH DELETE n //";
    writeFileSync(
      join(dir, "hostile.md"),
      `---\ntitle: "${hostile}"\ntags: ["${hostile}", "a\\" }) MATCH (m) DETACH DELETE m //"]\n---\n# CLIP\n\nCLIP 使用对比学习。\n`,
    );
    const before = JSON.parse((await kg(["stats", "--format", "json", ...neo4jArgs])).stdout);
    const result = await kg(["ingest", dir, ...neo4jArgs]);
    expect(result.code, result.stderr).toBe(0);
    const after = JSON.parse((await kg(["stats", "--format", "json", ...neo4jArgs])).stdout);
    expect(after.totalNodes).toBeGreaterThanOrEqual(before.totalNodes + 1);
    const rows = JSON.parse(
      (
        await kg([
          "query",
          "--format",
          "json",
          "MATCH (n:Note {path: 'hostile.md'})-[:TAGGED]->(t:Tag) RETURN n.title AS title, t.name AS tag ORDER BY tag",
          ...neo4jArgs,
        ])
      ).stdout,
    );
    expect(rows).toEqual([
      { title: hostile, tag: 'a" }) MATCH (m) DETACH DELETE m //' },
      { title: hostile, tag: hostile },
    ]);
  });
});

// After the parity tests, over their graph: nothing here empties the database.
if (uri) {
  describeBypassCorpus("neo4j", async () => {
    // Examples are stored already when the parity tests ran first; unchanged notes are skipped.
    const result = await kg(["ingest", EXAMPLES, "--neo4j-uri", uri]);
    if (result.code !== 0) throw new Error(`kg ingest failed: ${result.stderr}`);
    return {
      cliArgs: ["--neo4j-uri", uri],
      server: { neo4jUri: uri },
      fingerprint: neo4jDump,
    };
  });
} else {
  describe.skip(neo4jSuite("bypass corpus: neo4j"), () => {
    it("refuses every write in the corpus and changes nothing", () => {});
  });
}

// Last: it empties the database for the graph the named queries' expected rows describe.
if (uri) {
  describeNamedQueries("neo4j", async () => {
    const store = await freshStore();
    await store.close();
    return ["--neo4j-uri", uri, "--data-dir", tempDir("notegraph-neo4j-cache-")];
  });
} else {
  describe.skip(neo4jSuite("cypher/queries/ return their expected rows: neo4j"), () => {
    it("returns the rows test/fixtures/named-queries/expected.json lists", () => {});
  });
}

/**
 * Every node and relationship with its properties, as one string. Not graphFingerprint():
 * its loader names every relationship type, and Neo4j fails a query naming a type no
 * relationship has yet (BUILDS_ON on examples/ alone).
 */
async function neo4jDump(): Promise<string> {
  const store = await openNeo4jStore({ uri: uri ?? "", password: NEO4J_PASSWORD });
  try {
    const nodes = await store.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p ORDER BY n.id");
    const rels = await store.query(
      "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b",
    );
    return JSON.stringify([nodes.rows, rels.rows]);
  } finally {
    await store.close();
  }
}
