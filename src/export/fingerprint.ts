/**
 * One hash for a whole stored graph: node ids with labels and properties, relationship keys
 * with properties, in a canonical order. Two graphs have the same fingerprint exactly when
 * they hold the same data, whichever store, and however the writes were split or resumed.
 * `Note.root` (an absolute path) is left out so two checkouts of the same notes agree.
 */
import { createHash } from "node:crypto";
import type { GraphStore, JsonValue } from "../store/types.js";
import { loadGraph } from "./load-graph.js";

export interface GraphFingerprint {
  sha256: string;
  nodes: number;
  relationships: number;
}

const LEFT_OUT = new Set(["root"]);

export async function graphFingerprint(store: GraphStore): Promise<GraphFingerprint> {
  const graph = await loadGraph(store);
  const hash = createHash("sha256");
  const nodes = graph.nodes().sort();
  for (const id of nodes) hash.update(`N${canonical({ id, ...graph.getNodeAttributes(id) })}\n`);
  const edges = graph.edges().sort();
  for (const key of edges) hash.update(`E${canonical({ key, ...graph.getEdgeAttributes(key) })}\n`);
  return { sha256: hash.digest("hex"), nodes: nodes.length, relationships: edges.length };
}

/** JSON with keys sorted, lists of strings sorted (their order is not data), doubles rounded. */
function canonical(value: Record<string, JsonValue>): string {
  const entries = Object.entries(value)
    .filter(([key, item]) => !LEFT_OUT.has(key) && item !== null && item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => [key, normalize(item)]);
  return JSON.stringify(Object.fromEntries(entries));
}

function normalize(value: JsonValue): JsonValue {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(7));
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    return items.every((item) => typeof item === "string") ? [...(items as string[])].sort() : items;
  }
  return value;
}
