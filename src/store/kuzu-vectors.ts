/**
 * Figure search for the embedded store through Kuzu's vector index (HNSW, cosine).
 *
 * Kuzu indexes only fixed-size FLOAT[n] columns and refuses updates to an indexed column, while
 * `Figure.embedding` is a list of any length on a node that is upserted. So the index lives in a
 * second database beside the graph (`vectors.kuzu`): one table per dimension, one row per
 * (model, figure). It is derived data, brought in line with the graph before each search:
 * a figure id is the hash of its bytes, so a (model, figure id) pair always means the same
 * vector, and syncing is a difference of id sets plus reading only the new vectors. Being
 * outside the graph keeps it out of `MATCH (n)` and of the graph's transactions; losing it
 * loses nothing, it is rebuilt.
 */
import fs from "node:fs";
import path from "node:path";
import kuzu, { type Connection, type Database } from "kuzu";
import { chunks } from "./collections.js";
import { KuzuSession } from "./kuzu-session.js";
import type { FigureHit } from "./types.js";

export const VECTORS_FILE = "vectors.kuzu";
/** The side database needs little memory: vectors of a few thousand figures. */
const BUFFER_POOL_BYTES = 256 * 1024 * 1024;

export class KuzuFigureVectors {
  private opened: { db: Database; conn: Connection; session: KuzuSession } | null = null;
  private readonly tables = new Set<number>();

  constructor(private readonly dataDir: string) {}

  async search(
    graph: KuzuSession,
    vector: readonly number[],
    options: { model: string; k: number },
  ): Promise<FigureHit[]> {
    const dim = vector.length;
    if (dim === 0 || options.k <= 0) return [];
    const session = await this.session();
    await this.ensureTable(session, dim);
    await this.sync(graph, session, options.model, dim);
    const rows = await session.run(
      `CALL QUERY_VECTOR_INDEX('${table(dim)}', '${index(dim)}', ${vectorLiteral(vector)}, $n)
       WITH node, distance WHERE node.model = $model
       RETURN node.figure AS id, 1 - distance AS score ORDER BY score DESC, id LIMIT $k`,
      { n: Math.max(options.k * 4, 50), model: options.model, k: options.k },
    );
    return rows.map((row) => ({ id: String(row.id), score: Number(row.score) }));
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    const { conn, db } = this.opened;
    this.opened = null;
    await conn.close();
    await db.close();
  }

  private async session(): Promise<KuzuSession> {
    if (this.opened) return this.opened.session;
    fs.mkdirSync(this.dataDir, { recursive: true });
    const file = path.join(this.dataDir, VECTORS_FILE);
    try {
      this.opened = await openVectors(file);
    } catch {
      // Derived data: a side database a crash left unreadable is rebuilt from the graph.
      for (const suffix of ["", ".wal", ".shadow"]) fs.rmSync(`${file}${suffix}`, { force: true });
      this.tables.clear();
      this.opened = await openVectors(file);
    }
    return this.opened.session;
  }

  private async ensureTable(session: KuzuSession, dim: number): Promise<void> {
    if (this.tables.has(dim)) return;
    const existing = await session.run("CALL show_tables() RETURN name");
    if (!existing.some((row) => row.name === table(dim))) {
      await session.command(
        `CREATE NODE TABLE ${table(dim)}(key STRING PRIMARY KEY, model STRING, figure STRING, vector FLOAT[${dim}])`,
      );
      await session.command(
        `CALL CREATE_VECTOR_INDEX('${table(dim)}', '${index(dim)}', 'vector', metric := 'cosine')`,
      );
    }
    this.tables.add(dim);
  }

  /** Adds the graph's figures the index lacks and drops the ones the graph no longer has. */
  private async sync(graph: KuzuSession, session: KuzuSession, model: string, dim: number): Promise<void> {
    const inGraph = new Set(
      (
        await graph.run(
          "MATCH (f:Figure) WHERE f.embeddingModel = $model AND size(f.embedding) = $dim RETURN f.id AS id",
          { model, dim },
        )
      ).map((row) => String(row.id)),
    );
    const indexed = new Set(
      (
        await session.run(`MATCH (v:${table(dim)}) WHERE v.model = $model RETURN v.figure AS id`, { model })
      ).map((row) => String(row.id)),
    );
    const stale = [...indexed].filter((id) => !inGraph.has(id));
    const missing = [...inGraph].filter((id) => !indexed.has(id));
    for (const part of chunks(stale)) {
      await session.run(`UNWIND $keys AS k MATCH (v:${table(dim)} {key: k}) DELETE v`, {
        keys: part.map((id) => key(model, id)),
      });
    }
    for (const part of chunks(missing, 500)) {
      const rows = await graph.run(
        "UNWIND $ids AS i MATCH (f:Figure {id: i}) RETURN f.id AS id, f.embedding AS e",
        {
          ids: part,
        },
      );
      await session.run(
        `UNWIND $rows AS r CREATE (:${table(dim)} {key: r.key, model: r.model, figure: r.figure, vector: CAST(r.vector AS FLOAT[${dim}])})`,
        {
          rows: rows.map((row) => ({
            key: key(model, String(row.id)),
            model,
            figure: String(row.id),
            vector: (row.e as number[]).map((value) => String(value)),
          })),
        },
      );
    }
  }
}

/**
 * The query vector as a literal: the index wants a literal or a parameter, and the Kuzu 0.11
 * binding types a list parameter from its first element, so [1, 0.1] would travel as INT64[]
 * with 0.1's bits read as an integer. Every number written with a decimal point is a DOUBLE.
 * (Rows go in as strings, cast back, for the same reason.)
 */
function vectorLiteral(vector: readonly number[]): string {
  return `[${vector
    .map((value) => {
      if (!Number.isFinite(value)) throw new RangeError(`a query vector holds ${value}`);
      return value.toPrecision(9);
    })
    .join(",")}]`;
}

async function openVectors(file: string): Promise<{ db: Database; conn: Connection; session: KuzuSession }> {
  const db = new kuzu.Database(file, BUFFER_POOL_BYTES);
  try {
    await db.init();
    const conn = new kuzu.Connection(db);
    await conn.init();
    return { db, conn, session: new KuzuSession(conn) };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

const table = (dim: number): string => `FigureVector${dim}`;
const index = (dim: number): string => `figure_vector_${dim}`;
const key = (model: string, figure: string): string => `${model}\u0000${figure}`;
