/**
 * Writing a batch's edges into Kuzu (inside the store's transaction). An edge is unique per
 * (from, type, to); the EdgeKeyCache says which of the batch's edges exist already.
 * - Existing ones get `sources` extended; their evidence (source, line, extractor, ...) is
 *   replaced only by stronger evidence (a higher confidence), so the first evidence wins ties.
 * - New ones are bulk-loaded with `COPY ... FROM (LOAD WITH HEADERS ... FROM '<csv>')`,
 *   which builds the `sources` list from a U+001F-joined column in the same pass (several
 *   times faster than COPY then `SET e.sources = [e.source]`), or, when the table is already
 *   much larger than the batch, created with UNWIND ... CREATE (see COPY_MAX_EXISTING_PER_NEW).
 * Endpoints are checked before the transaction starts: COPY would fail on a missing one.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { sortedDistinct } from "../graph/delta.js";
import { type NodeLabel, type PropertyType, REL_PROPERTIES } from "../graph/schema.js";
import type { BatchEdge, PreparedBatch } from "./batch.js";
import { InvalidDeltaError } from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import { type EdgeKeyCache, endpointKey } from "./kuzu-caches.js";
import { quoteIdent, type RelPair } from "./kuzu-schema.js";
import type { KuzuParams, KuzuSession } from "./kuzu-session.js";

/** Joins `sources` in the CSV column; a source containing it is refused before writing. */
const SOURCE_SEPARATOR = "\u001f";

/** Limits of this adapter that the schema check cannot know about. */
export function checkKuzuLimits(batch: PreparedBatch): void {
  for (const edge of batch.edges) {
    if (edge.sources.some((source) => source.includes(SOURCE_SEPARATOR))) {
      throw new InvalidDeltaError(
        `source ids must not contain U+001F (edge from "${edge.from}" to "${edge.to}")`,
      );
    }
  }
}

/**
 * Edges whose endpoint is neither in the batch nor in the store: COPY would fail on them
 * halfway, so they are found (and reported) before anything is written.
 */
export async function findMissingEndpoints(session: KuzuSession, batch: PreparedBatch): Promise<string[]> {
  const inBatch = new Set(batch.nodes.map((node) => `${node.label}|${node.id}`));
  const wanted = new Map<NodeLabel, Set<string>>();
  for (const edge of batch.edges) {
    for (const [label, id] of [
      [edge.fromLabel, edge.from],
      [edge.toLabel, edge.to],
    ] as const) {
      if (inBatch.has(`${label}|${id}`)) continue;
      const ids = wanted.get(label) ?? new Set<string>();
      ids.add(id);
      wanted.set(label, ids);
    }
  }
  const missing: string[] = [];
  for (const [label, ids] of wanted) {
    const found = new Set<string>();
    for (const part of chunks([...ids])) {
      const rows = await session.run(
        `UNWIND $ids AS i MATCH (n:${quoteIdent(label)} {id: i}) RETURN n.id AS id`,
        {
          ids: part,
        },
      );
      for (const row of rows) found.add(String(row.id));
    }
    for (const id of ids) if (!found.has(id)) missing.push(`${label} "${id}"`);
  }
  return missing;
}

export async function writeEdges(
  session: KuzuSession,
  keys: EdgeKeyCache,
  edges: readonly BatchEdge[],
): Promise<void> {
  const groups = groupBy(edges, (edge) => `${edge.type}|${edge.fromLabel}|${edge.toLabel}`);
  for (const group of groups.values()) {
    const { type, fromLabel, toLabel } = group[0] as BatchEdge;
    const existing = await keys.get(session, type, fromLabel, toLabel);
    const fresh: BatchEdge[] = [];
    const known: BatchEdge[] = [];
    const stronger: BatchEdge[] = [];
    for (const edge of group) {
      const stored = existing.get(endpointKey(edge.from, edge.to));
      if (stored === undefined) fresh.push(edge);
      else (edge.confidence > stored ? stronger : known).push(edge);
    }
    const pair = { type, fromLabel, toLabel };
    await extendEdgeSources(session, pair, known);
    await replaceEvidence(session, pair, stronger);
    for (const edge of stronger) existing.set(endpointKey(edge.from, edge.to), edge.confidence);
    if (fresh.length > 0) {
      if (existing.size <= COPY_MAX_EXISTING_PER_NEW * fresh.length) await copyNewEdges(session, pair, fresh);
      else await createNewEdges(session, pair, fresh);
    }
    for (const edge of fresh) existing.set(endpointKey(edge.from, edge.to), edge.confidence);
  }
}

const SOURCES_UNION =
  "e.sources = CASE WHEN e.sources IS NULL THEN r.sources ELSE list_sort(list_distinct(list_concat(e.sources, r.sources))) END";

/**
 * Each row's two endpoints, `a` and `b`. Kuzu 0.11.3 looks a node up by its primary key only
 * when the key is a plain variable and the node is alone in its MATCH: `{id: r.a}`, or two
 * nodes in one MATCH, scans the table (100 new AUTHORED_BY edges into a store of 200,000
 * papers: 5.4 s, and 1,000 ran out of buffer pool or took minutes; 0.05 s this way).
 */
function matchEndpoints(pair: RelPair): string {
  return (
    `UNWIND $rows AS r WITH r, r.a AS ka MATCH (a:${quoteIdent(pair.fromLabel)} {id: ka}) ` +
    `WITH r, a, r.b AS kb MATCH (b:${quoteIdent(pair.toLabel)} {id: kb})`
  );
}

function matchEdge(pair: RelPair): string {
  return (
    `UNWIND $rows AS r WITH r, r.a AS ka MATCH (a:${quoteIdent(pair.fromLabel)} {id: ka}) ` +
    `WITH r, a, r.b AS kb MATCH (a)-[e:${quoteIdent(pair.type)}]->(b:${quoteIdent(pair.toLabel)} {id: kb})`
  );
}

async function extendEdgeSources(
  session: KuzuSession,
  pair: RelPair,
  items: readonly BatchEdge[],
): Promise<void> {
  if (items.length === 0) return;
  const statement = `${matchEdge(pair)} SET ${SOURCES_UNION}`;
  for (const part of chunks(items)) {
    await session.run(statement, {
      rows: part.map((edge) => ({ a: edge.from, b: edge.to, sources: edge.sources })),
    });
  }
}

/** Edges whose new evidence is stronger (a higher confidence, known from the cache) take all of it. */
export async function replaceEvidence(
  session: KuzuSession,
  pair: RelPair,
  items: readonly BatchEdge[],
): Promise<void> {
  if (items.length === 0) return;
  const evidence = REL_COLUMNS.filter(([name]) => name !== "sources").map(
    ([name, type]) => `e.${quoteIdent(name)} = ${rowValue(name, type)}`,
  );
  const statement = `${matchEdge(pair)} SET ${SOURCES_UNION}, ${evidence.join(", ")}`;
  for (const part of chunks(items)) await session.run(statement, { rows: part.map(edgeRow) });
}

/** A row field read back with its column's type (numbers travel as strings, see createNewEdges). */
function rowValue(name: string, type: PropertyType): string {
  const field = `r.${quoteIdent(name)}`;
  return type === "INT64" || type === "DOUBLE" ? `cast(${field} AS ${type})` : field;
}

function edgeRow(edge: BatchEdge): KuzuParams {
  const row: KuzuParams = { a: edge.from, b: edge.to };
  for (const [name, value] of Object.entries(edgeValues(edge))) {
    row[name] = typeof value === "number" ? String(value) : value;
  }
  return row;
}

/**
 * New edges go in by COPY while the pair's table holds at most this many edges per new one,
 * by CREATE beyond. Measured on kuzu 0.11.3 (2 cores): COPY costs ~17 us per new edge plus
 * ~9 us per edge already in the table, since its commit merges into the whole table; CREATE
 * ~80 us per new edge plus more frequent checkpoints. Ingesting 2,000 notes (110k edges) in
 * batches of 200 ran 50% slower with 5 than with COPY only, and evenly with 30; adding five
 * notes to 100k edges took 0.25 s by CREATE against 0.77 s by COPY.
 */
export const COPY_MAX_EXISTING_PER_NEW = 30;

/** Relationship columns in REL_PROPERTIES order, which is the rel table's column order. */
const REL_COLUMNS = Object.entries(REL_PROPERTIES) as [keyof typeof REL_PROPERTIES, PropertyType][];

/**
 * The stored values of an edge. An empty string is stored as null: COPY's CSV reader cannot
 * tell `""` from null, and both writers must agree.
 */
function edgeValues(edge: BatchEdge): Record<keyof typeof REL_PROPERTIES, string | number | string[] | null> {
  return {
    source: edge.source,
    sources: edge.sources,
    line: edge.line ?? null,
    extractor: edge.extractor || null,
    confidence: edge.confidence,
    position: edge.position ?? null,
    score: edge.score ?? null,
    embeddingModel: edge.embeddingModel || null,
  };
}

/**
 * An edge's row in a bulk load's staging file: its endpoints, then REL_PROPERTIES in order,
 * as edgeValues gives them (written out directly: millions of rows go through here).
 */
const STAGED_ORDER = "source,sources,line,extractor,confidence,position,score,embeddingModel";
if (Object.keys(REL_PROPERTIES).join(",") !== STAGED_ORDER) {
  throw new Error("edgeStagedValues (src/store/kuzu-edges.ts) is out of step with REL_PROPERTIES");
}

export function edgeStagedValues(edge: BatchEdge): (string | number | readonly string[] | null)[] {
  return [
    edge.from,
    edge.to,
    edge.source,
    edge.sources.length > 1 ? sortedDistinct(edge.sources) : edge.sources,
    edge.line ?? null,
    edge.extractor || null,
    edge.confidence,
    edge.position ?? null,
    edge.score ?? null,
    edge.embeddingModel || null,
  ];
}

/**
 * UNWIND ... CREATE. Numbers travel as strings and are cast back: the parameter's type comes
 * from its first row, where a null (or a whole-number double) would type the column wrongly.
 */
async function createNewEdges(
  session: KuzuSession,
  pair: RelPair,
  items: readonly BatchEdge[],
): Promise<void> {
  const properties = REL_COLUMNS.map(([name, type]) => `${quoteIdent(name)}: ${rowValue(name, type)}`);
  const statement = `${matchEndpoints(pair)} CREATE (a)-[:${quoteIdent(pair.type)} {${properties.join(", ")}}]->(b)`;
  for (const part of chunks(items)) {
    const rows = part.map(edgeRow);
    await session.run(statement, { rows });
  }
}

async function copyNewEdges(session: KuzuSession, pair: RelPair, items: readonly BatchEdge[]): Promise<void> {
  const { type, fromLabel, toLabel } = pair;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notegraph-copy-"));
  try {
    const file = path.join(dir, "edges.csv");
    fs.writeFileSync(file, edgesCsv(items));
    const header = [
      "a STRING",
      "b STRING",
      ...REL_COLUMNS.map(([name, t]) => `${quoteIdent(name)} ${loadType(t)}`),
    ];
    const columns = ["a", "b", ...REL_COLUMNS.map(([name]) => loadColumn(name))];
    await session.command(
      `COPY ${quoteIdent(type)} FROM (LOAD WITH HEADERS (${header.join(", ")}) FROM ${stringLiteral(file)} ` +
        "(header=true, parallel=false, auto_detect=false, delim=',', quote='\"', escape='\"') " +
        `RETURN ${columns.join(", ")}) (from=${stringLiteral(fromLabel)}, to=${stringLiteral(toLabel)})`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `sources` is read as one string and split, since a STRING[] inside a CSV cannot hold every string. */
function loadType(type: PropertyType): string {
  return type === "STRING[]" ? "STRING" : type;
}

function loadColumn(name: string): string {
  return name === "sources" ? `string_split(${quoteIdent(name)}, '${SOURCE_SEPARATOR}')` : quoteIdent(name);
}

/**
 * The COPY file, written by csv-stringify: every string double-quoted with inner quotes doubled
 * (commas, newlines, brackets and backslashes then pass as they are), null an empty unquoted
 * field. Kuzu reads an empty quoted string as null too, so an empty string property comes back
 * as null.
 */
export function edgesCsv(items: readonly BatchEdge[]): string {
  const header = ["a", "b", ...REL_COLUMNS.map(([name]) => name)];
  const rows = items.map((edge) => {
    const values = { ...edgeValues(edge), sources: edge.sources.join(SOURCE_SEPARATOR) };
    return [edge.from, edge.to, ...REL_COLUMNS.map(([name]) => values[name])];
  });
  return stringify([header, ...rows], { quoted_string: true });
}

/** A Cypher string literal: Kuzu strings escape with backslashes. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
