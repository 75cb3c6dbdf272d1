/**
 * The embedded store: a Kuzu database in `<dataDir>/graph.kuzu` behind the GraphStore
 * interface (DESIGN.md, "Stores").
 *
 * - One connection, used by one operation at a time (operations queue up), since Kuzu
 *   transactions belong to the connection.
 * - Every upsert, removeSource and removeNotes is one transaction: a failing batch leaves
 *   nothing behind. Bad input is refused before the transaction starts.
 * - query() results are plain JSON: nodes `{id, label, properties}`, relationships
 *   `{type, from, to, properties}` with `from`/`to` the endpoint nodes' `id`s, paths
 *   `{nodes, relationships}`; properties leave out nulls and Kuzu's `_id`/`_label`/`_src`/`_dst`.
 *   INT64 values are numbers, DATE/TIMESTAMP ISO strings, BLOB base64, INT128 beyond 2^53 strings.
 * - Read-only queries pass the lexical guard (cypher-guard.ts, Kuzu dialect), then run in a
 *   READ ONLY transaction, on a database opened read-only by `kg query` and `kg serve`.
 *   Kuzu prepares one statement at a time, so text after a `;` never runs.
 * - Stored values: `sources` lists keep contribution order; an empty list, and an empty
 *   string in an edge property, are stored as null (Kuzu cannot type the one, and its CSV
 *   reader cannot tell the other from null).
 * - Kuzu 0.11.3 defect worth knowing when writing queries: `list_contains()` on a property
 *   of an unlabelled relationship spanning several tables (`MATCH ()-[r]->() WHERE
 *   list_contains(r.sources, ...)`) may return wrong relationships; name the type.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import kuzu, { type Connection, type Database, type QueryResult as KuzuQueryResult } from "kuzu";
import { QueryTimeoutError, StoreUnavailableError, WriteRefusedError } from "../errors.js";
import type { GraphDelta } from "../graph/delta.js";
import { NODE_LABELS, REL_TYPES } from "../graph/schema.js";
import { prepareBatch, refuseMissingEndpoints } from "./batch.js";
import { chunks } from "./collections.js";
import { refuseUnlessReadOnly } from "./cypher-guard.js";
import { mergeAuthorsInKuzu } from "./kuzu-authors.js";
import { type KuzuBulkBudget, KuzuBulkLoad } from "./kuzu-bulk.js";
import { EdgeKeyCache, SourceCache } from "./kuzu-caches.js";
import { checkKuzuLimits, findMissingEndpoints, stringLiteral, writeEdges } from "./kuzu-edges.js";
import { writeNodes } from "./kuzu-nodes.js";
import { mergePapersInKuzu } from "./kuzu-papers.js";
import { defaultReaderCount, KuzuReaders } from "./kuzu-readers.js";
import {
  deleteEdges,
  deleteOrphans,
  incidentEdges,
  OrphanCandidates,
  removeContributions,
  retractContributions,
} from "./kuzu-remove.js";
import {
  advanceRollbackCopy,
  anotherWriterRuns,
  beginWriting,
  endWriting,
  isAlive,
  type RollbackFiles,
  type RollbackOutcome,
  rollBackInterruptedRun,
  rollbackFiles,
  savepointIntervalMs,
} from "./kuzu-rollback.js";
import { type ExistingSchema, migrationStatements, quoteIdent, schemaStatements } from "./kuzu-schema.js";
import { errorMessage, type KuzuParams, KuzuSession } from "./kuzu-session.js";
import { removeStaleStaging } from "./kuzu-staging.js";
import { ResultConverter, toKuzuParams } from "./kuzu-values.js";
import { KuzuFigureVectors } from "./kuzu-vectors.js";
import { edgeIdentity } from "./retraction-plan.js";
import {
  type AuthorMerge,
  type BulkLoad,
  type BulkLoadReport,
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

export const KUZU_FILE = "graph.kuzu";
/** Rows converted (and their relationship endpoints looked up) together when streaming. */
const STREAM_CHUNK = 500;

export interface KuzuStoreOptions {
  dataDir: string;
  readOnly?: boolean;
  /**
   * A writable store that also serves reads (`kg serve --watch`): read-only queries and
   * stats run on reader connections of the same database beside the writes, instead of
   * queueing behind them (kuzu-readers.ts). Read-only stores always read that way.
   */
  sharedReads?: boolean;
  /** The pool a large write expects to need (`kg arxiv` sizes it from its snapshot). */
  bufferPoolHint?: number;
}

/**
 * Kuzu's buffer pool: `KG_KUZU_BUFFER_MB`, else 1 GiB, or the caller's hint when a large
 * write needs more, up to 80% of the machine's memory (Kuzu's own default, which a bulk load
 * fills: 2.7 GB resident for 200,000 papers; hence not the default). A node COPY that needs
 * more than the pool spills to a temporary file; a relationship COPY does not: Kuzu 0.11.3
 * partitions all of a table's new rows in the pool, and fails ("buffer pool is full") when
 * they do not fit. Measured: the 4.1 million AUTHORED_BY rows of 1,000,000 generated arXiv
 * records fail at 1 GiB and load at 6 GiB.
 */
export function bufferPoolBytes(
  env: NodeJS.ProcessEnv = process.env,
  hint?: number,
  totalMemory: number = os.totalmem(),
): number {
  const mb = Number(env.KG_KUZU_BUFFER_MB);
  if (Number.isFinite(mb) && mb > 0) return Math.round(mb * 1024 * 1024);
  const ceiling = Math.max(DEFAULT_BUFFER_POOL, Math.floor(totalMemory * 0.8));
  return Math.min(Math.max(DEFAULT_BUFFER_POOL, Math.round(hint ?? 0)), ceiling);
}

const DEFAULT_BUFFER_POOL = 1024 * 1024 * 1024;

/**
 * A writer leaves its committed work in the write-ahead log when it closes, instead of
 * checkpointing it into the data file. Kuzu 0.11.3's checkpoint rewrites, out of place, the
 * whole string and list columns of every relationship node group a run touched; with 131,072
 * nodes to a group, that is the whole table in a store this size: two new MENTIONS edges in a
 * 10,000-note store cost a 40 s checkpoint at close, against 2.4 s for the rest of the run.
 * The log is replayed when the database is next opened (0.25 s for a 12 MB log) and
 * checkpointed by Kuzu itself once it passes its threshold (16 MB: about forty edits that
 * start mentioning hub concepts, whose `sources` lists are rewritten, or a thousand that do
 * not), so that cost is paid once per many runs. A bulk load checkpoints when it ends (see
 * bulkLoad), and the rollback copy holds the log too (kuzu-rollback.ts).
 */
async function deferCheckpoints(conn: Connection): Promise<void> {
  const result = await conn.query("CALL force_checkpoint_on_close=false");
  for (const each of Array.isArray(result) ? result : [result]) each.close();
}

export async function openKuzuStore(options: KuzuStoreOptions): Promise<KuzuStore> {
  const readOnly = options.readOnly === true;
  const file = path.join(options.dataDir, KUZU_FILE);
  if (readOnly && !fs.existsSync(file)) {
    throw new StoreUnavailableError(
      `no graph database at ${file}: run \`kg ingest <notes>\` first (or pass --data-dir where you ingested)`,
    );
  }
  if (!readOnly) fs.mkdirSync(options.dataDir, { recursive: true });
  const files = rollbackFiles(file);
  const recovery = rollBackInterruptedRun(files);
  const writing = !readOnly && !anotherWriterRuns(files);
  let copyMs = 0;
  if (writing) {
    removeStaleStaging(file, isAlive);
    copyMs = beginWriting(files);
  }
  let db: Database | undefined;
  try {
    db = new kuzu.Database(file, bufferPoolBytes(process.env, options.bufferPoolHint), true, readOnly);
    await db.init();
    const conn = new kuzu.Connection(db);
    await conn.init();
    if (!readOnly) await deferCheckpoints(conn);
    const store = new KuzuStore(db, conn, file, readOnly, options.sharedReads === true);
    store.recovery = recovery;
    store.rollback = writing ? files : null;
    store.savepointCostMs = copyMs;
    return store;
  } catch (error) {
    await db?.close().catch(() => undefined);
    if (writing) endWriting(files);
    const message = errorMessage(error);
    const hint = /lock/i.test(message)
      ? " (another process has it open: `kg serve` reading it, or `kg ingest`, `kg watch` or `kg serve --watch` writing it; stop that process and retry, or ingest while serving with `kg serve --watch <notes>`)"
      : "";
    throw new StoreUnavailableError(`cannot open the graph database at ${file}: ${message}${hint}`, {
      cause: error,
    });
  }
}

export class KuzuStore implements GraphStore {
  readonly kind = "kuzu" as const;
  /** Set when opening undid a run that was killed mid-way (see kuzu-rollback.ts). */
  recovery: RollbackOutcome | null = null;
  /** This process writes: the rollback copy and marker go when it closes cleanly. */
  rollback: RollbackFiles | null = null;
  /** Set when a bulk load failed half-committed: close() restores the rollback copy. */
  private undoRun: string | null = null;
  /** What the last copy of the database took: a savepoint costs about as much. */
  savepointCostMs = 0;
  private savedAt = Date.now();
  /** Time spent in write transactions since the last savepoint: what a kill would undo. */
  private writeMsSinceSavepoint = 0;
  private readonly savepointMs = savepointIntervalMs();
  private readonly session: KuzuSession;
  private readonly edgeKeys = new EdgeKeyCache();
  private readonly sourceCache = new SourceCache();
  private readonly vectors: KuzuFigureVectors;
  /** Read-only stores read on a few connections of their own, side by side (see kuzu-readers.ts). */
  private readonly readers: KuzuReaders | null;
  private tableNames = new Map<number, string>();
  /** The bulk load in progress: other writes wait for it to end (see BulkLoad). */
  private bulk: KuzuBulkLoad | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private schemaReady: boolean;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly conn: Connection,
    readonly file: string,
    readonly readOnly: boolean,
    sharedReads = false,
  ) {
    this.readers = readOnly || sharedReads ? new KuzuReaders(db, defaultReaderCount(), file) : null;
    const readers = this.readers;
    // Writing beside readers: commits and checkpoints wait for the reads in flight.
    this.session = new KuzuSession(
      conn,
      readers && !readOnly ? (work) => readers.exclusive(work) : undefined,
    );
    this.vectors = new KuzuFigureVectors(path.dirname(file));
    // A read-only database cannot take DDL; it was created by a writer that applied it.
    this.schemaReady = readOnly;
  }

  applySchema(): Promise<void> {
    if (this.readOnly) return this.exclusive(async () => undefined);
    return this.exclusive(async () => {
      for (const statement of schemaStatements()) await this.session.command(statement);
      const migrations = migrationStatements(await this.existingSchema());
      for (const statement of migrations) await this.session.command(statement);
    });
  }

  private async existingSchema(): Promise<ExistingSchema> {
    const columns = new Map<string, Set<string>>();
    const pairs = new Map<string, Set<string>>();
    for (const table of [...NODE_LABELS, ...REL_TYPES]) {
      const rows = await this.session.run(`CALL table_info(${stringLiteral(table)}) RETURN name`);
      columns.set(table, new Set(rows.map((row) => String(row.name))));
    }
    for (const type of REL_TYPES) {
      const rows = await this.session.run(
        `CALL show_connection(${stringLiteral(type)}) RETURN \`source table name\` AS f, \`destination table name\` AS t`,
      );
      pairs.set(type, new Set(rows.map((row) => `${String(row.f)}|${String(row.t)}`)));
    }
    return { columns, pairs };
  }

  /** `budget`: what the load keeps open in memory; the defaults are for real runs (kuzu-bulk.ts). */
  async bulkLoad(budget?: KuzuBulkBudget): Promise<BulkLoad> {
    this.refuseWrites("bulkLoad");
    this.refuseDuringBulkLoad("bulkLoad");
    const load = await KuzuBulkLoad.begin(
      {
        file: this.file,
        run: (work) => this.exclusive(() => work(this.session)),
        // Its transactions take no savepoint each: one is taken when the load finishes.
        write: (work) => this.exclusive(() => this.writeTransaction(() => work(this.session), false)),
        undoRunOnClose: (reason) => {
          this.undoRun = reason;
        },
      },
      budget,
    );
    this.bulk = load;
    const end = () => {
      if (this.bulk === load) this.bulk = null;
    };
    return {
      add: (deltas) => load.add(deltas),
      holds: (source) => load.holds(source),
      finish: async (): Promise<BulkLoadReport> => {
        try {
          const report = await load.finish();
          const wrote =
            report.nodesCreated +
              report.nodesUpdated +
              report.relationshipsCreated +
              report.relationshipsUpdated >
            0;
          // Into the data file now, while it is cheap (new node groups, no rewrite), so the
          // log never carries a bulk load's COPY into later runs (see deferCheckpoints). Then
          // a savepoint: a copy costs a second or two against the load's minutes, and a kill
          // later in the run no longer undoes the load. A load that wrote nothing (a re-run)
          // needs neither.
          if (wrote) {
            await this.exclusive(async () => {
              await this.session.checkpoint();
              this.takeSavepoint();
            });
          }
          return report;
        } finally {
          end();
          this.invalidateCaches();
        }
      },
      abort: async () => {
        end();
        await load.abort();
      },
    };
  }

  async upsert(deltas: readonly GraphDelta[], options: UpsertOptions = {}): Promise<void> {
    this.refuseWrites("upsert");
    this.refuseDuringBulkLoad("upsert");
    const batch = prepareBatch(deltas);
    checkKuzuLimits(batch);
    await this.exclusive(async () => {
      const missing = await findMissingEndpoints(this.session, batch);
      refuseMissingEndpoints(missing);
      const replaced = await this.sourceCache.present(this.session, sourcesToReplace(options, batch.sources));
      await this.writeTransaction(async () => {
        // What the batch asserts again stays as stored (retraction-plan.ts).
        const retraction = await retractContributions(this.session, this.edgeKeys, replaced, batch);
        await writeNodes(this.session, batch.nodes, retraction.settledNodes);
        await writeEdges(
          this.session,
          this.edgeKeys,
          batch.edges.filter((edge) => !retraction.settledEdges.has(edgeIdentity(edge))),
        );
        // Last, so nodes the new batch links to again survive; the note itself always does
        // (other notes' LINKS_TO point at it).
        await deleteOrphans(this.session, retraction.candidates, new Set(replaced));
      });
      this.sourceCache.add(batch.sources);
    });
  }

  async removeSource(sourceId: string): Promise<void> {
    this.refuseWrites("removeSource");
    this.refuseDuringBulkLoad("removeSource");
    await this.exclusive(async () => {
      const present = await this.sourceCache.present(this.session, [sourceId]);
      if (present.length === 0) return;
      await this.writeTransaction(async () => {
        const candidates = await removeContributions(this.session, this.edgeKeys, present);
        await deleteOrphans(this.session, candidates);
      });
      this.sourceCache.remove(present);
    });
  }

  async removeNotes(noteIds: readonly string[]): Promise<void> {
    this.refuseWrites("removeNotes");
    this.refuseDuringBulkLoad("removeNotes");
    if (noteIds.length === 0) return;
    const ids = [...new Set(noteIds)];
    await this.exclusive(async () => {
      const present = await this.sourceCache.present(this.session, ids);
      await this.writeTransaction(async () => {
        const candidates = await removeContributions(this.session, this.edgeKeys, present);
        // Other notes' LINKS_TO (and any edge still touching the note) go with it.
        await deleteEdges(
          this.session,
          this.edgeKeys,
          await incidentEdges(this.session, "Note", ids),
          candidates,
        );
        for (const part of chunks(ids)) {
          await this.session.run("UNWIND $ids AS i MATCH (n:Note {id: i}) DETACH DELETE n", { ids: part });
        }
        const deleted = new Set(ids);
        const rest = new OrphanCandidates();
        for (const [label, set] of candidates.byLabel) {
          for (const id of set) if (!(label === "Note" && deleted.has(id))) rest.add(label, id);
        }
        await deleteOrphans(this.session, rest);
      });
      this.sourceCache.remove(ids);
    });
  }

  searchFigures(vector: readonly number[], options: { model: string; k: number }): Promise<FigureHit[]> {
    return this.exclusive(() => this.vectors.search(this.session, vector, options));
  }

  async mergeAuthors(merges: readonly AuthorMerge[]): Promise<void> {
    this.refuseWrites("mergeAuthors");
    this.refuseDuringBulkLoad("mergeAuthors");
    if (merges.length === 0) return;
    await this.exclusive(() =>
      this.writeTransaction(() => mergeAuthorsInKuzu(this.session, this.edgeKeys, merges)),
    );
  }

  async mergePapers(merges: readonly PaperMerge[]): Promise<void> {
    this.refuseWrites("mergePapers");
    this.refuseDuringBulkLoad("mergePapers");
    if (merges.length === 0) return;
    await this.exclusive(() =>
      this.writeTransaction(() => mergePapersInKuzu(this.session, this.edgeKeys, merges)),
    );
  }

  notes(): Promise<StoredNote[]> {
    return this.exclusive(async () => {
      const rows = await this.session.run(
        "MATCH (n:Note) RETURN n.id AS id, n.hash AS hash, n.root AS root, n.embedKey AS embedKey ORDER BY id",
      );
      return rows.map((row) => ({
        id: String(row.id),
        hash: typeof row.hash === "string" ? row.hash : null,
        root: typeof row.root === "string" ? row.root : null,
        embedKey: typeof row.embedKey === "string" ? row.embedKey : null,
      }));
    });
  }

  async query(
    cypher: string,
    params: Record<string, unknown> = {},
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    const readOnly = this.readOnly || options.readOnly === true;
    if (readOnly) refuseUnlessReadOnly(cypher, "kuzu");
    const kuzuParams = toKuzuParams(params, cypher);
    const readers = this.readers;
    if (readers && readOnly) {
      return readers.use((session) =>
        session.transaction(() => this.runQuery(session, cypher, kuzuParams, options), {
          readOnly: true,
          commit: false,
        }),
      );
    }
    return this.exclusive(async () => {
      try {
        return await this.session.transaction(
          () => this.runQuery(this.session, cypher, kuzuParams, options),
          {
            readOnly,
            commit: !readOnly,
          },
        );
      } finally {
        // A write through query() may have added or removed anything the caches know.
        if (!readOnly) this.invalidateCaches();
      }
    });
  }

  async *stream(
    cypher: string,
    params: Record<string, unknown> = {},
    options: QueryOptions = {},
  ): AsyncGenerator<QueryStreamEvent, void, undefined> {
    const readOnly = this.readOnly || options.readOnly === true;
    if (readOnly) refuseUnlessReadOnly(cypher, "kuzu");
    const kuzuParams = toKuzuParams(params, cypher);
    // The connection is this stream's until it ends: Kuzu transactions belong to the connection.
    const { session, done: release } =
      this.readers && readOnly
        ? await this.readers.acquire()
        : { session: this.session, done: await this.hold() };
    let completed = false;
    let truncated = false;
    try {
      await session.begin({ readOnly });
      try {
        const result = await this.execute(session, cypher, kuzuParams, options);
        try {
          const columns = result.getColumnNamesSync();
          yield { kind: "columns", columns };
          const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
          let count = 0;
          while (count < limit && result.hasNext()) {
            const rows = await this.readChunk(
              session,
              result,
              columns,
              Math.min(STREAM_CHUNK, limit - count),
            );
            count += rows.length;
            for (const row of rows) yield { kind: "row", row };
          }
          truncated = result.hasNext();
          completed = true;
        } finally {
          result.close();
        }
      } finally {
        await session.finish(completed && !readOnly);
      }
    } finally {
      if (!readOnly) this.invalidateCaches();
      release();
    }
    // After the connection is let go: a consumer that stops at `end` holds nothing.
    yield { kind: "end", truncated };
  }

  stats(): Promise<StoreStats> {
    // Beside writes (sharedReads), counts come from a reader: they do not wait for a batch.
    if (this.readers && !this.readOnly) return this.readers.use((session) => this.countAll(session));
    return this.exclusive(() => this.countAll(this.session));
  }

  private countAll(session: KuzuSession): Promise<StoreStats> {
    return (async () => {
      const nodes: Record<string, number> = Object.fromEntries(NODE_LABELS.map((label) => [label, 0]));
      const relationships: Record<string, number> = Object.fromEntries(REL_TYPES.map((type) => [type, 0]));
      // Counted table by table, never with label() over a multi-table scan (see kuzu-remove.ts).
      for (const label of NODE_LABELS) {
        const rows = await session.run(`MATCH (n:${quoteIdent(label)}) RETURN count(*) AS count`);
        nodes[label] = Number(rows[0]?.count ?? 0);
      }
      for (const type of REL_TYPES) {
        const rows = await session.run(`MATCH ()-[e:${quoteIdent(type)}]->() RETURN count(*) AS count`);
        relationships[type] = Number(rows[0]?.count ?? 0);
      }
      const sum = (counts: Record<string, number>): number =>
        Object.values(counts).reduce((a, b) => a + b, 0);
      return { nodes, relationships, totalNodes: sum(nodes), totalRelationships: sum(relationships) };
    })();
  }

  /** Closes after the operations already queued; later ones fail with StoreUnavailableError. */
  async close(): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.readers?.close();
      await this.vectors.close();
      await this.conn.close();
      await this.db.close();
      if (this.rollback && this.undoRun !== null) rollBackInterruptedRun(this.rollback);
      else if (this.rollback) endWriting(this.rollback);
    });
    this.queue = run.catch(() => undefined);
    await run;
  }

  private async runQuery(
    session: KuzuSession,
    cypher: string,
    params: KuzuParams,
    options: QueryOptions,
  ): Promise<QueryResult> {
    const result = await this.execute(session, cypher, params, options);
    try {
      const columns = result.getColumnNamesSync();
      const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
      const rows = await this.readChunk(session, result, columns, limit);
      return { columns, rows, truncated: result.hasNext() };
    } finally {
      result.close();
    }
  }

  /** Runs a user's statement under its time limit (Kuzu computes the whole result here). */
  private async execute(
    session: KuzuSession,
    cypher: string,
    params: KuzuParams,
    options: QueryOptions,
  ): Promise<KuzuQueryResult> {
    session.setQueryTimeout(options.timeoutMs);
    try {
      return await session.execute(cypher, params, { quote: false });
    } catch (error) {
      if (error instanceof QueryTimeoutError && options.timeoutMs) {
        throw new QueryTimeoutError(
          `the query ran past its time limit of ${options.timeoutMs} ms and was stopped`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      session.setQueryTimeout(undefined);
    }
  }

  /** Up to `count` more rows of an open result, as plain JSON with relationship endpoints resolved. */
  private async readChunk(
    session: KuzuSession,
    result: KuzuQueryResult,
    columns: string[],
    count: number,
  ): Promise<Record<string, JsonValue>[]> {
    const converter = new ResultConverter();
    const rows: Record<string, JsonValue>[] = [];
    while (rows.length < count && result.hasNext()) {
      const raw = result.getNextSync();
      if (!raw) break;
      const row: Record<string, JsonValue> = {};
      for (const column of columns) row[column] = converter.convert(raw[column]);
      rows.push(row);
    }
    await converter.resolveEndpoints((table, offsets) => this.lookupNodeIds(session, table, offsets));
    return rows;
  }

  /** `id` of nodes given by internal id, for relationship endpoints. */
  private async lookupNodeIds(
    session: KuzuSession,
    table: number,
    offsets: number[],
  ): Promise<Map<number, string>> {
    if (!this.tableNames.has(table)) {
      const rows = await session.run("CALL show_tables() RETURN id, name");
      this.tableNames = new Map(rows.map((row) => [Number(row.id), String(row.name)]));
    }
    const name = this.tableNames.get(table);
    const found = new Map<number, string>();
    if (!name) return found;
    for (const part of chunks(offsets)) {
      const rows = await session.run(
        `MATCH (n:${quoteIdent(name)}) WHERE offset(id(n)) IN $offsets RETURN offset(id(n)) AS o, n.id AS id`,
        { offsets: part },
      );
      for (const row of rows) if (typeof row.id === "string") found.set(Number(row.o), row.id);
    }
    return found;
  }

  /** Queues `work` behind every earlier operation, applying the schema before the first. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new StoreUnavailableError(`the graph database at ${this.file} is closed`);
      if (!this.schemaReady) {
        for (const statement of schemaStatements()) await this.session.command(statement);
        this.schemaReady = true;
      }
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Waits for the operations queued before, then keeps the connection until the returned
   * release is called: for a stream, whose rows are read between other awaits.
   */
  private async hold(): Promise<() => void> {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = this.exclusive(async () => undefined);
    this.queue = this.queue.then(() => released);
    try {
      await turn;
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  private async writeTransaction(work: () => Promise<void>, savepoint = true): Promise<void> {
    const started = performance.now();
    try {
      await this.session.transaction(work);
      // A bulk load is not counted: it takes no savepoint (see bulkLoad).
      if (savepoint) this.writeMsSinceSavepoint += performance.now() - started;
    } catch (error) {
      // The caches saw writes that were rolled back.
      this.invalidateCaches();
      throw error;
    }
    if (savepoint) await this.savepointIfDue();
  }

  /**
   * Advances the rollback copy to this committed state (kuzu-rollback.ts) when the interval has
   * passed and the writes it would save took longer than copying the database: one note
   * re-ingested a minute after a 10,000-note load is cheaper to redo after a kill than a copy
   * of the whole database (46 s in the bench's (f) before this rule). An interval of 0 means
   * after every write.
   */
  private async savepointIfDue(): Promise<void> {
    if (!this.rollback) return;
    const due =
      this.savepointMs === 0 ||
      (Date.now() - this.savedAt >= this.savepointMs && this.writeMsSinceSavepoint >= this.savepointCostMs);
    if (due) this.takeSavepoint();
  }

  private takeSavepoint(): void {
    if (!this.rollback) return;
    this.savedAt = Date.now();
    this.writeMsSinceSavepoint = 0;
    const started = performance.now();
    try {
      // Between transactions the data file and the log agree: both are copied, no checkpoint.
      advanceRollbackCopy(this.rollback);
      this.savepointCostMs = performance.now() - started;
    } catch (error) {
      // The batch is committed; only the savepoint failed (a full disk, say). The previous
      // copy still stands, so a kill loses more work, not correctness: go on, and say so.
      process.emitWarning(
        `could not advance the rollback copy of ${this.file} (${errorMessage(error)}); a kill now rolls back further`,
        "KuzuSavepointWarning",
      );
    }
  }

  private invalidateCaches(): void {
    this.edgeKeys.clear();
    this.sourceCache.clear();
    this.tableNames.clear();
  }

  private refuseDuringBulkLoad(operation: string): void {
    if (this.bulk) {
      throw new WriteRefusedError(
        `${operation} refused: a bulk load into ${this.file} is open; finish or abort it first`,
      );
    }
  }

  private refuseWrites(operation: string): void {
    if (this.undoRun !== null) {
      throw new WriteRefusedError(
        `${operation} refused: a bulk load into ${this.file} failed after part of it was committed (${this.undoRun}); the store goes back to its state before this run when it closes`,
      );
    }
    if (this.readOnly) {
      throw new WriteRefusedError(
        `${operation} refused: the graph database at ${this.file} was opened read-only`,
      );
    }
  }
}
