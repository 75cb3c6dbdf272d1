/**
 * Turns a batch of GraphDeltas into what a store writes: validated against the schema and
 * merged across deltas (a node or edge found by two notes becomes one record carrying both
 * sources). Store-agnostic, so every adapter rejects the same bad input the same way, and
 * rejects it before writing anything.
 */

import { NotegraphError } from "../errors.js";
import {
  type EdgeRecord,
  type GraphDelta,
  type MergedGraph,
  mergeDeltas,
  normalizeDelta,
} from "../graph/delta.js";
import {
  allowsEndpoints,
  isNodeLabel,
  isRelType,
  NODE_PROPERTIES,
  type NodeLabel,
  type PropertyType,
  REL_ENDPOINTS,
} from "../graph/schema.js";

/** A delta does not fit the graph schema (unknown label, property, type or endpoint pair). */
export class InvalidDeltaError extends NotegraphError {}

/** Refuses a batch whose edges point at nodes found neither in it nor in the store (`Label "id"` each). */
export function refuseMissingEndpoints(missing: readonly string[]): void {
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).join(", ");
  const more = missing.length > 5 ? `, and ${missing.length - 5} more` : "";
  throw new InvalidDeltaError(
    `edges point at nodes that are neither in the batch nor in the store: ${shown}${more}`,
  );
}

/** A node as the store writes it: properties merged across the batch, with every contributing source. */
export type BatchNode = MergedGraph["nodes"][number];
/** An edge as the store writes it: its first evidence, with every contributing source. */
export type BatchEdge = MergedGraph["edges"][number];

export interface PreparedBatch {
  /** Distinct delta sources, in batch order. */
  sources: string[];
  nodes: BatchNode[];
  edges: BatchEdge[];
}

export function prepareBatch(deltas: readonly GraphDelta[]): PreparedBatch {
  const checked = checkBatch(deltas);
  const merged = mergeDeltas(checked.deltas);
  return { sources: checked.sources, nodes: merged.nodes.map(withoutShadowedDefaults), edges: merged.edges };
}

/**
 * The checks of prepareBatch without the merge: every delta checked against the schema and
 * normalized (repeats inside it folded), in batch order, with the distinct sources.
 */
export function checkBatch(deltas: readonly GraphDelta[]): { sources: string[]; deltas: GraphDelta[] } {
  // Distinct, in batch order; a Set, since batches run to tens of thousands of deltas.
  const sources = new Set<string>();
  const labels = new Map<string, NodeLabel>();
  const normalized = deltas.map((raw) => {
    if (typeof raw.source !== "string" || raw.source === "") {
      throw new InvalidDeltaError(
        "a delta has no source: every delta must name the note (or `arxiv`) it comes from",
      );
    }
    // Checked before normalizeDelta, which would fold a node repeated under two labels into one.
    for (const node of raw.nodes) {
      checkNode(raw.source, node.label, node.id, node.props);
      if (node.defaults !== undefined) checkNode(raw.source, node.label, node.id, node.defaults, "default");
      const seen = labels.get(node.id);
      if (seen && seen !== node.label) {
        throw new InvalidDeltaError(
          `${where(raw.source)}: node "${node.id}" is a ${node.label} here but a ${seen} elsewhere in the batch`,
        );
      }
      labels.set(node.id, node.label);
    }
    for (const edge of raw.edges) checkEdge(raw.source, edge);
    const delta = normalizeDelta(raw);
    sources.add(delta.source);
    return delta;
  });
  for (const delta of normalized) {
    for (const edge of delta.edges) {
      checkEndpointLabel(edge.from, edge.fromLabel, labels, edge);
      checkEndpointLabel(edge.to, edge.toLabel, labels, edge);
    }
  }
  return { sources: [...sources], deltas: normalized };
}

/** A default for a property the batch also sets outright is moot: stores see one or the other. */
function withoutShadowedDefaults(node: BatchNode): BatchNode {
  if (!node.defaults) return node;
  const defaults = Object.fromEntries(
    Object.entries(node.defaults).filter(
      ([key, value]) => value !== null && value !== undefined && (node.props[key] ?? null) === null,
    ),
  );
  const { defaults: _dropped, ...rest } = node;
  return Object.keys(defaults).length > 0 ? { ...rest, defaults } : rest;
}

const where = (source: string): string => `delta "${source}"`;

function describeEdge(edge: EdgeRecord): string {
  return `(${edge.fromLabel} "${edge.from}")-[:${edge.type}]->(${edge.toLabel} "${edge.to}")`;
}

function checkNode(
  source: string,
  label: unknown,
  id: unknown,
  props: Record<string, unknown>,
  kind: "property" | "default" = "property",
): void {
  if (typeof label !== "string" || !isNodeLabel(label)) {
    throw new InvalidDeltaError(
      `${where(source)}: node "${String(id)}" has unknown label "${String(label)}"`,
    );
  }
  if (typeof id !== "string" || id === "") {
    throw new InvalidDeltaError(`${where(source)}: a ${label} node has no id`);
  }
  if (props === null || typeof props !== "object") {
    throw new InvalidDeltaError(
      `${where(source)}: node "${id}" has no ${kind === "property" ? "properties" : "defaults"} object`,
    );
  }
  const schema: Readonly<Record<string, PropertyType>> = NODE_PROPERTIES[label];
  for (const [name, value] of Object.entries(props)) {
    if (name === "id" || name === "sources" || !Object.hasOwn(schema, name)) {
      const allowed = Object.keys(schema).filter((key) => key !== "id" && key !== "sources");
      throw new InvalidDeltaError(
        `${where(source)}: node "${id}" (${label}) has ${kind} "${name}", which the schema does not define for ${label}; allowed: ${allowed.join(", ")}`,
      );
    }
    const type = schema[name] as PropertyType;
    if (value !== null && value !== undefined && !fitsType(value, type)) {
      throw new InvalidDeltaError(
        `${where(source)}: node "${id}" (${label}) ${kind} "${name}" must be ${type}, got ${JSON.stringify(value)}`,
      );
    }
  }
}

function checkEdge(source: string, edge: EdgeRecord): void {
  const type: unknown = edge.type;
  if (typeof type !== "string" || !isRelType(type)) {
    throw new InvalidDeltaError(`${where(source)}: unknown relationship type "${String(type)}"`);
  }
  if (
    !isNodeLabel(edge.fromLabel) ||
    !isNodeLabel(edge.toLabel) ||
    !allowsEndpoints(type, edge.fromLabel, edge.toLabel)
  ) {
    const allowed = REL_ENDPOINTS[type].map(([from, to]) => `${from}->${to}`).join(", ");
    throw new InvalidDeltaError(
      `${where(source)}: ${describeEdge(edge)} connects labels the schema does not allow for ${type}; allowed: ${allowed}`,
    );
  }
  const problems: string[] = [];
  if (typeof edge.from !== "string" || edge.from === "") problems.push("`from` must be a non-empty id");
  if (typeof edge.to !== "string" || edge.to === "") problems.push("`to` must be a non-empty id");
  if (typeof edge.source !== "string" || edge.source === "")
    problems.push("`source` must be a non-empty string");
  if (edge.line !== null && !Number.isSafeInteger(edge.line))
    problems.push("`line` must be an integer or null");
  if (typeof edge.extractor !== "string") problems.push("`extractor` must be a string");
  if (typeof edge.confidence !== "number" || !Number.isFinite(edge.confidence)) {
    problems.push("`confidence` must be a finite number");
  }
  if (edge.position != null && !Number.isSafeInteger(edge.position))
    problems.push("`position` must be an integer");
  if (edge.score != null && !(typeof edge.score === "number" && Number.isFinite(edge.score))) {
    problems.push("`score` must be a finite number");
  }
  if (edge.embeddingModel != null && typeof edge.embeddingModel !== "string") {
    problems.push("`embeddingModel` must be a string");
  }
  if (problems.length > 0) {
    throw new InvalidDeltaError(`${where(source)}: ${describeEdge(edge)}: ${problems.join("; ")}`);
  }
}

function checkEndpointLabel(
  id: string,
  label: NodeLabel,
  labels: Map<string, NodeLabel>,
  edge: EdgeRecord,
): void {
  const seen = labels.get(id);
  if (seen && seen !== label) {
    throw new InvalidDeltaError(
      `${describeEdge(edge)}: node "${id}" is a ${seen} in this batch, not a ${label}`,
    );
  }
}

export function fitsType(value: unknown, type: PropertyType): boolean {
  switch (type) {
    case "STRING":
      return typeof value === "string";
    case "INT64":
      return Number.isSafeInteger(value);
    case "DOUBLE":
      return typeof value === "number" && Number.isFinite(value);
    case "BOOLEAN":
      return typeof value === "boolean";
    case "STRING[]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "DOUBLE[]":
      return Array.isArray(value) && value.every((item) => typeof item === "number" && Number.isFinite(item));
  }
}
