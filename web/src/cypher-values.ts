/**
 * Reading Cypher results (POST /api/cypher): which cells are nodes, relationships or paths
 * (the store's JSON shapes, src/store/types.ts), and which node ids a result points at.
 */
import type { JsonValue, NodeValue, PathValue, RelationshipValue } from "../../src/store/types.js";

type JsonObject = { [key: string]: JsonValue };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isNodeValue(value: unknown): value is JsonObject & NodeValue {
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    typeof value.label === "string" &&
    isObject(value.properties)
  );
}

export function isRelationshipValue(value: unknown): value is JsonObject & RelationshipValue {
  return (
    isObject(value) &&
    typeof value.type === "string" &&
    typeof value.from === "string" &&
    typeof value.to === "string" &&
    isObject(value.properties)
  );
}

export function isPathValue(value: unknown): value is JsonObject & PathValue {
  return (
    isObject(value) &&
    Array.isArray(value.nodes) &&
    Array.isArray(value.relationships) &&
    value.nodes.every((node) => isNodeValue(node))
  );
}

/** Every node id in the rows, once, in order of appearance: nodes, path nodes, relationship ends. */
export function nodeIdsInRows(rows: readonly (readonly JsonValue[])[]): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (isNodeValue(value)) ids.add(value.id);
    else if (isPathValue(value)) {
      for (const node of value.nodes) visit(node);
      for (const relationship of value.relationships) visit(relationship);
    } else if (isRelationshipValue(value)) {
      ids.add(value.from);
      ids.add(value.to);
    } else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (isObject(value)) for (const item of Object.values(value)) visit(item);
  };
  for (const row of rows) for (const cell of row) visit(cell);
  return [...ids];
}

/** A display name for a node value: name, else title, else its id. */
export function nodeValueName(node: NodeValue): string {
  const { name, title } = node.properties;
  if (typeof name === "string" && name) return name;
  if (typeof title === "string" && title) return title;
  return node.id;
}
