/**
 * A knowledge graph written as graphology JSON, GEXF (Gephi, Gephi Lite) or GraphML (yEd,
 * Cytoscape, NetworkX). XML formats hold scalar attributes only, so lists (`sources`,
 * `aliases`, `categories`, `embedding`) travel as JSON text and are read back by `fromXml`.
 * Pure: graph in, text out.
 */
import { MultiDirectedGraph } from "graphology";
import * as gexf from "graphology-gexf";
import * as graphml from "graphology-graphml";
import { gexfEdge, gexfNode, scalars, unscalars, xmlSafe } from "./gexf-mapping.js";
import type { EdgeAttributes, KnowledgeGraph, NodeAttributes } from "./load-graph.js";

export { xmlSafe };

export const EXPORT_FORMATS = ["json", "gexf", "graphml"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function writeGraph(graph: KnowledgeGraph, format: ExportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(graph.export(), null, 2)}\n`;
    case "gexf":
      // GEXF's own `label` is the display name; the node label travels as `nodeLabel` (gexf-mapping.ts).
      return gexf.write(graph, { formatNode: gexfNode, formatEdge: gexfEdge });
    case "graphml":
      return writeGraphml(graph);
  }
}

/** Parses what writeGraph wrote back into a graph with the original attribute values. */
export function readGraph(text: string, format: ExportFormat): KnowledgeGraph {
  if (format === "json") {
    const graph: KnowledgeGraph = new MultiDirectedGraph({ allowSelfLoops: true });
    graph.import(JSON.parse(text));
    return graph;
  }
  const parsed =
    format === "gexf" ? gexf.parse(MultiDirectedGraph, text) : graphml.parse(MultiDirectedGraph, text);
  const graph: KnowledgeGraph = new MultiDirectedGraph({ allowSelfLoops: true });
  parsed.forEachNode((key, attributes) => {
    if (format === "gexf") {
      const { label: _displayName, nodeLabel, ...rest } = attributes;
      graph.addNode(key, unscalars({ label: nodeLabel, ...rest }) as NodeAttributes);
    } else {
      graph.addNode(key, unscalars(attributes) as NodeAttributes);
    }
  });
  parsed.forEachEdge((key, attributes, source, target) => {
    const { label: _gexfLabel, weight: _weight, ...rest } = attributes;
    graph.addDirectedEdgeWithKey(
      key,
      source,
      target,
      unscalars(format === "gexf" ? rest : attributes) as EdgeAttributes,
    );
  });
  return graph;
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** XML 1.0 cannot hold most control characters even escaped: they are dropped. */
function xmlText(value: string): string {
  return xmlSafe(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);
}

/**
 * GraphML by hand: graphology-graphml only parses. One `<key>` per attribute name and
 * element kind, typed from the values (a name holding both numbers and strings is a string).
 */
function writeGraphml(graph: KnowledgeGraph): string {
  type Kind = "node" | "edge";
  const types = new Map<string, "string" | "double" | "boolean">();
  const note = (kind: Kind, attributes: Record<string, string | number | boolean>) => {
    for (const [name, value] of Object.entries(attributes)) {
      const type = typeof value === "number" ? "double" : typeof value === "boolean" ? "boolean" : "string";
      const key = `${kind}\u0000${name}`;
      const seen = types.get(key);
      types.set(key, seen && seen !== type ? "string" : type);
    }
  };
  const nodes: [string, Record<string, string | number | boolean>][] = [];
  const edges: [string, string, string, Record<string, string | number | boolean>][] = [];
  graph.forEachNode((key, attributes) => {
    const values = scalars(attributes);
    note("node", values);
    nodes.push([key, values]);
  });
  graph.forEachEdge((key, attributes, source, target) => {
    const values = scalars(attributes);
    note("edge", values);
    edges.push([key, source, target, values]);
  });
  const ids = new Map<string, string>();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
  ];
  for (const [key, type] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, name] = key.split("\u0000") as [Kind, string];
    const id = `${kind === "node" ? "n" : "e"}${ids.size}`;
    ids.set(key, id);
    lines.push(`  <key id="${id}" for="${kind}" attr.name="${xmlText(name)}" attr.type="${type}"/>`);
  }
  const data = (kind: Kind, values: Record<string, string | number | boolean>) =>
    Object.entries(values).map(
      ([name, value]) =>
        `      <data key="${ids.get(`${kind}\u0000${name}`)}">${xmlText(String(value))}</data>`,
    );
  lines.push('  <graph edgedefault="directed">');
  for (const [key, values] of nodes)
    lines.push(`    <node id="${xmlText(key)}">`, ...data("node", values), "    </node>");
  for (const [key, source, target, values] of edges) {
    lines.push(
      `    <edge id="${xmlText(key)}" source="${xmlText(source)}" target="${xmlText(target)}">`,
      ...data("edge", values),
      "    </edge>",
    );
  }
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}
