import { describe, expect, it } from "vitest";
import type { EdgeRecord, GraphDelta } from "../../src/graph/delta.js";
import { InvalidDeltaError, prepareBatch } from "../../src/store/batch.js";

const mention = (source: string, line: number, confidence = 1): EdgeRecord => ({
  type: "MENTIONS",
  fromLabel: "Note",
  from: source,
  toLabel: "Model",
  to: "model:clip",
  source,
  line,
  extractor: "test",
  confidence,
});

const clip = (description: string | null) => ({
  label: "Model" as const,
  id: "model:clip",
  props: { name: "CLIP", description },
});

describe("prepareBatch", () => {
  it("merges a node across deltas: later non-null values win, sources in batch order", () => {
    const batch = prepareBatch([
      { source: "note:a", nodes: [clip("first")], edges: [] },
      { source: "note:b", nodes: [clip(null)], edges: [] },
      { source: "note:c", nodes: [clip("third")], edges: [] },
    ]);
    expect(batch.sources).toEqual(["note:a", "note:b", "note:c"]);
    expect(batch.nodes).toHaveLength(1);
    expect(batch.nodes[0]).toMatchObject({
      props: { description: "third" },
      sources: ["note:a", "note:b", "note:c"],
    });
  });

  it("keeps one edge per (from, type, to): the first delta's evidence, every delta's source", () => {
    const shared = (source: string, line: number): EdgeRecord => ({ ...mention("note:a", line), source });
    const batch = prepareBatch([
      { source: "note:a", nodes: [], edges: [shared("note:a", 9), shared("note:a", 3)] },
      { source: "note:b", nodes: [], edges: [shared("note:b", 1)] },
    ]);
    expect(batch.edges).toHaveLength(1);
    // Inside a delta normalizeDelta keeps the earliest line; across deltas the first delta wins.
    expect(batch.edges[0]).toMatchObject({ source: "note:a", line: 3, sources: ["note:a", "note:b"] });
  });

  it("rejects what the schema does not allow, naming the delta", () => {
    const bad = (delta: Partial<GraphDelta>) => () =>
      prepareBatch([{ source: "note:x", nodes: [], edges: [], ...delta } as GraphDelta]);
    expect(bad({ source: "" })).toThrow(InvalidDeltaError);
    expect(bad({ edges: [{ ...mention("note:x", 1), toLabel: "Tag" }] })).toThrow(/MENTIONS.*Note->Model/);
    expect(bad({ edges: [{ ...mention("note:x", 1), line: 1.5 }] })).toThrow(/line/);
    expect(bad({ nodes: [{ label: "Model", id: "", props: { name: "x" } }] })).toThrow(/no id/);
    expect(bad({ nodes: [{ label: "Paper", id: "p", props: { name: "x", year: 2020.5 } }] })).toThrow(
      /year.*INT64/,
    );
    expect(bad({ nodes: [{ label: "Tag", id: "t", props: { name: "x", sources: ["y"] } }] })).toThrow(
      /sources/,
    );
    expect(
      bad({
        nodes: [
          { label: "Model", id: "same", props: { name: "x" } },
          { label: "Concept", id: "same", props: { name: "x" } },
        ],
      }),
    ).toThrow(/Concept here but a Model/);
  });

  it("rejects an edge whose endpoint label contradicts a node of the batch", () => {
    expect(() =>
      prepareBatch([
        {
          source: "note:a",
          nodes: [{ label: "Concept", id: "model:clip", props: { name: "CLIP" } }],
          edges: [mention("note:a", 1)],
        },
      ]),
    ).toThrow(/is a Concept in this batch, not a Model/);
  });
});
