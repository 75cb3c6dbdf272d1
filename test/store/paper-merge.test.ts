/**
 * The store-independent part of mergePapers (src/store/paper-merge.ts): which relationships a
 * paper has, how merges are grouped into rounds, and what a round's edges become. The stores
 * themselves are checked by the contract (test/store/contract.ts, "mergePapers").
 */
import { describe, expect, it } from "vitest";
import { edgeEvidenceFrom } from "../../src/store/edge-merge.js";
import {
  mergeRounds,
  movedEdges,
  PAPER_EDGE_PATTERNS,
  type StoredPaperEdge,
} from "../../src/store/paper-merge.js";

describe("PAPER_EDGE_PATTERNS", () => {
  it("lists every relationship the schema lets a Paper take part in, a Paper-Paper one both ways", () => {
    expect(PAPER_EDGE_PATTERNS.map((p) => `${p.type} ${p.direction} ${p.other}`).sort()).toEqual([
      "AUTHORED_BY out Author",
      "CITES in Note",
      "CITES in Paper",
      "CITES out Paper",
      "DESCRIBES in Note",
      "INTRODUCED_IN in Model",
      "IN_CATEGORY out Category",
      "MENTIONS in Note",
    ]);
  });
});

describe("mergeRounds", () => {
  it("starts a new round whenever a paper already in the round comes again, and skips a merge into itself", () => {
    const m = (from: string, into: string) => ({ from, into });
    expect(
      mergeRounds([
        m("a", "x"),
        m("b", "y"),
        m("q", "q"),
        m("c", "x"),
        m("x", "z"),
        m("d", "e"),
        m("e", "f"),
      ]),
    ).toEqual([[m("a", "x"), m("b", "y")], [m("c", "x")], [m("x", "z"), m("d", "e")], [m("e", "f")]]);
    expect(mergeRounds([])).toEqual([]);
  });
});

describe("movedEdges", () => {
  const cites = (
    from: string,
    to: string,
    source: string,
    confidence: number,
    line: number,
  ): StoredPaperEdge => ({
    type: "CITES",
    fromLabel: from.startsWith("note:") ? "Note" : "Paper",
    toLabel: "Paper",
    from,
    to,
    evidence: edgeEvidenceFrom({ source, sources: [source], line, confidence, extractor: "x" }),
  });

  it("sends each end that is merged away to its paper, drops a paper citing itself, and folds edges that meet", () => {
    const round = [
      { from: "paper:title:a", into: "paper:arxiv:a" },
      { from: "paper:title:b", into: "paper:arxiv:b" },
    ];
    const edges = movedEdges(round, [
      cites("note:n.md", "paper:title:a", "note:n.md", 1, 3),
      // Between the two merged papers, read at both of them.
      cites("paper:title:b", "paper:title:a", "note:m.md", 1, 4),
      cites("paper:title:b", "paper:title:a", "note:m.md", 1, 4),
      // Lands where the one above does; equal confidence, later in the round's order.
      cites("paper:title:b", "paper:arxiv:a", "note:k.md", 1, 9),
      cites("paper:title:a", "paper:arxiv:a", "note:n.md", 1, 5),
    ]);
    expect(
      edges.map((e) => `${e.from} -> ${e.to} ${e.source}:${e.line} [${e.sources.join(",")}]`).sort(),
    ).toEqual([
      "note:n.md -> paper:arxiv:a note:n.md:3 [note:n.md]",
      "paper:arxiv:b -> paper:arxiv:a note:m.md:4 [note:k.md,note:m.md]",
    ]);
  });

  it("keeps the stronger evidence when two moved edges meet", () => {
    const round = [
      { from: "paper:title:low", into: "paper:arxiv:x" },
      { from: "paper:title:high", into: "paper:arxiv:y" },
      { from: "paper:title:z", into: "paper:arxiv:z" },
    ];
    const [edge] = movedEdges(round, [
      cites("paper:title:z", "paper:title:low", "note:a.md", 0.5, 1),
      cites("paper:title:z", "paper:arxiv:x", "note:b.md", 0.8, 2),
    ]);
    expect(edge).toMatchObject({
      from: "paper:arxiv:z",
      to: "paper:arxiv:x",
      source: "note:b.md",
      confidence: 0.8,
      line: 2,
      sources: ["note:a.md", "note:b.md"],
    });
  });
});
