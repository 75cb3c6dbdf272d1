/**
 * Seed positions: cheap and deterministic (a node's place follows from a hash of its id), so
 * the first frame is drawn at once and a reload draws the same picture. ForceAtlas2
 * (layout.ts) refines them in a worker.
 */
import type { KnowledgeGraph, Placement } from "./graph-data.js";

/** FNV-1a, 32 bits: a stable number per string. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A point in a disc of radius `radius` around `center`, fixed for a given key. */
export function seededPoint(key: string, center: { x: number; y: number }, radius: number) {
  const angle = (hashString(key) / 0x100000000) * 2 * Math.PI;
  // sqrt: uniform over the disc's area rather than crowded at its centre.
  const distance = Math.sqrt(hashString(key, 0x9e3779b9) / 0x100000000) * radius;
  return { x: center.x + distance * Math.cos(angle), y: center.y + distance * Math.sin(angle) };
}

/** Seeds a whole graph: a disc whose area grows with the node count. */
export function initialPlacement(nodeCount: number): Placement {
  const radius = 10 * Math.sqrt(Math.max(1, nodeCount));
  return (key) => seededPoint(key, { x: 0, y: 0 }, radius);
}

/** Seeds an expansion's nodes close to the node they were expanded from. */
export function placementAround(graph: KnowledgeGraph, root: string): Placement {
  if (!graph.hasNode(root)) return initialPlacement(graph.order + 1);
  const { x, y } = graph.getNodeAttributes(root);
  const radius = 3 + 2 * Math.sqrt(Math.max(1, graph.order)) * 0.3;
  return (key) => seededPoint(key, { x, y }, radius);
}
