/**
 * An edge's evidence (edge-merge.ts) in Kuzu statements: the columns that read it back, the
 * map that creates an edge with it, the assignments that overwrite it, and the parameters.
 * Numbers travel as strings and are cast back: Kuzu types a whole-number double as INT64.
 */
import { EVIDENCE_KEYS, REL_PROPERTIES } from "../graph/schema.js";
import type { EdgeEvidence } from "./edge-merge.js";
import { quoteIdent } from "./kuzu-schema.js";
import type { KuzuParams } from "./kuzu-session.js";

const KEYS = ["sources", ...EVIDENCE_KEYS] as const;

/** `e.sources AS sources, ...`: the evidence of edge `variable`, as row columns. */
export function evidenceColumns(variable: string): string {
  return KEYS.map((key) => `${variable}.${quoteIdent(key)} AS ${quoteIdent(key)}`).join(", ");
}

function typed(key: (typeof KEYS)[number]): string {
  const type = REL_PROPERTIES[key];
  return type === "INT64" || type === "DOUBLE" ? `cast($${key} AS ${type})` : `$${key}`;
}

/** `{sources: $sources, source: $source, ...}`: the properties of an edge created with the evidence. */
export function evidenceMap(): string {
  return `{${KEYS.map((key) => `${quoteIdent(key)}: ${typed(key)}`).join(", ")}}`;
}

/** `e.sources = $sources, e.source = $source, ...`: the evidence written over edge `variable`. */
export function evidenceAssignments(variable: string): string {
  return KEYS.map((key) => `${variable}.${quoteIdent(key)} = ${typed(key)}`).join(", ");
}

export function evidenceParams(edge: EdgeEvidence): KuzuParams {
  // An empty list cannot be typed; a stored empty `sources` is null anyway (kuzu.ts).
  const params: KuzuParams = { sources: edge.sources.length > 0 ? edge.sources : null };
  for (const key of EVIDENCE_KEYS) {
    const value = edge[key];
    params[key] = typeof value === "number" ? String(value) : value;
  }
  return params;
}
