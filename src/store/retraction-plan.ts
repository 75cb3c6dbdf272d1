/**
 * What re-ingesting some sources changes in what they contributed before, given the stored
 * nodes and edges that list one of them and the batch that replaces them. Anything the batch
 * asserts again keeps its stored `sources` as they are, instead of losing the source and
 * getting it back in the same transaction.
 *
 * Why: a concept that 9,000 notes mention has a 9,000-entry `sources` list. Taking one edited
 * note out of it and putting it back rewrote that list twice per hub the note touches: 12 MB
 * of Kuzu write-ahead log for one changed note in a 10,000-note store, and every run after
 * it paid a ~45 s checkpoint (bench (f), issue 14). Now an unchanged contribution writes
 * nothing, a changed one writes only what changed.
 *
 * Pure: the store reads the rows, this decides, the store writes the plan. The result equals
 * taking the sources out and writing the batch, except that an edge whose evidence came from
 * a replaced source that asserts it again takes that source's new evidence (its new line),
 * where the old path credited another source with no line.
 */
import type { BatchEdge, BatchNode } from "./batch.js";

/** An edge's evidence as stored: every relationship property but `sources`. */
export interface StoredEvidence {
  source: string | null;
  line: number | null;
  extractor: string | null;
  confidence: number | null;
  position: number | null;
  score: number | null;
  embeddingModel: string | null;
}

export interface ListedEdge {
  /** Identifies the edge: its type, endpoint labels and endpoint ids (see edgeIdentity). */
  key: string;
  sources: readonly string[];
  evidence: StoredEvidence;
}

export interface ListedNode {
  /** `label|id` (see nodeIdentity). */
  key: string;
  sources: readonly string[];
}

export interface RetractionPlan<E extends ListedEdge, N extends ListedNode> {
  /** Edges left with no source: deleted. */
  droppedEdges: E[];
  /** Edges that keep other sources: their new `sources`, and whether their evidence goes too. */
  shrunkEdges: { edge: E; sources: string[]; resetEvidence: boolean }[];
  /**
   * Edges asserted again by a replaced source that held their evidence: the batch's evidence
   * and sources, where they differ (written after shrunkEdges, as a union with what is left).
   */
  reEvidencedEdges: BatchEdge[];
  /** Nodes left with no source: orphan candidates, `sources` cleared. */
  emptiedNodes: N[];
  /** Nodes that keep other sources. */
  shrunkNodes: { node: N; sources: string[] }[];
  /** Batch edges (by key) fully written by this plan: the batch writer skips them. */
  settledEdges: Set<string>;
  /** Batch nodes (by key) whose stored `sources` already hold the batch's: written without `sources`. */
  settledNodes: Set<string>;
}

export const nodeIdentity = (node: Pick<BatchNode, "label" | "id">): string => `${node.label}|${node.id}`;

export const edgeIdentity = (
  edge: Pick<BatchEdge, "type" | "fromLabel" | "toLabel" | "from" | "to">,
): string => `${edge.type}|${edge.fromLabel}|${edge.toLabel}|${edge.from}\u0000${edge.to}`;

export function planRetraction<E extends ListedEdge, N extends ListedNode>(
  replaced: readonly string[],
  listedEdges: readonly E[],
  listedNodes: readonly N[],
  batch: { nodes: readonly BatchNode[]; edges: readonly BatchEdge[] },
): RetractionPlan<E, N> {
  const removed = new Set(replaced);
  const batchEdges = new Map(batch.edges.map((edge) => [edgeIdentity(edge), edge]));
  const batchNodes = new Map(batch.nodes.map((node) => [nodeIdentity(node), node]));
  const plan: RetractionPlan<E, N> = {
    droppedEdges: [],
    shrunkEdges: [],
    reEvidencedEdges: [],
    emptiedNodes: [],
    shrunkNodes: [],
    settledEdges: new Set(),
    settledNodes: new Set(),
  };

  for (const edge of listedEdges) {
    const again = batchEdges.get(edge.key);
    const remaining = keptSources(edge.sources, removed, again?.sources);
    if (remaining.length === 0) {
      plan.droppedEdges.push(edge);
      continue;
    }
    const evidenceSource = edge.evidence.source;
    const evidenceRemoved = evidenceSource === null || removed.has(evidenceSource);
    const evidenceAgain =
      again !== undefined && evidenceSource !== null && again.sources.includes(evidenceSource);
    if (remaining.length !== edge.sources.length) {
      plan.shrunkEdges.push({ edge, sources: remaining, resetEvidence: evidenceRemoved && !evidenceAgain });
    }
    if (again === undefined) continue;
    const listsBatch = again.sources.every((source) => remaining.includes(source));
    if (evidenceAgain && evidenceRemoved) {
      // The evidence's own source asserted the edge again: the batch's reading is the evidence
      // (its new line), written with the batch's sources added.
      if (!listsBatch || !sameEvidence(edge.evidence, again)) plan.reEvidencedEdges.push(again);
      plan.settledEdges.add(edge.key);
    } else if (listsBatch && again.confidence <= (edge.evidence.confidence ?? 0)) {
      // Weaker or equal evidence from a source already listed: nothing to write.
      plan.settledEdges.add(edge.key);
    }
  }

  for (const node of listedNodes) {
    const again = batchNodes.get(node.key);
    const remaining = keptSources(node.sources, removed, again?.sources);
    if (remaining.length === 0) plan.emptiedNodes.push(node);
    else if (remaining.length !== node.sources.length) plan.shrunkNodes.push({ node, sources: remaining });
    if (again?.sources.every((source) => remaining.includes(source))) plan.settledNodes.add(node.key);
  }
  return plan;
}

/** The stored sources minus the removed ones the batch does not list again. */
function keptSources(
  stored: readonly string[],
  removed: ReadonlySet<string>,
  again: readonly string[] | undefined,
): string[] {
  return stored.filter((source) => !removed.has(source) || (again?.includes(source) ?? false));
}

/** Stored evidence equals the batch edge's, with the stores' encoding (empty strings are null). */
export function sameEvidence(stored: StoredEvidence, edge: BatchEdge): boolean {
  return (
    stored.source === edge.source &&
    stored.line === (edge.line ?? null) &&
    stored.extractor === (edge.extractor || null) &&
    stored.confidence === edge.confidence &&
    stored.position === (edge.position ?? null) &&
    stored.score === (edge.score ?? null) &&
    stored.embeddingModel === (edge.embeddingModel || null)
  );
}
