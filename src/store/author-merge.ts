/**
 * The store-independent part of GraphStore.mergeAuthors: what the merged AUTHORED_BY edge
 * and the surviving author hold. Each adapter reads the stored values, asks these pure
 * functions, and writes the answer in its own dialect.
 */
import { EVIDENCE_KEYS, type RelPropertyName } from "../graph/schema.js";

/** An AUTHORED_BY edge's stored properties (nulls where unset). */
export type Authorship = Record<Exclude<RelPropertyName, "sources">, string | number | null> & {
  sources: string[];
};

export const AUTHORSHIP_KEYS = EVIDENCE_KEYS;

export function authorshipFrom(values: Record<string, unknown>): Authorship {
  const pick = (key: string): string | number | null => {
    const value = values[key];
    return typeof value === "string" || typeof value === "number" ? value : null;
  };
  const sources = Array.isArray(values.sources) ? values.sources.map(String) : [];
  return {
    source: pick("source"),
    line: pick("line"),
    extractor: pick("extractor"),
    confidence: pick("confidence"),
    position: pick("position"),
    score: pick("score"),
    embeddingModel: pick("embeddingModel"),
    sources,
  };
}

/**
 * The edge after the move: every source of both, and the evidence of the stronger one (the
 * edge already on the full-named author wins ties: it is usually arXiv's, with arXiv's order).
 */
export function mergedAuthorship(moved: Authorship, existing: Authorship | null): Authorship {
  if (!existing) return moved;
  const stronger = Number(moved.confidence ?? 0) > Number(existing.confidence ?? 0) ? moved : existing;
  return { ...stronger, sources: unionSorted(existing.sources, moved.sources) };
}

/** Distinct and sorted, as every `sources` list is stored. */
export function unionSorted(a: readonly string[] | null | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}
