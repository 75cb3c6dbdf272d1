/**
 * Bookkeeping for "expand a node's neighbourhood": each expansion remembers what it added.
 * Collapsing one removes that and, first, every expansion made from inside it (one rooted at
 * a node it added, or one that linked to such a node): like closing a folder in a tree.
 * Nodes and edges that were there before (the first load, other expansions) are never touched.
 * Pure: the controller (expand.ts) applies the plans to the graph.
 */
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
