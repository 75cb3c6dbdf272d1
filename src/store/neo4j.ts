/**
 * The Neo4j store: the GraphStore interface over neo4j-driver (Bolt), for Neo4j 5 servers,
 * Aura and clusters (`neo4j+s://`).
 *
 * - Schema from `cypher/schema.cypher` (constraints on `id`, the papers' title-key index, the
 *   figures' vector index).
 * - Every upsert, removeSource and removeNotes is one write transaction; bad input is
 *   refused (by the same checks as Kuzu, src/store/batch.ts) before it starts.
 * - Writes are `UNWIND $rows ... MERGE`, grouped by label and relationship type; labels and
 *   types come only from the schema's lists, every value is a parameter.
 * - `sources` lists stay sorted and distinct (a CALL subquery, as Cypher has no list sort).
 * - Read-only queries pass three layers (docs/read-only.md): the lexical guard, an EXPLAIN
 *   plan check (neo4j-plan-check.ts), then READ access mode inside a transaction that is
 *   rolled back. Results are converted to the same plain JSON.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import neo4j, {
  type Driver,
  type ManagedTransaction,
  Neo4jError,
  type Record as Neo4jRecord,
  type Session,
  type Transaction,
} from "neo4j-driver";
import {
  QueryError,
  QueryTimeoutError,
  StoreConnectionLostError,
  StoreUnavailableError,
  WriteRefusedError,
} from "../errors.js";
import type { GraphDelta } from "../graph/delta.js";
import {
  EVIDENCE_KEYS,
  isNodeLabel,
  isRelType,
  NODE_LABELS,
  NODE_PROPERTIES,
  type NodeLabel,
  REL_PROPERTIES,
  REL_TYPES,
} from "../graph/schema.js";
import { packageRoot } from "../paths.js";
import {
  type BatchEdge,
  type BatchNode,
  InvalidDeltaError,
  prepareBatch,
  refuseMissingEndpoints,
} from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import { refuseUnlessReadOnly, writeRefused } from "./cypher-guard.js";
import { type EdgeEvidence, edgeEvidenceFrom, mergedEdge, unionSorted } from "./edge-merge.js";
import { Neo4jBulkLoad } from "./neo4j-bulk.js";
import { checkPlan } from "./neo4j-plan-check.js";
import { Neo4jResultConverter, propertyValue, toNeo4jParams } from "./neo4j-values.js";
import {
  edgesAt,
  fillAssignments,
  mergeRounds,
  movedEdges,
  PAPER_EDGE_PATTERNS,
  type StoredPaperEdge,
  storedPaperEdge,
} from "./paper-merge.js";
import {
  type AuthorMerge,
  type BulkLoad,
  type FigureHit,
  type GraphStore,
  type JsonValue,
  type PaperMerge,
  type QueryOptions,
  type QueryResult,
  type QueryStreamEvent,
  type StoredNote,
  type StoreStats,
  sourcesToReplace,
  type UpsertOptions,
} from "./types.js";

export interface Neo4jOptions {
  uri: string;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
  /** How long a write transaction is retried when the server is unreachable; see NEO4J_RETRY_MS. */
  retryMs?: number | undefined;
}

const ROWS_PER_STATEMENT = 5000;
/** Rows converted (and their relationship endpoints looked up) together when streaming. */
const STREAM_CHUNK = 500;

/**
 * The driver retries a transaction that met a lost connection, with delays of 1, 2, 4 ... s,
 * for 30 s by default. That rides out a cluster's leader switch or a network blip, which last
 * seconds; a server that died takes longer to come back (a local one restarts in 10-20 s), and
 * then a user waiting on a silent `kg ingest` is worse off than one told to run it again. With
 * 10 s a retry still starts 7 s after the first failure, the last one 8 s later, and `kg` gives
 * up after about 15 s (16.3 s measured with a local server SIGKILLed mid-ingest).
 */
export const NEO4J_RETRY_MS = 10_000;

export async function openNeo4jStore(options: Neo4jOptions): Promise<Neo4jStore> {
  const auth = options.password ? neo4j.auth.basic(options.user ?? "neo4j", options.password) : undefined;
  let driver: Driver;
  try {
    driver = neo4j.driver(options.uri, auth, {
      disableLosslessIntegers: false,
      userAgent: "notegraph",
      maxTransactionRetryTime: options.retryMs ?? NEO4J_RETRY_MS,
    });
    await driver.verifyConnectivity({ database: options.database });
  } catch (error) {
    throw new StoreUnavailableError(
      `cannot reach Neo4j at ${options.uri}: ${(error as Error).message}. Start one with \`npm run neo4j\` or ` +
        "`docker compose up -d`, check NEO4J_USER / NEO4J_PASSWORD, or leave NEO4J_URI unset for the embedded store",
      { cause: error },
    );
  }
  const store = new Neo4jStore(driver, options.database, options.uri);
  await store.applySchema();
  return store;
}

/** The statements of `cypher/schema.cypher`, comments dropped. */
export function schemaStatements(): string[] {
  const text = readFileSync(join(packageRoot(), "cypher", "schema.cypher"), "utf8");
  return text
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter(Boolean);
}

const q = (name: string): string => `\`${name}\``;

/** Union of two `sources` lists, distinct and sorted, as a CALL subquery binding `merged`. */
const MERGED_SOURCES = (variable: string) =>
  `CALL (${variable}, r) { UNWIND coalesce(${variable}.sources, []) + r.sources AS s WITH DISTINCT s ORDER BY s RETURN collect(s) AS merged }`;

export class Neo4jStore implements GraphStore {
  readonly kind = "neo4j" as const;

  constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
    /** For messages: which server was lost. */
    private readonly uri = "the Neo4j server",
  ) {}

  private session(mode: "READ" | "WRITE"): Session {
    return this.driver.session({
      ...(this.database ? { database: this.database } : {}),
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
    });
  }

  private async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session("WRITE");
    try {
      return await session.executeWrite(work);
    } catch (error) {
      throw mapError(error, this.uri);
    } finally {
      await session.close();
    }
  }

  private async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session("READ");
    try {
      return await session.executeRead(work);
    } catch (error) {
      throw mapError(error, this.uri);
    } finally {
      await session.close();
    }
  }

  async applySchema(): Promise<void> {
    const session = this.session("WRITE");
    try {
      // Schema commands cannot share a transaction with each other: one auto-commit each.
      await dropDimensionedFigureIndex(session);
      for (const statement of schemaStatements()) await session.run(statement);
    } catch (error) {
      throw mapError(error, this.uri);
    } finally {
      await session.close();
    }
  }

  async bulkLoad(): Promise<BulkLoad> {
    return new Neo4jBulkLoad({
      write: (work) => this.write(work),
      missingEndpoints,
      nodeProps,
      defaultAssignments,
      edgeProps,
      edgeEvidence,
    });
  }

  async upsert(deltas: readonly GraphDelta[], options: UpsertOptions = {}): Promise<void> {
    const batch = prepareBatch(deltas);
    await this.write(async (tx) => {
      const missing = await missingEndpoints(tx, batch.nodes, batch.edges);
      refuseMissingEndpoints(missing);
      const replaced = sourcesToReplace(options, batch.sources);
      const candidates = replaced.length > 0 ? await removeContributions(tx, replaced) : [];
      await writeNodes(tx, batch.nodes);
      await writeEdges(tx, batch.edges);
      // The replaced notes themselves stay: other notes' LINKS_TO point at them.
      await deleteOrphans(tx, candidates, batch.sources);
    });
  }

  async removeSource(sourceId: string): Promise<void> {
    await this.write(async (tx) => {
      const candidates = await removeContributions(tx, [sourceId]);
      await deleteOrphans(tx, candidates, []);
    });
  }

  async removeNotes(noteIds: readonly string[]): Promise<void> {
    if (noteIds.length === 0) return;
    await this.write(async (tx) => {
      const candidates = await removeContributions(tx, [...noteIds]);
      await tx.run("UNWIND $ids AS id MATCH (n:Note {id: id}) DETACH DELETE n", { ids: [...noteIds] });
      await deleteOrphans(tx, candidates, []);
    });
  }

  async mergeAuthors(merges: readonly AuthorMerge[]): Promise<void> {
    if (merges.length === 0) return;
    await this.write(async (tx) => {
      for (const merge of merges) await mergeAuthor(tx, merge);
      await tx.run(
        "UNWIND $ids AS id MATCH (a:Author {id: id}) WHERE NOT EXISTS { MATCH (a)<-[:AUTHORED_BY]-(:Paper) } DELETE a",
        { ids: [...new Set(merges.map((merge) => merge.from))] },
      );
    });
  }

  async mergePapers(merges: readonly PaperMerge[]): Promise<void> {
    if (merges.length === 0) return;
    await this.write(async (tx) => {
      for (const round of mergeRounds(merges)) await mergePaperRound(tx, round);
    });
  }

  async searchFigures(
    vector: readonly number[],
    options: { model: string; k: number },
  ): Promise<FigureHit[]> {
    if (vector.length === 0 || options.k <= 0) return [];
    return this.read(async (tx) => {
      // The index knows nothing of models: ask for more and keep this model's figures.
      const result = await tx.run(
        `CALL db.index.vector.queryNodes('figure_embedding', $candidates, $vector) YIELD node, score
         WHERE node.embeddingModel = $model
         RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $k`,
        {
          candidates: neo4j.int(Math.max(options.k * 4, 50)),
          vector: [...vector],
          model: options.model,
          k: neo4j.int(options.k),
        },
      );
      // Neo4j reports cosine as (1 + cos) / 2; the contract is the cosine itself.
      return result.records.map((record) => ({
        id: String(record.get("id")),
        score: 2 * Number(record.get("score")) - 1,
      }));
    });
  }

  async notes(): Promise<StoredNote[]> {
    return this.read(async (tx) => {
      const result = await tx.run(
        "MATCH (n:Note) RETURN n.id AS id, n.hash AS hash, n.root AS root, n.embedKey AS embedKey",
      );
      return result.records.map((record) => ({
        id: String(record.get("id")),
        hash: (record.get("hash") as string | null) ?? null,
        root: (record.get("root") as string | null) ?? null,
        embedKey: (record.get("embedKey") as string | null) ?? null,
      }));
    });
  }

  async query(
    cypher: string,
    params: Record<string, unknown> = {},
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    const readOnly = options.readOnly === true;
    if (readOnly) refuseUnlessReadOnly(cypher, "neo4j");
    const neoParams = toNeo4jParams(params);
    const session = this.session(readOnly ? "READ" : "WRITE");
    const converter = new Neo4jResultConverter();
    const rows: Record<string, JsonValue>[] = [];
    let columns: string[] = [];
    let truncated = false;
    try {
      const tx = await this.begin(session, options);
      try {
        if (readOnly) await refuseByPlan(tx, cypher, neoParams);
        const result = tx.run(cypher, neoParams);
        columns = [...(await result.keys())];
        const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
        for await (const record of result) {
          if (rows.length >= limit) {
            truncated = true;
            break;
          }
          const row: Record<string, JsonValue> = {};
          for (const column of columns) row[column] = converter.convert(record.get(column));
          rows.push(row);
        }
        if (!truncated) refuseUnknownNames((await result.summary()).notifications);
        // A read-only query's transaction is never committed: whatever it might have done is undone.
        if (readOnly || truncated) await tx.rollback();
        else await tx.commit();
      } catch (error) {
        if (tx.isOpen()) await tx.rollback().catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw mapError(error, this.uri, options.timeoutMs);
    } finally {
      await session.close();
    }
    const unresolved = converter.unresolved();
    converter.resolve(unresolved.length ? await this.idsByElementId(unresolved) : new Map());
    return { columns, rows, truncated };
  }

  async *stream(
    cypher: string,
    params: Record<string, unknown> = {},
    options: QueryOptions = {},
  ): AsyncGenerator<QueryStreamEvent, void, undefined> {
    const readOnly = options.readOnly === true;
    if (readOnly) refuseUnlessReadOnly(cypher, "neo4j");
    const neoParams = toNeo4jParams(params);
    const session = this.session(readOnly ? "READ" : "WRITE");
    let tx: Transaction | undefined;
    let records: AsyncIterator<Neo4jRecord> | undefined;
    let truncated = false;
    try {
      tx = await this.begin(session, options);
      if (readOnly) await refuseByPlan(tx, cypher, neoParams);
      // The driver pulls records in batches as they are consumed: nothing piles up here.
      const result = tx.run(cypher, neoParams);
      const columns = [...(await result.keys())];
      // Taken before the first yield: a small result may be complete by the time the consumer
      // asks for more, and the driver refuses to start iterating a completed result.
      records = result[Symbol.asyncIterator]();
      yield { kind: "columns", columns };
      const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
      let count = 0;
      let chunk: Neo4jRecord[] = [];
      for (let next = await records.next(); !next.done; next = await records.next()) {
        if (count >= limit) {
          truncated = true;
          await records.return?.();
          break;
        }
        count++;
        chunk.push(next.value);
        if (chunk.length >= STREAM_CHUNK) {
          yield* this.convertChunk(chunk, columns);
          chunk = [];
        }
      }
      yield* this.convertChunk(chunk, columns);
      if (!truncated) refuseUnknownNames((await result.summary()).notifications);
      // A write cut short by the row cap is undone, not half-kept (query() does the same).
      if (readOnly || truncated) await tx.rollback();
      else await tx.commit();
    } catch (error) {
      throw mapError(error, this.uri, options.timeoutMs);
    } finally {
      // A consumer that stopped early leaves the result paused mid-stream: discard it before the
      // rollback, so the rollback does not wait on records nobody will pull.
      if (tx?.isOpen()) {
        await records?.return?.().catch(() => undefined);
        await tx.rollback().catch(() => undefined);
      }
      await session.close();
    }
    // After the session is closed: a consumer that stops at `end` holds nothing.
    yield { kind: "end", truncated };
  }

  private begin(session: Session, options: QueryOptions): Promise<Transaction> {
    return session.beginTransaction(options.timeoutMs ? { timeout: options.timeoutMs } : {});
  }

  /** Rows of one chunk, relationship endpoints looked up together (in a session of their own). */
  private async *convertChunk(
    records: Neo4jRecord[],
    columns: string[],
  ): AsyncGenerator<QueryStreamEvent, void, undefined> {
    if (records.length === 0) return;
    const converter = new Neo4jResultConverter();
    const rows = records.map((record) => {
      const row: Record<string, JsonValue> = {};
      for (const column of columns) row[column] = converter.convert(record.get(column));
      return row;
    });
    const unresolved = converter.unresolved();
    converter.resolve(unresolved.length ? await this.idsByElementId(unresolved) : new Map());
    for (const row of rows) yield { kind: "row", row };
  }

  private async idsByElementId(elementIds: string[]): Promise<Map<string, string>> {
    return this.read(async (tx) => {
      const result = await tx.run(
        "MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n) AS element, n.id AS id",
        {
          ids: elementIds,
        },
      );
      return new Map(result.records.map((r) => [String(r.get("element")), String(r.get("id"))]));
    });
  }

  async stats(): Promise<StoreStats> {
    return this.read(async (tx) => {
      const nodes: Record<string, number> = {};
      const relationships: Record<string, number> = {};
      for (const label of NODE_LABELS) {
        const result = await tx.run(`MATCH (n:${q(label)}) RETURN count(n) AS count`);
        nodes[label] = Number(result.records[0]?.get("count") ?? 0);
      }
      for (const type of REL_TYPES) {
        const result = await tx.run(`MATCH ()-[r:${q(type)}]->() RETURN count(r) AS count`);
        relationships[type] = Number(result.records[0]?.get("count") ?? 0);
      }
      const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
      return { nodes, relationships, totalNodes: sum(nodes), totalRelationships: sum(relationships) };
    });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** Non-null properties, INT64 ones as Neo4j integers (null would remove a property with `+=`). */
export function nodeProps(
  label: NodeLabel,
  values: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const types: Record<string, string> = NODE_PROPERTIES[label];
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value !== null && value !== undefined) props[key] = propertyValue(value, types[key]);
  }
  return props;
}

/**
 * Defaults fill only what is missing; a name still holding its id placeholder counts as
 * missing. One assignment per property of the label, since Cypher has no map coalesce.
 */
export function defaultAssignments(label: NodeLabel): string {
  const fills = Object.keys(NODE_PROPERTIES[label])
    .filter((key) => key !== "id" && key !== "sources" && key !== "name")
    .map((key) => `n.${q(key)} = coalesce(n.${q(key)}, r.defaults.${q(key)})`);
  fills.push(
    "n.name = CASE WHEN n.name IS NULL OR n.name = n.id THEN coalesce(r.defaults.name, n.name, r.id) ELSE n.name END",
  );
  return fills.join(", ");
}

/** Every evidence property, nulls included: stronger evidence replaces the whole of it. */
export function edgeEvidence(edge: BatchEdge): Record<string, unknown> {
  const evidence: Record<string, unknown> = {};
  for (const key of EVIDENCE_KEYS) evidence[key] = propertyValue(edge[key] ?? null, REL_PROPERTIES[key]);
  return evidence;
}

export function edgeProps(edge: BatchEdge): Record<string, unknown> {
  const types: Record<string, string> = REL_PROPERTIES;
  const props: Record<string, unknown> = {};
  for (const key of EVIDENCE_KEYS) {
    const value = edge[key];
    if (value !== null && value !== undefined) props[key] = propertyValue(value, types[key]);
  }
  return props;
}

/**
 * Databases made by an earlier notegraph have the index fixed at 512 dimensions, or
 * quantised; it is dropped so schema.cypher can create it as it is now (the vectors stay on
 * the nodes and are indexed again).
 */
async function dropDimensionedFigureIndex(session: Session): Promise<void> {
  const result = await session.run(
    "SHOW VECTOR INDEXES YIELD name, options WHERE name = 'figure_embedding' RETURN options",
  );
  const options = result.records[0]?.get("options") as { indexConfig?: Record<string, unknown> } | undefined;
  const config = options?.indexConfig;
  if (config && ("vector.dimensions" in config || config["vector.quantization.enabled"] === true)) {
    await session.run("DROP INDEX figure_embedding IF EXISTS");
  }
}

/** Relationship properties as plain numbers (neo4j-driver hands INT64 out as Integer objects). */
function plainProperties(value: unknown): Record<string, unknown> | null {
  return value
    ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, neo4j.isInt(v) ? v.toNumber() : v]))
    : null;
}

/** An edge's evidence as relationship properties (nulls left out: `SET e = $props` removes them). */
function evidenceProps(edge: EdgeEvidence): Record<string, unknown> {
  const props: Record<string, unknown> = { sources: edge.sources };
  for (const key of EVIDENCE_KEYS) {
    if (edge[key] !== null) props[key] = propertyValue(edge[key], REL_PROPERTIES[key]);
  }
  return props;
}

/** One step of mergeAuthors (see edge-merge.ts); the orphaned abbreviated authors go afterwards. */
async function mergeAuthor(tx: ManagedTransaction, merge: AuthorMerge): Promise<void> {
  const found = await tx.run(
    `MATCH (p:Paper {id: $paper})-[old:AUTHORED_BY]->(a:Author {id: $from}) MATCH (b:Author {id: $into})
     OPTIONAL MATCH (p)-[cur:AUTHORED_BY]->(b)
     RETURN properties(old) AS old, properties(cur) AS cur, a.name AS name, b.aliases AS aliases, b.sources AS sources`,
    { ...merge },
  );
  const record = found.records[0];
  if (!record) return;
  const moved = edgeEvidenceFrom(plainProperties(record.get("old")) ?? {});
  const current = plainProperties(record.get("cur"));
  const edge = mergedEdge(moved, current ? edgeEvidenceFrom(current) : null);
  const name = record.get("name") as string | null;
  await tx.run(
    `MATCH (p:Paper {id: $paper})-[old:AUTHORED_BY]->(:Author {id: $from}) DELETE old
     WITH DISTINCT p MATCH (b:Author {id: $into})
     MERGE (p)-[e:AUTHORED_BY]->(b) SET e = $props, b.aliases = $aliases, b.sources = $sources`,
    {
      ...merge,
      props: evidenceProps(edge),
      aliases: unionSorted(record.get("aliases") as string[] | null, name ? [name] : []),
      sources: unionSorted(record.get("sources") as string[] | null, moved.sources),
    },
  );
}

/**
 * One round of mergePapers (see paper-merge.ts): the `from` papers' relationships read and
 * deleted, written at their new ends as an upsert writes edges; then the papers themselves.
 */
async function mergePaperRound(tx: ManagedTransaction, round: readonly PaperMerge[]): Promise<void> {
  const found = await tx.run(
    `UNWIND $rows AS r MATCH (f:Paper {id: r.from}) MATCH (t:Paper {id: r.into})
     RETURN r.from AS from, f.sources AS fromSources, t.sources AS intoSources`,
    { rows: round.map((merge) => ({ from: merge.from, into: merge.into })) },
  );
  const sources = new Map(
    found.records.map((record) => [
      String(record.get("from")),
      unionSorted(
        record.get("intoSources") as string[] | null,
        (record.get("fromSources") as string[] | null) ?? [],
      ),
    ]),
  );
  const present = round.filter((merge) => sources.has(merge.from));
  if (present.length === 0) return;
  const ids = present.map((merge) => merge.from);
  const stored: StoredPaperEdge[] = [];
  for (const pattern of PAPER_EDGE_PATTERNS) {
    const { match, ends } = edgesAt(pattern, "i");
    const result = await tx.run(`UNWIND $ids AS i MATCH ${match} RETURN ${ends}, properties(e) AS props`, {
      ids,
    });
    for (const record of result.records) {
      const evidence = edgeEvidenceFrom(plainProperties(record.get("props")) ?? {});
      stored.push(
        storedPaperEdge(pattern, String(record.get("startId")), String(record.get("endId")), evidence),
      );
    }
    await tx.run(`UNWIND $ids AS i MATCH ${match} DELETE e`, { ids });
  }
  await writeEdges(tx, movedEdges(present, stored));
  await tx.run(
    `UNWIND $rows AS r MATCH (f:Paper {id: r.from}) MATCH (t:Paper {id: r.into})
     SET ${fillAssignments("t", "f").join(", ")}, t.sources = r.sources
     DETACH DELETE f`,
    {
      rows: present.map((merge) => ({
        from: merge.from,
        into: merge.into,
        sources: sources.get(merge.from),
      })),
    },
  );
}

async function writeNodes(tx: ManagedTransaction, nodes: BatchNode[]): Promise<void> {
  for (const group of groupBy(nodes, (node) => node.label).values()) {
    const label = (group[0] as BatchNode).label;
    for (const part of chunks(group, ROWS_PER_STATEMENT)) {
      await tx.run(
        `UNWIND $rows AS r MERGE (n:${q(label)} {id: r.id}) SET n += r.props, ${defaultAssignments(label)}
         WITH n, r ${MERGED_SOURCES("n")} SET n.sources = merged`,
        {
          rows: part.map((node) => ({
            id: node.id,
            props: nodeProps(label, node.props),
            defaults: nodeProps(label, node.defaults),
            sources: node.sources,
          })),
        },
      );
    }
  }
}

async function writeEdges(tx: ManagedTransaction, edges: BatchEdge[]): Promise<void> {
  const groups = groupBy(edges, (edge) => `${edge.type}|${edge.fromLabel}|${edge.toLabel}`);
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    for (const part of chunks(group, ROWS_PER_STATEMENT)) {
      await tx.run(
        `UNWIND $rows AS r
         MATCH (a:${q(first.fromLabel)} {id: r.from}) MATCH (b:${q(first.toLabel)} {id: r.to})
         MERGE (a)-[e:${q(first.type)}]->(b)
         ON CREATE SET e += r.props
         ON MATCH SET e += CASE WHEN r.confidence > e.confidence THEN r.evidence ELSE {} END
         WITH e, r ${MERGED_SOURCES("e")} SET e.sources = merged`,
        {
          rows: part.map((edge) => ({
            from: edge.from,
            to: edge.to,
            props: edgeProps(edge),
            evidence: edgeEvidence(edge),
            confidence: edge.confidence,
            sources: edge.sources,
          })),
        },
      );
    }
  }
}

export async function missingEndpoints(
  tx: ManagedTransaction,
  nodes: BatchNode[],
  edges: BatchEdge[],
): Promise<string[]> {
  const inBatch = new Set(nodes.map((node) => node.id));
  const wanted = new Map<NodeLabel, Set<string>>();
  for (const edge of edges) {
    for (const [label, id] of [
      [edge.fromLabel, edge.from],
      [edge.toLabel, edge.to],
    ] as const) {
      if (inBatch.has(id)) continue;
      wanted.set(label, (wanted.get(label) ?? new Set()).add(id));
    }
  }
  const missing: string[] = [];
  for (const [label, ids] of wanted) {
    const result = await tx.run(
      `UNWIND $ids AS id OPTIONAL MATCH (n:${q(label)} {id: id}) WITH id, n WHERE n IS NULL RETURN id`,
      { ids: [...ids] },
    );
    for (const record of result.records) missing.push(`${label} "${String(record.get("id"))}"`);
  }
  return missing;
}

interface Candidate {
  label: string;
  id: string;
}

/**
 * Takes `sources` out of every edge and node that lists them: edges left with no source are
 * deleted; a shared edge whose first evidence was removed is credited to the next source and
 * forgets the line. Returns the nodes that lost a source (orphan candidates).
 */
async function removeContributions(tx: ManagedTransaction, sources: string[]): Promise<Candidate[]> {
  if (sources.length === 0) return [];
  // Endpoints of deleted edges are candidates too: a node kept only because it was linked.
  const deleted = await tx.run(
    `MATCH (a)-[e]->(b) WHERE any(s IN e.sources WHERE s IN $sources) AND all(s IN e.sources WHERE s IN $sources)
     DELETE e
     RETURN labels(a)[0] AS fromLabel, a.id AS from, labels(b)[0] AS toLabel, b.id AS to`,
    { sources },
  );
  const endpoints = deleted.records.flatMap((record) => [
    { label: String(record.get("fromLabel")), id: String(record.get("from")) },
    { label: String(record.get("toLabel")), id: String(record.get("to")) },
  ]);
  await tx.run(
    `MATCH ()-[e]->() WHERE any(s IN e.sources WHERE s IN $sources)
     WITH e, [s IN e.sources WHERE NOT s IN $sources] AS rest
     SET e.line = CASE WHEN e.source IN $sources THEN null ELSE e.line END,
         e.source = CASE WHEN e.source IN $sources THEN rest[0] ELSE e.source END,
         e.sources = rest`,
    { sources },
  );
  const result = await tx.run(
    `MATCH (n) WHERE any(s IN n.sources WHERE s IN $sources)
     SET n.sources = [s IN n.sources WHERE NOT s IN $sources]
     RETURN labels(n)[0] AS label, n.id AS id`,
    { sources },
  );
  return [
    ...endpoints,
    ...result.records.map((record) => ({ label: String(record.get("label")), id: String(record.get("id")) })),
  ];
}

/** Deletes candidates left with no source and no relationship, except the ids in `keep`. */
async function deleteOrphans(
  tx: ManagedTransaction,
  candidates: Candidate[],
  keep: readonly string[],
): Promise<void> {
  const kept = new Set(keep);
  for (const [label, group] of groupBy(candidates, (c) => c.label)) {
    if (!(NODE_LABELS as readonly string[]).includes(label)) continue;
    const ids = [...new Set(group.map((c) => c.id))].filter((id) => !kept.has(id));
    for (const part of chunks(ids, ROWS_PER_STATEMENT)) {
      await tx.run(
        `UNWIND $ids AS id MATCH (n:${q(label)} {id: id})
         WHERE size(coalesce(n.sources, [])) = 0 AND NOT (n)--() DELETE n`,
        { ids: part },
      );
    }
  }
}

/** The second layer: plan the query with EXPLAIN (nothing runs) and refuse what it would do. */
async function refuseByPlan(tx: Transaction, cypher: string, params: Record<string, unknown>): Promise<void> {
  const refusal = await checkPlan(tx, cypher, params);
  if (refusal) throw writeRefused(refusal);
}

/**
 * Neo4j only warns about a label or relationship type it has never seen, and returns no
 * rows; Kuzu fails such a query. The schema is fixed, so a name outside it is a mistake: fail
 * here too, with Neo4j's own explanation. A name of the schema that no node or relationship
 * has yet (CITES in a graph without citations) is not: Kuzu, whose tables exist, answers
 * with no rows, and so does this.
 */
function refuseUnknownNames(notifications: readonly { code: string; description: string }[]): void {
  const unknown = notifications.find(
    (n) =>
      /UnknownLabelWarning|UnknownRelationshipTypeWarning/.test(n.code) && !namesSchemaEntry(n.description),
  );
  if (unknown) throw new QueryError(`${unknown.description} (${unknown.code})`);
}

/** `... (the missing relationship type is: CITES)`: the name is one of the schema's. */
function namesSchemaEntry(description: string): boolean {
  const name = /\(the missing (?:label|relationship type) (?:name )?is: ([^)]+)\)/
    .exec(description)?.[1]
    ?.trim();
  return name !== undefined && (isNodeLabel(name) || isRelType(name));
}

function mapError(error: unknown, uri: string, timeoutMs?: number): Error {
  if (
    error instanceof InvalidDeltaError ||
    error instanceof QueryError ||
    error instanceof StoreUnavailableError
  ) {
    return error;
  }
  if (error instanceof Neo4jError) {
    const code = error.code ?? "";
    if (/TransactionTimedOut|TransactionTimedOutClientConfiguration/.test(code)) {
      const limit = timeoutMs ? ` of ${timeoutMs} ms` : "";
      return new QueryTimeoutError(`the query ran past its time limit${limit} and was stopped (${code})`, {
        cause: error,
      });
    }
    if (/AccessMode|ForbiddenOnReadOnlyDatabase/.test(code)) {
      return new WriteRefusedError(
        `read-only query refused: Neo4j will not write in a read-only transaction (${code}; writes need \`kg query --write\`)`,
        { cause: error },
      );
    }
    if (code === "ServiceUnavailable" || code === "SessionExpired") return connectionLost(uri, error);
    if (code.startsWith("Neo.ClientError"))
      return new QueryError(`${error.message} (${code})`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The server went away mid-work. What to know: which server, that committed batches stay
 * (one transaction each, so none is half-written), and that the same command resumes.
 */
function connectionLost(uri: string, error: Neo4jError): StoreConnectionLostError {
  // The driver's text is a paragraph of general advice; its cause (ECONNREFUSED ...) is the news.
  const cause = /Caused by: (.*)$/s.exec(error.message)?.[1]?.trim() ?? error.message.split(". ")[0];
  return new StoreConnectionLostError(
    `lost the connection to Neo4j at ${uri} (${cause}). Each batch is written whole or not at ` +
      "all: what was committed is kept. Start the server again (`npm run neo4j` or " +
      "`docker compose up -d`) and run the same command: `kg ingest` skips the notes it has stored.",
    { cause: error },
  );
}
