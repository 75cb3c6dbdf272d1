/**
 * `GET /api/nodes/:id/neighbors`: a node, its neighbours, and (depth 2) theirs, cut to a node
 * budget: the node first, then nearer before farther, higher degree before lower.
 */
import type { GraphStore } from "../../store/types.js";
import type { SerializedGraph } from "../api-types.js";
import type { Adjacency } from "./adjacency.js";
import { UnknownNodeError } from "./errors.js";
import { byDegree, type Degrees, degreesOf, describeNodes, serialize } from "./subgraph.js";
import { topicsOf } from "./topics.js";
import { graphWalk } from "./walk.js";

export interface NeighbourhoodOptions {
  depth: 1 | 2;
  /** Node budget, the node itself included. */
  limit: number;
  /** Whole-graph degrees when the caller has them cached; else those of the nodes found are counted. */
  degrees?: (() => Promise<Degrees>) | undefined;
  /** Rows per relationship pair when collecting neighbours (through the store). */
  maxNeighbours?: number | undefined;
  /** The graph's relationships in memory when the caller has them cached; else the store is asked. */
  adjacency?: (() => Promise<Adjacency>) | undefined;
  /** Each node's topic, when the caller computes topics: nodes carry it as `topic`. */
  topics?: (() => Promise<ReadonlyMap<string, number>>) | undefined;
}

export async function neighbourhood(
  store: GraphStore,
  id: string,
  options: NeighbourhoodOptions,
): Promise<SerializedGraph> {
  if (!(await describeNodes(store, [id])).has(id)) throw new UnknownNodeError(`no node '${id}' in the graph`);
  const walk = await graphWalk(store, options.adjacency, options.maxNeighbours ?? 10_000);
  const first = await walk.neighbours([id]);
  first.ids.delete(id);
  let capped = first.capped;
  let second = new Set<string>();
  // Farther nodes only matter when the nearer ones leave room in the budget.
  if (options.depth === 2 && first.ids.size + 1 < options.limit) {
    const found = await walk.neighbours(first.ids);
    capped ||= found.capped;
    second = new Set([...found.ids].filter((other) => other !== id && !first.ids.has(other)));
  } else if (options.depth === 2) {
    capped = true;
  }
  const degrees = options.degrees
    ? await options.degrees()
    : await degreesOf(store, [id, ...first.ids, ...second]);
  const chosen = [
    id,
    ...[...first.ids].sort(byDegree(degrees)),
    ...[...second].sort(byDegree(degrees)),
  ].slice(0, options.limit);
  const nodes = await describeNodes(store, chosen);
  const edges = await walk.edgesAmong(nodes.keys());
  const ordered = chosen.flatMap((each) => nodes.get(each) ?? []);
  const totalNodes = 1 + first.ids.size + second.size;
  return serialize(
    ordered,
    degrees,
    edges,
    { totalNodes, truncated: capped || ordered.length < totalNodes },
    await topicsOf(options),
  );
}
