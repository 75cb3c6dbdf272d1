/** The DEPICTS rule on controlled vectors (src/embed/link.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_LINK_RULE, linkFigure, meanUnit, softmax } from "../../src/embed/link.js";

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values) || 1;
  return Float32Array.from(values, (v) => v / norm);
}

/** Candidates along the axes of a d-dimensional space, named by their axis. */
function axes(d: number) {
  return Array.from({ length: d }, (_, i) => ({
    target: `c${i}`,
    vector: unit(Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))),
  }));
}

describe("linkFigure", () => {
  it("links a figure to the concept its vector is nearest, with a probability score", () => {
    const figure = unit([0.3, 0.05, 0.02, 0.01, 0, 0]);
    const links = linkFigure(figure, axes(6));
    expect(links.map((l) => l.target)).toEqual(["c0"]);
    expect(links[0]?.score).toBeGreaterThan(0.99);
    expect(links[0]?.similarity).toBeCloseTo(figure[0] as number, 5);
  });

  it("links nothing when the scores are flat, however few the candidates", () => {
    for (const d of [2, 3, 10, 100]) {
      const flat = unit(Array.from({ length: d }, () => 1));
      expect(linkFigure(flat, axes(d))).toEqual([]);
    }
  });

  it("keeps at most topK, each above the floor and the margin over the median", () => {
    // Two close winners, the rest far below.
    const figure = unit([0.5, 0.49, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const links = linkFigure(figure, axes(8));
    expect(links.map((l) => l.target)).toEqual(["c0", "c1"]);
    expect(links.every((l) => l.score >= DEFAULT_LINK_RULE.floor)).toBe(true);
    expect(linkFigure(figure, axes(8), { ...DEFAULT_LINK_RULE, topK: 1 }).map((l) => l.target)).toEqual([
      "c0",
    ]);
  });

  it("never links more than topK, and every link clears the floor (any vectors)", () => {
    const vector = fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(vector, fc.array(vector, { minLength: 1, maxLength: 12 }), (f, cs) => {
        const links = linkFigure(
          unit(f),
          cs.map((c, i) => ({ target: i, vector: unit(c) })),
        );
        return (
          links.length <= DEFAULT_LINK_RULE.topK && links.every((l) => l.score >= DEFAULT_LINK_RULE.floor)
        );
      }),
    );
  });
});

describe("helpers", () => {
  it("softmax sums to one and keeps order", () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(p[2]).toBeGreaterThan(p[1] as number);
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
  });

  it("meanUnit averages prompt embeddings back to unit length", () => {
    const mean = meanUnit([unit([1, 0]), unit([0, 1])]);
    expect(Array.from(mean).map((v) => Number(v.toFixed(6)))).toEqual([
      Number(Math.SQRT1_2.toFixed(6)),
      Number(Math.SQRT1_2.toFixed(6)),
    ]);
  });
});
