/**
 * The whole graph's relationships as ids in memory, for the server's subgraph answers. A
 * neighbourhood through the store is 16 to 47 statements (one per relationship pair), about
 * 90 ms of Kuzu's CPU each time; the same answer from memory takes well under a millisecond.
 * Read once per cache period (the server's AnswerCache), like the degrees it also gives:
 * ids and types only, some 100 bytes per relationship.
 */
import type { RelType } from "../../graph/schema.js";
import type { GraphStore } from "../../store/types.js";
import type { SerializedEdge } from "../api-types.js";
import { type Degrees, edgeOfType, livePairs, READ } from "./subgraph.js";

export interface OutEdge {
  type: RelType;
  to: string;
}

export interface Adjacency {
  /** Relationships by their start node's id. */
  readonly outgoing: ReadonlyMap<string, readonly OutEdge[]>;
  /** Start nodes' ids by end node's id. */
  readonly incoming: ReadonlyMap<string, readonly string[]>;
  /** Relationships at each node, either direction (as allDegrees counts them). */
  readonly degrees: Degrees;
}

export async function loadAdjacency(store: GraphStore): Promise<Adjacency> {
  const outgoing = new Map<string, OutEdge[]>();
  const incoming = new Map<string, string[]>();
  const degrees = new Map<string, number>();
  for (const pair of await livePairs(store)) {
    const { rows } = await store.query(
      `MATCH (a:\`${pair.from}\`)-[r:\`${pair.type}\`]->(b:\`${pair.to}\`) RETURN a.id AS a, b.id AS b`,
      {},
      READ,
    );
    for (const row of rows) {
      const from = String(row.a);
      const to = String(row.b);
      listAt(outgoing, from).push({ type: pair.type, to });
      listAt(incoming, to).push(from);
      degrees.set(from, (degrees.get(from) ?? 0) + 1);
      degrees.set(to, (degrees.get(to) ?? 0) + 1);
    }
  }
  return { outgoing, incoming, degrees };
}

/** The ids adjacent to any of `ids`, in either direction. */
export function adjacentIds(adjacency: Adjacency, ids: Iterable<string>): Set<string> {
  const found = new Set<string>();
  for (const id of ids) {
    for (const edge of adjacency.outgoing.get(id) ?? []) found.add(edge.to);
    for (const from of adjacency.incoming.get(id) ?? []) found.add(from);
  }
  return found;
}

/** The relationships whose two ends are both in `ids`, sorted by key (as inducedEdges gives them). */
export function edgesAmong(adjacency: Adjacency, ids: Iterable<string>): SerializedEdge[] {
  const wanted = new Set(ids);
  const edges: SerializedEdge[] = [];
  for (const from of wanted) {
    for (const edge of adjacency.outgoing.get(from) ?? []) {
      if (wanted.has(edge.to)) edges.push(edgeOfType(edge.type, from, edge.to));
    }
  }
  return edges.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function listAt<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}
