/**
 * The viewer's pure parts for a watching server and for topics, in Node: planning an in-place
 * refresh against what the server answers now, applying it without moving what is drawn,
 * rebuilding expansion bookkeeping, and drawing by topic. The browser suite (watch.test.ts)
 * checks the same end to end against `kg serve --watch`.
 */
import { describe, expect, it } from "vitest";
import type { SerializedGraph } from "../../src/server/api-types.js";
import { addExpansion, type Expansions, rebuildExpansions } from "../../web/src/expansions.js";
import { createGraph, mergeSubgraph } from "../../web/src/graph-data.js";
import { deriveContext, nodeDisplay } from "../../web/src/reducers.js";
import { applyRefresh, isEmptyPlan, planRefresh, touches, unionOf } from "../../web/src/refresh.js";
import { initialPlacement } from "../../web/src/seed.js";
import { resolveSettings } from "../../web/src/settings.js";
import { INITIAL_STATE, setTopic } from "../../web/src/state.js";
import { colorForTopic, NO_TOPIC_COLOR, TOPIC_COLORS } from "../../web/src/topic-colors.js";

const settings = resolveSettings();

function graphOf(
  nodes: [string, string, number, number?][],
  edges: [string, string, string][],
): SerializedGraph {
  return {
    nodes: nodes.map(([key, label, degree, topic]) => ({
      key,
      attributes: { label, name: key.toUpperCase(), degree, ...(topic !== undefined ? { topic } : {}) },
    })),
    edges: edges.map(([type, source, target]) => ({
      key: `${type}:${source}->${target}`,
      source,
      target,
      attributes: { type },
    })),
  };
}

const BEFORE = graphOf(
  [
    ["note:a.md", "Note", 2, 0],
    ["model:blip-2", "Model", 2, 0],
    ["model:clip", "Model", 1, 1],
    ["tag:x", "Tag", 1],
  ],
  [
    ["DESCRIBES", "note:a.md", "model:blip-2"],
    ["MENTIONS", "note:a.md", "model:clip"],
    ["TAGGED", "note:a.md", "tag:x"],
  ],
);

/** The note was edited: CLIP no longer mentioned (gone), Flamingo described, topics moved. */
const AFTER = graphOf(
  [
    ["note:a.md", "Note", 3, 1],
    ["model:blip-2", "Model", 2, 1],
    ["model:flamingo", "Model", 1, 1],
    ["tag:x", "Tag", 1],
  ],
  [
    ["DESCRIBES", "note:a.md", "model:blip-2"],
    ["DESCRIBES", "note:a.md", "model:flamingo"],
    ["TAGGED", "note:a.md", "tag:x"],
  ],
);

describe("in-place refresh", () => {
  it("plans exactly the differences", () => {
    const graph = createGraph();
    mergeSubgraph(graph, BEFORE, initialPlacement(4));
    const plan = planRefresh(graph, unionOf([AFTER]));
    expect(plan.add.map((node) => node.key)).toEqual(["model:flamingo"]);
    expect(plan.drop).toEqual(["model:clip"]);
    expect(plan.addEdges.map((edge) => edge.key)).toEqual(["DESCRIBES:note:a.md->model:flamingo"]);
    expect(plan.dropEdges).toEqual(["MENTIONS:note:a.md->model:clip"]);
    expect(plan.update).toEqual([
      { key: "note:a.md", attributes: { degree: 3, topic: 1 }, removed: [] },
      { key: "model:blip-2", attributes: { topic: 1 }, removed: [] },
    ]);
    expect(touches(plan, graph, "note:a.md")).toBe(true);
    expect(touches(plan, graph, "tag:x")).toBe(false);
    expect(isEmptyPlan(planRefresh(graph, unionOf([BEFORE])))).toBe(true);
  });

  it("applies it without moving what is drawn, and puts new nodes beside a neighbour", () => {
    const graph = createGraph();
    mergeSubgraph(graph, BEFORE, initialPlacement(4));
    // A bigger picture around, so "beside" means something.
    for (let i = 0; i < 40; i++)
      graph.addNode(`concept:c${i}`, { label: "Concept", name: `c${i}`, degree: 0, x: i * 10, y: -i * 10 });
    const positions = new Map(graph.nodes().map((key) => [key, { ...graph.getNodeAttributes(key) }]));
    const desired = unionOf([
      AFTER,
      {
        nodes: graph
          .nodes()
          .filter((k) => k.startsWith("concept:"))
          .map((key) => ({ key, attributes: { label: "Concept", name: key, degree: 0 } })),
        edges: [],
      },
    ]);
    applyRefresh(graph, planRefresh(graph, desired));
    expect(graph.hasNode("model:clip")).toBe(false);
    expect(graph.hasEdge("MENTIONS:note:a.md->model:clip")).toBe(false);
    expect(graph.hasEdge("DESCRIBES:note:a.md->model:flamingo")).toBe(true);
    for (const key of ["note:a.md", "model:blip-2", "tag:x", "concept:c7"]) {
      const { x, y } = graph.getNodeAttributes(key);
      expect({ x, y }, key).toEqual({ x: positions.get(key)?.x, y: positions.get(key)?.y });
    }
    expect(graph.getNodeAttributes("note:a.md")).toMatchObject({ degree: 3, topic: 1 });
    const note = graph.getNodeAttributes("note:a.md");
    const flamingo = graph.getNodeAttributes("model:flamingo");
    expect(Math.hypot(flamingo.x - note.x, flamingo.y - note.y)).toBeLessThan(10);
    // A topic the server no longer gives is removed, not left stale.
    const withoutTopics = {
      nodes: new Map([...desired.nodes].map(([key, { topic: _topic, ...rest }]) => [key, rest] as const)),
      edges: desired.edges,
    };
    applyRefresh(graph, planRefresh(graph, withoutTopics));
    expect(graph.getNodeAttributes("note:a.md").topic).toBeUndefined();
  });

  it("rebuilds the expansion bookkeeping as making the expansions again would", () => {
    const base = graphOf([["note:a.md", "Note", 2]], []);
    const first = graphOf(
      [
        ["note:a.md", "Note", 2],
        ["model:blip-2", "Model", 2],
      ],
      [["DESCRIBES", "note:a.md", "model:blip-2"]],
    );
    const second = graphOf(
      [
        ["model:blip-2", "Model", 2],
        ["loss:itc", "Loss", 1],
        ["note:a.md", "Note", 2],
      ],
      [
        ["USES_LOSS", "model:blip-2", "loss:itc"],
        ["DESCRIBES", "note:a.md", "model:blip-2"],
      ],
    );
    const graph = createGraph();
    mergeSubgraph(graph, base, initialPlacement(1));
    let made: Expansions = new Map();
    made = addExpansion(made, { root: "note:a.md", ...mergeSubgraph(graph, first, initialPlacement(1)) });
    made = addExpansion(made, { root: "model:blip-2", ...mergeSubgraph(graph, second, initialPlacement(1)) });
    const rebuilt = rebuildExpansions(base, [
      { root: "note:a.md", graph: first },
      { root: "model:blip-2", graph: second },
    ]);
    expect([...rebuilt.entries()]).toEqual([...made.entries()]);
  });
});

describe("drawing by topic", () => {
  const graph = createGraph();
  mergeSubgraph(graph, AFTER, initialPlacement(4));
  const draw = (state: typeof INITIAL_STATE, key: string) =>
    nodeDisplay(graph, key, graph.getNodeAttributes(key), deriveContext(graph, state, settings));

  it("colours by topic, others grey; one topic shown at a time", () => {
    const byTopic = { ...INITIAL_STATE, colorBy: "topic" as const };
    expect(draw(byTopic, "model:blip-2").color).toBe(TOPIC_COLORS[1]);
    expect(draw(byTopic, "tag:x").color).toBe(NO_TOPIC_COLOR);
    expect(draw(INITIAL_STATE, "model:blip-2").color).not.toBe(TOPIC_COLORS[1]);
    const onlyZero = setTopic(0)(INITIAL_STATE);
    expect(onlyZero.colorBy).toBe("topic");
    expect(draw(onlyZero, "model:blip-2").hidden).toBe(true);
    expect(draw(setTopic(1)(INITIAL_STATE), "model:blip-2").hidden).toBe(false);
    // The selected node stays where the user looks, whatever the filter.
    expect(draw({ ...onlyZero, selected: "model:blip-2" }, "model:blip-2").hidden).toBe(false);
  });

  it("gives every topic a colour, distinct for the first ones", () => {
    expect(new Set(TOPIC_COLORS.map((_, i) => colorForTopic(i))).size).toBe(TOPIC_COLORS.length);
    expect(colorForTopic(40)).toMatch(/^#[0-9a-f]{6}$/);
    expect(colorForTopic(undefined)).toBe(NO_TOPIC_COLOR);
  });
});
