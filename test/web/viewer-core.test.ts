/**
 * The viewer's pure parts, in Node: URL hash <-> state, label filters, what reducers draw,
 * expansion bookkeeping and reading Cypher results. The browser suite (viewer.test.ts)
 * checks the same behaviour end to end.
 */
import { describe, expect, it } from "vitest";
import type { SerializedGraph } from "../../src/server/api-types.js";
import { nodeIdsInRows } from "../../web/src/cypher-values.js";
import { addExpansion, type Expansions, planCollapse } from "../../web/src/expansions.js";
import { createGraph, mergeSubgraph, removeElements } from "../../web/src/graph-data.js";
import { deriveContext, edgeDisplay, nodeDisplay } from "../../web/src/reducers.js";
import { initialPlacement, seededPoint } from "../../web/src/seed.js";
import { resolveSettings, settingsFromQuery } from "../../web/src/settings.js";
import {
  createStore,
  fromUrl,
  highlight,
  INITIAL_STATE,
  select,
  setLabelVisible,
  toUrl,
} from "../../web/src/state.js";
import { formatHash, parseHash } from "../../web/src/url-state.js";

const settings = resolveSettings();

function sample(): SerializedGraph {
  const node = (key: string, label: string, degree: number) => ({
    key,
    attributes: { label, name: key, degree },
  });
  return {
    nodes: [
      node("model:blip-2", "Model", 4),
      node("paper:arxiv:2301.12597", "Paper", 2),
      node("loss:itc", "Loss", 1),
      node("concept:q-former", "Concept", 1),
      node("note:a.md", "Note", 3),
    ],
    edges: [
      {
        key: "e1",
        source: "model:blip-2",
        target: "paper:arxiv:2301.12597",
        attributes: { type: "INTRODUCED_IN" },
      },
      { key: "e2", source: "model:blip-2", target: "loss:itc", attributes: { type: "USES_LOSS" } },
      { key: "e3", source: "note:a.md", target: "model:blip-2", attributes: { type: "DESCRIBES" } },
      { key: "e4", source: "note:a.md", target: "paper:arxiv:2301.12597", attributes: { type: "CITES" } },
    ],
  };
}

describe("url state", () => {
  it("round-trips selection, filters and search text, readably", () => {
    const state = {
      node: "paper:arxiv:2301.12597",
      labels: ["Model", "Paper"],
      q: "blip 2",
      color: "label" as const,
      topic: null,
    };
    const hash = formatHash(state);
    expect(hash).toBe("#node=paper:arxiv:2301.12597&labels=Model,Paper&q=blip+2");
    expect(parseHash(hash)).toEqual(state);
  });

  it("carries colouring by topic and the one topic shown", () => {
    const state = { node: null, labels: null, q: "", color: "topic" as const, topic: 3 };
    const hash = formatHash(state);
    expect(hash).toBe("#color=topic&topic=3");
    expect(parseHash(hash)).toEqual(state);
    expect(parseHash("#topic=x&color=rainbow")).toMatchObject({ color: "label", topic: null });
  });

  it("leaves defaults out and tolerates junk", () => {
    const defaults = { color: "label", topic: null };
    expect(formatHash({ node: null, labels: null, q: "", color: "label", topic: null })).toBe("");
    expect(parseHash("#foo=1&labels=")).toEqual({ node: null, labels: [], q: "", ...defaults });
    expect(parseHash("")).toEqual({ node: null, labels: null, q: "", ...defaults });
  });

  it("restores the state a link describes and writes it back the same", () => {
    const url = parseHash("#node=model:blip-2&labels=Paper,Model&q=BLIP");
    const state = fromUrl(url)(INITIAL_STATE);
    expect(state.selected).toBe("model:blip-2");
    expect([...(state.visibleLabels ?? [])]).toEqual(["Paper", "Model"]);
    expect(formatHash(toUrl(state))).toBe("#node=model:blip-2&labels=Model,Paper&q=BLIP");
  });
});

describe("state", () => {
  it("filters labels, back to 'no filter' when every label is on", () => {
    const all = ["Model", "Paper", "Loss"];
    const store = createStore();
    store.apply(setLabelVisible("Paper", false, all));
    expect([...(store.get().visibleLabels ?? [])].sort()).toEqual(["Loss", "Model"]);
    store.apply(setLabelVisible("Paper", true, all));
    expect(store.get().visibleLabels).toBeNull();
  });

  it("tells subscribers only about changes", () => {
    const store = createStore();
    const seen: (string | null)[] = [];
    store.subscribe((state) => seen.push(state.selected));
    store.apply(select("a"));
    store.apply(select("a"));
    store.apply(select(null));
    expect(seen).toEqual(["a", null]);
  });

  it("reads page settings from the query string", () => {
    expect(settingsFromQuery("?limit=20&layout=0")).toEqual({ graphLimit: 20, layoutAutoRunMs: 0 });
    expect(settingsFromQuery("?limit=-3")).toEqual({});
    expect(resolveSettings(settingsFromQuery("?edgesOnMove=1")).hideOnMoveAboveEdges).toBeGreaterThan(1e9);
    expect(resolveSettings(settingsFromQuery("")).hideOnMoveAboveEdges).toBe(5000);
    expect(() => resolveSettings({ maxNodeSize: 1, minNodeSize: 2 })).toThrow(/maxNodeSize/);
  });
});

describe("reducers", () => {
  it("derive colour, size and label without touching the graph", () => {
    const graph = createGraph();
    mergeSubgraph(graph, sample(), initialPlacement(5));
    const before = JSON.stringify(graph.export());
    const context = deriveContext(graph, INITIAL_STATE, settings);
    const blip = nodeDisplay(graph, "model:blip-2", graph.getNodeAttributes("model:blip-2"), context);
    const itc = nodeDisplay(graph, "loss:itc", graph.getNodeAttributes("loss:itc"), context);
    expect(blip.label).toBe("model:blip-2");
    expect(blip.size).toBe(settings.maxNodeSize);
    expect(itc.size).toBeLessThan(blip.size);
    expect(blip.color).not.toBe(itc.color);
    expect(edgeDisplay(graph, "e1", graph.getEdgeAttributes("e1"), context).type).toBe("line");
    expect(JSON.stringify(graph.export())).toBe(before);
  });

  it("hide filtered labels (and their edges), keep the selection visible", () => {
    const graph = createGraph();
    mergeSubgraph(graph, sample(), initialPlacement(5));
    const state = { ...INITIAL_STATE, visibleLabels: new Set(["Model"]), selected: "note:a.md" };
    const context = deriveContext(graph, state, settings);
    const display = (key: string) => nodeDisplay(graph, key, graph.getNodeAttributes(key), context);
    expect(display("paper:arxiv:2301.12597").hidden).toBe(true);
    expect(display("model:blip-2").hidden).toBe(false);
    expect(display("note:a.md").hidden).toBe(false);
    expect(edgeDisplay(graph, "e1", graph.getEdgeAttributes("e1"), context).hidden).toBe(true);
    expect(edgeDisplay(graph, "e3", graph.getEdgeAttributes("e3"), context).hidden).toBe(false);
  });

  it("bring the hovered node's neighbours forward and dim the rest", () => {
    const graph = createGraph();
    mergeSubgraph(graph, sample(), initialPlacement(5));
    const context = deriveContext(graph, { ...INITIAL_STATE, hovered: "loss:itc" }, settings);
    const display = (key: string) => nodeDisplay(graph, key, graph.getNodeAttributes(key), context);
    expect(display("model:blip-2").color).not.toBe(settings.dimmedNodeColor);
    expect(display("model:blip-2").forceLabel).toBe(true);
    expect(display("note:a.md").color).toBe(settings.dimmedNodeColor);
    expect(display("note:a.md").label).toBeNull();
    expect(edgeDisplay(graph, "e2", graph.getEdgeAttributes("e2"), context).color).toBe(
      settings.focusEdgeColor,
    );
    expect(edgeDisplay(graph, "e3", graph.getEdgeAttributes("e3"), context).color).toBe(
      settings.dimmedEdgeColor,
    );
  });

  it("highlight Cypher results", () => {
    const graph = createGraph();
    mergeSubgraph(graph, sample(), initialPlacement(5));
    const state = highlight(["loss:itc", "concept:q-former", "absent"])(INITIAL_STATE);
    const context = deriveContext(graph, state, settings);
    const display = (key: string) => nodeDisplay(graph, key, graph.getNodeAttributes(key), context);
    expect(display("loss:itc").highlighted).toBe(true);
    expect(display("concept:q-former").highlighted).toBe(true);
    expect(display("model:blip-2").highlighted).toBe(false);
    expect(display("model:blip-2").color).toBe(settings.dimmedNodeColor);
  });
});

describe("expansions", () => {
  const neighbours = (root: string, others: string[]): SerializedGraph => ({
    nodes: [root, ...others].map((key) => ({ key, attributes: { label: "Concept", name: key, degree: 1 } })),
    edges: others.map((other) => ({
      key: `${root}->${other}`,
      source: root,
      target: other,
      attributes: { type: "X" },
    })),
  });

  it("collapse removes what the expansion added and nothing else", () => {
    const graph = createGraph();
    mergeSubgraph(graph, sample(), initialPlacement(5));
    const snapshot = JSON.stringify(graph.export());
    const place = () => ({ x: 0, y: 0 });
    // b's neighbourhood: one node already there, two new.
    const added = mergeSubgraph(
      graph,
      neighbours("model:blip-2", ["loss:itc", "concept:a", "concept:b"]),
      place,
    );
    expect(added.nodes).toEqual(["concept:a", "concept:b"]);
    expect(added.edges.map((e) => e.key)).toEqual([
      "model:blip-2->loss:itc",
      "model:blip-2->concept:a",
      "model:blip-2->concept:b",
    ]);
    let expansions: Expansions = addExpansion(new Map(), { root: "model:blip-2", ...added });
    // An expansion from inside it (rooted at concept:a) and an unrelated one.
    const inner = mergeSubgraph(graph, neighbours("concept:a", ["concept:c"]), place);
    expansions = addExpansion(expansions, { root: "concept:a", ...inner });
    const other = mergeSubgraph(graph, neighbours("note:a.md", ["concept:d"]), place);
    expansions = addExpansion(expansions, { root: "note:a.md", ...other });

    const plan = planCollapse(expansions, "model:blip-2");
    expect(plan.roots).toEqual(["concept:a", "model:blip-2"]);
    removeElements(graph, plan.elements);
    expect([...plan.remaining.keys()]).toEqual(["note:a.md"]);
    expect(graph.hasNode("concept:d")).toBe(true);
    const rest = planCollapse(plan.remaining, "note:a.md");
    removeElements(graph, rest.elements);
    expect(JSON.stringify(graph.export())).toBe(snapshot);
  });

  it("collapsing what was never expanded changes nothing", () => {
    const plan = planCollapse(new Map(), "x");
    expect(plan).toEqual({ roots: [], elements: { nodes: [], edges: [] }, remaining: new Map() });
  });
});

describe("layout seeds", () => {
  it("are deterministic per id and stay in their disc", () => {
    const a = seededPoint("model:blip-2", { x: 5, y: 5 }, 2);
    expect(seededPoint("model:blip-2", { x: 5, y: 5 }, 2)).toEqual(a);
    expect(Math.hypot(a.x - 5, a.y - 5)).toBeLessThanOrEqual(2);
    expect(seededPoint("model:blip", { x: 5, y: 5 }, 2)).not.toEqual(a);
  });
});

describe("cypher results", () => {
  it("finds nodes, relationship ends and path nodes, once each", () => {
    const node = (id: string) => ({ id, label: "Model", properties: { name: id } });
    const rows = [
      [node("model:a"), "text", 3, null],
      [{ type: "USES_LOSS", from: "model:a", to: "loss:itc", properties: {} }],
      [{ nodes: [node("model:b"), node("model:c")], relationships: [] }],
      [[node("model:d")], { nested: node("model:e") }],
      [{ id: "not-a-node" }],
    ];
    expect(nodeIdsInRows(rows)).toEqual(["model:a", "loss:itc", "model:b", "model:c", "model:d", "model:e"]);
  });
});
