/**
 * Query results as a table (for people), JSON (an array of row objects, nothing else on
 * stdout), JSON lines (one row object a line) or CSV. `kg query` streams the last three
 * (stream-output.ts); these whole-result forms are for everything else. Nested values (nodes, lists, maps) are shown as compact JSON in cells.
 */
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import type { JsonValue, QueryResult } from "../store/types.js";

export const OUTPUT_FORMATS = ["table", "json", "jsonl", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatResult(result: Pick<QueryResult, "columns" | "rows">, format: OutputFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(result.rows, null, 2)}\n`;
    case "jsonl":
      return result.rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    case "csv":
      return stringify([
        result.columns,
        ...result.rows.map((row) => result.columns.map((c) => cell(row[c]))),
      ]);
    case "table": {
      if (result.columns.length === 0) return "(no columns)\n";
      const table = new Table({
        head: result.columns,
        style: { head: [], border: [], compact: true },
        wordWrap: true,
      });
      for (const row of result.rows) table.push(result.columns.map((c) => cell(row[c])));
      return `${table.toString()}\n(${result.rows.length} row${result.rows.length === 1 ? "" : "s"})\n`;
    }
  }
}

/** A value in a table or CSV cell: nested values as compact JSON, null as nothing. */
export function cell(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Counts by name as a two-column table, largest first. */
export function formatCounts(title: string, counts: Record<string, number>): string {
  const table = new Table({ head: [title, "count"], style: { head: [], border: [], compact: true } });
  for (const [name, value] of Object.entries(counts).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )) {
    table.push([name, String(value)]);
  }
  return table.toString();
}

/** `Concept 30, Figure 7, ...`: counts on one line, largest first. */
/** The summary line of reconcileTitlePapers (src/pipeline/reconcile-papers.ts). */
export function papersJoinedLine(count: number): string {
  const records = count === 1 ? "its arXiv or DOI record" : "their arXiv or DOI records";
  return `papers: ${count} known only by title joined to ${records}`;
}

export function countLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
}
