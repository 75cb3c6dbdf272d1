/**
 * The GraphStore conformance suite (DESIGN.md, "Stores"): every adapter runs it, through
 * the public interface and the Cypher subset Kuzu and Neo4j share, so both stores agree on
 * merging, provenance, removal, result shapes and the read-only door.
 *
 * `open` must return a store over an empty database; each test opens its own and closes it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QueryTimeoutError, WriteRefusedError } from "../../src/errors.js";
import type { EdgeRecord, GraphDelta, NodeRecord, PropertyValue } from "../../src/graph/delta.js";
import type { NodeLabel, RelType } from "../../src/graph/schema.js";
import { NODE_LABELS, REL_TYPES } from "../../src/graph/schema.js";
import { searchText } from "../../src/search/text.js";
import { InvalidDeltaError } from "../../src/store/batch.js";
import type { GraphStore, JsonValue, NodeValue, QueryStreamEvent } from "../../src/store/types.js";

async function collectStream(stream: AsyncIterable<QueryStreamEvent>): Promise<QueryStreamEvent[]> {
  const events: QueryStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

interface RelValue {
  type: string;
  from: string;
  to: string;
  properties: Record<string, JsonValue>;
}

interface Snapshot {
  nodes: NodeValue[];
  rels: RelValue[];
}

export function node(label: NodeLabel, id: string, props: Record<string, PropertyValue> = {}): NodeRecord {
  return { label, id, props: { name: id, ...props } };
}

export function edge(
  type: RelType,
  from: [NodeLabel, string],
  to: [NodeLabel, string],
  source: string,
  extra: Partial<EdgeRecord> = {},
): EdgeRecord {
  return {
    type,
    fromLabel: from[0],
    from: from[1],
    toLabel: to[0],
    to: to[1],
    source,
    line: 1,
    extractor: "test/contract",
    confidence: 1,
    ...extra,
  };
}

export function delta(source: string, nodes: NodeRecord[], edges: EdgeRecord[] = []): GraphDelta {
  return { source, nodes, edges };
}

const sorted = (list: JsonValue | undefined): string[] =>
  Array.isArray(list) ? list.map((item) => String(item)).sort() : [];

/** Everything in the store, in a stable order, with `sources` lists sorted (their order is not part of the contract). */
async function snapshot(store: GraphStore): Promise<Snapshot> {
  const nodes = (await store.query("MATCH (n) RETURN n")).rows
    .map((row) => row.n as unknown as NodeValue)
    .map((n) => ({ ...n, properties: { ...n.properties, sources: sorted(n.properties.sources) } }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const rels = (await store.query("MATCH ()-[r]->() RETURN r")).rows
    .map((row) => row.r as unknown as RelValue)
    .map((r) => ({ ...r, properties: { ...r.properties, sources: sorted(r.properties.sources) } }))
    .sort((a, b) => `${a.type}|${a.from}|${a.to}`.localeCompare(`${b.type}|${b.from}|${b.to}`));
  return { nodes, rels };
}

function findNode(snap: Snapshot, id: string): NodeValue | undefined {
  return snap.nodes.find((n) => n.id === id);
}

function findRel(snap: Snapshot, type: string, from: string, to: string): RelValue | undefined {
  return snap.rels.find((r) => r.type === type && r.from === from && r.to === to);
}

const NOTE_A = "note:a.md";
const NOTE_B = "note:b.md";

/** Two notes sharing a model, a loss and the USES_LOSS edge between them. */
function sharedDeltas(): GraphDelta[] {
  return [
    delta(
      NOTE_A,
      [
        node("Note", NOTE_A, { title: "A" }),
        node("Model", "model:blip-2", { description: "from A" }),
        node("Loss", "loss:itc"),
        node("Concept", "concept:contrastive-learning"),
      ],
      [
        edge("MENTIONS", ["Note", NOTE_A], ["Model", "model:blip-2"], NOTE_A, { line: 3 }),
        edge("USES_LOSS", ["Model", "model:blip-2"], ["Loss", "loss:itc"], NOTE_A, {
          line: 4,
          confidence: 0.9,
        }),
        edge("USES_CONCEPT", ["Model", "model:blip-2"], ["Concept", "concept:contrastive-learning"], NOTE_A),
      ],
    ),
    delta(
      NOTE_B,
      [node("Note", NOTE_B, { title: "B" }), node("Model", "model:blip-2"), node("Loss", "loss:itc")],
      [
        edge("MENTIONS", ["Note", NOTE_B], ["Model", "model:blip-2"], NOTE_B),
        edge("USES_LOSS", ["Model", "model:blip-2"], ["Loss", "loss:itc"], NOTE_B, {
          line: 9,
          confidence: 0.5,
        }),
      ],
    ),
  ];
}

export function storeContract(name: string, open: () => Promise<GraphStore>): void {
  describe(`GraphStore contract: ${name}`, () => {
    let store: GraphStore;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
    });

    describe("schema and stats", () => {
      it("applies the schema repeatedly without losing data", async () => {
        await store.applySchema();
        await store.upsert(sharedDeltas());
        const before = await snapshot(store);
        await store.applySchema();
        await store.applySchema();
        expect(await snapshot(store)).toEqual(before);
      });

      it("lists every label and relationship type in stats, zeros included", async () => {
        const empty = await store.stats();
        expect(Object.keys(empty.nodes).sort()).toEqual([...NODE_LABELS].sort());
        expect(Object.keys(empty.relationships).sort()).toEqual([...REL_TYPES].sort());
        expect(empty.totalNodes).toBe(0);
        expect(empty.totalRelationships).toBe(0);

        await store.upsert(sharedDeltas());
        const stats = await store.stats();
        expect(stats.nodes).toMatchObject({ Note: 2, Model: 1, Loss: 1, Concept: 1, Tag: 0 });
        expect(stats.relationships).toMatchObject({ MENTIONS: 2, USES_LOSS: 1, USES_CONCEPT: 1, CITES: 0 });
        expect(stats.totalNodes).toBe(5);
        expect(stats.totalRelationships).toBe(4);
      });

      it("answers no rows for a relationship type of the schema nothing has yet, and refuses a type outside it", async () => {
        await store.upsert(sharedDeltas());
        const none = await store.query(
          "MATCH (n:Note)-[c:CITES]->(p:Paper) RETURN n.id AS id",
          {},
          { readOnly: true },
        );
        expect(none.rows).toEqual([]);
        await expect(
          store.query("MATCH (n:Note)-[c:CITE]->(p:Paper) RETURN n.id AS id", {}, { readOnly: true }),
        ).rejects.toThrow(/CITE/);
      });
    });

    describe("upsert", () => {
      it("is idempotent: the same batch twice gives the same graph", async () => {
        await store.upsert(sharedDeltas());
        const once = await snapshot(store);
        const statsOnce = await store.stats();
        await store.upsert(sharedDeltas());
        expect(await snapshot(store)).toEqual(once);
        expect(await store.stats()).toEqual(statsOnce);
      });

      it("merges node properties across sources: a later non-null value wins, sources are the union", async () => {
        await store.upsert([
          delta(NOTE_A, [node("Model", "model:clip", { description: "first", nameZh: null })]),
        ]);
        await store.upsert([
          delta(NOTE_B, [node("Model", "model:clip", { nameZh: "对比模型", description: null })]),
        ]);
        let clip = findNode(await snapshot(store), "model:clip");
        expect(clip?.properties).toMatchObject({
          description: "first",
          nameZh: "对比模型",
          sources: [NOTE_A, NOTE_B],
        });

        await store.upsert([delta("note:c.md", [node("Model", "model:clip", { description: "second" })])]);
        clip = findNode(await snapshot(store), "model:clip");
        expect(clip?.properties).toMatchObject({
          description: "second",
          nameZh: "对比模型",
          sources: [NOTE_A, NOTE_B, "note:c.md"].sort(),
        });
      });

      it("keeps one edge per (from, type, to) listing every contributing note, in one batch", async () => {
        await store.upsert(sharedDeltas());
        const snap = await snapshot(store);
        const uses = snap.rels.filter((r) => r.type === "USES_LOSS");
        expect(uses).toHaveLength(1);
        expect(uses[0]?.properties).toMatchObject({ sources: [NOTE_A, NOTE_B], source: NOTE_A, line: 4 });
      });

      it("keeps one edge per (from, type, to) across batches; the first evidence stays", async () => {
        const [a, b] = sharedDeltas() as [GraphDelta, GraphDelta];
        await store.upsert([a]);
        await store.upsert([b]);
        const snap = await snapshot(store);
        const uses = snap.rels.filter((r) => r.type === "USES_LOSS");
        expect(uses).toHaveLength(1);
        expect(uses[0]?.properties).toMatchObject({
          sources: [NOTE_A, NOTE_B],
          source: NOTE_A,
          line: 4,
          confidence: 0.9,
          extractor: "test/contract",
        });
      });

      it("stores edge provenance and the type-specific properties", async () => {
        await store.upsert([
          delta(
            "arxiv",
            [node("Paper", "paper:arxiv:2301.12597", { year: 2023 }), node("Author", "author:junnan li")],
            [
              edge(
                "AUTHORED_BY",
                ["Paper", "paper:arxiv:2301.12597"],
                ["Author", "author:junnan li"],
                "arxiv",
                {
                  line: null,
                  position: 1,
                  extractor: "arxiv/api",
                  confidence: 1,
                },
              ),
            ],
          ),
          delta(
            NOTE_A,
            [
              node("Figure", "figure:abc", { width: 640, embedding: [0.25, 1, -3.5] }),
              node("Concept", "concept:x"),
            ],
            [
              edge("DEPICTS", ["Figure", "figure:abc"], ["Concept", "concept:x"], NOTE_A, {
                line: null,
                confidence: 0.31,
                score: 0.31,
                embeddingModel: "clip-vit-b-32",
              }),
            ],
          ),
        ]);
        const snap = await snapshot(store);
        expect(
          findRel(snap, "AUTHORED_BY", "paper:arxiv:2301.12597", "author:junnan li")?.properties,
        ).toEqual({
          source: "arxiv",
          sources: ["arxiv"],
          extractor: "arxiv/api",
          confidence: 1,
          position: 1,
        });
        expect(findRel(snap, "DEPICTS", "figure:abc", "concept:x")?.properties).toEqual({
          source: NOTE_A,
          sources: [NOTE_A],
          extractor: "test/contract",
          confidence: 0.31,
          score: 0.31,
          embeddingModel: "clip-vit-b-32",
        });
        expect(findNode(snap, "paper:arxiv:2301.12597")?.properties.year).toBe(2023);
        expect(findNode(snap, "figure:abc")?.properties).toMatchObject({
          width: 640,
          embedding: [0.25, 1, -3.5],
        });
      });

      it("replace: swaps only that source's contributions", async () => {
        await store.upsert(sharedDeltas());
        // Note A changed: it no longer mentions the loss or the concept.
        await store.upsert(
          [
            delta(
              NOTE_A,
              [node("Note", NOTE_A, { title: "A2" }), node("Model", "model:blip-2")],
              [edge("MENTIONS", ["Note", NOTE_A], ["Model", "model:blip-2"], NOTE_A, { line: 7 })],
            ),
          ],
          { replace: true },
        );
        const snap = await snapshot(store);
        // B's contributions are untouched.
        expect(findNode(snap, NOTE_B)?.properties).toMatchObject({ title: "B", sources: [NOTE_B] });
        expect(findRel(snap, "MENTIONS", NOTE_B, "model:blip-2")?.properties.sources).toEqual([NOTE_B]);
        // The shared edge survives with B only, B now credited as its source.
        const uses = findRel(snap, "USES_LOSS", "model:blip-2", "loss:itc");
        expect(uses?.properties.sources).toEqual([NOTE_B]);
        expect(uses?.properties.source).toBe(NOTE_B);
        expect(findNode(snap, "loss:itc")?.properties.sources).toEqual([NOTE_B]);
        // A's own edge is rewritten from the new evidence.
        expect(findRel(snap, "MENTIONS", NOTE_A, "model:blip-2")?.properties).toMatchObject({
          sources: [NOTE_A],
          line: 7,
        });
        // What only A contributed is gone: the USES_CONCEPT edge and the concept it left orphaned.
        expect(findRel(snap, "USES_CONCEPT", "model:blip-2", "concept:contrastive-learning")).toBeUndefined();
        expect(findNode(snap, "concept:contrastive-learning")).toBeUndefined();
        expect(findNode(snap, NOTE_A)?.properties).toMatchObject({ title: "A2", sources: [NOTE_A] });
        expect(findNode(snap, "model:blip-2")?.properties.sources).toEqual([NOTE_A, NOTE_B]);
        expect(snap.rels).toHaveLength(3);
      });

      it("replace: keeps the note node even when its new delta is empty, since other notes link to it", async () => {
        await store.upsert([
          delta(
            NOTE_A,
            [node("Note", NOTE_A), node("Tag", "tag:x")],
            [edge("TAGGED", ["Note", NOTE_A], ["Tag", "tag:x"], NOTE_A)],
          ),
          delta(
            NOTE_B,
            [node("Note", NOTE_B)],
            [edge("LINKS_TO", ["Note", NOTE_B], ["Note", NOTE_A], NOTE_B)],
          ),
        ]);
        await store.upsert([delta(NOTE_A, [])], { replace: true });
        const snap = await snapshot(store);
        expect(findNode(snap, NOTE_A)).toBeDefined();
        expect(findNode(snap, "tag:x")).toBeUndefined();
        expect(findRel(snap, "LINKS_TO", NOTE_B, NOTE_A)).toBeDefined();
      });

      it("upserts a batch of 50,000 edges", { timeout: 300_000 }, async () => {
        const models = Array.from({ length: 250 }, (_, i) => node("Model", `model:m${i}`));
        const losses = Array.from({ length: 200 }, (_, i) => node("Loss", `loss:l${i}`));
        const edges: EdgeRecord[] = [];
        for (const m of models) {
          for (const l of losses) {
            edges.push(
              edge("USES_LOSS", ["Model", m.id], ["Loss", l.id], "bench", { line: edges.length + 1 }),
            );
          }
        }
        expect(edges).toHaveLength(50_000);
        const started = performance.now();
        await store.upsert([delta("bench", [...models, ...losses], edges)]);
        const seconds = (performance.now() - started) / 1000;
        console.info(
          `[${name}] upsert of 50,000 new edges: ${seconds.toFixed(2)} s, ${Math.round(50_000 / seconds)} edges/s`,
        );
        expect((await store.stats()).relationships.USES_LOSS).toBe(50_000);

        const again = performance.now();
        await store.upsert([
          delta(
            "bench-2",
            [],
            edges.map((e) => ({ ...e, source: "bench-2" })),
          ),
        ]);
        const secondsAgain = (performance.now() - again) / 1000;
        console.info(
          `[${name}] upsert of 50,000 existing edges (new source): ${secondsAgain.toFixed(2)} s, ${Math.round(50_000 / secondsAgain)} edges/s`,
        );
        const result = await store.query(
          "MATCH (:Model)-[r:USES_LOSS]->(:Loss) WHERE size(r.sources) = 2 RETURN count(r) AS n",
        );
        expect(result.rows[0]?.n).toBe(50_000);
      });
    });

    describe("authority: defaults and stronger evidence", () => {
      const PAPER = "paper:arxiv:2103.00020";
      const fromNote = (source: string, title: string): GraphDelta =>
        delta(source, [
          {
            label: "Paper",
            id: PAPER,
            props: { name: null, arxivId: "2103.00020" },
            defaults: { name: title, title, year: 2021 },
          },
        ]);
      const fromArxiv = delta("arxiv:2103.00020", [
        node("Paper", PAPER, {
          name: "Learning Transferable Visual Models",
          title: "Learning Transferable Visual Models",
        }),
      ]);

      it("a default fills an empty property and names a node, but never overwrites", async () => {
        await store.upsert([fromNote(NOTE_A, "CLIP paper (note A)")]);
        let paper = findNode(await snapshot(store), PAPER);
        expect(paper?.properties).toMatchObject({
          name: "CLIP paper (note A)",
          title: "CLIP paper (note A)",
          year: 2021,
        });
        await store.upsert([fromNote(NOTE_B, "CLIP paper (note B)")]);
        paper = findNode(await snapshot(store), PAPER);
        expect(paper?.properties).toMatchObject({ name: "CLIP paper (note A)", sources: [NOTE_A, NOTE_B] });
      });

      it("a property overwrites a default, and a later default leaves it (either order)", async () => {
        await store.upsert([fromNote(NOTE_A, "CLIP paper")]);
        await store.upsert([fromArxiv]);
        await store.upsert([fromNote(NOTE_B, "CLIP paper again")], { replace: true });
        const first = findNode(await snapshot(store), PAPER)?.properties;
        expect(first).toMatchObject({ name: "Learning Transferable Visual Models", year: 2021 });

        await store.upsert([fromArxiv, fromNote(NOTE_A, "in one batch")]);
        expect(findNode(await snapshot(store), PAPER)?.properties.title).toBe(
          "Learning Transferable Visual Models",
        );
      });

      it("a default replaces the id placeholder of a node created without a name", async () => {
        await store.upsert([delta(NOTE_A, [{ label: "Paper", id: PAPER, props: { name: null } }])]);
        expect(findNode(await snapshot(store), PAPER)?.properties.name).toBe(PAPER);
        await store.upsert([fromNote(NOTE_B, "CLIP paper")]);
        expect(findNode(await snapshot(store), PAPER)?.properties.name).toBe("CLIP paper");
      });

      it("stronger evidence (a higher confidence) replaces an edge's evidence, in any order", async () => {
        const nodes = [node("Paper", PAPER), node("Author", "author:alec-radford")];
        const authorship = (source: string, confidence: number, position: number, line: number | null) =>
          delta(source, nodes, [
            edge("AUTHORED_BY", ["Paper", PAPER], ["Author", "author:alec-radford"], source, {
              confidence,
              position,
              line,
              extractor: source.startsWith("arxiv") ? "arxiv/api" : "markdown/citation-authors",
            }),
          ]);
        await store.upsert([authorship(NOTE_A, 0.9, 2, 20)]);
        await store.upsert([authorship("arxiv:2103.00020", 1, 1, null)]);
        await store.upsert([authorship(NOTE_B, 0.9, 3, 7)]);
        const rel = findRel(await snapshot(store), "AUTHORED_BY", PAPER, "author:alec-radford");
        expect(rel?.properties).toMatchObject({
          position: 1,
          confidence: 1,
          source: "arxiv:2103.00020",
          extractor: "arxiv/api",
          sources: ["arxiv:2103.00020", NOTE_A, NOTE_B],
        });
        expect(rel?.properties.line ?? null).toBeNull();
      });
    });

    describe("mergeAuthors", () => {
      const PAPER = "paper:arxiv:2201.12086";
      const OTHER = "paper:arxiv:9999.00001";
      const authored = (
        source: string,
        paper: string,
        author: string,
        position: number,
        confidence: number,
      ) =>
        edge("AUTHORED_BY", ["Paper", paper], ["Author", author], source, {
          position,
          confidence,
          line: null,
        });

      beforeEach(async () => {
        await store.upsert([
          delta(
            NOTE_A,
            [node("Paper", PAPER), node("Paper", OTHER), node("Author", "author:j-li", { name: "J. Li" })],
            [authored(NOTE_A, PAPER, "author:j-li", 1, 0.9), authored(NOTE_A, OTHER, "author:j-li", 2, 0.9)],
          ),
          delta(
            "arxiv:2201.12086",
            [node("Paper", PAPER), node("Author", "author:junnan-li", { name: "Junnan Li" })],
            [authored("arxiv:2201.12086", PAPER, "author:junnan-li", 1, 1)],
          ),
        ]);
      });

      it("moves the authorship with its provenance, keeps the name as an alias, and keeps the author other papers list", async () => {
        await store.mergeAuthors([{ paper: PAPER, from: "author:j-li", into: "author:junnan-li" }]);
        const snap = await snapshot(store);
        expect(findRel(snap, "AUTHORED_BY", PAPER, "author:j-li")).toBeUndefined();
        expect(findRel(snap, "AUTHORED_BY", PAPER, "author:junnan-li")?.properties).toMatchObject({
          sources: ["arxiv:2201.12086", NOTE_A],
          source: "arxiv:2201.12086",
          position: 1,
          confidence: 1,
        });
        expect(findNode(snap, "author:junnan-li")?.properties).toMatchObject({
          name: "Junnan Li",
          aliases: ["J. Li"],
          sources: ["arxiv:2201.12086", NOTE_A],
        });
        // Still an author of the other paper, where nothing says who "J. Li" is.
        expect(findRel(snap, "AUTHORED_BY", OTHER, "author:j-li")).toBeDefined();
      });

      it("deletes the abbreviated author once no paper lists it; a repeat changes nothing", async () => {
        const merges = [
          { paper: PAPER, from: "author:j-li", into: "author:junnan-li" },
          { paper: OTHER, from: "author:j-li", into: "author:junnan-li" },
        ];
        await store.mergeAuthors(merges);
        const once = await snapshot(store);
        expect(findNode(once, "author:j-li")).toBeUndefined();
        expect(findRel(once, "AUTHORED_BY", OTHER, "author:junnan-li")?.properties).toMatchObject({
          position: 2,
          sources: [NOTE_A],
        });
        await store.mergeAuthors(merges);
        expect(await snapshot(store)).toEqual(once);
      });

      it("leaves what the arXiv record added when the note goes, and the reverse", async () => {
        await store.mergeAuthors([{ paper: PAPER, from: "author:j-li", into: "author:junnan-li" }]);
        await store.removeSource(NOTE_A);
        let snap = await snapshot(store);
        expect(findRel(snap, "AUTHORED_BY", PAPER, "author:junnan-li")?.properties.sources).toEqual([
          "arxiv:2201.12086",
        ]);
        await store.removeSource("arxiv:2201.12086");
        snap = await snapshot(store);
        expect(findNode(snap, "author:junnan-li")).toBeUndefined();
      });
    });

    describe("mergePapers", () => {
      const TITLED = "paper:title:deep-residual-learning-for-image-recognition";
      const ARXIV = "paper:arxiv:1512.03385";
      const LATER = "paper:arxiv:1603.05027";
      const KEY = "deep-residual-learning-for-image-recognition";
      const MERGE = [{ from: TITLED, into: ARXIV }];

      /**
       * Note A knows the paper by its title only: it cites, mentions and describes it, gives its
       * year and venue, one author, the model it introduced, its category, a later paper citing
       * it, and (odd, but possible) that it cites the arXiv paper. Note B cites the arXiv paper.
       */
      beforeEach(async () => {
        await store.upsert([
          delta(
            NOTE_A,
            [
              node("Note", NOTE_A),
              node("Paper", TITLED, {
                name: "Deep residual learning for image recognition",
                title: "Deep residual learning for image recognition",
                titleKey: KEY,
                year: 2016,
                venue: "CVPR",
              }),
              node("Paper", LATER),
              node("Paper", ARXIV, { name: null }),
              node("Author", "author:k-he", { name: "K. He" }),
              node("Model", "model:resnet"),
              node("Category", "category:cs.cv"),
            ],
            [
              edge("CITES", ["Note", NOTE_A], ["Paper", TITLED], NOTE_A, { line: 7 }),
              edge("MENTIONS", ["Note", NOTE_A], ["Paper", TITLED], NOTE_A, { line: 3, confidence: 0.7 }),
              edge("DESCRIBES", ["Note", NOTE_A], ["Paper", TITLED], NOTE_A, { line: 1, confidence: 0.8 }),
              edge("AUTHORED_BY", ["Paper", TITLED], ["Author", "author:k-he"], NOTE_A, {
                line: 7,
                confidence: 0.9,
                position: 1,
              }),
              edge("INTRODUCED_IN", ["Model", "model:resnet"], ["Paper", TITLED], NOTE_A, {
                line: 7,
                confidence: 0.9,
                extractor: "model-citation",
              }),
              edge("IN_CATEGORY", ["Paper", TITLED], ["Category", "category:cs.cv"], NOTE_A),
              edge("CITES", ["Paper", LATER], ["Paper", TITLED], NOTE_A, { line: 9 }),
              edge("CITES", ["Paper", TITLED], ["Paper", ARXIV], NOTE_A, { line: 10 }),
            ],
          ),
          delta(
            NOTE_B,
            [
              node("Note", NOTE_B),
              node("Paper", ARXIV, {
                title: "Deep Residual Learning for Image Recognition",
                titleKey: KEY,
                arxivId: "1512.03385",
                year: 2015,
              }),
              node("Author", "author:k-he", { name: "K. He" }),
              node("Model", "model:resnet"),
            ],
            [
              edge("CITES", ["Note", NOTE_B], ["Paper", ARXIV], NOTE_B, { line: 5 }),
              edge("AUTHORED_BY", ["Paper", ARXIV], ["Author", "author:k-he"], NOTE_B, {
                line: 5,
                confidence: 0.9,
                position: 1,
              }),
              edge("INTRODUCED_IN", ["Model", "model:resnet"], ["Paper", ARXIV], NOTE_B, {
                line: 2,
                confidence: 0.8,
                extractor: "model/index-row",
              }),
            ],
          ),
        ]);
      });

      it("moves every relationship of the title-only paper onto the arXiv paper, with its provenance", async () => {
        await store.mergePapers(MERGE);
        const snap = await snapshot(store);
        expect(findNode(snap, TITLED)).toBeUndefined();
        expect(snap.rels.filter((r) => r.from === TITLED || r.to === TITLED)).toEqual([]);
        const moved = (type: string, from: string, to: string) => findRel(snap, type, from, to)?.properties;
        expect(moved("CITES", NOTE_A, ARXIV)).toMatchObject({ source: NOTE_A, sources: [NOTE_A], line: 7 });
        expect(moved("MENTIONS", NOTE_A, ARXIV)).toMatchObject({
          sources: [NOTE_A],
          line: 3,
          confidence: 0.7,
        });
        expect(moved("DESCRIBES", NOTE_A, ARXIV)).toMatchObject({ sources: [NOTE_A], confidence: 0.8 });
        expect(moved("IN_CATEGORY", ARXIV, "category:cs.cv")).toMatchObject({ sources: [NOTE_A] });
        expect(moved("CITES", LATER, ARXIV)).toMatchObject({ source: NOTE_A, sources: [NOTE_A], line: 9 });
        expect(moved("CITES", NOTE_B, ARXIV)).toMatchObject({ source: NOTE_B, sources: [NOTE_B], line: 5 });
        // The title-only paper cited the arXiv one: a paper citing itself would be nonsense.
        expect(findRel(snap, "CITES", ARXIV, ARXIV)).toBeUndefined();
        expect(snap.rels.filter((r) => r.to === ARXIV || r.from === ARXIV)).toHaveLength(8);
      });

      it("merges an edge the arXiv paper has already: sources united, the stronger evidence kept", async () => {
        await store.mergePapers(MERGE);
        const snap = await snapshot(store);
        // A tie keeps the edge that was there (note B's line and position).
        expect(findRel(snap, "AUTHORED_BY", ARXIV, "author:k-he")?.properties).toMatchObject({
          source: NOTE_B,
          sources: [NOTE_A, NOTE_B],
          line: 5,
          position: 1,
          confidence: 0.9,
        });
        // Note A's evidence is stronger (0.9 against 0.8): it replaces note B's.
        expect(findRel(snap, "INTRODUCED_IN", "model:resnet", ARXIV)?.properties).toMatchObject({
          source: NOTE_A,
          sources: [NOTE_A, NOTE_B],
          line: 7,
          confidence: 0.9,
          extractor: "model-citation",
        });
        expect(snap.rels.filter((r) => r.type === "AUTHORED_BY" || r.type === "INTRODUCED_IN")).toHaveLength(
          2,
        );
      });

      it("fills the properties the arXiv paper lacks, keeps the ones it has, and unites the sources", async () => {
        await store.mergePapers(MERGE);
        expect(findNode(await snapshot(store), ARXIV)?.properties).toMatchObject({
          // The name was still the id placeholder: the title-only paper's name fills it.
          name: "Deep residual learning for image recognition",
          title: "Deep Residual Learning for Image Recognition",
          titleKey: KEY,
          arxivId: "1512.03385",
          year: 2015,
          venue: "CVPR",
          sources: [NOTE_A, NOTE_B],
        });
      });

      it("skips a merge whose title-only paper is gone: a repeat changes nothing", async () => {
        await store.mergePapers(MERGE);
        const once = await snapshot(store);
        await store.mergePapers(MERGE);
        await store.mergePapers([{ from: "paper:title:never-stored", into: ARXIV }]);
        expect(await snapshot(store)).toEqual(once);
      });

      it("applies several merges in one call, edges between merged papers following both", async () => {
        const SECOND = "paper:title:identity-mappings-in-deep-residual-networks";
        const [LOW, HIGH] = ["paper:title:resnet-low", "paper:title:resnet-high"];
        await store.upsert([
          delta(
            "note:c.md",
            [node("Note", "note:c.md"), node("Paper", SECOND), node("Paper", LOW), node("Paper", HIGH)],
            [
              edge("CITES", ["Paper", SECOND], ["Paper", TITLED], "note:c.md", { line: 11 }),
              edge("CITES", ["Note", "note:c.md"], ["Paper", LOW], "note:c.md", {
                line: 20,
                confidence: 0.5,
              }),
              edge("CITES", ["Note", "note:c.md"], ["Paper", HIGH], "note:c.md", {
                line: 21,
                confidence: 0.8,
              }),
            ],
          ),
        ]);
        // The later paper is known to note C by its title only: both merges at once.
        await store.mergePapers([...MERGE, { from: SECOND, into: LATER }]);
        let snap = await snapshot(store);
        expect(findRel(snap, "CITES", LATER, ARXIV)?.properties).toMatchObject({
          source: NOTE_A,
          line: 9,
          sources: [NOTE_A, "note:c.md"],
        });
        expect(findNode(snap, SECOND)).toBeUndefined();
        // Two papers merged into one: the citations they bring meet, the stronger evidence kept.
        await store.mergePapers([
          { from: LOW, into: ARXIV },
          { from: HIGH, into: ARXIV },
        ]);
        snap = await snapshot(store);
        expect(findRel(snap, "CITES", "note:c.md", ARXIV)?.properties).toMatchObject({
          line: 21,
          confidence: 0.8,
          sources: ["note:c.md"],
        });
        expect(snap.nodes.filter((n) => n.id.startsWith("paper:title:"))).toEqual([]);
      });

      it("lets removeSource take out exactly the note's contributions afterwards", async () => {
        await store.mergePapers(MERGE);
        await store.removeSource(NOTE_A);
        const snap = await snapshot(store);
        expect(snap.rels.map((r) => `${r.type} ${r.from} ${r.to} ${r.properties.sources}`).sort()).toEqual([
          `AUTHORED_BY ${ARXIV} author:k-he ${NOTE_B}`,
          `CITES ${NOTE_B} ${ARXIV} ${NOTE_B}`,
          `INTRODUCED_IN model:resnet ${ARXIV} ${NOTE_B}`,
        ]);
        // The edge whose evidence came from note A is credited to note B; the line was A's.
        const introduced = findRel(snap, "INTRODUCED_IN", "model:resnet", ARXIV)?.properties;
        expect(introduced?.source).toBe(NOTE_B);
        expect(introduced?.line ?? null).toBeNull();
        expect(findNode(snap, ARXIV)?.properties.sources).toEqual([NOTE_B]);
        // Note A, its later paper and its category go with it: nothing else links them.
        expect(snap.nodes.map((n) => n.id).sort()).toEqual(
          [ARXIV, "author:k-he", "model:resnet", NOTE_B].sort(),
        );
      });
    });

    describe("searchFigures", () => {
      const figure = (id: string, model: string, embedding: number[]) =>
        node("Figure", id, { embedding, embeddingModel: model, src: `${id}.png` });
      const figures = (source: string, nodes: NodeRecord[]) => delta(source, nodes);

      beforeEach(async () => {
        await store.upsert([
          figures(NOTE_A, [
            figure("figure:a", "m", [1, 0, 0, 0]),
            figure("figure:b", "m", [0, 1, 0, 0]),
            figure("figure:c", "m", [Math.SQRT1_2, Math.SQRT1_2, 0, 0]),
            figure("figure:other-model", "n", [1, 0, 0, 0]),
            figure("figure:three-d", "m", [1, 0, 0]),
            node("Figure", "figure:no-embedding"),
          ]),
          figures(NOTE_B, [figure("figure:b-only", "m", [0, 0, 1, 0])]),
        ]);
      });

      it("returns the nearest figures of the model, best first, with cosine scores", async () => {
        const hits = await store.searchFigures([1, 0.1, 0, 0], { model: "m", k: 2 });
        expect(hits.map((hit) => hit.id)).toEqual(["figure:a", "figure:c"]);
        expect(hits[0]?.score).toBeCloseTo(1 / Math.sqrt(1.01), 3);
        expect(hits[1]?.score).toBeCloseTo((Math.SQRT1_2 * 1.1) / Math.sqrt(1.01), 3);
        const other = await store.searchFigures([1, 0, 0, 0], { model: "n", k: 5 });
        expect(other.map((hit) => hit.id)).toEqual(["figure:other-model"]);
        const threeD = await store.searchFigures([1, 0, 0], { model: "m", k: 5 });
        expect(threeD.map((hit) => hit.id)).toEqual(["figure:three-d"]);
      });

      it("forgets figures that left the graph and finds ones added later", async () => {
        expect((await store.searchFigures([0, 0, 1, 0], { model: "m", k: 1 }))[0]?.id).toBe("figure:b-only");
        await store.removeSource(NOTE_B);
        await store.upsert([figures("note:c.md", [figure("figure:d", "m", [0, 0, 0.9, 0.1])])]);
        const hits = await store.searchFigures([0, 0, 1, 0], { model: "m", k: 5 });
        expect(hits[0]?.id).toBe("figure:d");
        expect(hits.map((hit) => hit.id)).not.toContain("figure:b-only");
        expect(await store.searchFigures([0, 0, 1, 0], { model: "unknown", k: 5 })).toEqual([]);
      });
    });

    describe("text search (src/search/text.ts, for kg search and GET /api/search)", () => {
      // More substring and prefix matches than a page, stored before the exact match, whose id
      // also sorts last: a store that cuts its scan before ranking loses the exact match.
      beforeEach(async () => {
        const crowd = Array.from({ length: 30 }, (_, i) => {
          const n = String(i).padStart(2, "0");
          return i % 2 === 0
            ? node("Concept", `concept:a-clip-${n}`, { name: `clip variant ${n}` })
            : node("Concept", `concept:a-open-${n}`, { name: `OpenCLIP ${n}` });
        });
        await store.upsert([delta(NOTE_A, crowd)]);
        await store.upsert([
          delta(NOTE_B, [
            node("Concept", "concept:zz-clip", { name: "CLIP" }),
            node("Model", "model:blip-2", {
              name: "BLIP-2",
              nameZh: "布利普二",
              aliases: ["BLIP2", "BLIP v2"],
            }),
            node("Model", "model:blip", { name: "BLIP" }),
          ]),
        ]);
      });

      it("ranks before its limit: the exact name comes first however many matches precede it", async () => {
        const hits = await searchText(store, "CLIP", { k: 2 });
        expect(hits).toEqual([
          { id: "concept:zz-clip", label: "Concept", name: "CLIP", field: "name", score: 1 },
          {
            id: "concept:a-clip-00",
            label: "Concept",
            name: "clip variant 00",
            field: "name",
            score: Math.round((0.6 + 0.35 * (4 / 15)) * 1e4) / 1e4,
          },
        ]);
        const all = await searchText(store, "clip", { k: 100 });
        expect(all).toHaveLength(31);
        expect(all.map((hit) => hit.score)).toEqual(all.map((hit) => hit.score).sort((a, b) => b - a));
      });

      it("finds aliases (weighed below a name) and Chinese names", async () => {
        expect(await searchText(store, "blip2", { k: 5 })).toEqual([
          { id: "model:blip-2", label: "Model", name: "BLIP-2", field: "aliases", score: 0.9 },
        ]);
        expect((await searchText(store, "布利普", { k: 5 }))[0]).toMatchObject({
          id: "model:blip-2",
          field: "nameZh",
        });
        const blip = await searchText(store, "blip", { k: 5 });
        expect(blip.map((hit) => [hit.id, hit.field])).toEqual([
          ["model:blip", "name"],
          ["model:blip-2", "name"],
        ]);
        expect(await searchText(store, "  ", { k: 5 })).toEqual([]);
        expect(await searchText(store, "no such thing", { k: 5 })).toEqual([]);
      });
    });

    describe("hostile values", () => {
      const NASTY = [
        "x'}) DETACH DELETE n //",
        "comma, \"quotes\" and 'single'",
        "line one\nline two\r\nline three",
        "[brackets, like, a, list]",
        "back\\slash \\n not a newline \\",
        "中文 概念 — ünïcödé 🚀",
        '{"json": [1, 2]}',
        "NULL",
        "  leading and trailing  ",
        "tab\there",
      ];

      it("stores a value holding Cypher verbatim", async () => {
        const evil = "x'}) DETACH DELETE n //";
        await store.upsert([
          delta(NOTE_A, [node("Note", NOTE_A, { title: evil }), node("Tag", `tag:${evil}`)], []),
        ]);
        await store.upsert([delta(NOTE_A, [node("Note", NOTE_A, { title: evil })], [])]);
        const snap = await snapshot(store);
        expect(snap.nodes).toHaveLength(2);
        expect(findNode(snap, NOTE_A)?.properties.title).toBe(evil);
        expect(findNode(snap, `tag:${evil}`)).toBeDefined();
      });

      /** Many existing edges of the same kind, so a store that writes small additions differently does so. */
      async function populate(): Promise<void> {
        const concepts = Array.from({ length: 20 }, (_, i) => node("Concept", `concept:filler-${i}`));
        const notes = Array.from({ length: 20 }, (_, i) => node("Note", `note:filler-${i}.md`));
        const figures = Array.from({ length: 20 }, (_, i) => node("Figure", `figure:filler-${i}`));
        const edges = concepts.flatMap((c) => [
          ...notes.map((n) => edge("MENTIONS", ["Note", n.id], ["Concept", c.id], "filler")),
          ...figures.map((f) =>
            edge("DEPICTS", ["Figure", f.id], ["Concept", c.id], "filler", { score: 0.5 }),
          ),
        ]);
        await store.upsert([delta("filler", [...notes, ...concepts, ...figures], edges)]);
      }

      for (const graph of ["an empty", "a populated"] as const) {
        it(`round-trips hostile strings through the edge writer (${graph} graph): ids, sources and properties`, async () => {
          if (graph === "a populated") await populate();
          const baseline = await store.stats();
          const deltas = NASTY.map((text, i) =>
            delta(
              `note:${text}`,
              [node("Note", `note:${text}`), node("Concept", `concept:${text}`, { nameZh: text })],
              [
                edge("MENTIONS", ["Note", `note:${text}`], ["Concept", `concept:${text}`], `note:${text}`, {
                  extractor: text,
                  embeddingModel: text,
                  line: i + 1,
                }),
              ],
            ),
          );
          await store.upsert(deltas);
          const snap = await snapshot(store);
          for (const [i, text] of NASTY.entries()) {
            const rel = findRel(snap, "MENTIONS", `note:${text}`, `concept:${text}`);
            expect(rel?.properties).toEqual({
              source: `note:${text}`,
              sources: [`note:${text}`],
              extractor: text,
              embeddingModel: text,
              line: i + 1,
              confidence: 1,
            });
            expect(findNode(snap, `concept:${text}`)?.properties.nameZh).toBe(text);
          }
          expect((await store.stats()).totalRelationships).toBe(baseline.totalRelationships + NASTY.length);

          // And removal finds them by those sources again.
          for (const text of NASTY) await store.removeSource(`note:${text}`);
          expect(await store.stats()).toEqual(baseline);
        });

        it(`stores null and numeric provenance mixed in one batch (${graph} graph)`, async () => {
          if (graph === "a populated") await populate();
          const figures = [
            node("Figure", "figure:1"),
            node("Figure", "figure:2"),
            node("Figure", "figure:3"),
          ];
          const target = node("Concept", "concept:target");
          await store.upsert([
            delta(
              NOTE_A,
              [...figures, target],
              [
                edge("DEPICTS", ["Figure", "figure:1"], ["Concept", target.id], NOTE_A, {
                  line: null,
                  confidence: 1,
                }),
                edge("DEPICTS", ["Figure", "figure:2"], ["Concept", target.id], NOTE_A, {
                  line: 12,
                  confidence: 0.25,
                  score: 3,
                  position: 2,
                  embeddingModel: "clip",
                }),
                edge("DEPICTS", ["Figure", "figure:3"], ["Concept", target.id], NOTE_A, {
                  line: null,
                  confidence: 0.5,
                  score: 0.125,
                }),
              ],
            ),
          ]);
          const snap = await snapshot(store);
          const props = (from: string) => findRel(snap, "DEPICTS", from, target.id)?.properties;
          expect(props("figure:1")).toEqual({
            source: NOTE_A,
            sources: [NOTE_A],
            extractor: "test/contract",
            confidence: 1,
          });
          expect(props("figure:2")).toEqual({
            source: NOTE_A,
            sources: [NOTE_A],
            extractor: "test/contract",
            line: 12,
            confidence: 0.25,
            score: 3,
            position: 2,
            embeddingModel: "clip",
          });
          expect(props("figure:3")).toMatchObject({ confidence: 0.5, score: 0.125 });
          expect(props("figure:3")?.line).toBeUndefined();
        });
      }
    });

    describe("failing batches", () => {
      it("rejects an edge between labels the schema does not allow, before writing anything", async () => {
        await store.upsert(sharedDeltas());
        const before = await snapshot(store);
        const bad = delta(
          "note:bad.md",
          [node("Note", "note:bad.md"), node("Loss", "loss:new")],
          [
            edge("MENTIONS", ["Note", "note:bad.md"], ["Loss", "loss:new"], "note:bad.md"),
            edge("USES_LOSS", ["Note", "note:bad.md"], ["Loss", "loss:new"], "note:bad.md"),
          ],
        );
        await expect(store.upsert([bad])).rejects.toThrow(InvalidDeltaError);
        await expect(store.upsert([bad])).rejects.toThrow(/USES_LOSS.*Model->Loss/);
        expect(await snapshot(store)).toEqual(before);
      });

      it("rejects an edge whose endpoint exists nowhere, and writes nothing of the batch", async () => {
        await store.upsert(sharedDeltas());
        const before = await snapshot(store);
        const bad = delta(
          "note:c.md",
          [node("Note", "note:c.md"), node("Tag", "tag:fine")],
          [
            edge("TAGGED", ["Note", "note:c.md"], ["Tag", "tag:fine"], "note:c.md"),
            edge("MENTIONS", ["Note", "note:c.md"], ["Model", "model:nowhere"], "note:c.md"),
          ],
        );
        await expect(store.upsert([sharedDeltas()[0] as GraphDelta, bad])).rejects.toThrow(/model:nowhere/);
        expect(await snapshot(store)).toEqual(before);
      });

      it("rejects unknown properties and wrongly typed values", async () => {
        await expect(
          store.upsert([delta(NOTE_A, [node("Tag", "tag:x", { colour: "red" })])]),
        ).rejects.toThrow(InvalidDeltaError);
        await expect(
          store.upsert([delta(NOTE_A, [node("Paper", "paper:x", { year: "2020" })])]),
        ).rejects.toThrow(/year.*INT64/);
        expect((await store.stats()).totalNodes).toBe(0);
      });

      it("accepts an edge to a node stored by an earlier batch", async () => {
        await store.upsert([delta(NOTE_A, [node("Model", "model:known")])]);
        await store.upsert([
          delta(
            NOTE_B,
            [node("Note", NOTE_B)],
            [edge("MENTIONS", ["Note", NOTE_B], ["Model", "model:known"], NOTE_B)],
          ),
        ]);
        expect((await store.stats()).relationships.MENTIONS).toBe(1);
      });
    });

    describe("removal", () => {
      async function seedForRemoval(): Promise<void> {
        await store.upsert([
          delta(
            NOTE_A,
            [node("Note", NOTE_A), node("Model", "model:m"), node("Tag", "tag:t")],
            [
              edge("TAGGED", ["Note", NOTE_A], ["Tag", "tag:t"], NOTE_A),
              edge("DESCRIBES", ["Note", NOTE_A], ["Model", "model:m"], NOTE_A),
            ],
          ),
          delta(
            NOTE_B,
            [node("Note", NOTE_B), node("Tag", "tag:shared")],
            [
              edge("LINKS_TO", ["Note", NOTE_B], ["Note", NOTE_A], NOTE_B),
              edge("TAGGED", ["Note", NOTE_B], ["Tag", "tag:shared"], NOTE_B),
            ],
          ),
          delta(
            NOTE_A,
            [node("Tag", "tag:shared")],
            [edge("TAGGED", ["Note", NOTE_A], ["Tag", "tag:shared"], NOTE_A)],
          ),
        ]);
      }

      it("removeSource drops the source's edges and the nodes it leaves orphaned", async () => {
        await seedForRemoval();
        await store.removeSource(NOTE_A);
        const snap = await snapshot(store);
        expect(findNode(snap, "tag:t")).toBeUndefined();
        expect(findNode(snap, "model:m")).toBeUndefined();
        expect(findRel(snap, "TAGGED", NOTE_A, "tag:shared")).toBeUndefined();
        // Still linked from B: kept, though nothing lists A as a source any more.
        expect(findNode(snap, NOTE_A)).toBeDefined();
        expect(findNode(snap, NOTE_A)?.properties.sources).toEqual([]);
        expect(findNode(snap, "tag:shared")?.properties.sources).toEqual([NOTE_B]);
        expect(findRel(snap, "LINKS_TO", NOTE_B, NOTE_A)).toBeDefined();
        expect(snap.rels).toHaveLength(2);

        await store.removeSource(NOTE_B);
        expect(await snapshot(store)).toEqual({ nodes: [], rels: [] });
      });

      it("removeSource of an unknown source changes nothing", async () => {
        await seedForRemoval();
        const before = await snapshot(store);
        await store.removeSource("note:never-seen.md");
        expect(await snapshot(store)).toEqual(before);
      });

      it("removeSource credits a remaining source on a shared edge and forgets the line", async () => {
        await store.upsert(sharedDeltas());
        await store.removeSource(NOTE_A);
        const uses = findRel(await snapshot(store), "USES_LOSS", "model:blip-2", "loss:itc");
        expect(uses?.properties.sources).toEqual([NOTE_B]);
        expect(uses?.properties.source).toBe(NOTE_B);
        expect(uses?.properties.line).toBeUndefined();
      });

      it("removeNotes deletes the note node even when another note links to it", async () => {
        await seedForRemoval();
        await store.removeNotes([NOTE_A]);
        const snap = await snapshot(store);
        expect(findNode(snap, NOTE_A)).toBeUndefined();
        expect(findRel(snap, "LINKS_TO", NOTE_B, NOTE_A)).toBeUndefined();
        expect(findNode(snap, "tag:t")).toBeUndefined();
        expect(findNode(snap, "model:m")).toBeUndefined();
        expect(snap.nodes.map((n) => n.id).sort()).toEqual([NOTE_B, "tag:shared"]);
        expect(await store.notes()).toEqual([{ id: NOTE_B, hash: null, root: null, embedKey: null }]);
      });
    });

    describe("notes()", () => {
      it("lists every note with its hash and root", async () => {
        await store.upsert([
          delta(NOTE_A, [node("Note", NOTE_A, { hash: "h-a", root: "/notes", embedKey: "embed:m:link-v1" })]),
          delta(NOTE_B, [node("Note", NOTE_B, { hash: "h-b" })]),
        ]);
        const notes = [...(await store.notes())].sort((a, b) => a.id.localeCompare(b.id));
        expect(notes).toEqual([
          { id: NOTE_A, hash: "h-a", root: "/notes", embedKey: "embed:m:link-v1" },
          { id: NOTE_B, hash: "h-b", root: null, embedKey: null },
        ]);
      });
    });

    describe("query", () => {
      beforeEach(async () => {
        await store.upsert([
          ...sharedDeltas(),
          delta("arxiv", [
            node("Concept", "concept:对比学习", { nameZh: "对比学习", aliases: ["CL", "contrastive"] }),
            node("Paper", "paper:arxiv:2103.00020", { year: 2021, categories: ["cs.CV", "cs.CL"] }),
          ]),
        ]);
      });

      it("binds parameters, Chinese text included", async () => {
        const result = await store.query(
          "MATCH (c:Concept) WHERE c.nameZh = $zh RETURN c.id AS id, c.aliases AS aliases",
          {
            zh: "对比学习",
          },
        );
        expect(result.columns).toEqual(["id", "aliases"]);
        expect(result.rows).toEqual([{ id: "concept:对比学习", aliases: ["CL", "contrastive"] }]);
        expect(result.truncated).toBe(false);
        const contains = await store.query(
          "MATCH (c:Concept) WHERE c.nameZh CONTAINS '对比' RETURN c.id AS id",
        );
        expect(contains.rows).toEqual([{ id: "concept:对比学习" }]);
      });

      it("ignores parameters the query does not use", async () => {
        const result = await store.query("MATCH (p:Paper) RETURN p.year AS year", { unused: 1, other: "x" });
        expect(result.rows).toEqual([{ year: 2021 }]);
      });

      it("returns numbers, lists and maps as plain JSON", async () => {
        const result = await store.query(
          "MATCH (p:Paper) RETURN p.year AS year, p.categories AS cats, [1, 2, 3] AS xs, {k: 'v', n: [1.5, 2.5]} AS m",
        );
        expect(result.rows).toEqual([
          { year: 2021, cats: ["cs.CV", "cs.CL"], xs: [1, 2, 3], m: { k: "v", n: [1.5, 2.5] } },
        ]);
        expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
      });

      it("returns nodes as {id, label, properties} without engine internals", async () => {
        const result = await store.query("MATCH (m:Model {id: $id}) RETURN m", { id: "model:blip-2" });
        const m = result.rows[0]?.m as unknown as NodeValue;
        expect(Object.keys(m).sort()).toEqual(["id", "label", "properties"]);
        expect(m.id).toBe("model:blip-2");
        expect(m.label).toBe("Model");
        expect(m.properties).toMatchObject({
          id: "model:blip-2",
          name: "model:blip-2",
          description: "from A",
        });
        expect(Object.keys(m.properties).filter((key) => key.startsWith("_"))).toEqual([]);
      });

      it("returns relationships as {type, from, to, properties} with endpoint ids", async () => {
        // Only the relationship is returned: the store must find the endpoint ids itself.
        const result = await store.query("MATCH (:Model)-[r:USES_LOSS]->(:Loss) RETURN r");
        const r = result.rows[0]?.r as unknown as RelValue;
        expect(Object.keys(r).sort()).toEqual(["from", "properties", "to", "type"]);
        expect(r).toMatchObject({ type: "USES_LOSS", from: "model:blip-2", to: "loss:itc" });
        expect(r.properties).toMatchObject({ source: NOTE_A, line: 4, confidence: 0.9 });
        expect(Object.keys(r.properties).filter((key) => key.startsWith("_"))).toEqual([]);
      });

      it("returns paths as {nodes, relationships}", async () => {
        const result = await store.query(
          "MATCH p = (n:Note {id: $id})-[:MENTIONS]->(:Model)-[:USES_LOSS]->(:Loss) RETURN p",
          { id: NOTE_A },
        );
        const p = result.rows[0]?.p as unknown as { nodes: NodeValue[]; relationships: RelValue[] };
        expect(p.nodes.map((n) => n.id)).toEqual([NOTE_A, "model:blip-2", "loss:itc"]);
        expect(p.nodes.map((n) => n.label)).toEqual(["Note", "Model", "Loss"]);
        expect(p.relationships.map((r) => [r.type, r.from, r.to])).toEqual([
          ["MENTIONS", NOTE_A, "model:blip-2"],
          ["USES_LOSS", "model:blip-2", "loss:itc"],
        ]);
      });

      it("truncates at maxRows and says so", async () => {
        const capped = await store.query("MATCH (n) RETURN n.id AS id", {}, { maxRows: 3 });
        expect(capped.rows).toHaveLength(3);
        expect(capped.truncated).toBe(true);
        const all = await store.query("MATCH (n) RETURN n.id AS id", {}, { maxRows: 100 });
        expect(all.rows).toHaveLength(7);
        expect(all.truncated).toBe(false);
      });

      it("refuses writes when read-only, and nothing changes", async () => {
        const before = await snapshot(store);
        const writes = [
          "CREATE (:Tag {id: 'tag:new', name: 'new'})",
          "MERGE (t:Tag {id: 'tag:new'}) RETURN t",
          "MATCH (m:Model) SET m.description = 'changed'",
          "MATCH (m:Model) DETACH DELETE m",
          "MATCH (m:Model)-[r]->() DELETE r",
          "match (m:Model) remove m.description",
          "COPY Tag FROM '/tmp/tags.csv'",
          "MATCH (m:Model) // harmless?\nSET m.name = 'x'",
        ];
        for (const cypher of writes) {
          await expect(store.query(cypher, {}, { readOnly: true }), cypher).rejects.toThrow(
            WriteRefusedError,
          );
        }
        expect(await snapshot(store)).toEqual(before);
        // Keywords inside strings are data, not clauses.
        const fine = await store.query(
          "MATCH (m:Model) WHERE m.name <> 'CREATE (x)' RETURN count(m) AS n",
          {},
          {
            readOnly: true,
          },
        );
        expect(fine.rows).toEqual([{ n: 1 }]);
      });

      it("runs writes when allowed", async () => {
        await store.query("MATCH (m:Model {id: $id}) SET m.description = $d", {
          id: "model:blip-2",
          d: "edited",
        });
        const result = await store.query("MATCH (m:Model) RETURN m.description AS d");
        expect(result.rows).toEqual([{ d: "edited" }]);
      });

      it("keeps upserts correct after writes through query()", async () => {
        await store.query("MATCH ()-[r:USES_LOSS]->() DELETE r");
        await store.upsert(sharedDeltas());
        expect((await store.stats()).relationships.USES_LOSS).toBe(1);
      });

      it("stops a slow query at timeoutMs with QueryTimeoutError, and the store goes on", {
        timeout: 60_000,
      }, async () => {
        const tags = Array.from({ length: 3000 }, (_, i) => node("Tag", `tag:${String(i).padStart(4, "0")}`));
        await store.upsert([delta("tags", tags)]);
        const started = performance.now();
        await expect(
          store.query(
            "MATCH (a:Tag), (b:Tag), (c:Tag) WHERE a.id < b.id AND b.id < c.id RETURN count(*) AS n",
            {},
            { timeoutMs: 300, readOnly: true },
          ),
        ).rejects.toThrow(QueryTimeoutError);
        expect(performance.now() - started).toBeLessThan(10_000);
        const after = await store.query("MATCH (t:Tag) RETURN count(t) AS n");
        expect(after.rows).toEqual([{ n: 3000 }]);
      });

      it("streams the columns, then every row query() returns, then the end", async () => {
        const cypher =
          "MATCH (n:Note)-[r:MENTIONS]->(m:Model) RETURN n.id AS note, r AS rel, m AS model ORDER BY note";
        const events = await collectStream(store.stream(cypher, {}, { readOnly: true }));
        const whole = await store.query(cypher, {}, { readOnly: true });
        expect(events[0]).toEqual({ kind: "columns", columns: ["note", "rel", "model"] });
        expect(events.slice(1, -1)).toEqual(whole.rows.map((row) => ({ kind: "row", row })));
        expect(events.at(-1)).toEqual({ kind: "end", truncated: false });
        // Relationships carry their endpoints' ids, looked up while streaming.
        const rel = (events[1] as unknown as { row: { rel: RelValue } }).row.rel;
        expect([rel.from, rel.to]).toEqual([NOTE_A, "model:blip-2"]);
      });

      it("streams more rows than a chunk, and stops at maxRows saying so", async () => {
        const all = await collectStream(
          store.stream("UNWIND range(1, 1234) AS i RETURN i", {}, { readOnly: true }),
        );
        expect(all.filter((e) => e.kind === "row").map((e) => (e.kind === "row" ? e.row.i : null))).toEqual(
          Array.from({ length: 1234 }, (_, i) => i + 1),
        );
        const capped = await collectStream(
          store.stream("UNWIND range(1, 1234) AS i RETURN i", {}, { readOnly: true, maxRows: 1001 }),
        );
        expect(capped.filter((e) => e.kind === "row")).toHaveLength(1001);
        expect(capped.at(-1)).toEqual({ kind: "end", truncated: true });
      });

      it("refuses writes in a read-only stream before any row, and nothing changes", async () => {
        const before = await snapshot(store);
        for (const cypher of [
          "CREATE (:Tag {id: 'tag:s', name: 's'})",
          "MATCH (m:Model) SET m.name = 'x' RETURN m",
        ]) {
          await expect(collectStream(store.stream(cypher, {}, { readOnly: true })), cypher).rejects.toThrow(
            WriteRefusedError,
          );
        }
        expect(await snapshot(store)).toEqual(before);
      });

      it("lets go of the store when a stream is stopped early or fails", async () => {
        for await (const event of store.stream(
          "UNWIND range(1, 5000) AS i RETURN i",
          {},
          { readOnly: true },
        )) {
          if (event.kind === "row") break;
        }
        await expect(collectStream(store.stream("RETURN 1 +", {}, { readOnly: true }))).rejects.toThrow();
        expect((await store.query("RETURN 1 AS one", {}, { readOnly: true })).rows).toEqual([{ one: 1 }]);
      });

      it("holds nothing once it has said `end`, even if never asked for more", async () => {
        const events = store.stream("UNWIND range(1, 3) AS i RETURN i", {}, { readOnly: true });
        const iterator = events[Symbol.asyncIterator]();
        let event = await iterator.next();
        while (!event.done && event.value.kind !== "end") event = await iterator.next();
        expect(event.value).toEqual({ kind: "end", truncated: false });
        // Not return()ed: a store still held by the stream would queue this query for ever.
        expect((await store.query("RETURN 1 AS one")).rows).toEqual([{ one: 1 }]);
      });

      it("reports a bad query as an error, not a crash", async () => {
        await expect(store.query("MATCH (n:NoSuchLabel) RETURN n")).rejects.toThrow();
        await expect(store.query("THIS IS NOT CYPHER")).rejects.toThrow();
        expect((await store.query("RETURN 1 AS one")).rows).toEqual([{ one: 1 }]);
      });
    });
  });
}
