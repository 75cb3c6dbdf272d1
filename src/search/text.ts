/**
 * Name search over the graph, the one implementation behind `kg search` and `GET /api/search`:
 * names, titles, Chinese names, full names and aliases, case-insensitive (`对比`, `blip2`).
 *
 * Each hit is scored in [0, 1] by matchScore: 1 for an exact match, then a prefix over a
 * substring, a match covering more of the value higher; an alias counts ALIAS_WEIGHT of a name.
 * The store computes the same score and ranks by it before its LIMIT (queries per label: Kuzu
 * scans one table per query), so an exact match is never cut off by a page of substring matches
 * found first. The rows come back with their values, and the score is worked out here again with
 * the same arithmetic (lengths in code points, as both stores count them), to say which property
 * matched.
 *
 * No full-text index: Neo4j's (Lucene, CJK bigrams) and Kuzu's FTS extension both match whole
 * tokens, so neither finds "clip" in "OpenCLIP" or one character of a Chinese word, and their
 * relevance scores would rank differently on each store. See cypher/schema.cypher.
 */
import { NODE_LABELS, NODE_PROPERTIES, type NodeLabel } from "../graph/schema.js";
import type { GraphStore, JsonValue } from "../store/types.js";

/** The properties searched besides aliases, in the order a tie between them is given. */
export const SEARCHED = ["name", "title", "nameZh", "fullName"] as const;
export type SearchedField = (typeof SEARCHED)[number] | "aliases";

/** A match in an alias weighs this much of the same match in a name. */
export const ALIAS_WEIGHT = 0.9;

export interface TextHit {
  id: string;
  label: NodeLabel;
  /** The node's name (its id when it has none). */
  name: string;
  /** The property the best match was found in. */
  field: SearchedField;
  /** In (0, 1], rounded to 4 decimals. */
  score: number;
}

const length = (text: string): number => [...text].length;

/** How well `value` matches `needle` (both compared lower-case): 0 when it does not contain it. */
export function matchScore(needle: string, value: string): number {
  const q = needle.trim().toLowerCase();
  const v = value.toLowerCase();
  if (!q || !v.includes(q)) return 0;
  if (v === q) return 1;
  const coverage = length(q) / length(value);
  return v.startsWith(q) ? 0.6 + 0.35 * coverage : 0.2 + 0.35 * coverage;
}

/** matchScore in Cypher both stores run alike, of a value known to contain `$q` (`$length` its length). */
function scoreCypher(value: string, lower: string): string {
  const coverage = `((1.0 * $length) / size(${value}))`;
  return (
    `CASE WHEN ${lower} = $q THEN 1.0 ` +
    `WHEN ${lower} STARTS WITH $q THEN 0.6 + 0.35 * ${coverage} ` +
    `ELSE 0.2 + 0.35 * ${coverage} END`
  );
}

type Field = (typeof SEARCHED)[number];

/** The largest of some variables, in Cypher both stores take (neither has greatest()). */
function largest(names: readonly string[]): string {
  if (names.length === 1) return names[0] ?? "";
  const cases = names.slice(0, -1).map(
    (name, i) =>
      `WHEN ${names
        .slice(i + 1)
        .map((other) => `${name} >= ${other}`)
        .join(" AND ")} THEN ${name}`,
  );
  return `CASE ${cases.join(" ")} ELSE ${names.at(-1)} END`;
}

/** Best first, then the shorter name, then the id; the same order searchText sorts in. */
const RANKED = "ORDER BY score DESC, size(coalesce(n.name, n.id)), n.id LIMIT $k";

/**
 * The queries giving the `k` best nodes of one label, each ranked before its LIMIT: one scores
 * the properties (the best of them, without unwinding: a value that does not contain `$q`
 * scores 0), one the aliases of the nodes with a matching alias. A node's score is the better
 * of its two, so the label's k best are among the two queries' k best.
 */
function labelQueries(label: NodeLabel): { fields: readonly Field[]; queries: string[] } {
  const fields = SEARCHED.filter((field) => Object.hasOwn(NODE_PROPERTIES[label], field));
  const aliased = Object.hasOwn(NODE_PROPERTIES[label], "aliases");
  const columns = [...fields, ...(aliased ? ["aliases"] : [])].map((field) => `n.${field} AS ${field}`);
  const returned = `RETURN n.id AS id, ${columns.join(", ")}`;
  const match = `MATCH (n:\`${label}\`)`;
  const lowered = fields.map((field, i) => `lower(n.${field}) AS l${i}`);
  const scores = fields.map(
    (field, i) =>
      `CASE WHEN l${i} CONTAINS $q THEN ${scoreCypher(`n.${field}`, `l${i}`)} ELSE 0.0 END AS s${i}`,
  );
  const properties =
    `${match} WITH n, ${lowered.join(", ")} WHERE ${fields.map((_, i) => `l${i} CONTAINS $q`).join(" OR ")} ` +
    `WITH n, ${scores.join(", ")} ` +
    `WITH n, ${largest(fields.map((_, i) => `s${i}`))} AS score ${RANKED} ${returned}`;
  if (!aliased) return { fields, queries: [properties] };
  // Kuzu 0.11 cannot read a parameter inside any(): `q` carries it.
  const aliases =
    `${match} WITH n, $q AS q WHERE any(alias IN n.aliases WHERE lower(alias) CONTAINS q) ` +
    "UNWIND n.aliases AS alias WITH n, alias, lower(alias) AS low WHERE low CONTAINS $q " +
    `WITH n, max(${scoreCypher("alias", "low")} * ${ALIAS_WEIGHT}) AS score ${RANKED} ${returned}`;
  return { fields, queries: [properties, aliases] };
}

/** The best-matching property of a row, and its score. */
function bestMatch(
  needle: string,
  row: Record<string, JsonValue>,
  fields: readonly Field[],
): { field: SearchedField; score: number } {
  let best: { field: SearchedField; score: number } = { field: "name", score: 0 };
  for (const field of fields) {
    const value = row[field];
    const score = typeof value === "string" ? matchScore(needle, value) : 0;
    if (score > best.score) best = { field, score };
  }
  for (const alias of Array.isArray(row.aliases) ? row.aliases : []) {
    const score = typeof alias === "string" ? ALIAS_WEIGHT * matchScore(needle, alias) : 0;
    if (score > best.score) best = { field: "aliases", score };
  }
  return best;
}

export async function searchText(
  store: GraphStore,
  text: string,
  options: { k: number; labels?: readonly NodeLabel[] },
): Promise<TextHit[]> {
  const needle = text.trim().toLowerCase();
  if (!needle || options.k < 1) return [];
  const hits = new Map<string, TextHit>();
  for (const label of options.labels ?? NODE_LABELS) {
    const { fields, queries } = labelQueries(label);
    for (const cypher of queries) {
      const params = { q: needle, length: length(needle), k: options.k };
      for (const row of (await store.query(cypher, params, { readOnly: true })).rows) {
        const id = String(row.id);
        const { field, score } = bestMatch(needle, row, fields);
        if (score <= 0 || hits.has(id)) continue;
        hits.set(id, { id, label, name: typeof row.name === "string" ? row.name : id, field, score });
      }
    }
  }
  return [...hits.values()]
    .sort(
      (a, b) =>
        b.score - a.score || length(a.name) - length(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, options.k)
    .map((hit) => ({ ...hit, score: Math.round(hit.score * 1e4) / 1e4 }));
}
