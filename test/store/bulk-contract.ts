/**
 * GraphStore.bulkLoad against upsert: the same batches, given to a bulk load or written one
 * upsert each in order, must leave the same graph (every node and relationship with all its
 * properties), on an empty store and on one holding data already. Every store runs it; Kuzu
 * runs it again with a tiny memory budget, so that every node and relationship is written out
 * early and later contributions take the update path.
 *
 * `open` returns a store over an empty database (for Neo4j: the shared one, emptied), so the
 * two paths run one after the other.
 */
import { describe, expect, it } from "vitest";
import type { GraphDelta } from "../../src/graph/delta.js";
import { InvalidDeltaError } from "../../src/store/batch.js";
import type { BulkLoad, GraphStore, JsonValue, NodeValue } from "../../src/store/types.js";
import { delta, edge, node } from "./contract.js";

type Open = () => Promise<GraphStore>;

interface Scenario {
  name: string;
  /** Upserted before either path (with replace), as an earlier run would have. */
  before?: GraphDelta[][];
  batches: GraphDelta[][];
}

const A = "note:a.md";
const B = "note:b.md";
const C = "note:c.md";
const PAPER = "paper:arxiv:2201.12086";
const ARXIV = "arxiv:2201.12086";

const NASTY = [
  "x'}) DETACH DELETE n //",
  "comma, \"quotes\" and 'single'",
  "line one\nline two\r\nline three",
  "back\\slash \\n not a newline \\",
  "中文 概念 — ünïcödé 🚀",
  "record\u001eseparator",
  "  leading and trailing  ",
  "tab\there",
];

const sharedA = () =>
  delta(
    A,
    [
      node("Note", A, { title: "A", aliases: ["first", "alpha"] }),
      node("Model", "model:blip-2", { description: "from A" }),
      node("Loss", "loss:itc"),
      node("Concept", "concept:contrastive-learning"),
    ],
    [
      edge("MENTIONS", ["Note", A], ["Model", "model:blip-2"], A, { line: 3 }),
      edge("USES_LOSS", ["Model", "model:blip-2"], ["Loss", "loss:itc"], A, { line: 4, confidence: 0.5 }),
      edge("USES_CONCEPT", ["Model", "model:blip-2"], ["Concept", "concept:contrastive-learning"], A),
    ],
  );

const sharedB = () =>
  delta(
    B,
    [
      node("Note", B, { title: "B" }),
      node("Model", "model:blip-2", { description: "from B", aliases: [] }),
      node("Loss", "loss:itc", { nameZh: "对比损失" }),
    ],
    [
      edge("MENTIONS", ["Note", B], ["Model", "model:blip-2"], B),
      // Stronger evidence than A's: replaces it whichever path writes it.
      edge("USES_LOSS", ["Model", "model:blip-2"], ["Loss", "loss:itc"], B, { line: 9, confidence: 0.9 }),
      edge("LINKS_TO", ["Note", B], ["Note", A], B),
    ],
  );

const sharedC = () =>
  delta(
    C,
    [
      node("Note", C, { title: "C" }),
      node("Model", "model:blip-2"),
      node("Loss", "loss:itc", { fullName: "image-text contrastive" }),
      node("Concept", "concept:contrastive-learning", { description: "C's" }),
    ],
    [
      // Weaker than B's, equal to nothing: keeps B's evidence, adds C as a source.
      edge("USES_LOSS", ["Model", "model:blip-2"], ["Loss", "loss:itc"], C, { line: 2, confidence: 0.7 }),
      edge("USES_CONCEPT", ["Model", "model:blip-2"], ["Concept", "concept:contrastive-learning"], C),
      edge("MENTIONS", ["Note", C], ["Concept", "concept:contrastive-learning"], C, { line: 7 }),
    ],
  );

/** A note reading a citation (defaults, a weak name), then arXiv's record (properties, stronger authorships). */
const citing = () =>
  delta(
    A,
    [
      node("Note", A, { title: "A" }),
      {
        label: "Paper",
        id: PAPER,
        props: { name: null },
        defaults: { name: "BLIP (from a note)", title: "BLIP (from a note)", year: 2022 },
      },
      node("Author", "author:j-li", { name: "J. Li" }),
      node("Paper", "paper:arxiv:2103.00020", { name: null }),
    ],
    [
      edge("CITES", ["Note", A], ["Paper", PAPER], A),
      edge("AUTHORED_BY", ["Paper", PAPER], ["Author", "author:j-li"], A, { confidence: 0.9, position: 1 }),
      edge("CITES", ["Note", A], ["Paper", "paper:arxiv:2103.00020"], A, { line: 8 }),
    ],
  );

const arxivRecord = () =>
  delta(
    ARXIV,
    [
      node("Paper", PAPER, { name: "BLIP", title: "BLIP", categories: ["cs.CV", "cs.LG"], version: 2 }),
      node("Author", "author:junnan-li", { name: "Junnan Li" }),
      node("Author", "author:j-li", { name: "J. Li" }),
      node("Category", "category:cs.cv", { name: "cs.CV" }),
    ],
    [
      edge("AUTHORED_BY", ["Paper", PAPER], ["Author", "author:junnan-li"], ARXIV, {
        position: 1,
        line: null,
      }),
      edge("AUTHORED_BY", ["Paper", PAPER], ["Author", "author:j-li"], ARXIV, { position: 2, line: null }),
      edge("IN_CATEGORY", ["Paper", PAPER], ["Category", "category:cs.cv"], ARXIV, { line: null }),
    ],
  );

const D = "note:d.md";
const laterNote = () =>
  delta(
    D,
    [
      node("Note", D),
      { label: "Paper", id: PAPER, props: { name: null }, defaults: { title: "ignored: arXiv's stands" } },
      { label: "Paper", id: "paper:arxiv:2103.00020", props: { name: null }, defaults: { name: "CLIP" } },
    ],
    [edge("CITES", ["Note", D], ["Paper", PAPER], D)],
  );

const hostile = (): GraphDelta[] =>
  NASTY.map((text, i) =>
    delta(
      `note:${text}`,
      [
        node("Note", `note:${text}`, { title: text, description: "", aliases: [text, ""] }),
        node("Concept", `concept:${text}`, { nameZh: text, aliases: [`a\u001fb ${i}`] }),
        node("Concept", "concept:shared", { description: text }),
      ],
      [
        edge("MENTIONS", ["Note", `note:${text}`], ["Concept", `concept:${text}`], `note:${text}`, {
          extractor: text,
          embeddingModel: text,
          line: i + 1,
        }),
        edge("MENTIONS", ["Note", `note:${text}`], ["Concept", "concept:shared"], `note:${text}`, {
          extractor: "",
        }),
      ],
    ),
  );

const many = (count: number, offset = 0): GraphDelta[] =>
  Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const note = `note:n${i}.md`;
    return delta(
      note,
      [
        node("Note", note, { title: `N${i}` }),
        node("Concept", `concept:c${i % 7}`, i % 3 === 0 ? { description: `d${i}` } : {}),
        node("Model", `model:m${i % 5}`),
        node("Loss", `loss:l${i % 4}`),
      ],
      [
        edge("MENTIONS", ["Note", note], ["Concept", `concept:c${i % 7}`], note, { line: i }),
        edge("MENTIONS", ["Note", note], ["Model", `model:m${i % 5}`], note),
        edge("USES_LOSS", ["Model", `model:m${i % 5}`], ["Loss", `loss:l${i % 4}`], note, {
          confidence: (i % 10) / 10,
          line: i,
        }),
      ],
    );
  });

export const SCENARIOS: Scenario[] = [
  { name: "shared nodes and edges across batches", batches: [[sharedA()], [sharedB()], [sharedC()]] },
  { name: "the same, in one batch", batches: [[sharedA(), sharedB(), sharedC()]] },
  {
    name: "a store holding data: properties, defaults and evidence added to stored entities",
    before: [[sharedA()], [citing()]],
    batches: [
      [sharedB(), arxivRecord()],
      [sharedC(), laterNote()],
    ],
  },
  { name: "defaults, weak names and authority", batches: [[citing()], [arxivRecord()], [laterNote()]] },
  { name: "hostile strings, empty strings and lists COPY cannot carry", batches: [hostile()] },
  {
    name: "many notes sharing hubs",
    before: [many(10)],
    batches: [many(30, 10), many(30, 40), many(40, 70)],
  },
];

interface Dump {
  nodes: { id: string; label: string; properties: Record<string, JsonValue> }[];
  rels: { key: string; properties: Record<string, JsonValue> }[];
}

/** Every node and relationship with its properties; string lists sorted (their order is not data). */
export async function dump(store: GraphStore): Promise<Dump> {
  const sortLists = (props: Record<string, JsonValue>) =>
    Object.fromEntries(
      Object.entries(props).map(([key, value]) => [
        key,
        Array.isArray(value) && value.every((item) => typeof item === "string") ? [...value].sort() : value,
      ]),
    );
  const nodes = (await store.query("MATCH (n) RETURN n")).rows
    .map((row) => row.n as unknown as NodeValue)
    .map((n) => ({ id: n.id, label: n.label, properties: sortLists(n.properties) }))
    .sort((a, b) => `${a.label}|${a.id}`.localeCompare(`${b.label}|${b.id}`));
  const rels = (await store.query("MATCH ()-[r]->() RETURN r")).rows
    .map(
      (row) =>
        row.r as unknown as { type: string; from: string; to: string; properties: Record<string, JsonValue> },
    )
    .map((r) => ({ key: `${r.type}|${r.from}|${r.to}`, properties: sortLists(r.properties) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { nodes, rels };
}

async function withStore<T>(open: Open, work: (store: GraphStore) => Promise<T>): Promise<T> {
  const store = await open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function bulkContract(
  name: string,
  open: Open,
  begin: (store: GraphStore) => Promise<BulkLoad> = (store) => store.bulkLoad(),
): void {
  describe(`GraphStore.bulkLoad against upsert: ${name}`, () => {
    for (const scenario of SCENARIOS) {
      it(`gives upsert's graph: ${scenario.name}`, async () => {
        const prepare = async (store: GraphStore) => {
          for (const batch of scenario.before ?? []) await store.upsert(batch, { replace: true });
        };
        const expected = await withStore(open, async (store) => {
          await prepare(store);
          for (const batch of scenario.batches) await store.upsert(batch);
          return dump(store);
        });
        const actual = await withStore(open, async (store) => {
          await prepare(store);
          const load = await begin(store);
          for (const batch of scenario.batches) await load.add(batch);
          const report = await load.finish();
          expect(report.nodesCreated + report.nodesUpdated).toBeGreaterThan(0);
          return dump(store);
        });
        expect(actual).toEqual(expected);
        expect(expected.nodes.length).toBeGreaterThan(0);
      });
    }

    it("refuses a batch with an edge to a node neither loaded nor stored, and goes on", async () => {
      await withStore(open, async (store) => {
        const load = await begin(store);
        await load.add([sharedA()]);
        const bad = delta(
          "note:bad.md",
          [node("Note", "note:bad.md")],
          [edge("MENTIONS", ["Note", "note:bad.md"], ["Model", "model:nowhere"], "note:bad.md")],
        );
        await expect(load.add([bad])).rejects.toThrow(InvalidDeltaError);
        await expect(load.add([bad])).rejects.toThrow(/Model "model:nowhere"/);
        expect(load.holds("note:bad.md")).toBe(false);
        await load.add([sharedB()]);
        // The same source twice would double its contributions: refused.
        await expect(load.add([sharedB()])).rejects.toThrow(/loaded already/);
        expect(load.holds(B)).toBe(true);
        await load.finish();
        const ids = (await dump(store)).nodes.map((n) => n.id);
        expect(ids).toContain(B);
        expect(ids).not.toContain("note:bad.md");
      });
    });
  });
}
