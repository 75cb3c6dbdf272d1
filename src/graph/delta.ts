/**
 * GraphDelta: what an ingestor produces and a store applies. Plain data, structured-clone
 * safe (it crosses worker threads), with provenance on every edge.
 */
import type { NodeLabel, RelType } from "./schema.js";

export type PropertyValue = string | number | boolean | null | string[] | number[];

export interface NodeRecord {
  label: NodeLabel;
  id: string;
  /**
   * Properties other than `id` and `sources`. A null `name` is a weak contribution (an
   * inline arXiv id with no title) that must not rename a node another source named; a
   * store falls back to the id when it creates a node without a name.
   */
  props: Record<string, PropertyValue> & { name: string | null };
  /**
   * Values written only where the stored node has none (for `name`: none but the id
   * placeholder). A note's reading of a citation fills a paper's title until arXiv, whose
   * record is the authority, writes it; a note re-ingested later does not overwrite arXiv.
   */
  defaults?: Record<string, PropertyValue>;
}

export interface EdgeProvenance {
  /** The note id (or `arxiv`) whose content is the evidence. */
  source: string;
  /** 1-based line in the note, when the evidence is text. */
  line: number | null;
  /** Which extractor found it, e.g. `markdown/section-term`. */
  extractor: string;
  /** 1.0 for structure, lower for heuristics. */
  confidence: number;
}

export interface EdgeRecord extends EdgeProvenance {
  type: RelType;
  fromLabel: NodeLabel;
  from: string;
  toLabel: NodeLabel;
  to: string;
  position?: number | null;
  score?: number | null;
  embeddingModel?: string | null;
}

export interface GraphDelta {
  /** The contribution's owner: everything here is removed with `removeSource(source)`. */
  source: string;
  nodes: NodeRecord[];
  edges: EdgeRecord[];
}

export function edgeKey(edge: Pick<EdgeRecord, "type" | "from" | "to">): string {
  return `${edge.type}\u0000${edge.from}\u0000${edge.to}`;
}

/**
 * Collapses repeated nodes and edges inside one delta: node properties merge (later
 * non-null values win), an edge keeps its first evidence (the earliest line).
 */
export function normalizeDelta(delta: GraphDelta): GraphDelta {
  const nodes = new Map<string, NodeRecord>();
  for (const node of delta.nodes) {
    const seen = nodes.get(node.id);
    nodes.set(node.id, seen ? mergeNodes(seen, node) : node);
  }
  const edges = new Map<string, EdgeRecord>();
  for (const edge of delta.edges) {
    const key = edgeKey(edge);
    const seen = edges.get(key);
    if (!seen || isEarlier(edge, seen)) edges.set(key, edge);
  }
  return { source: delta.source, nodes: [...nodes.values()], edges: [...edges.values()] };
}

function isEarlier(a: EdgeRecord, b: EdgeRecord): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return (a.line ?? Number.POSITIVE_INFINITY) < (b.line ?? Number.POSITIVE_INFINITY);
}

/**
 * Later values win, except null and the empty list (which stores write as nothing): so a
 * batch merges what it holds as the store merges one batch into the next, and the graph does
 * not depend on where batches end.
 */
export function mergeProps<P extends Record<string, PropertyValue>>(base: P, update: P): P {
  const merged: Record<string, PropertyValue> = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (hasValue(value)) merged[key] = value;
  }
  return merged as P;
}

/** Not null, and not an empty list. */
export function hasValue(value: PropertyValue | undefined): value is PropertyValue {
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/** Later non-null properties win; defaults keep the first non-null value. */
export function mergeNodes<N extends NodeRecord>(base: N, update: NodeRecord): N {
  const merged: N = { ...base, props: mergeProps(base.props, update.props) };
  if (base.defaults || update.defaults)
    merged.defaults = mergeProps(update.defaults ?? {}, base.defaults ?? {});
  return merged;
}

/** Evidence with a strictly higher confidence replaces an edge's evidence; ties keep the first. */
export function isStronger(candidate: EdgeProvenance, current: EdgeProvenance): boolean {
  return candidate.confidence > current.confidence;
}

export interface MergedGraph {
  nodes: (NodeRecord & { sources: string[] })[];
  edges: (EdgeRecord & { sources: string[] })[];
}

/**
 * Several sources' deltas merged as a store merges them: one node per id (properties
 * merged, later non-null wins), one edge per (from, type, to) keeping its first evidence
 * unless stronger evidence (a higher confidence) comes,
 * each listing every source that contributed it (sorted, so the graph does not depend on
 * the order notes were written in).
 */
export function mergeDeltas(deltas: readonly GraphDelta[]): MergedGraph {
  const nodes = new Map<string, NodeRecord & { sources: string[] }>();
  const edges = new Map<string, EdgeRecord & { sources: string[] }>();
  for (const delta of deltas) {
    for (const node of delta.nodes) {
      const seen = nodes.get(node.id);
      if (!seen) nodes.set(node.id, { ...node, sources: [delta.source] });
      else {
        const merged = mergeNodes(seen, node);
        seen.props = merged.props;
        if (merged.defaults) seen.defaults = merged.defaults;
        // Repeats (one source's two deltas) go at the end: a list search per delta made a
        // batch's merge quadratic for nodes many deltas share (bench/README.md).
        seen.sources.push(delta.source);
      }
    }
    for (const edge of delta.edges) {
      const key = edgeKey(edge);
      const seen = edges.get(key);
      if (!seen) edges.set(key, { ...edge, sources: [delta.source] });
      else {
        seen.sources.push(delta.source);
        if (isStronger(edge, seen)) edges.set(key, { ...edge, sources: seen.sources });
      }
    }
  }
  for (const item of [...nodes.values(), ...edges.values()]) item.sources = sortedDistinct(item.sources);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Sorted, each once. */
export function sortedDistinct(items: readonly string[]): string[] {
  const sorted = [...items].sort();
  return sorted.filter((item, i) => i === 0 || item !== sorted[i - 1]);
}
