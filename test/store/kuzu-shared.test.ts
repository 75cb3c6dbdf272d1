/**
 * One process that writes and serves (`kg serve --watch`): reads run on reader connections of
 * the same Kuzu database while a write transaction is open, see the last committed graph, and
 * neither fail nor wait for the write; commits and savepoint checkpoints wait for the reads in
 * flight instead of failing on them (Kuzu's checkpoint gives up after 5 s when a read is open,
 * and a read cannot end while it waits: see src/store/kuzu-readers.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GraphDelta } from "../../src/graph/delta.js";
import { type KuzuStore, openKuzuStore } from "../../src/store/kuzu.js";
import { delta, edge, node } from "./contract.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** One note mentioning `concepts` concepts of its own: a batch whose COMMIT takes a while. */
function bigNote(index: number, concepts: number): GraphDelta {
  const source = `note:n${index}.md`;
  const nodes = [node("Note", source)];
  const edges = [];
  for (let c = 0; c < concepts; c++) {
    const id = `concept:c${index}-${c}`;
    nodes.push(node("Concept", id));
    edges.push(edge("MENTIONS", ["Note", source], ["Concept", id], source));
  }
  return delta(source, nodes, edges);
}

const count = async (store: KuzuStore): Promise<number> =>
  Number((await store.query("MATCH (n:Concept) RETURN count(n) AS c", {}, { readOnly: true })).rows[0]?.c);

describe("Kuzu: reads beside writes in one process (sharedReads)", () => {
  let store: KuzuStore;
  const savedSavepoint = process.env.KG_KUZU_SAVEPOINT_MS;

  beforeEach(async () => {
    // A savepoint (CHECKPOINT and a copy of the file) after every write: the checkpoint is what
    // an open read would break.
    process.env.KG_KUZU_SAVEPOINT_MS = "0";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notegraph-kuzu-shared-"));
    made.push(dir);
    store = await openKuzuStore({ dataDir: dir, sharedReads: true });
    await store.applySchema();
    await store.upsert([bigNote(0, 50)]);
  });

  afterEach(async () => {
    await store.close();
    if (savedSavepoint === undefined) delete process.env.KG_KUZU_SAVEPOINT_MS;
    else process.env.KG_KUZU_SAVEPOINT_MS = savedSavepoint;
  });

  it("answers reads during a write with the committed graph, and the write commits", async () => {
    // A savepoint that fails is only a warning (the batch is committed): watch for it.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    let writing = true;
    const write = store.upsert(Array.from({ length: 40 }, (_, i) => bigNote(i + 1, 100))).finally(() => {
      writing = false;
    });
    const during: number[] = [];
    const failures: unknown[] = [];
    // Four readers at once, all the time: some read is always in flight when the write commits.
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        try {
          const seen = await count(store);
          if (writing) during.push(seen);
        } catch (error) {
          failures.push(error);
        }
      }
    });
    await write;
    await Promise.all(readers);
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", onWarning);
    expect(failures).toEqual([]);
    expect(warnings).toEqual([]);
    // Reads did not queue behind the write: they were answered while it ran, from the graph
    // before it (50 concepts) or, once committed, after it.
    expect(during.length).toBeGreaterThan(0);
    for (const seen of during) expect([50, 50 + 40 * 100]).toContain(seen);
    expect(during).toContain(50);
    expect(await count(store)).toBe(50 + 40 * 100);
    const stats = await store.stats();
    expect(stats.nodes.Concept).toBe(4050);
  });

  it("a read that starts while a commit waits is answered once it is done, not refused", async () => {
    const write = store.upsert([bigNote(1, 200)]);
    const reads = await Promise.all(Array.from({ length: 20 }, () => count(store)));
    await write;
    for (const seen of reads) expect([50, 250]).toContain(seen);
    expect(await count(store)).toBe(250);
  });

  it("still refuses a write through a read-only query", async () => {
    await expect(
      store.query("CREATE (:Tag {id: 'tag:x', name: 'x'})", {}, { readOnly: true }),
    ).rejects.toThrow(/read-only|write/i);
  });
});
