/**
 * How a subgraph answer finds neighbours and the relationships among chosen nodes: from the
 * adjacency in memory when the server has it, else by querying the store.
 */
import type { GraphStore } from "../../store/types.js";
import type { SerializedEdge } from "../api-types.js";
import { type Adjacency, adjacentIds, edgesAmong } from "./adjacency.js";
import { inducedEdges, neighbourIds } from "./subgraph.js";

/** How neighbours and the relationships among nodes are found: from memory, or by querying. */
export interface GraphWalk {
  neighbours(ids: Iterable<string>): Promise<{ ids: Set<string>; capped: boolean }>;
  edgesAmong(ids: Iterable<string>): Promise<SerializedEdge[]>;
}

export async function graphWalk(
  store: GraphStore,
  adjacency: (() => Promise<Adjacency>) | undefined,
  maxRows: number,
): Promise<GraphWalk> {
  if (adjacency) {
    const inMemory = await adjacency();
    return {
      neighbours: async (ids) => ({ ids: adjacentIds(inMemory, ids), capped: false }),
      edgesAmong: async (ids) => edgesAmong(inMemory, ids),
    };
  }
  return {
    neighbours: (ids) => neighbourIds(store, ids, maxRows),
    edgesAmong: (ids) => inducedEdges(store, ids),
  };
}
