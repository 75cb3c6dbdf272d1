/**
 * The statements a Kuzu bulk load runs: which of a batch's nodes and relationships the store
 * holds, and, after the COPY, the updates read from their staged files (one `LOAD ... MATCH
 * ... SET` per table) and the values a file could not carry.
 */
import type { EdgeRecord } from "../graph/delta.js";
import type { NodeLabel } from "../graph/schema.js";
import type { BatchNode } from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import { DEFAULT_PREFIX, edgeName, nodeColumns, pairName } from "./kuzu-bulk-rows.js";
import { updateNodes } from "./kuzu-nodes.js";
import { quoteIdent, REL_PAIRS, type RelPair } from "./kuzu-schema.js";
import type { KuzuSession } from "./kuzu-session.js";
import { columnValue, loadClause, type StagedColumn, type StagedTable } from "./kuzu-staging.js";

/** Ids by label. */
export type Ids = Map<NodeLabel, Set<string>>;

export function addId(ids: Ids, label: NodeLabel, id: string): void {
  let set = ids.get(label);
  if (!set) {
    set = new Set();
    ids.set(label, set);
  }
  set.add(id);
}

export function endpointsPattern(pair: RelPair): string {
  return `(x:${quoteIdent(pair.fromLabel)} {id: a}), (y:${quoteIdent(pair.toLabel)} {id: b})`;
}

/**
 * One statement per label over its updates file, with the semantics of updateStatement in
 * kuzu-nodes.ts: a property overwrites, a default fills what is null (a name: null or still
 * the id placeholder), sources are added. Rows a file cannot carry go through updateNodes.
 */
export async function applyNodeUpdates(
  session: KuzuSession,
  updates: Map<NodeLabel, { table: StagedTable | null; rest: BatchNode[] }>,
): Promise<void> {
  for (const [label, { table, rest }] of updates) {
    if (table && table.rows > 0) {
      const value = (name: string) =>
        columnValue(table.columns.find((column) => column.name === name) as StagedColumn);
      const assignments = [
        `n.sources = CASE WHEN n.sources IS NULL THEN ${value("sources")} ELSE list_sort(list_concat(n.sources, ${value("sources")})) END`,
      ];
      for (const { name } of nodeColumns(label)) {
        if (name === "id" || name === "sources") continue;
        const column = `n.${quoteIdent(name)}`;
        const fallback = value(DEFAULT_PREFIX + name);
        assignments.push(
          name === "name"
            ? `${column} = coalesce(${value(name)}, CASE WHEN ${column} IS NULL OR ${column} = n.id THEN coalesce(${fallback}, ${column}) ELSE ${column} END)`
            : `${column} = coalesce(${value(name)}, ${column}, ${fallback})`,
        );
      }
      await session.command(
        `${loadClause(table)} MATCH (n:${quoteIdent(label)} {id: id}) SET ${assignments.join(", ")}`,
      );
    }
    await updateNodes(session, rest);
  }
}

/** One statement per relationship table over its updates file, as mergeEdgeUpdates in kuzu-edges.ts. */
export async function applyEdgeUpdates(
  session: KuzuSession,
  updates: Map<number, StagedTable>,
): Promise<void> {
  for (const [index, table] of updates) {
    if (table.rows === 0) continue;
    const pair = REL_PAIRS[index] as RelPair;
    const value = (name: string) =>
      columnValue(table.columns.find((column) => column.name === name) as StagedColumn);
    const stronger = `${value("confidence")} > e.confidence`;
    const evidence = table.columns
      .slice(2)
      .filter(({ name }) => name !== "sources" && name !== "confidence")
      .map(
        ({ name }) =>
          `e.${quoteIdent(name)} = CASE WHEN ${stronger} THEN ${value(name)} ELSE e.${quoteIdent(name)} END`,
      );
    const assignments = [
      `e.sources = CASE WHEN e.sources IS NULL THEN ${value("sources")} ELSE list_sort(list_concat(e.sources, ${value("sources")})) END`,
      ...evidence,
      `e.confidence = CASE WHEN ${stronger} THEN ${value("confidence")} ELSE e.confidence END`,
    ];
    await session.command(
      `${loadClause(table)} MATCH (x:${quoteIdent(pair.fromLabel)} {id: a})-[e:${quoteIdent(pair.type)}]->(y:${quoteIdent(pair.toLabel)} {id: b}) SET ${assignments.join(", ")}`,
    );
  }
}

export function literal(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** The given nodes the store holds, by label. */
export async function storedIds(session: KuzuSession, wanted: Ids): Promise<Ids> {
  const found: Ids = new Map();
  for (const [label, ids] of wanted) {
    for (const part of chunks([...ids])) {
      const rows = await session.run(
        `UNWIND $ids AS i MATCH (n:${quoteIdent(label)} {id: i}) RETURN n.id AS id`,
        { ids: part },
      );
      for (const row of rows) addId(found, label, String(row.id));
    }
  }
  return found;
}

/** `edgeName` of the given relationships the store holds. */
export async function storedEdgeKeys(
  session: KuzuSession,
  edges: readonly EdgeRecord[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const group of groupBy(edges, pairName).values()) {
    const first = group[0] as EdgeRecord;
    for (const part of chunks(group)) {
      const rows = await session.run(
        `UNWIND $rows AS r MATCH (a:${quoteIdent(first.fromLabel)} {id: r.a})-[:${quoteIdent(first.type)}]->(b:${quoteIdent(first.toLabel)} {id: r.b}) RETURN a.id AS a, b.id AS b`,
        { rows: part.map((edge) => ({ a: edge.from, b: edge.to })) },
      );
      for (const row of rows) found.add(edgeName({ ...first, from: String(row.a), to: String(row.b) }));
    }
  }
  return found;
}

/** Values COPY cannot carry (see kuzu-staging.ts), set once the rows are in. */
export async function setFixups(session: KuzuSession, label: NodeLabel, table: StagedTable): Promise<void> {
  for (const [column, fixups] of groupBy(table.fixups, (fixup) => fixup.column)) {
    for (const part of chunks(fixups)) {
      await session.run(
        `UNWIND $rows AS r MATCH (n:${quoteIdent(label)} {id: r.id}) SET n.${quoteIdent(column)} = r.v`,
        { rows: part.map((fixup) => ({ id: fixup.id, v: fixup.value as string | string[] })) },
      );
    }
  }
}
