/**
 * The viewer's export, in Node: which nodes and edges count as visible, the look they carry,
 * the GEXF and JSON texts (parsed back with graphology-gexf and `kg export`'s reader), the
 * graph Gephi Lite is sent, file names and the Gephi Lite setting. The browser suite
 * (viewer.test.ts) checks the downloads and the broadcast end to end.
 */
import { MultiDirectedGraph } from "graphology";
import * as gexf from "graphology-gexf";
import { describe, expect, it } from "vitest";
import { readGraph } from "../../src/export/formats.js";
import { gexfNode } from "../../src/export/gexf-mapping.js";
import type { SerializedGraph } from "../../src/server/api-types.js";
import { fileName, toGephiLite, toGexf, toJson } from "../../web/src/export/formats.js";
import {
  exportSettingsFromQuery,
  gephiLiteRoute,
  gephiLiteUrl,
  resolveExportSettings,
} from "../../web/src/export/settings.js";
import { visibleGraph } from "../../web/src/export/visible-graph.js";
import { createGraph, mergeSubgraph } from "../../web/src/graph-data.js";
import { LABEL_COLORS } from "../../web/src/palette.js";
import { resolveSettings } from "../../web/src/settings.js";
import { highlight, hover, INITIAL_STATE, select, setLabelVisible } from "../../web/src/state.js";

const settings = resolveSettings();
const LABELS = ["Model", "Paper", "Loss", "Note"];

function viewerGraph() {
  const node = (key: string, label: string, degree: number, x: number, y: number) => ({
    key,
    attributes: { label, name: `${key} <&> 名`, degree, x, y },
  });
  const serialized: SerializedGraph = {
    nodes: [
      node("model:blip-2", "Model", 3, 1, 2),
      node("paper:arxiv:2301.12597", "Paper", 2, -3, 4),
      node("loss:itc", "Loss", 1, 5, -6),
      node("note:a.md", "Note", 2, 0.5, 0.25),
    ],
    edges: [
      {
        key: "INTRODUCED_IN:model:blip-2->paper:arxiv:2301.12597",
        source: "model:blip-2",
        target: "paper:arxiv:2301.12597",
        attributes: { type: "INTRODUCED_IN" },
      },
      {
        key: "USES_LOSS:model:blip-2->loss:itc",
        source: "model:blip-2",
        target: "loss:itc",
        attributes: { type: "USES_LOSS", sources: ["note:a.md"], line: 7 },
      },
      {
        key: "DESCRIBES:note:a.md->model:blip-2",
        source: "note:a.md",
        target: "model:blip-2",
        attributes: { type: "DESCRIBES" },
      },
    ],
  };
  const graph = createGraph();
  mergeSubgraph(graph, serialized, () => ({ x: 0, y: 0 }));
  return graph;
}

describe("visible graph", () => {
  it("leaves out what a label filter hides, with the edges that touch it", () => {
    const state = setLabelVisible("Loss", false, LABELS)(INITIAL_STATE);
    const exported = visibleGraph(viewerGraph(), state, settings);
    expect(exported.nodes().sort()).toEqual(["model:blip-2", "note:a.md", "paper:arxiv:2301.12597"]);
    expect(exported.edges().sort()).toEqual([
      "DESCRIBES:note:a.md->model:blip-2",
      "INTRODUCED_IN:model:blip-2->paper:arxiv:2301.12597",
    ]);
  });

  it("keeps a selected node through a filter, as the viewer draws it", () => {
    const state = select("loss:itc")(setLabelVisible("Loss", false, LABELS)(INITIAL_STATE));
    expect(visibleGraph(viewerGraph(), state, settings).hasNode("loss:itc")).toBe(true);
  });

  it("carries positions, the resting colour by label and size by degree, whatever is in focus", () => {
    const graph = viewerGraph();
    const calm = visibleGraph(graph, INITIAL_STATE, settings);
    const busy = visibleGraph(
      graph,
      highlight(["loss:itc"])(hover("note:a.md")(select("model:blip-2")(INITIAL_STATE))),
      settings,
    );
    expect(busy.export()).toEqual(calm.export());
    const blip = calm.getNodeAttributes("model:blip-2");
    expect(blip).toMatchObject({ label: "Model", degree: 3, x: 1, y: 2, color: LABEL_COLORS.Model });
    expect(blip.size).toBe(settings.maxNodeSize);
    expect(calm.getNodeAttribute("loss:itc", "size")).toBeLessThan(blip.size);
    expect(calm.getEdgeAttribute("USES_LOSS:model:blip-2->loss:itc", "color")).toBe(settings.edgeColor);
    // The viewer's graph is not touched.
    expect(graph.getNodeAttributes("model:blip-2")).not.toHaveProperty("color");
  });
});

describe("formats", () => {
  const exported = visibleGraph(viewerGraph(), INITIAL_STATE, settings);

  it("writes GEXF that graphology-gexf parses, with names, node labels, types, lists and viz", () => {
    const text = toGexf(exported, new Date(2026, 10, 27));
    expect(text).toContain("<creator>notegraph</creator>");
    const parsed = gexf.parse(MultiDirectedGraph, text);
    expect(parsed.order).toBe(4);
    expect(parsed.size).toBe(3);
    const blip = parsed.getNodeAttributes("model:blip-2");
    expect(blip).toMatchObject({ label: "model:blip-2 <&> 名", nodeLabel: "Model", degree: 3, x: 1, y: 2 });
    expect(blip.size).toBe(settings.maxNodeSize);
    expect(typeof blip.color).toBe("string");
    const uses = parsed.getEdgeAttributes("USES_LOSS:model:blip-2->loss:itc");
    expect(uses).toMatchObject({ label: "USES_LOSS", type: "USES_LOSS", line: 7 });
    // `kg export`'s reader takes it back, lists included.
    const read = readGraph(text, "gexf");
    expect(read.getNodeAttributes("paper:arxiv:2301.12597")).toMatchObject({ label: "Paper", x: -3, y: 4 });
    expect(read.getEdgeAttribute("USES_LOSS:model:blip-2->loss:itc", "sources")).toEqual(["note:a.md"]);
  });

  it("writes graphology JSON that MultiDirectedGraph.from reads back as it was", () => {
    const data = JSON.parse(toJson(exported));
    expect(data.options).toEqual({ type: "directed", multi: true, allowSelfLoops: true });
    expect(MultiDirectedGraph.from(data).export()).toEqual(exported.export());
  });

  it("sends Gephi Lite the GEXF mapping, flattened: label is the name, viz attributes on top", () => {
    const sent = toGephiLite(exported);
    expect(sent.options).toMatchObject({ type: "directed", multi: true });
    const blip = sent.nodes.find((node) => node.key === "model:blip-2");
    expect(blip?.attributes).toMatchObject({
      label: "model:blip-2 <&> 名",
      nodeLabel: "Model",
      x: 1,
      y: 2,
      color: LABEL_COLORS.Model,
    });
    const uses = sent.edges.find((edge) => edge.key === "USES_LOSS:model:blip-2->loss:itc");
    expect(uses?.attributes).toMatchObject({ label: "USES_LOSS", sources: 'json:["note:a.md"]' });
    expect(MultiDirectedGraph.from(sent).order).toBe(4);
    expect(gexfNode("k", { label: "Model", name: "n", size: "big" }).attributes.size).toBe("big");
  });

  it("names files by the local date", () => {
    expect(fileName("gexf", new Date(2026, 0, 5, 23, 59))).toBe("notegraph-2026-01-05.gexf");
    expect(fileName("json", new Date(2026, 10, 27))).toBe("notegraph-2026-11-27.json");
  });
});

describe("Gephi Lite setting", () => {
  const page = "http://127.0.0.1:3000/?limit=10";

  it("defaults to the public Gephi Lite, which a broadcast cannot reach from here", () => {
    const url = gephiLiteUrl(resolveExportSettings({}, page), page);
    expect(url.href).toBe("https://gephi.org/gephi-lite/");
    expect(gephiLiteRoute(url, "http://127.0.0.1:3000").kind).toBe("file");
  });

  it("takes ?gephiLite= (a path on this server broadcasts) and ignores what is not http(s)", () => {
    const overrides = exportSettingsFromQuery("?gephiLite=/gephi-lite/", page);
    const url = gephiLiteUrl(resolveExportSettings(overrides, page), page);
    expect(url.href).toBe("http://127.0.0.1:3000/gephi-lite/");
    expect(gephiLiteRoute(url, "http://127.0.0.1:3000").kind).toBe("broadcast");
    expect(exportSettingsFromQuery("?gephiLite=javascript:alert(1)", page)).toEqual({});
    expect(() => resolveExportSettings({ gephiLiteUrl: "ftp://x/" }, page)).toThrow(/gephiLiteUrl/);
  });
});
