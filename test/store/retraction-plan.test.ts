/**
 * The retraction plan (src/store/retraction-plan.ts): re-ingesting a note leaves what it
 * asserts again as stored, and takes out only what it no longer asserts. The plan is pure,
 * so each case states the stored rows, the batch, and what must be written.
 */
import { describe, expect, it } from "vitest";
import type { BatchEdge, BatchNode } from "../../src/store/batch.js";
import {
  edgeIdentity,
  type ListedEdge,
  type ListedNode,
  nodeIdentity,
  planRetraction,
  type StoredEvidence,
} from "../../src/store/retraction-plan.js";

const mentions = (
  from: string,
  to: string,
  sources: string[],
  evidence: Partial<BatchEdge> = {},
): BatchEdge => ({
  type: "MENTIONS",
  fromLabel: "Note",
  from,
  toLabel: "Concept",
  to,
  source: sources[0] as string,
  line: 3,
  extractor: "markdown/term",
  confidence: 0.6,
  sources,
  ...evidence,
});

const stored = (edge: BatchEdge, sources: string[], evidence: Partial<StoredEvidence> = {}): ListedEdge => ({
  key: edgeIdentity(edge),
  sources,
  evidence: {
    source: edge.source,
    line: edge.line,
    extractor: edge.extractor,
    confidence: edge.confidence,
    position: null,
    score: null,
    embeddingModel: null,
    ...evidence,
  },
});

const concept = (id: string, sources: string[]): BatchNode => ({
  label: "Concept",
  id,
  props: { name: id },
  sources,
});

const listedNode = (node: BatchNode, sources: string[]): ListedNode => ({ key: nodeIdentity(node), sources });

describe("planRetraction", () => {
  it("writes nothing for a hub the re-ingested note still mentions, with the same evidence", () => {
    const edge = mentions("note:a.md", "alignment", ["note:a.md"]);
    const hub = concept("alignment", ["note:a.md"]);
    const plan = planRetraction(
      ["note:a.md"],
      [stored(edge, ["note:a.md"])],
      [listedNode(hub, ["note:a.md", "note:b.md", "note:c.md"])],
      { nodes: [hub], edges: [edge] },
    );
    expect(plan.droppedEdges).toEqual([]);
    expect(plan.shrunkEdges).toEqual([]);
    expect(plan.reEvidencedEdges).toEqual([]);
    expect(plan.shrunkNodes).toEqual([]);
    expect(plan.emptiedNodes).toEqual([]);
    expect([...plan.settledEdges]).toEqual([edgeIdentity(edge)]);
    expect([...plan.settledNodes]).toEqual([nodeIdentity(hub)]);
  });

  it("takes the note out of what it no longer asserts: the edge goes, the hub loses one source", () => {
    const edge = mentions("note:a.md", "alignment", ["note:a.md"]);
    const hub = concept("alignment", ["note:a.md"]);
    const listed = stored(edge, ["note:a.md"]);
    const listedHub = listedNode(hub, ["note:a.md", "note:b.md"]);
    const plan = planRetraction(["note:a.md"], [listed], [listedHub], { nodes: [], edges: [] });
    expect(plan.droppedEdges).toEqual([listed]);
    expect(plan.shrunkNodes).toEqual([{ node: listedHub, sources: ["note:b.md"] }]);
    expect(plan.settledEdges.size).toBe(0);
    expect(plan.settledNodes.size).toBe(0);
  });

  it("empties a node only its re-ingested note contributed, when the note drops it", () => {
    const lonely = concept("quantization", ["note:a.md"]);
    const listed = listedNode(lonely, ["note:a.md"]);
    const plan = planRetraction(["note:a.md"], [], [listed], { nodes: [], edges: [] });
    expect(plan.emptiedNodes).toEqual([listed]);
  });

  it("gives an edge the note's new evidence when the note held it (the line moved)", () => {
    const before = mentions("note:a.md", "alignment", ["note:a.md"], { line: 3 });
    const after = mentions("note:a.md", "alignment", ["note:a.md"], { line: 9 });
    const plan = planRetraction(["note:a.md"], [stored(before, ["note:a.md", "note:b.md"])], [], {
      nodes: [],
      edges: [after],
    });
    expect(plan.reEvidencedEdges).toEqual([after]);
    expect(plan.shrunkEdges).toEqual([]);
    expect([...plan.settledEdges]).toEqual([edgeIdentity(after)]);
  });

  it("re-evidences an edge the note held even when a new note of the batch asserts it too", () => {
    const before = mentions("note:a.md", "alignment", ["note:a.md"], { line: 3 });
    const after = mentions("note:a.md", "alignment", ["note:a.md", "note:new.md"], { line: 9 });
    const plan = planRetraction(["note:a.md", "note:new.md"], [stored(before, ["note:a.md"])], [], {
      nodes: [],
      edges: [after],
    });
    expect(plan.reEvidencedEdges).toEqual([after]);
    expect([...plan.settledEdges]).toEqual([edgeIdentity(after)]);
  });

  it("leaves stronger evidence from the note to the batch writer, after taking out what changed", () => {
    const before = mentions("note:b.md", "alignment", ["note:b.md"], { confidence: 0.6 });
    const again = mentions("note:a.md", "alignment", ["note:a.md"], { from: "note:b.md", confidence: 0.9 });
    const plan = planRetraction(["note:a.md"], [stored(before, ["note:a.md", "note:b.md"])], [], {
      nodes: [],
      edges: [again],
    });
    expect(plan.settledEdges.size).toBe(0);
    expect(plan.reEvidencedEdges).toEqual([]);
  });

  it("settles equal evidence from a note that is listed but did not hold the evidence", () => {
    const before = mentions("note:b.md", "alignment", ["note:b.md"]);
    const again = mentions("note:a.md", "alignment", ["note:a.md"], { from: "note:b.md" });
    const plan = planRetraction(["note:a.md"], [stored(before, ["note:a.md", "note:b.md"])], [], {
      nodes: [],
      edges: [again],
    });
    expect([...plan.settledEdges]).toEqual([edgeIdentity(again)]);
    expect(plan.reEvidencedEdges).toEqual([]);
  });

  it("credits another source, with no line, when the note that held the evidence drops the edge", () => {
    const before = mentions("note:a.md", "alignment", ["note:a.md"]);
    const listed = stored(before, ["note:a.md", "note:b.md"]);
    const plan = planRetraction(["note:a.md"], [listed], [], { nodes: [], edges: [] });
    expect(plan.shrunkEdges).toEqual([{ edge: listed, sources: ["note:b.md"], resetEvidence: true }]);
  });

  it("does not settle a node whose batch sources the stored list lacks", () => {
    const hub = concept("alignment", ["note:a.md", "note:new.md"]);
    const plan = planRetraction(["note:a.md"], [], [listedNode(hub, ["note:a.md", "note:b.md"])], {
      nodes: [hub],
      edges: [],
    });
    expect(plan.settledNodes.size).toBe(0);
    expect(plan.shrunkNodes).toEqual([]);
  });
});
