/**
 * When the embedded store advances its rollback copy (src/store/kuzu-rollback.ts): once the
 * interval has passed, and only when the writes since the last savepoint took longer than a
 * copy of the database costs. One note re-ingested into a large store must not pay for a copy
 * of the whole file (issue 14: one changed note in a 10,000-note store under 2 s).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type KuzuStore, openKuzuStore } from "../../src/store/kuzu.js";
import { delta, node } from "./contract.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** The marker says `fresh` until the first savepoint of a run that created the database. */
const markerFresh = (store: KuzuStore): boolean =>
  JSON.parse(fs.readFileSync(`${store.file}.writing`, "utf8")).fresh === true;

const note = (index: number) => {
  const source = `note:s${index}.md`;
  return delta(source, [node("Note", source)], []);
};

describe("Kuzu savepoints: worth their copy", () => {
  let store: KuzuStore;
  const saved = process.env.KG_KUZU_SAVEPOINT_MS;

  beforeEach(async () => {
    // Due after 1 ms: only the cost rule can hold a savepoint back.
    process.env.KG_KUZU_SAVEPOINT_MS = "1";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notegraph-kuzu-savepoint-"));
    made.push(dir);
    store = await openKuzuStore({ dataDir: dir });
    await store.applySchema();
  });

  afterEach(async () => {
    await store.close();
    if (saved === undefined) delete process.env.KG_KUZU_SAVEPOINT_MS;
    else process.env.KG_KUZU_SAVEPOINT_MS = saved;
  });

  it("skips a savepoint that would cost more than the writes it saves", async () => {
    store.savepointCostMs = 60 * 60 * 1000;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.upsert([note(1)]);
    await store.upsert([note(2)]);
    expect(markerFresh(store)).toBe(true);
  });

  it("takes it once the writes since the last one cost more than a copy", async () => {
    store.savepointCostMs = 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.upsert([note(1)]);
    expect(markerFresh(store)).toBe(false);
    // The copy's own time is what the next savepoint must beat.
    expect(store.savepointCostMs).toBeGreaterThan(0);
  });
});
