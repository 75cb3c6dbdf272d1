/**
 * Name search over the graph: names, titles, Chinese names and full names (`对比`, `blip`),
 * case-insensitive, one label at a time (Kuzu scans one table per query). Ranked: exact
 * name, then prefix, then substring; shorter names first.
 */
import { NODE_LABELS, NODE_PROPERTIES, type NodeLabel } from "../graph/schema.js";
import type { GraphStore } from "../store/types.js";

export interface TextMatch {
  id: string;
  label: NodeLabel;
  name: string;
  /** Which property matched. */
  field: string;
}

const SEARCHED = ["name", "title", "nameZh", "fullName"] as const;

export async function searchText(
  store: GraphStore,
  text: string,
  options: { k: number; labels?: readonly NodeLabel[] },
): Promise<TextMatch[]> {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const matches: (TextMatch & { rank: number })[] = [];
  for (const label of options.labels ?? NODE_LABELS) {
    const fields = SEARCHED.filter((field) => Object.hasOwn(NODE_PROPERTIES[label], field));
    const where = fields.map((field) => `lower(n.${field}) CONTAINS $q`).join(" OR ");
    const returned = fields.map((field) => `n.${field} AS ${field}`).join(", ");
    const { rows } = await store.query(
      `MATCH (n:${label}) WHERE ${where} RETURN n.id AS id, ${returned} LIMIT $limit`,
      { q: needle, limit: options.k * 4 },
      { readOnly: true },
    );
    for (const row of rows) {
      for (const field of fields) {
        const value = row[field];
        if (typeof value !== "string" || !value.toLowerCase().includes(needle)) continue;
        const lower = value.toLowerCase();
        const rank =
          (lower === needle ? 0 : lower.startsWith(needle) ? 1 : 2) * 1000 + Math.min(value.length, 999);
        matches.push({ id: String(row.id), label, name: String(row.name ?? value), field, rank });
        break;
      }
    }
  }
  return matches
    .sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id))
    .slice(0, options.k)
    .map(({ rank: _rank, ...match }) => match);
}
