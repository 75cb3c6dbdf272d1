/**
 * Bookkeeping for "expand a node's neighbourhood": each expansion remembers what it added.
 * Collapsing one removes that and, first, every expansion made from inside it (one rooted at
 * a node it added, or one that linked to such a node): like closing a folder in a tree.
 * Nodes and edges that were there before (the first load, other expansions) are never touched.
 * Pure: the controller (expand.ts) applies the plans to the graph.
 */
import type { SerializedGraph } from "../../src/server/api-types.js";
import type { AddedElements } from "./graph-data.js";

export interface Expansion extends AddedElements {
  root: string;
}

/** In creation order (a Map keeps insertion order). */
export type Expansions = ReadonlyMap<string, Expansion>;

export function addExpansion(expansions: Expansions, expansion: Expansion): Expansions {
  const next = new Map(expansions);
  next.delete(expansion.root);
  next.set(expansion.root, expansion);
  return next;
}

export interface CollapsePlan {
  /** The expansions to undo, dependents before what they depend on. */
  roots: string[];
  /** What to remove from the graph. */
  elements: AddedElements;
  /** The bookkeeping afterwards. */
  remaining: Expansions;
}

function dependsOn(expansion: Expansion, nodes: ReadonlySet<string>): boolean {
  return (
    nodes.has(expansion.root) ||
    expansion.edges.some((edge) => nodes.has(edge.source) || nodes.has(edge.target))
  );
}

export function planCollapse(expansions: Expansions, root: string): CollapsePlan {
  const collapsing = new Set<string>();
  const removedNodes = new Set<string>();
  const visit = (key: string) => {
    const expansion = expansions.get(key);
    if (!expansion || collapsing.has(key)) return;
    collapsing.add(key);
    for (const node of expansion.nodes) removedNodes.add(node);
    let grew = true;
    while (grew) {
      grew = false;
      for (const other of expansions.values()) {
        if (collapsing.has(other.root) || !dependsOn(other, removedNodes)) continue;
        visit(other.root);
        grew = true;
      }
    }
  };
  visit(root);
  // Latest first: an expansion is undone before the ones it was made from.
  const roots = [...expansions.keys()].filter((key) => collapsing.has(key)).reverse();
  const elements: AddedElements = { nodes: [], edges: [] };
  const remaining = new Map(expansions);
  for (const key of roots) {
    const expansion = expansions.get(key);
    if (!expansion) continue;
    elements.edges.push(...expansion.edges);
    elements.nodes.push(...expansion.nodes);
    remaining.delete(key);
  }
  return { roots, elements, remaining };
}

/**
 * The bookkeeping after the graph changed on the server: what each expansion adds now, given
 * the first load's subgraph and each expansion's as the server answers them now, in the order
 * they were made (an expansion whose root is gone is not among `parts`). The same as making
 * them again in that order would give.
 */
export function rebuildExpansions(
  base: SerializedGraph,
  parts: readonly { root: string; graph: SerializedGraph }[],
): Expansions {
  const nodes = new Set(base.nodes.map((node) => node.key));
  const edges = new Set(base.edges.map((edge) => edge.key));
  let rebuilt: Expansions = new Map();
  for (const { root, graph } of parts) {
    const added: Expansion = { root, nodes: [], edges: [] };
    for (const node of graph.nodes) {
      if (nodes.has(node.key)) continue;
      nodes.add(node.key);
      added.nodes.push(node.key);
    }
    for (const edge of graph.edges) {
      if (edges.has(edge.key) || !nodes.has(edge.source) || !nodes.has(edge.target)) continue;
      edges.add(edge.key);
      added.edges.push({ key: edge.key, source: edge.source, target: edge.target });
    }
    rebuilt = addExpansion(rebuilt, added);
  }
  return rebuilt;
}
