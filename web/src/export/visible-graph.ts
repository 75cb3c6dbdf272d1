/**
 * The graph as the viewer shows it, as a graph of its own for export: the nodes and edges
 * the reducers draw (a label filter's hidden nodes and their edges are left out; collapsed
 * expansions are already gone from the graph), each with its data attributes plus the look
 * it has at rest: position, size by degree and colour by label. Hover, selection and Cypher
 * highlights only dim or enlarge for a moment, so they do not change the export.
 * Pure: the viewer's graph and state in, a new graph out.
 */
import { MultiDirectedGraph } from "graphology";
import type { EdgeAttributes, KnowledgeGraph, NodeAttributes } from "../graph-data.js";
import { deriveContext, edgeDisplay, nodeDisplay } from "../reducers.js";
import type { ViewerSettings } from "../settings.js";
import type { ViewerState } from "../state.js";

export type ExportNodeAttributes = NodeAttributes & { size: number; color: string };
export type ExportEdgeAttributes = EdgeAttributes & { color: string };
export type ExportGraph = MultiDirectedGraph<ExportNodeAttributes, ExportEdgeAttributes>;

export function visibleGraph(
  graph: KnowledgeGraph,
  state: ViewerState,
  settings: ViewerSettings,
): ExportGraph {
  // What is hidden follows the real state (a selected node stays visible through a filter);
  // the look is the one nothing in focus gives.
  const shown = deriveContext(graph, state, settings);
  const resting = deriveContext(
    graph,
    { ...state, hovered: null, selected: null, highlighted: new Set() },
    settings,
  );
  const out: ExportGraph = new MultiDirectedGraph({ allowSelfLoops: true });
  graph.forEachNode((key, attributes) => {
    if (nodeDisplay(graph, key, attributes, shown).hidden) return;
    const look = nodeDisplay(graph, key, attributes, resting);
    out.addNode(key, { ...attributes, x: look.x, y: look.y, size: look.size, color: look.color });
  });
  graph.forEachEdge((key, attributes, source, target) => {
    if (!out.hasNode(source) || !out.hasNode(target)) return;
    if (edgeDisplay(graph, key, attributes, shown).hidden) return;
    const look = edgeDisplay(graph, key, attributes, resting);
    out.addDirectedEdgeWithKey(key, source, target, { ...attributes, color: look.color });
  });
  return out;
}
