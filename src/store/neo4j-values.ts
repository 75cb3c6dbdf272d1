/**
 * Neo4j values in and out. Out: the driver's Integer, temporal, spatial, Node, Relationship
 * and Path objects become the plain JSON the Kuzu store returns too (nodes `{id, label,
 * properties}`, relationships `{type, from, to, properties}` with the endpoints' `id`
 * properties, paths `{nodes, relationships}`). Relationship objects carry only element ids
 * of their endpoints, so those are resolved after the rows are read, in one lookup.
 * In: properties the schema types as INT64 travel as Neo4j integers (a JS number would be
 * stored as a float), and so do whole numbers in user parameters (`LIMIT $n` needs one).
 */

import type { Integer, Node, Path, Relationship } from "neo4j-driver";
import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isPoint,
  isTime,
} from "neo4j-driver";
import type { JsonValue, NodeValue, RelationshipValue } from "./types.js";

const isTemporal = (value: unknown): boolean =>
  isDate(value as never) ||
  isDateTime(value as never) ||
  isLocalDateTime(value as never) ||
  isTime(value as never) ||
  isLocalTime(value as never) ||
  isDuration(value as never);

function integerToJson(value: Integer): JsonValue {
  return value.inSafeRange() ? value.toNumber() : value.toString();
}

const isNode = (value: object): value is Node =>
  "labels" in value && "properties" in value && "elementId" in value && !("type" in value);
const isRelationship = (value: object): value is Relationship =>
  "type" in value && "startNodeElementId" in value && "properties" in value;
const isPath = (value: object): value is Path => "segments" in value && "start" in value && "end" in value;

export class Neo4jResultConverter {
  /** Relationships converted so far, with their endpoints' element ids, to resolve afterwards. */
  private readonly pending: { rel: RelationshipValue; start: string; end: string }[] = [];
  private readonly knownIds = new Map<string, string>();

  convert(value: unknown): JsonValue {
    if (value === null || value === undefined) return null;
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "bigint")
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (isInt(value)) return integerToJson(value as Integer);
    if (isTemporal(value)) return String(value);
    if (isPoint(value as never)) {
      const point = value as { srid: unknown; x: number; y: number; z?: number };
      return {
        srid: this.convert(point.srid),
        x: point.x,
        y: point.y,
        ...(point.z !== undefined ? { z: point.z } : {}),
      };
    }
    if (Array.isArray(value)) return value.map((item) => this.convert(item));
    if (typeof value !== "object") return null;
    if (isPath(value)) {
      const nodes: JsonValue[] = [this.convert(value.start)];
      const relationships: JsonValue[] = [];
      for (const segment of value.segments) {
        relationships.push(this.convert(segment.relationship));
        nodes.push(this.convert(segment.end));
      }
      return { nodes, relationships };
    }
    if (isRelationship(value)) {
      const rel: RelationshipValue = {
        type: value.type,
        from: "",
        to: "",
        properties: this.properties(value.properties),
      };
      this.pending.push({ rel, start: value.startNodeElementId, end: value.endNodeElementId });
      return rel as unknown as JsonValue;
    }
    if (isNode(value)) {
      const node = this.node(value);
      return node as unknown as JsonValue;
    }
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = this.convert(item);
    return out;
  }

  private node(value: Node): NodeValue {
    const properties = this.properties(value.properties);
    const id = typeof properties.id === "string" ? properties.id : value.elementId;
    this.knownIds.set(value.elementId, id);
    return { id, label: value.labels[0] ?? "", properties };
  }

  private properties(raw: Record<string, unknown>): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(raw).sort()) {
      const value = this.convert(raw[key]);
      if (value !== null) out[key] = value;
    }
    return out;
  }

  /** Element ids of relationship endpoints whose node did not appear in the results. */
  unresolved(): string[] {
    const ids = new Set<string>();
    for (const { start, end } of this.pending) {
      if (!this.knownIds.has(start)) ids.add(start);
      if (!this.knownIds.has(end)) ids.add(end);
    }
    return [...ids];
  }

  /** Fills in `from`/`to` of every converted relationship, given the ids found by lookup. */
  resolve(found: Map<string, string>): void {
    for (const [elementId, id] of found) this.knownIds.set(elementId, id);
    for (const { rel, start, end } of this.pending) {
      rel.from = this.knownIds.get(start) ?? start;
      rel.to = this.knownIds.get(end) ?? end;
    }
  }
}

/** User parameters: whole numbers become Neo4j integers, recursively. */
export function toNeo4jParams(params: Record<string, unknown>): Record<string, unknown> {
  const convert = (value: unknown): unknown => {
    if (typeof value === "number" && Number.isSafeInteger(value)) return neo4j.int(value);
    if (Array.isArray(value)) return value.map(convert);
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    return value;
  };
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, convert(value)]));
}

/** A property value for writing: INT64-typed numbers as Neo4j integers. */
export function propertyValue(value: unknown, type: string | undefined): unknown {
  if (type === "INT64" && typeof value === "number" && Number.isFinite(value))
    return neo4j.int(Math.trunc(value));
  return value;
}
