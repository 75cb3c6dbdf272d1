/**
 * The graph the viewer holds: a graphology multi-directed graph of the server's serialised
 * nodes and edges plus layout positions. Merging a subgraph adds only what is missing and
 * says what it added, so an expansion can later remove exactly that.
 */
import { MultiDirectedGraph } from "graphology";
import type { SerializedEdge, SerializedGraph, SerializedNode } from "../../src/server/api-types.js";

export type NodeAttributes = SerializedNode["attributes"] & { x: number; y: number };
export type EdgeAttributes = SerializedEdge["attributes"];
export type KnowledgeGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export interface AddedElements {
  nodes: string[];
  /** With endpoints, so bookkeeping can tell which nodes an edge depends on. */
  edges: { key: string; source: string; target: string }[];
}

export function createGraph(): KnowledgeGraph {
  // Multi: a note may both DESCRIBE and MENTION a model. Directed: relationships are.
  return new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: true });
}

/** Where a node without a server position goes: given the node's id, an (x, y). */
export type Placement = (key: string) => { x: number; y: number };

export function mergeSubgraph(
  graph: KnowledgeGraph,
  subgraph: SerializedGraph,
  place: Placement,
): AddedElements {
  const added: AddedElements = { nodes: [], edges: [] };
  for (const node of subgraph.nodes) {
    if (graph.hasNode(node.key)) continue;
    const { x, y } = node.attributes;
    const position = typeof x === "number" && typeof y === "number" ? { x, y } : place(node.key);
    graph.addNode(node.key, { ...node.attributes, ...position });
    added.nodes.push(node.key);
  }
  for (const edge of subgraph.edges) {
    if (graph.hasEdge(edge.key)) continue;
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.key, edge.source, edge.target, edge.attributes);
    added.edges.push({ key: edge.key, source: edge.source, target: edge.target });
  }
  return added;
}

/** Drops what `mergeSubgraph` added (what is already gone is skipped). */
export function removeElements(graph: KnowledgeGraph, elements: AddedElements): void {
  for (const edge of elements.edges) if (graph.hasEdge(edge.key)) graph.dropEdge(edge.key);
  for (const node of elements.nodes) if (graph.hasNode(node)) graph.dropNode(node);
}

export function labelCounts(graph: KnowledgeGraph): Map<string, number> {
  const counts = new Map<string, number>();
  graph.forEachNode((_, attributes) => {
    counts.set(attributes.label, (counts.get(attributes.label) ?? 0) + 1);
  });
  return counts;
}
