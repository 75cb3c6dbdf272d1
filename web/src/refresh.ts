/**
 * Bringing the graph on screen up to date after the server's graph changed (`kg serve
 * --watch`), in place: what the page would load now (the first load's subgraph and each
 * expansion's, fetched again) against what it holds. Nodes that are gone are dropped, new
 * ones placed next to a neighbour already drawn, changed ones (name, degree, topic) updated;
 * positions of the rest are never touched. Planning is pure; `applyRefresh` does the writes.
 */
import type { SerializedEdge, SerializedGraph, SerializedNode } from "../../src/server/api-types.js";
import type { JsonValue } from "../../src/store/types.js";
import type { KnowledgeGraph } from "./graph-data.js";
import { seededPoint } from "./seed.js";

export interface Desired {
  nodes: Map<string, SerializedNode["attributes"]>;
  edges: Map<string, SerializedEdge>;
}

export function unionOf(graphs: readonly SerializedGraph[]): Desired {
  const desired: Desired = { nodes: new Map(), edges: new Map() };
  for (const graph of graphs) {
    for (const node of graph.nodes)
      if (!desired.nodes.has(node.key)) desired.nodes.set(node.key, node.attributes);
    for (const edge of graph.edges) if (!desired.edges.has(edge.key)) desired.edges.set(edge.key, edge);
  }
  return desired;
}

export interface RefreshPlan {
  add: SerializedNode[];
  drop: string[];
  /** Server attributes that changed (positions are the page's own and never listed). */
  update: { key: string; attributes: Record<string, JsonValue>; removed: string[] }[];
  addEdges: SerializedEdge[];
  dropEdges: string[];
}

/** Attributes the server decides; x and y are the layout's. */
const SERVER_KEYS = ["label", "name", "degree", "topic"] as const;

export function planRefresh(graph: KnowledgeGraph, desired: Desired): RefreshPlan {
  const plan: RefreshPlan = { add: [], drop: [], update: [], addEdges: [], dropEdges: [] };
  graph.forEachNode((key, attributes) => {
    const wanted = desired.nodes.get(key);
    if (!wanted) {
      plan.drop.push(key);
      return;
    }
    const changed: Record<string, JsonValue> = {};
    const removed: string[] = [];
    for (const name of SERVER_KEYS) {
      const now = attributes[name];
      const next = wanted[name];
      if (next === undefined && now !== undefined) removed.push(name);
      else if (next !== undefined && next !== now) changed[name] = next;
    }
    if (Object.keys(changed).length > 0 || removed.length > 0)
      plan.update.push({ key, attributes: changed, removed });
  });
  for (const [key, attributes] of desired.nodes) if (!graph.hasNode(key)) plan.add.push({ key, attributes });
  graph.forEachEdge((key) => {
    if (!desired.edges.has(key)) plan.dropEdges.push(key);
  });
  for (const [key, edge] of desired.edges) if (!graph.hasEdge(key)) plan.addEdges.push(edge);
  return plan;
}

export const isEmptyPlan = (plan: RefreshPlan): boolean =>
  plan.add.length + plan.drop.length + plan.update.length + plan.addEdges.length + plan.dropEdges.length ===
  0;

/** Whether the plan changes `key` itself or one of its relationships (its details panel is stale). */
export function touches(plan: RefreshPlan, graph: KnowledgeGraph, key: string): boolean {
  if (plan.update.some((u) => u.key === key) || plan.drop.includes(key)) return true;
  if (plan.addEdges.some((edge) => edge.source === key || edge.target === key)) return true;
  return plan.dropEdges.some((edge) => graph.hasEdge(edge) && graph.extremities(edge).includes(key));
}

/**
 * Applies a plan. A new node goes next to a neighbour already on the graph (or one placed
 * before it in this plan), else near the centre of what is there.
 */
export function applyRefresh(graph: KnowledgeGraph, plan: RefreshPlan): void {
  for (const key of plan.dropEdges) if (graph.hasEdge(key)) graph.dropEdge(key);
  for (const key of plan.drop) if (graph.hasNode(key)) graph.dropNode(key);
  for (const { key, attributes, removed } of plan.update) {
    if (!graph.hasNode(key)) continue;
    graph.mergeNodeAttributes(key, attributes);
    for (const name of removed) graph.removeNodeAttribute(key, name);
  }
  const neighbours = new Map<string, string[]>();
  for (const edge of plan.addEdges) {
    neighbours.set(edge.source, [...(neighbours.get(edge.source) ?? []), edge.target]);
    neighbours.set(edge.target, [...(neighbours.get(edge.target) ?? []), edge.source]);
  }
  const spread = 2 + Math.sqrt(Math.max(1, graph.order)) * 0.6;
  const centre = centreOf(graph);
  // Nodes with a neighbour on the graph first, so chains of new nodes grow from the graph.
  const pending = [...plan.add];
  for (let round = 0; pending.length > 0 && round < 3; round++) {
    for (let i = 0; i < pending.length; ) {
      const node = pending[i] as SerializedNode;
      const anchor = (neighbours.get(node.key) ?? []).find((other) => graph.hasNode(other));
      if (!anchor && round < 2) {
        i++;
        continue;
      }
      const at = anchor ? graph.getNodeAttributes(anchor) : centre;
      graph.addNode(node.key, { ...node.attributes, ...seededPoint(node.key, at, spread) });
      pending.splice(i, 1);
    }
  }
  for (const edge of plan.addEdges) {
    if (graph.hasEdge(edge.key) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.key, edge.source, edge.target, edge.attributes);
  }
}

function centreOf(graph: KnowledgeGraph): { x: number; y: number } {
  if (graph.order === 0) return { x: 0, y: 0 };
  let x = 0;
  let y = 0;
  graph.forEachNode((_key, attributes) => {
    x += attributes.x;
    y += attributes.y;
  });
  return { x: x / graph.order, y: y / graph.order };
}
