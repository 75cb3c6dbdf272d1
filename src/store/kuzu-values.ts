/**
 * Kuzu values in and out. Out: query results become plain JSON with the shapes the store
 * contract promises: nodes `{id, label, properties}`, relationships `{type, from, to,
 * properties}` with `from`/`to` the endpoints' `id` property, paths `{nodes, relationships}`.
 * Kuzu hands relationships out with internal endpoint ids (`_src`/`_dst` = {table, offset}),
 * so those are collected while converting and resolved afterwards with one lookup per
 * node table. Null properties are left out, as Neo4j leaves out absent ones.
 * In: user parameters are checked to be JSON-like before they reach the binding.
 */
import type { KuzuValue } from "kuzu";
import { QueryError } from "../errors.js";
import type { KuzuParam, KuzuParams } from "./kuzu-session.js";
import type { JsonValue, NodeValue, PathValue, RelationshipValue } from "./types.js";

interface InternalId {
  table: number;
  offset: number;
}

/** Finds the `id` property of nodes by internal id: table -> offsets -> (offset -> id). */
export type EndpointLookup = (table: number, offsets: number[]) => Promise<Map<number, string>>;

const NODE_INTERNALS = new Set(["_id", "_label"]);
const REL_INTERNALS = new Set(["_id", "_label", "_src", "_dst"]);

export class ResultConverter {
  private readonly knownIds = new Map<string, string>();
  private readonly pending: { rel: RelationshipValue; src: InternalId; dst: InternalId }[] = [];

  convert(value: KuzuValue | undefined): JsonValue {
    if (value === null || value === undefined) return null;
    if (typeof value === "bigint")
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
    if (Array.isArray(value)) return value.map((item) => this.convert(item));
    if (typeof value !== "object") return null;
    const record = value as Record<string, KuzuValue>;
    if (isPath(record)) return toJson(this.path(record));
    if (isRel(record)) return toJson(this.relationship(record));
    if (isNode(record)) return toJson(this.node(record));
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(record)) out[key] = this.convert(item);
    return out;
  }

  /** Fills in `from`/`to` of every converted relationship. Call once, after all rows. */
  async resolveEndpoints(lookup: EndpointLookup): Promise<void> {
    const missing = new Map<number, Set<number>>();
    for (const { src, dst } of this.pending) {
      for (const ref of [src, dst]) {
        if (this.knownIds.has(refKey(ref))) continue;
        const offsets = missing.get(ref.table) ?? new Set<number>();
        offsets.add(ref.offset);
        missing.set(ref.table, offsets);
      }
    }
    for (const [table, offsets] of missing) {
      const found = await lookup(table, [...offsets]);
      for (const [offset, id] of found) this.knownIds.set(refKey({ table, offset }), id);
    }
    for (const { rel, src, dst } of this.pending) {
      rel.from = this.knownIds.get(refKey(src)) ?? refKey(src);
      rel.to = this.knownIds.get(refKey(dst)) ?? refKey(dst);
    }
    this.pending.length = 0;
  }

  private node(record: Record<string, KuzuValue>): NodeValue {
    const properties = this.properties(record, NODE_INTERNALS);
    const ref = asInternalId(record._id);
    const id = typeof properties.id === "string" ? properties.id : ref ? refKey(ref) : "";
    if (ref) this.knownIds.set(refKey(ref), id);
    return { id, label: String(record._label ?? ""), properties };
  }

  private relationship(record: Record<string, KuzuValue>): RelationshipValue {
    const rel: RelationshipValue = {
      type: String(record._label ?? ""),
      from: "",
      to: "",
      properties: this.properties(record, REL_INTERNALS),
    };
    const src = asInternalId(record._src);
    const dst = asInternalId(record._dst);
    if (src && dst) this.pending.push({ rel, src, dst });
    return rel;
  }

  private path(record: Record<string, KuzuValue>): PathValue {
    const nodes = asArray(record._nodes).map((node) => this.node(node));
    const relationships = asArray(record._rels).map((rel) => this.relationship(rel));
    return { nodes, relationships };
  }

  private properties(record: Record<string, KuzuValue>, internals: Set<string>): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(record)) {
      if (internals.has(key) || item === null || item === undefined) continue;
      out[key] = this.convert(item);
    }
    return out;
  }
}

/** Nodes, relationships and paths are built as objects whose fields are all JsonValues. */
function toJson(value: NodeValue | RelationshipValue | PathValue): JsonValue {
  return value as unknown as JsonValue;
}

function refKey(ref: InternalId): string {
  return `${ref.table}:${ref.offset}`;
}

function asInternalId(value: KuzuValue | undefined): InternalId | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const { table, offset } = value as Record<string, unknown>;
  return typeof table === "number" && typeof offset === "number" ? { table, offset } : null;
}

function asArray(value: KuzuValue | undefined): Record<string, KuzuValue>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, KuzuValue> => item !== null && typeof item === "object")
    : [];
}

function isPath(record: Record<string, KuzuValue>): boolean {
  return Array.isArray(record._nodes) && Array.isArray(record._rels);
}

function isRel(record: Record<string, KuzuValue>): boolean {
  return "_src" in record && "_dst" in record && "_label" in record;
}

function isNode(record: Record<string, KuzuValue>): boolean {
  return "_label" in record && asInternalId(record._id) !== null;
}

/**
 * Checks user parameters: JSON values only (plus Date), no functions or class instances.
 * Parameters the statement never mentions are dropped, as Neo4j ignores them and Kuzu
 * refuses them ("Parameter x not found"). Empty lists and maps reach Kuzu as null (the
 * binding cannot type them).
 */
export function toKuzuParams(params: Record<string, unknown>, cypher: string): KuzuParams {
  const out: KuzuParams = {};
  for (const [name, value] of Object.entries(params)) {
    if (mentionsParameter(cypher, name)) out[name] = toParam(value, name);
  }
  return out;
}

/**
 * Kuzu's Node binding types a list from its first item and copies the others' bits into that
 * type, so `[1, 0.5]` arrives as `[1, 4602678819172647000]` and `[0.5, 1]` as `[0.5, 5e-324]`.
 * Such a list is refused rather than silently corrupted. JSON cannot mark `1.0` as a
 * fraction, so a list mixing whole numbers and fractions has no faithful form here.
 */
function refuseMixedList(items: readonly KuzuParam[], path: string): void {
  const kinds = new Set(items.filter((item) => item !== null).map(kuzuKind));
  if (items[0] === null && kinds.size > 0) {
    throw new QueryError(
      `parameter ${path}: a list for Kuzu takes its type from its first item, which is null here`,
    );
  }
  if (kinds.size <= 1) return;
  const advice =
    kinds.has("whole number") && kinds.has("fraction")
      ? `; pass the numbers as strings and convert in the query, e.g. CAST($${path} AS DOUBLE[])`
      : "";
  throw new QueryError(
    `parameter ${path}: a list for Kuzu holds one type, and this one mixes ${[...kinds].join(" and ")}${advice}`,
  );
}

function kuzuKind(item: KuzuParam): string {
  if (typeof item === "number") return Number.isInteger(item) ? "whole number" : "fraction";
  if (item instanceof Date) return "date";
  if (Array.isArray(item)) return "list";
  return typeof item === "object" ? "map" : typeof item;
}

function mentionsParameter(cypher: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`\\$(?:${escaped}(?![A-Za-z0-9_])|\`${escaped}\`)`).test(cypher);
}

function toParam(value: unknown, path: string): KuzuParam {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new QueryError(`parameter ${path} is not a finite number`);
    return value;
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    const items = value.map((item, index) => toParam(item, `${path}[${index}]`));
    refuseMixedList(items, path);
    return items;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, KuzuParam> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toParam(item, `${path}.${key}`);
    return out;
  }
  throw new QueryError(`parameter ${path} must be a string, number, boolean, null, list or map`);
}
