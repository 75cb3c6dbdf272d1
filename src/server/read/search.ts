/**
 * `GET /api/search`: src/search/text.ts (names, titles, Chinese and full names) plus aliases,
 * one label per query, each hit scored in [0, 1]: 1 for an exact match, then prefix over
 * substring, a match covering more of the value higher; an alias counts a little less.
 */
import { NODE_LABELS, NODE_PROPERTIES, type NodeLabel } from "../../graph/schema.js";
import { searchText } from "../../search/text.js";
import { chunks } from "../../store/collections.js";
import type { GraphStore } from "../../store/types.js";
import type { SearchHit } from "../api-types.js";
import { groupByLabel } from "./labels.js";
import { READ, stringOrNull } from "./subgraph.js";

/** A match in an alias weighs this much of the same match in a name. */
const ALIAS_WEIGHT = 0.9;

/** How well `value` matches `needle` (both compared lower-case): 0 when it does not contain it. */
export function matchScore(needle: string, value: string): number {
  const q = needle.trim().toLowerCase();
  const v = value.toLowerCase();
  if (!q || !v.includes(q)) return 0;
  if (v === q) return 1;
  const coverage = q.length / v.length;
  return v.startsWith(q) ? 0.6 + 0.35 * coverage : 0.2 + 0.35 * coverage;
}

const ALIASED: readonly NodeLabel[] = NODE_LABELS.filter((label) =>
  Object.hasOwn(NODE_PROPERTIES[label], "aliases"),
);

export async function searchNodes(
  store: GraphStore,
  text: string,
  options: { k: number },
): Promise<SearchHit[]> {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const best = new Map<string, SearchHit>();
  const keep = (hit: SearchHit): void => {
    const known = best.get(hit.id);
    if (!known || hit.score > known.score) best.set(hit.id, hit);
  };
  const matches = await searchText(store, needle, { k: options.k * 2 });
  const values = await matchedValues(store, matches);
  for (const match of matches) {
    const value = values.get(`${match.id} ${match.field}`) ?? match.name;
    keep({ id: match.id, label: match.label, name: match.name, score: round(matchScore(needle, value)) });
  }
  for (const label of ALIASED) {
    const { rows } = await store.query(
      `MATCH (n:\`${label}\`) WHERE n.aliases IS NOT NULL UNWIND n.aliases AS alias
       WITH n, alias WHERE lower(alias) CONTAINS $q RETURN n.id AS id, n.name AS name, alias LIMIT $limit`,
      { q: needle, limit: options.k * 4 },
      READ,
    );
    for (const row of rows) {
      const alias = stringOrNull(row.alias);
      if (!alias) continue;
      const id = String(row.id);
      keep({
        id,
        label,
        name: stringOrNull(row.name) ?? id,
        score: round(ALIAS_WEIGHT * matchScore(needle, alias)),
      });
    }
  }
  return [...best.values()]
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.name.length - b.name.length || (a.id < b.id ? -1 : 1))
    .slice(0, options.k);
}

/** The text of the property each match was found in, keyed `<id> <field>`. */
async function matchedValues(
  store: GraphStore,
  matches: readonly { id: string; field: string }[],
): Promise<Map<string, string>> {
  const fields = new Map(matches.map((match) => [match.id, match.field]));
  const values = new Map<string, string>();
  for (const [label, ids] of groupByLabel(fields.keys())) {
    const wanted = [...new Set(ids.map((id) => fields.get(id) ?? "name"))].filter((field) =>
      Object.hasOwn(NODE_PROPERTIES[label], field),
    );
    if (wanted.length === 0) continue;
    const returned = wanted.map((field) => `n.${field} AS ${field}`).join(", ");
    for (const part of chunks(ids)) {
      const { rows } = await store.query(
        `UNWIND $ids AS i MATCH (n:\`${label}\` {id: i}) RETURN n.id AS id, ${returned}`,
        { ids: part },
        READ,
      );
      for (const row of rows) {
        const id = String(row.id);
        const field = fields.get(id) ?? "name";
        const value = stringOrNull(row[field]);
        if (value) values.set(`${id} ${field}`, value);
      }
    }
  }
  return values;
}

const round = (score: number): number => Math.round(score * 1e4) / 1e4;
