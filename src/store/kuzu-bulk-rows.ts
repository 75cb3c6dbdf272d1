/**
 * What a Kuzu bulk load's staged rows hold, and how a later contribution merges into an
 * entity the load holds open (or into its update): the columns of each staging file, a node's
 * row as createStatement in kuzu-nodes.ts would write it, an update's row, and the merge rules
 * of the store (src/graph/delta.ts: later values win except null and empty lists, defaults
 * fill, stronger evidence replaces, sources add up).
 */
import {
  type EdgeRecord,
  hasValue,
  isStronger,
  type NodeRecord,
  type PropertyValue,
  sortedDistinct,
} from "../graph/delta.js";
import {
  NODE_PROPERTIES,
  type NodeLabel,
  type PropertyType,
  REL_PROPERTIES,
  type RelType,
} from "../graph/schema.js";
import type { BatchEdge, BatchNode } from "./batch.js";
import { REL_PAIRS } from "./kuzu-schema.js";
import type { StagedColumn, StagedValue } from "./kuzu-staging.js";

export const PAIR_INDEX = new Map(REL_PAIRS.map((pair, i) => [pairName(pair), i]));

export function pairName(pair: { type: RelType; fromLabel: NodeLabel; toLabel: NodeLabel }): string {
  return `${pair.type}|${pair.fromLabel}|${pair.toLabel}`;
}

export const nodeColumns = (label: NodeLabel): StagedColumn[] =>
  Object.entries(NODE_PROPERTIES[label]).map(([name, type]) => ({ name, type: type as PropertyType }));

/** An update's row: the node's id, the sources it gains, then each property and each default. */
export const DEFAULT_PREFIX = "default:";
export const nodeUpdateColumns = (label: NodeLabel): StagedColumn[] => {
  const properties = nodeColumns(label).filter(({ name }) => name !== "id" && name !== "sources");
  return [
    { name: "id", type: "STRING" },
    { name: "sources", type: "STRING[]" },
    ...properties,
    ...properties.map((column) => ({ ...column, name: DEFAULT_PREFIX + column.name })),
  ];
};

export const EDGE_COLUMNS: StagedColumn[] = [
  { name: "a", type: "STRING" },
  { name: "b", type: "STRING" },
  ...Object.entries(REL_PROPERTIES).map(([name, type]) => ({ name, type: type as PropertyType })),
];

/** A relationship's key as text: its pair and endpoints. */
export function edgeName(edge: EdgeRecord): string {
  return `${pairName(edge)}|${edge.from}\u0000${edge.to}`;
}

/** A value as the create statement stores it: an empty list is none (kuzu-nodes.ts). */
function present(value: PropertyValue | undefined): PropertyValue | null {
  return hasValue(value) ? value : null;
}

/** A node's row, as createStatement in kuzu-nodes.ts would write it. */
export function nodeStagedValues(node: BatchNode, columns: readonly StagedColumn[]): StagedValue[] {
  return columns.map(({ name }) => {
    if (name === "id") return node.id;
    if (name === "sources") return sortedDistinct(node.sources);
    const value = present(node.props[name]) ?? present(node.defaults?.[name]);
    return name === "name" ? (value ?? node.id) : value;
  });
}

/** An update's row (see nodeUpdateColumns). */
export function nodeUpdateValues(node: BatchNode, columns: readonly StagedColumn[]): StagedValue[] {
  return columns.map(({ name }) => {
    if (name === "id") return node.id;
    if (name === "sources") return sortedDistinct(node.sources);
    if (name.startsWith(DEFAULT_PREFIX)) return present(node.defaults?.[name.slice(DEFAULT_PREFIX.length)]);
    return present(node.props[name]);
  });
}

export function toBatchNode(record: NodeRecord, sources: readonly string[]): BatchNode {
  const node: BatchNode = {
    label: record.label,
    id: record.id,
    props: { ...record.props },
    sources: [...sources],
  };
  if (record.defaults) node.defaults = record.defaults;
  return node;
}

/**
 * A later contribution merged in as the store's update would apply it: values overwrite
 * (except null and empty lists), defaults fill what has none, sources add up (each once).
 */
export function mergeNode(base: BatchNode, update: NodeRecord, sources: readonly string[]): BatchNode {
  for (const [key, value] of Object.entries(update.props)) {
    if (hasValue(value)) base.props[key] = value;
  }
  for (const [key, value] of Object.entries(update.defaults ?? {})) {
    if (!hasValue(value) || hasValue(base.defaults?.[key])) continue;
    base.defaults = { ...base.defaults, [key]: value };
  }
  for (const source of sources) base.sources.push(source);
  return base;
}

/** Stronger evidence (a higher confidence) replaces the first; sources add up. */
export function mergeEdge(base: BatchEdge, update: EdgeRecord, source: string): BatchEdge {
  base.sources.push(source);
  return isStronger(update, base) ? { ...update, sources: base.sources } : base;
}

/** About how much memory an open node takes: its strings, plus a fixed overhead. */
export function estimateBytes(node: NodeRecord): number {
  let bytes = 240 + node.id.length;
  for (const value of Object.values(node.props)) bytes += valueBytes(value);
  for (const value of Object.values(node.defaults ?? {})) bytes += valueBytes(value);
  return bytes;
}

function valueBytes(value: PropertyValue): number {
  if (typeof value === "string") return value.length + 24;
  if (Array.isArray(value)) return 16 + 32 * value.length;
  return 16;
}
