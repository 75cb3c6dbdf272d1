/**
 * The store-independent part of moving a relationship from one node onto another
 * (GraphStore.mergeAuthors, mergePapers): what the edge holds when the node it moves to has
 * the same edge already. Each adapter reads the stored values, asks these pure functions,
 * and writes the answer in its own dialect.
 */
import { EVIDENCE_KEYS, type RelPropertyName } from "../graph/schema.js";

/** An edge's stored properties (nulls where unset). */
export type EdgeEvidence = Record<Exclude<RelPropertyName, "sources">, string | number | null> & {
  sources: string[];
};

export function edgeEvidenceFrom(values: Record<string, unknown>): EdgeEvidence {
  const pick = (key: string): string | number | null => {
    const value = values[key];
    return typeof value === "string" || typeof value === "number" ? value : null;
  };
  const evidence = Object.fromEntries(EVIDENCE_KEYS.map((key) => [key, pick(key)])) as Omit<
    EdgeEvidence,
    "sources"
  >;
  const sources = Array.isArray(values.sources) ? values.sources.map(String) : [];
  return { ...evidence, sources };
}

/**
 * The edge after the move: every source of both, and the evidence of the stronger one (the
 * edge already on the surviving node wins ties: for authors it is usually arXiv's, with
 * arXiv's order).
 */
export function mergedEdge(moved: EdgeEvidence, existing: EdgeEvidence | null): EdgeEvidence {
  if (!existing) return moved;
  const stronger = Number(moved.confidence ?? 0) > Number(existing.confidence ?? 0) ? moved : existing;
  return { ...stronger, sources: unionSorted(existing.sources, moved.sources) };
}

/** Distinct and sorted, as every `sources` list is stored. */
export function unionSorted(a: readonly string[] | null | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}
