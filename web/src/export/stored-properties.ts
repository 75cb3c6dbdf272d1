/**
 * The viewer holds only a node's label, name and degree and a relationship's type; an export
 * should carry what `kg export` does: every stored property, and each relationship's
 * evidence (sources, line, extractor, confidence). They are read for the exported elements
 * through the read-only Cypher endpoint, one node label or one (type, start label, end label)
 * at a time and in chunks, so every query stays under the server's row cap and names only
 * labels and types from the schema's lists; ids are always parameters.
 */
import { isNodeLabel, isRelType } from "../../../src/graph/schema.js";
import type { ApiClient } from "../api.js";
import type { ExportGraph } from "./visible-graph.js";

/** Ids per query: far under the row cap for nodes, and a body well under the size limit. */
const CHUNK = 100;
/** Hundreds of numbers per figure, of no use outside notegraph (as `kg export --no-embeddings`). */
const LEFT_OUT = new Set(["id", "embedding"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isRecord = (value: unknown): value is Record<string, Json> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface Enrichment {
  /** Nodes and edges that got their stored properties. */
  nodes: number;
  edges: number;
  /** A query hit the row cap: some relationships kept only their type. */
  truncated: boolean;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The stored properties, under the attributes the viewer set (label, name, degree, look win). */
function merge(
  current: Record<string, unknown>,
  properties: Json | undefined,
): Record<string, unknown> | null {
  if (!isRecord(properties)) return null;
  const stored = Object.fromEntries(Object.entries(properties).filter(([key]) => !LEFT_OUT.has(key)));
  return { ...stored, ...current };
}

/** Writes the stored properties into `graph`'s attributes (the export copy, never the viewer's graph). */
export async function addStoredProperties(graph: ExportGraph, api: ApiClient): Promise<Enrichment> {
  const result: Enrichment = { nodes: 0, edges: 0, truncated: false };

  const byLabel = groupBy(graph.nodes(), (key) => {
    const label = graph.getNodeAttribute(key, "label");
    return isNodeLabel(label) ? label : null;
  });
  for (const [label, ids] of byLabel) {
    for (const part of chunks(ids)) {
      const { rows } = await api.cypher({
        query: `UNWIND $ids AS i MATCH (n:\`${label}\` {id: i}) RETURN n.id AS id, n AS n`,
        params: { ids: part },
      });
      for (const [id, node] of rows) {
        if (typeof id !== "string" || !graph.hasNode(id) || !isRecord(node)) continue;
        const merged = merge(graph.getNodeAttributes(id), node.properties);
        if (!merged) continue;
        graph.replaceNodeAttributes(id, merged as ReturnType<typeof graph.getNodeAttributes>);
        result.nodes++;
      }
    }
  }

  const labelOf = (key: string) => graph.getNodeAttribute(key, "label");
  const byPair = groupBy(graph.edges(), (key) => {
    const type = graph.getEdgeAttribute(key, "type");
    const from = labelOf(graph.source(key));
    const to = labelOf(graph.target(key));
    return isRelType(type) && isNodeLabel(from) && isNodeLabel(to) ? `${type} ${from} ${to}` : null;
  });
  for (const [pair, edges] of byPair) {
    const [type, from, to] = pair.split(" ");
    const wanted = new Map(edges.map((key) => [`${graph.source(key)}\u0000${graph.target(key)}`, key]));
    const starts = [...new Set(edges.map((key) => graph.source(key)))];
    for (const part of chunks(starts)) {
      const { rows, truncated } = await api.cypher({
        query: `UNWIND $ids AS i MATCH (a:\`${from}\` {id: i})-[r:\`${type}\`]->(b:\`${to}\`) RETURN a.id AS s, b.id AS t, r AS r`,
        params: { ids: part },
      });
      result.truncated ||= truncated;
      for (const [source, target, relationship] of rows) {
        const key = wanted.get(`${String(source)}\u0000${String(target)}`);
        if (!key || !isRecord(relationship)) continue;
        const merged = merge(graph.getEdgeAttributes(key), relationship.properties);
        if (!merged) continue;
        graph.replaceEdgeAttributes(key, merged as ReturnType<typeof graph.getEdgeAttributes>);
        result.edges++;
      }
    }
  }
  return result;
}
