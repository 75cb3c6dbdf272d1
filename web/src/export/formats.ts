/// <reference path="./gexf-writer.d.ts" />
/**
 * The exported graph as text or data: GEXF through graphology-gexf's browser writer, with the
 * attribute mapping `kg export` uses (src/export/gexf-mapping.ts), graphology's serialised
 * JSON (as `kg export --format json`, plus the viewer's look), and the graph Gephi Lite
 * imports over its broadcast channel (GEXF's mapping, flattened: `label` is the name).
 */

import writeGexf from "graphology-gexf/browser/writer.js";
import type { SerializedGraph } from "graphology-types";
import { type GexfElement, gexfEdge, gexfNode } from "../../../src/export/gexf-mapping.js";
import type { ExportGraph } from "./visible-graph.js";

export const DOWNLOAD_FORMATS = {
  gexf: { extension: "gexf", type: "application/gexf+xml" },
  json: { extension: "json", type: "application/json" },
} as const;
export type DownloadFormat = keyof typeof DOWNLOAD_FORMATS;

/** Written into GEXF's <meta> (graphology-gexf reads `creator` and `description` from the graph). */
function described(graph: ExportGraph, date: Date): ExportGraph {
  const copy = graph.copy();
  copy.replaceAttributes({
    creator: "notegraph",
    description: `The graph visible in the notegraph viewer: ${graph.order} nodes, ${graph.size} relationships`,
    lastModifiedDate: localDay(date),
  });
  return copy;
}

export function toGexf(graph: ExportGraph, date = new Date()): string {
  return writeGexf(described(graph, date), { formatNode: gexfNode, formatEdge: gexfEdge });
}

export function toJson(graph: ExportGraph): string {
  return `${JSON.stringify(graph.export(), null, 2)}\n`;
}

export function serialize(graph: ExportGraph, format: DownloadFormat, date = new Date()): string {
  return format === "gexf" ? toGexf(graph, date) : toJson(graph);
}

/** YYYY-MM-DD in local time: the day the user sees on their calendar. */
const localDay = (date: Date): string =>
  [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((part) => String(part).padStart(2, "0"))
    .join("-");

/** `notegraph-2026-11-27.gexf`. */
export function fileName(format: DownloadFormat, date = new Date()): string {
  return `notegraph-${localDay(date)}.${DOWNLOAD_FORMATS[format].extension}`;
}

const flatten = ({ label, attributes, viz }: GexfElement): Record<string, string | number | boolean> => ({
  ...attributes,
  ...viz,
  label,
});

/** What Gephi Lite's `importGraph` takes: `label`, `x`, `y`, `size`, `color` drawn, the rest as data. */
export function toGephiLite(graph: ExportGraph): SerializedGraph {
  const serialized = graph.export();
  return {
    ...serialized,
    attributes: { title: "notegraph" },
    nodes: serialized.nodes.map((node) => ({
      key: node.key,
      attributes: flatten(gexfNode(node.key, node.attributes ?? {})),
    })),
    edges: serialized.edges.map((edge) => ({
      ...edge,
      attributes: flatten(gexfEdge(edge.key ?? "", edge.attributes ?? {})),
    })),
  };
}
