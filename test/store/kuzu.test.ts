/**
 * The Kuzu store: the shared contract, plus what only the embedded store has (its file,
 * read-only opening, DDL derived from the schema, atomicity when the engine fails midway).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import kuzu from "kuzu";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError, WriteRefusedError } from "../../src/errors.js";
import { NODE_LABELS, REL_ENDPOINTS, REL_TYPES } from "../../src/graph/schema.js";
import { type KuzuStore, openKuzuStore } from "../../src/store/kuzu.js";
import { nodeTableDdl, relTableDdl, schemaStatements } from "../../src/store/kuzu-schema.js";
import { KuzuSession } from "../../src/store/kuzu-session.js";
import { bulkContract } from "./bulk-contract.js";
import { delta, edge, node, storeContract } from "./contract.js";

const made: string[] = [];

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notegraph-kuzu-test-"));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

storeContract("kuzu", () => openKuzuStore({ dataDir: freshDir() }));
bulkContract("kuzu", () => openKuzuStore({ dataDir: freshDir() }));
// Everything written out at once, so every later contribution is an update applied after the COPY.
bulkContract(
  "kuzu, nothing kept open",
  () => openKuzuStore({ dataDir: freshDir() }),
  (store) => (store as KuzuStore).bulkLoad({ largeNodeBytes: 0, smallNodes: 0, edges: 0 }),
);
// Each relationship table staged in files of two rows, each loaded by a COPY and committed on its own.
bulkContract(
  "kuzu, relationships copied two at a time",
  () => openKuzuStore({ dataDir: freshDir() }),
  (store) =>
    (store as KuzuStore).bulkLoad({ largeNodeBytes: 0, smallNodes: 0, edges: 0, edgeRowsPerCopy: 2 }),
);

describe("Kuzu schema upgrades", () => {
  it("adds the columns and endpoint pairs a database made by an older notegraph lacks, keeping its data", async () => {
    const dir = freshDir();
    // A database as an earlier schema made it: Paper without the arXiv columns and the title key, IN_CATEGORY
    // only from notes, and one paper already stored.
    const db = new kuzu.Database(path.join(dir, "graph.kuzu"));
    const conn = new kuzu.Connection(db);
    const old = schemaStatements().map((statement) =>
      statement
        .replace(
          ", `comments` STRING, `license` STRING, `version` INT64, `arxivHash` STRING, `titleKey` STRING",
          "",
        )
        .replace("FROM `Paper` TO `Category`, ", ""),
    );
    expect(old.join("\n")).not.toContain("arxivHash");
    expect(old.join("\n")).not.toContain("titleKey");
    // Results are closed one by one: Kuzu 0.11.3 crashes later in the process otherwise.
    const run = async (statement: string) => {
      const result = await conn.query(statement);
      for (const each of Array.isArray(result) ? result : [result]) each.close();
    };
    for (const statement of old) await run(statement);
    await run("CREATE (:Paper {id: 'paper:arxiv:2103.00020', name: 'CLIP', sources: ['note:a.md']})");
    await conn.close();
    await db.close();

    const store = await openKuzuStore({ dataDir: dir });
    try {
      await store.applySchema();
      await store.applySchema();
      await store.upsert([
        delta(
          "arxiv:2103.00020",
          [
            node("Paper", "paper:arxiv:2103.00020", { comments: "v1", version: 1, titleKey: "clip" }),
            node("Category", "category:cs.cv"),
          ],
          [
            edge(
              "IN_CATEGORY",
              ["Paper", "paper:arxiv:2103.00020"],
              ["Category", "category:cs.cv"],
              "arxiv:2103.00020",
            ),
          ],
        ),
      ]);
      const { rows } = await store.query(
        "MATCH (p:Paper)-[:IN_CATEGORY]->(c:Category) RETURN p.name AS name, p.comments AS comments, p.titleKey AS titleKey, p.sources AS sources, c.id AS category",
      );
      expect(rows).toEqual([
        {
          name: "paper:arxiv:2103.00020",
          comments: "v1",
          titleKey: "clip",
          sources: ["arxiv:2103.00020", "note:a.md"],
          category: "category:cs.cv",
        },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe("Kuzu DDL from the schema", () => {
  it("makes one node table per label, keyed by id, with typed properties", () => {
    expect(nodeTableDdl("Figure")).toBe(
      "CREATE NODE TABLE IF NOT EXISTS `Figure`(`id` STRING PRIMARY KEY, `name` STRING, `sources` STRING[], " +
        "`src` STRING, `alt` STRING, `caption` STRING, `section` STRING, `localPath` STRING, `bytes` INT64, " +
        "`format` STRING, `width` INT64, `height` INT64, `embedding` DOUBLE[], `embeddingModel` STRING)",
    );
    expect(nodeTableDdl("Note")).toContain("`draft` BOOLEAN");
  });

  it("makes one rel table per type listing every FROM/TO pair and the provenance columns", () => {
    expect(relTableDdl("MENTIONS")).toBe(
      "CREATE REL TABLE IF NOT EXISTS `MENTIONS`(FROM `Note` TO `Model`, FROM `Note` TO `Concept`, " +
        "FROM `Note` TO `Loss`, FROM `Note` TO `Paper`, `source` STRING, `sources` STRING[], `line` INT64, " +
        "`extractor` STRING, `confidence` DOUBLE, `position` INT64, `score` DOUBLE, `embeddingModel` STRING)",
    );
    for (const type of REL_TYPES) {
      expect(relTableDdl(type).match(/FROM `/g)).toHaveLength(REL_ENDPOINTS[type].length);
    }
  });

  it("lists node tables before the rel tables that reference them", () => {
    const statements = schemaStatements();
    expect(statements).toHaveLength(NODE_LABELS.length + REL_TYPES.length);
    expect(statements.slice(0, NODE_LABELS.length).every((s) => s.startsWith("CREATE NODE TABLE"))).toBe(
      true,
    );
  });
});

describe("Kuzu store files and modes", () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  it("creates the data directory and keeps the database in <dataDir>/graph.kuzu", async () => {
    const dataDir = path.join(freshDir(), "nested", ".kg");
    const store = await openKuzuStore({ dataDir });
    open.push(store);
    await store.upsert([delta("note:a.md", [node("Note", "note:a.md")])]);
    expect(fs.existsSync(path.join(dataDir, "graph.kuzu"))).toBe(true);
    expect(store.kind).toBe("kuzu");
  });

  it("keeps data across reopening", async () => {
    const dataDir = freshDir();
    const first = await openKuzuStore({ dataDir });
    await first.upsert([delta("note:a.md", [node("Note", "note:a.md", { hash: "h1" })])]);
    await first.close();
    const second = await openKuzuStore({ dataDir });
    open.push(second);
    expect(await second.notes()).toEqual([{ id: "note:a.md", hash: "h1", root: null, embedKey: null }]);
  });

  it("read-only: refuses to open a database that does not exist, pointing at kg ingest", async () => {
    const dataDir = path.join(freshDir(), "missing");
    await expect(openKuzuStore({ dataDir, readOnly: true })).rejects.toThrow(StoreUnavailableError);
    await expect(openKuzuStore({ dataDir, readOnly: true })).rejects.toThrow(/kg ingest/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("read-only: reads, and refuses every write", async () => {
    const dataDir = freshDir();
    const writer = await openKuzuStore({ dataDir });
    await writer.upsert([delta("note:a.md", [node("Note", "note:a.md"), node("Tag", "tag:x")])]);
    await writer.close();

    const reader = await openKuzuStore({ dataDir, readOnly: true });
    open.push(reader);
    expect((await reader.query("MATCH (n) RETURN count(n) AS n")).rows).toEqual([{ n: 2 }]);
    expect((await reader.stats()).totalNodes).toBe(2);
    await expect(reader.upsert([delta("note:b.md", [node("Note", "note:b.md")])])).rejects.toThrow(
      WriteRefusedError,
    );
    await expect(reader.removeSource("note:a.md")).rejects.toThrow(WriteRefusedError);
    await expect(reader.removeNotes(["note:a.md"])).rejects.toThrow(WriteRefusedError);
    await expect(reader.query("CREATE (:Tag {id: 'tag:y'})")).rejects.toThrow(WriteRefusedError);
    await reader.applySchema();
    expect((await reader.stats()).totalNodes).toBe(2);
  });

  it("refuses operations after close", async () => {
    const store = await openKuzuStore({ dataDir: freshDir() });
    await store.close();
    await store.close();
    await expect(store.stats()).rejects.toThrow(StoreUnavailableError);
  });

  it("read-only transactions refuse writes in the engine too, behind the lexical guard", async () => {
    const db = new kuzu.Database(path.join(freshDir(), "graph.kuzu"));
    const session = new KuzuSession(new kuzu.Connection(db));
    try {
      await session.command("CREATE NODE TABLE T(id STRING PRIMARY KEY)");
      // Straight to the engine, as if findWriteClause had missed the CREATE.
      await expect(
        session.transaction(() => session.run("CREATE (:T {id: 'x'})"), { readOnly: true, commit: false }),
      ).rejects.toThrow(WriteRefusedError);
      expect(await session.run("MATCH (t:T) RETURN count(t) AS n")).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });

  it("rolls the whole batch back when the engine fails midway", async () => {
    const store = await openKuzuStore({ dataDir: freshDir() });
    open.push(store);
    await store.upsert([delta("note:a.md", [node("Note", "note:a.md"), node("Tag", "tag:x")])]);
    const batch = delta(
      "note:b.md",
      [node("Note", "note:b.md"), node("Tag", "tag:y"), node("Model", "model:m")],
      [
        edge("TAGGED", ["Note", "note:b.md"], ["Tag", "tag:y"], "note:b.md"),
        edge("LINKS_TO", ["Note", "note:b.md"], ["Note", "note:a.md"], "note:b.md"),
      ],
    );
    // Nodes are merged before edges are copied; making the COPY's temp file impossible fails
    // the batch after its nodes were written inside the transaction.
    const spy = vi.spyOn(fs, "mkdtempSync").mockImplementation(() => {
      throw new Error("disk full (simulated)");
    });
    try {
      await expect(store.upsert([batch], { replace: true })).rejects.toThrow(/disk full/);
    } finally {
      spy.mockRestore();
    }
    const nodes = await store.query("MATCH (n) RETURN n.id AS id ORDER BY id");
    expect(nodes.rows).toEqual([{ id: "note:a.md" }, { id: "tag:x" }]);
    expect((await store.stats()).totalRelationships).toBe(0);

    // The store recovers: the same batch goes in once the cause is gone.
    await store.upsert([batch], { replace: true });
    expect((await store.stats()).totalRelationships).toBe(2);
  });
});

describe("Kuzu list parameters", () => {
  // The binding types a list from its first item and reinterprets the others' bits.
  it("passes lists of one type faithfully", async () => {
    const store = await openKuzuStore({ dataDir: freshDir() });
    try {
      const result = await store.query("RETURN $a AS a, $b AS b, $c AS c", {
        a: [1, 2, 3],
        b: [0.5, 1.5],
        c: ["x", null, "对比学习"],
      });
      expect(result.rows).toEqual([{ a: [1, 2, 3], b: [0.5, 1.5], c: ["x", null, "对比学习"] }]);
    } finally {
      await store.close();
    }
  });

  it("refuses lists Kuzu would corrupt, naming the parameter and what to do", async () => {
    const store = await openKuzuStore({ dataDir: freshDir() });
    try {
      await expect(store.query("RETURN $k AS k", { k: [1, 0.5] })).rejects.toThrow(
        /parameter k: .*mixes whole number and fraction.*CAST\(\$k AS DOUBLE\[\]\)/,
      );
      await expect(store.query("RETURN $m AS m", { m: { v: [0.5, 1] } })).rejects.toThrow(/parameter m\.v: /);
      await expect(store.query("RETURN $k AS k", { k: [1, "a"] })).rejects.toThrow(/whole number and string/);
      await expect(store.query("RETURN $k AS k", { k: [null, 1] })).rejects.toThrow(
        /first item, which is null/,
      );
      const cast = await store.query("RETURN CAST($k AS DOUBLE[]) AS k", { k: ["1", "0.5"] });
      expect(cast.rows).toEqual([{ k: [1, 0.5] }]);
    } finally {
      await store.close();
    }
  });
});

describe("Kuzu read-only stores read side by side", () => {
  it("answers a quick read while a slow one runs, and closes after the reads in flight", async () => {
    const dir = freshDir();
    const writer = await openKuzuStore({ dataDir: dir });
    await writer.applySchema();
    await writer.upsert([delta("note:a.md", [node("Note", "note:a.md", { title: "A" })], [])]);
    await writer.close();

    const store = await openKuzuStore({ dataDir: dir, readOnly: true });
    const order: string[] = [];
    const slow = store
      .query(
        "UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y WITH x, y WHERE (x * y) % 7 = 10 RETURN count(*) AS c",
      )
      .then(() => order.push("slow"));
    // Started after the slow one: on a single connection it would wait for it.
    const quick = store.query("MATCH (n:Note) RETURN n.id AS id").then((result) => {
      order.push("quick");
      return result;
    });
    expect((await quick).rows).toEqual([{ id: "note:a.md" }]);
    const closing = store.close();
    await slow;
    await closing;
    expect(order).toEqual(["quick", "slow"]);
    await expect(store.query("RETURN 1 AS x")).rejects.toThrow(StoreUnavailableError);
  });
});

describe("Kuzu bulk loads", () => {
  const stagingDirs = (dataDir: string) =>
    fs.readdirSync(dataDir).filter((name) => name.startsWith("graph.kuzu.bulk-"));

  it("takes no other write while a load is open; abort leaves the store as it was, with no staging files", async () => {
    const dataDir = freshDir();
    const store = await openKuzuStore({ dataDir });
    try {
      await store.upsert([delta("note:a.md", [node("Note", "note:a.md"), node("Tag", "tag:x")])]);
      const load = await store.bulkLoad();
      await load.add([delta("note:b.md", [node("Note", "note:b.md"), node("Tag", "tag:x")])]);
      expect(stagingDirs(dataDir)).toHaveLength(1);
      await expect(store.upsert([delta("note:c.md", [node("Note", "note:c.md")])])).rejects.toThrow(
        /bulk load .* is open/,
      );
      await expect(store.removeSource("note:a.md")).rejects.toThrow(WriteRefusedError);
      // Reads see the store as it was.
      expect((await store.stats()).totalNodes).toBe(2);
      await load.abort();
      expect(stagingDirs(dataDir)).toEqual([]);
      expect((await store.query("MATCH (n) RETURN n.id AS id ORDER BY id")).rows).toEqual([
        { id: "note:a.md" },
        { id: "tag:x" },
      ]);
      await expect(load.add([delta("note:d.md", [node("Note", "note:d.md")])])).rejects.toThrow(/ended/);
      // Writes are taken again.
      await store.upsert([delta("note:c.md", [node("Note", "note:c.md")])]);
      expect((await store.stats()).totalNodes).toBe(3);
    } finally {
      await store.close();
    }
  });

  it("removes the staging files a killed load left, when a writer opens the store", async () => {
    const dataDir = freshDir();
    const first = await openKuzuStore({ dataDir });
    await first.upsert([delta("note:a.md", [node("Note", "note:a.md")])]);
    await first.close();
    // As a process that no longer runs left it (pid far beyond pid_max).
    const stale = path.join(dataDir, "graph.kuzu.bulk-4999999");
    fs.mkdirSync(stale);
    fs.writeFileSync(path.join(stale, "Note.csv"), "id\nnote:x\n");
    const reader = await openKuzuStore({ dataDir, readOnly: true });
    await reader.close();
    expect(fs.existsSync(stale)).toBe(true);
    const writer = await openKuzuStore({ dataDir });
    await writer.close();
    expect(fs.existsSync(stale)).toBe(false);
  });
});
