/**
 * The building blocks of every subgraph the API returns, store-agnostic: names and labels of
 * nodes, whole-graph degrees, neighbours, and the relationships among a chosen set. Each
 * query names one node label and one relationship type, batched with `UNWIND $ids`.
 */
import type { NodeLabel, RelType } from "../../graph/schema.js";
import { chunks } from "../../store/collections.js";
import type { GraphStore, JsonValue } from "../../store/types.js";
import type { SerializedEdge, SerializedGraph, SerializedNode } from "../api-types.js";
import {
  groupByLabel,
  type IncidentPair,
  incidentPairs,
  pairPattern,
  REL_PAIRS,
  type RelPair,
} from "./labels.js";

export const READ = { readOnly: true } as const;

/** How long Neo4j's list of relationship types in use is trusted. */
const TYPES_TTL_MS = 10_000;
const typesCache = new WeakMap<GraphStore, { at: number; types: Promise<ReadonlySet<RelType> | null> }>();

/**
 * The relationship types queries may name, or null for all. Neo4j only knows a type once a
 * relationship of it was created, and the adapter fails a query naming an unknown type (as
 * Kuzu would a misspelt one), so on Neo4j the types with no relationship are left out; the
 * list is counted again after a few seconds. Kuzu has every table from the start.
 */
export function typesInUse(store: GraphStore): Promise<ReadonlySet<RelType> | null> {
  if (store.kind === "kuzu") return Promise.resolve(null);
  const cached = typesCache.get(store);
  if (cached && Date.now() - cached.at < TYPES_TTL_MS) return cached.types;
  const types = store
    .stats()
    .then(
      (stats) =>
        new Set(REL_PAIRS.map((pair) => pair.type).filter((type) => (stats.relationships[type] ?? 0) > 0)),
    );
  typesCache.set(store, { at: Date.now(), types });
  types.catch(() => typesCache.delete(store));
  return types;
}

/** Counts the types in use again on the next call (the graph changed: `kg serve --watch`). */
export function forgetTypesInUse(store: GraphStore): void {
  typesCache.delete(store);
}

/** The relationship pairs worth a query on this store (see typesInUse). */
export async function livePairs(store: GraphStore): Promise<readonly RelPair[]> {
  const types = await typesInUse(store);
  return types ? REL_PAIRS.filter((pair) => types.has(pair.type)) : REL_PAIRS;
}

/** incidentPairs(label), without the types this store has no relationship of. */
export async function liveIncidentPairs(store: GraphStore, label: NodeLabel): Promise<IncidentPair[]> {
  const types = await typesInUse(store);
  const all = incidentPairs(label);
  return types ? all.filter((incident) => types.has(incident.pair.type)) : all;
}

export interface NodeSummary {
  id: string;
  label: NodeLabel;
  name: string;
}

/** Degree by node id; a node missing from the map has degree 0. */
export type Degrees = ReadonlyMap<string, number>;

/** Label and display name of each id that exists in the graph (ids not found are absent). */
export async function describeNodes(
  store: GraphStore,
  ids: Iterable<string>,
): Promise<Map<string, NodeSummary>> {
  const found = new Map<string, NodeSummary>();
  for (const [label, group] of groupByLabel(new Set(ids))) {
    for (const part of chunks(group)) {
      const { rows } = await store.query(
        `UNWIND $ids AS i MATCH (n:\`${label}\` {id: i}) RETURN n.id AS id, n.name AS name`,
        { ids: part },
        READ,
      );
      for (const row of rows) {
        const id = String(row.id);
        found.set(id, { id, label, name: typeof row.name === "string" && row.name ? row.name : id });
      }
    }
  }
  return found;
}

/** Every node's degree in the whole graph, two grouped counts per relationship pair. */
export async function allDegrees(store: GraphStore): Promise<Map<string, number>> {
  const degrees = new Map<string, number>();
  for (const pair of await livePairs(store)) {
    for (const end of ["a", "b"] as const) {
      const { rows } = await store.query(
        `MATCH (a:\`${pair.from}\`)-[r:\`${pair.type}\`]->(b:\`${pair.to}\`) RETURN ${end}.id AS id, count(r) AS d`,
        {},
        READ,
      );
      for (const row of rows) add(degrees, String(row.id), Number(row.d));
    }
  }
  return degrees;
}

/** The whole-graph degree of each of `ids` (only those ids are counted). */
export async function degreesOf(store: GraphStore, ids: Iterable<string>): Promise<Map<string, number>> {
  const degrees = new Map<string, number>();
  for (const [label, group] of groupByLabel(new Set(ids))) {
    for (const incident of await liveIncidentPairs(store, label)) {
      for (const part of chunks(group)) {
        const { rows } = await store.query(
          `UNWIND $ids AS i MATCH ${pairPattern(incident, " {id: i}")} RETURN i AS id, count(r) AS d`,
          { ids: part },
          READ,
        );
        for (const row of rows) add(degrees, String(row.id), Number(row.d));
      }
    }
  }
  return degrees;
}

/**
 * The ids adjacent to any of `ids`, in either direction, at most `maxRows` per relationship
 * pair; `capped` says whether a pair had more.
 */
export async function neighbourIds(
  store: GraphStore,
  ids: Iterable<string>,
  maxRows: number,
): Promise<{ ids: Set<string>; capped: boolean }> {
  const found = new Set<string>();
  let capped = false;
  for (const [label, group] of groupByLabel(new Set(ids))) {
    for (const incident of await liveIncidentPairs(store, label)) {
      for (const part of chunks(group)) {
        const { rows } = await store.query(
          `UNWIND $ids AS i MATCH ${pairPattern(incident, " {id: i}")} RETURN DISTINCT y.id AS id LIMIT $limit`,
          { ids: part, limit: maxRows + 1 },
          READ,
        );
        if (rows.length > maxRows) capped = true;
        for (const row of rows.slice(0, maxRows)) found.add(String(row.id));
      }
    }
  }
  return { ids: found, capped };
}

/** Ids filtered with `IN $list` in the store; longer lists are filtered here (see inducedEdges). */
const IN_LIST_MAX = 150;

/** The relationships whose two ends are both in `ids`, anchored on the smaller side of each pair. */
export async function inducedEdges(store: GraphStore, ids: Iterable<string>): Promise<SerializedEdge[]> {
  const byLabel = groupByLabel(new Set(ids));
  const edges: SerializedEdge[] = [];
  for (const pair of await livePairs(store)) {
    const starts = byLabel.get(pair.from) ?? [];
    const ends = byLabel.get(pair.to) ?? [];
    if (starts.length === 0 || ends.length === 0) continue;
    const incident: IncidentPair =
      starts.length <= ends.length
        ? { pair, direction: "out", other: pair.to }
        : { pair, direction: "in", other: pair.from };
    const [anchors, others] = incident.direction === "out" ? [starts, ends] : [ends, starts];
    // `IN $others` is a linear scan of the list per relationship in Kuzu: past ~150
    // ids, every relationship of the anchors is fetched and filtered here instead.
    const inStore = others.length <= IN_LIST_MAX;
    const wanted = inStore ? null : new Set(others);
    const filter = inStore ? " WHERE y.id IN $others" : "";
    for (const part of chunks(anchors)) {
      const { rows } = await store.query(
        `UNWIND $ids AS i MATCH ${pairPattern(incident, " {id: i}")}${filter} RETURN x.id AS x, y.id AS y`,
        inStore ? { ids: part, others } : { ids: part },
        READ,
      );
      for (const row of rows) {
        if (wanted && !wanted.has(String(row.y))) continue;
        const [from, to] = incident.direction === "out" ? [row.x, row.y] : [row.y, row.x];
        edges.push(edge(pair, String(from), String(to)));
      }
    }
  }
  return edges.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function edge(pair: RelPair, from: string, to: string): SerializedEdge {
  return edgeOfType(pair.type, from, to);
}

export function edgeOfType(type: RelType, from: string, to: string): SerializedEdge {
  return { key: edgeKey(type, from, to), source: from, target: to, attributes: { type } };
}

/** Unique per (type, from, to), as relationships are. */
export const edgeKey = (type: string, from: string, to: string): string => `${type}:${from}->${to}`;

/** Higher degree first, then id: the order nodes are kept in when a budget cuts. */
export function byDegree(degrees: Degrees): (a: string, b: string) => number {
  return (a, b) => (degrees.get(b) ?? 0) - (degrees.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}

export function serialize(
  nodes: Iterable<NodeSummary>,
  degrees: Degrees,
  edges: SerializedEdge[],
  totals: { totalNodes: number; truncated: boolean },
  topics: ReadonlyMap<string, number> = new Map(),
): SerializedGraph {
  const serialized: SerializedNode[] = [];
  for (const node of nodes) {
    const topic = topics.get(node.id);
    serialized.push({
      key: node.id,
      attributes: {
        label: node.label,
        name: node.name,
        degree: degrees.get(node.id) ?? 0,
        ...(topic !== undefined ? { topic } : {}),
      },
    });
  }
  return {
    attributes: { truncated: totals.truncated, totalNodes: totals.totalNodes },
    nodes: serialized,
    edges,
  };
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

export const stringOrNull = (value: JsonValue | undefined): string | null =>
  typeof value === "string" ? value : null;
export const numberOrNull = (value: JsonValue | undefined): number | null =>
  typeof value === "number" ? value : null;
