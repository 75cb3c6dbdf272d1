/**
 * `GET /api/nodes/:id`: a node's properties (embedding vectors left out), its neighbours
 * grouped by relationship type and direction (up to a limit per group, with totals), the
 * provenance of each listed relationship, and for notes and figures an excerpt of the note.
 */
import type { NodeLabel } from "../../graph/schema.js";
import type { GraphStore, JsonValue, NodeValue } from "../../store/types.js";
import type { NeighbourGroup, NodeDetails, Provenance } from "../api-types.js";
import { UnknownNodeError } from "./errors.js";
import { DEFAULT_EXCERPT, type ExcerptOptions, readExcerpt } from "./excerpt.js";
import { labelOfId, pairPattern } from "./labels.js";
import { liveIncidentPairs, numberOrNull, READ, stringOrNull } from "./subgraph.js";

export interface NodeDetailsOptions {
  /** Neighbours listed per (type, direction) group. */
  groupLimit: number;
  /** Read the note file for an excerpt (notes and figures); default true. */
  excerpt?: boolean | undefined;
  excerptOptions?: ExcerptOptions | undefined;
}

/** Properties too big for a details payload (the vector; `embeddingModel` stays). */
const DROPPED_PROPERTIES = new Set(["embedding"]);

export async function nodeDetails(
  store: GraphStore,
  id: string,
  options: NodeDetailsOptions,
): Promise<NodeDetails> {
  const label = labelOfId(id);
  const node = label ? await readNode(store, label, id) : null;
  if (!label || !node) throw new UnknownNodeError(`no node '${id}' in the graph`);
  const properties: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(node.properties)) {
    // Empty lists left out as nulls are: Kuzu stores them as null, Neo4j as [].
    const empty = value === null || (Array.isArray(value) && value.length === 0);
    if (!DROPPED_PROPERTIES.has(key) && !empty) properties[key] = value;
  }
  const { neighbours, provenance } = await relationships(store, label, id, options.groupLimit);
  const details: NodeDetails = { id, label, properties, provenance, neighbours };
  if (options.excerpt !== false && (label === "Note" || label === "Figure")) {
    details.excerpt = await excerptFor(store, details, options.excerptOptions ?? DEFAULT_EXCERPT);
  }
  return details;
}

async function readNode(store: GraphStore, label: NodeLabel, id: string): Promise<NodeValue | null> {
  const { rows } = await store.query(`MATCH (n:\`${label}\` {id: $id}) RETURN n`, { id }, READ);
  const value = rows[0]?.n;
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const properties = (value as { properties?: JsonValue }).properties;
  return {
    id,
    label,
    properties: properties && typeof properties === "object" && !Array.isArray(properties) ? properties : {},
  };
}

async function relationships(
  store: GraphStore,
  label: NodeLabel,
  id: string,
  limit: number,
): Promise<{ neighbours: NeighbourGroup[]; provenance: Provenance[] }> {
  const groups = new Map<string, NeighbourGroup>();
  const evidence = new Map<string, Provenance[]>();
  for (const incident of await liveIncidentPairs(store, label)) {
    const pattern = pairPattern(incident, " {id: $id}");
    const counted = await store.query(`MATCH ${pattern} RETURN count(r) AS total`, { id }, READ);
    const total = Number(counted.rows[0]?.total ?? 0);
    if (total === 0) continue;
    const { rows } = await store.query(
      `MATCH ${pattern} RETURN y.id AS id, y.name AS name, r.source AS source, r.sources AS sources,
         r.line AS line, r.extractor AS extractor, r.confidence AS confidence ORDER BY name, id LIMIT $limit`,
      { id, limit },
      READ,
    );
    const key = `${incident.pair.type} ${incident.direction}`;
    const group = groups.get(key) ?? {
      type: incident.pair.type,
      direction: incident.direction,
      nodes: [],
      total: 0,
    };
    group.total += total;
    groups.set(key, group);
    const proofs = evidence.get(key) ?? [];
    evidence.set(key, proofs);
    for (const row of rows) {
      const other = String(row.id);
      group.nodes.push({ id: other, label: incident.other, name: stringOrNull(row.name) ?? other });
      proofs.push({
        type: incident.pair.type,
        direction: incident.direction,
        other,
        source: stringOrNull(row.source),
        sources: Array.isArray(row.sources)
          ? row.sources.filter((s): s is string => typeof s === "string")
          : [],
        line: numberOrNull(row.line),
        extractor: stringOrNull(row.extractor),
        confidence: numberOrNull(row.confidence),
      });
    }
  }
  // A group spanning several label pairs (MENTIONS: models, concepts, ...) keeps the first by name.
  const neighbours: NeighbourGroup[] = [];
  const provenance: Provenance[] = [];
  for (const [key, group] of groups) {
    group.nodes.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    group.nodes = group.nodes.slice(0, limit);
    const listed = new Set(group.nodes.map((node) => node.id));
    neighbours.push(group);
    provenance.push(...(evidence.get(key) ?? []).filter((proof) => listed.has(proof.other)));
  }
  return { neighbours, provenance };
}

async function excerptFor(
  store: GraphStore,
  details: NodeDetails,
  options: ExcerptOptions,
): Promise<NodeDetails["excerpt"]> {
  let noteId: string;
  let line: number | null;
  let note: Record<string, JsonValue>;
  if (details.label === "Note") {
    noteId = details.id;
    line = null;
    note = details.properties;
  } else {
    const proof = details.provenance.find((p) => p.type === "HAS_FIGURE" && p.direction === "in");
    if (!proof) return null;
    noteId = proof.other;
    line = proof.line;
    const found = await readNode(store, "Note", noteId);
    if (!found) return null;
    note = found.properties;
  }
  const root = stringOrNull(note.root);
  const relative = stringOrNull(note.path);
  if (!root || !relative) return null;
  const excerpt = await readExcerpt(root, relative, line, options);
  return excerpt ? { note: noteId, ...excerpt } : null;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
