/**
 * The stored graph as a graphology Graph: every node (optionally of some labels) with its
 * properties, every relationship between them with its type and provenance. Read one table
 * at a time, which both stores do well, and Kuzu needs.
 */
import { MultiDirectedGraph } from "graphology";
import {
  NODE_LABELS,
  NODE_PROPERTIES,
  type NodeLabel,
  REL_ENDPOINTS,
  REL_PROPERTIES,
  REL_TYPES,
} from "../graph/schema.js";
import type { GraphStore, JsonValue } from "../store/types.js";

export type NodeAttributes = { label: NodeLabel; name: string } & Record<string, JsonValue>;
export type EdgeAttributes = { type: string } & Record<string, JsonValue>;
export type KnowledgeGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export interface LoadOptions {
  /** Only nodes of these labels (and relationships among them). Default: all. */
  labels?: readonly NodeLabel[];
  /** Leave out `Figure.embedding` (hundreds of numbers per figure). Default: kept. */
  withoutEmbeddings?: boolean;
}

export const edgeKeyOf = (type: string, from: string, to: string): string => `${type}|${from}|${to}`;

export async function loadGraph(store: GraphStore, options: LoadOptions = {}): Promise<KnowledgeGraph> {
  const labels = new Set(options.labels ?? NODE_LABELS);
  // The Neo4j store refuses a query naming a label or type the database has never held (a
  // graph ingested without --embed has no DEPICTS): read only what is there.
  const stored = await store.stats();
  const graph: KnowledgeGraph = new MultiDirectedGraph({ allowSelfLoops: true });
  for (const label of NODE_LABELS) {
    if (!labels.has(label) || !stored.nodes[label]) continue;
    const properties = Object.keys(NODE_PROPERTIES[label]).filter(
      (name) => !(options.withoutEmbeddings && name === "embedding"),
    );
    const { rows } = await store.query(
      `MATCH (n:${label}) RETURN ${properties.map((name) => `n.\`${name}\` AS \`${name}\``).join(", ")} ORDER BY n.id`,
      {},
      { readOnly: true },
    );
    for (const row of rows) {
      const attributes: Record<string, JsonValue> = { label };
      for (const name of properties) {
        if (name === "id") continue;
        const value = row[name];
        if (value !== null && value !== undefined) attributes[name] = value;
      }
      attributes.name ??= String(row.id);
      graph.addNode(String(row.id), attributes as NodeAttributes);
    }
  }
  const relProperties = Object.keys(REL_PROPERTIES);
  for (const type of REL_TYPES) {
    if (!stored.relationships[type]) continue;
    for (const [fromLabel, toLabel] of REL_ENDPOINTS[type]) {
      if (!labels.has(fromLabel) || !labels.has(toLabel)) continue;
      const { rows } = await store.query(
        `MATCH (a:${fromLabel})-[r:${type}]->(b:${toLabel})
         RETURN a.id AS fromId, b.id AS toId, ${relProperties.map((name) => `r.\`${name}\` AS \`${name}\``).join(", ")}
         ORDER BY fromId, toId`,
        {},
        { readOnly: true },
      );
      for (const row of rows) {
        const attributes: Record<string, JsonValue> = { type };
        for (const name of relProperties) {
          const value = row[name];
          if (value !== null && value !== undefined) attributes[name] = value;
        }
        const from = String(row.fromId);
        const to = String(row.toId);
        graph.addDirectedEdgeWithKey(edgeKeyOf(type, from, to), from, to, attributes as EdgeAttributes);
      }
    }
  }
  return graph;
}
