/**
 * What the server knows from ids and the schema alone: a node's label from its id prefix
 * (src/graph/ids.ts), and every (type, from label, to label) a relationship may connect, so
 * each query names one node table and one relationship type (Kuzu scans one table at a time).
 */
import { type NodeLabel, REL_ENDPOINTS, REL_TYPES, type RelType } from "../../graph/schema.js";

/** The id prefix of every label (`paper:arxiv:2103.00020` is a Paper). */
export const LABEL_PREFIXES = {
  Note: "note",
  Tag: "tag",
  Category: "category",
  Series: "series",
  Paper: "paper",
  Author: "author",
  Model: "model",
  Concept: "concept",
  Loss: "loss",
  Figure: "figure",
  Repository: "repo",
  WebResource: "url",
} as const satisfies Record<NodeLabel, string>;

const LABEL_BY_PREFIX: ReadonlyMap<string, NodeLabel> = new Map(
  Object.entries(LABEL_PREFIXES).map(([label, prefix]) => [prefix, label as NodeLabel]),
);

/** `model:clip` -> `Model`; an id with no known prefix, or nothing after it, -> null. */
export function labelOfId(id: string): NodeLabel | null {
  const colon = id.indexOf(":");
  if (colon <= 0 || colon === id.length - 1) return null;
  return LABEL_BY_PREFIX.get(id.slice(0, colon)) ?? null;
}

export interface RelPair {
  type: RelType;
  from: NodeLabel;
  to: NodeLabel;
}

export const REL_PAIRS: readonly RelPair[] = REL_TYPES.flatMap((type) =>
  REL_ENDPOINTS[type].map(([from, to]) => ({ type, from, to })),
);

/** A pair seen from one of its ends: `out` when `label` is the start node. */
export interface IncidentPair {
  pair: RelPair;
  direction: "out" | "in";
  /** The label at the other end. */
  other: NodeLabel;
}

/** Every pair `label` takes part in, once per end (LINKS_TO Note->Note twice: out and in). */
export function incidentPairs(label: NodeLabel): IncidentPair[] {
  const found: IncidentPair[] = [];
  for (const pair of REL_PAIRS) {
    if (pair.from === label) found.push({ pair, direction: "out", other: pair.to });
    if (pair.to === label) found.push({ pair, direction: "in", other: pair.from });
  }
  return found;
}

/**
 * `(a:From)-[r:TYPE]->(b:To)` with `x` bound to the end named by `direction` (`a` for out,
 * `b` for in) and `y` to the other. Labels and types come only from the schema's lists.
 */
export function pairPattern(incident: IncidentPair, anchor = ""): string {
  const { pair, direction } = incident;
  const start = direction === "out" ? `x:\`${pair.from}\`${anchor}` : `y:\`${pair.from}\``;
  const end = direction === "out" ? `y:\`${pair.to}\`` : `x:\`${pair.to}\`${anchor}`;
  return `(${start})-[r:\`${pair.type}\`]->(${end})`;
}

/** Ids grouped by their label; ids without a known prefix are left out. */
export function groupByLabel(ids: Iterable<string>): Map<NodeLabel, string[]> {
  const groups = new Map<NodeLabel, string[]>();
  for (const id of ids) {
    const label = labelOfId(id);
    if (!label) continue;
    const list = groups.get(label);
    if (list) list.push(id);
    else groups.set(label, [id]);
  }
  return groups;
}
