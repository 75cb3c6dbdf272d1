/**
 * One Kuzu connection with the habits this project learned the hard way: statements are
 * prepared and executed with parameters, rows are read with the synchronous iterator
 * (`getAll()` is orders of magnitude slower), transactions tolerate Kuzu's automatic
 * rollback after a failed statement, and engine errors become the named errors.
 */
import type { Connection, KuzuValue, QueryResult } from "kuzu";
import { QueryError, QueryTimeoutError, WriteRefusedError } from "../errors.js";

/** A parameter value for Kuzu. Empty lists arrive as null and nulls carry no type (see kuzu-nodes.ts). */
export type KuzuParam = null | boolean | number | string | Date | KuzuParam[] | { [key: string]: KuzuParam };
export type KuzuParams = Record<string, KuzuParam>;
export type KuzuRow = Record<string, KuzuValue>;

/** `setQueryTimeout` refuses 0, so "no limit" is the largest value the binding takes. */
const NO_TIMEOUT_MS = 2_147_483_647;

/** Runs a commit or a checkpoint when it is safe to (see KuzuReaders.exclusive). */
export type CommitGate = <T>(work: () => Promise<T>) => Promise<T>;

export class KuzuSession {
  constructor(
    private readonly conn: Connection,
    private readonly commitGate?: CommitGate,
  ) {}

  /** Runs one statement and returns every row. For the store's own statements. */
  async run(cypher: string, params: KuzuParams = {}): Promise<KuzuRow[]> {
    const result = await this.execute(cypher, params);
    try {
      const rows: KuzuRow[] = [];
      while (result.hasNext()) {
        const row = result.getNextSync();
        if (row) rows.push(row);
      }
      return rows;
    } finally {
      result.close();
    }
  }

  /** Runs one statement and hands back the open result, for callers that stop early. */
  async execute(
    cypher: string,
    params: KuzuParams = {},
    options: { quote?: boolean } = {},
  ): Promise<QueryResult> {
    let result: QueryResult | QueryResult[];
    try {
      const statement = await this.conn.prepare(cypher);
      if (!statement.isSuccess()) throw new Error(statement.getErrorMessage());
      result = await this.conn.execute(statement, params as Record<string, KuzuValue>);
    } catch (error) {
      throw translateError(error, options.quote === false ? undefined : cypher);
    }
    // One prepared statement yields one result; a list only comes from multi-statement text.
    const single = Array.isArray(result) ? result[result.length - 1] : result;
    if (!single) throw new QueryError(`Kuzu returned no result for: ${abbreviate(cypher)}`);
    return single;
  }

  /** Runs a statement that takes no parameters (transaction control, DDL). */
  async command(cypher: string): Promise<void> {
    try {
      const result = await this.conn.query(cypher);
      for (const each of Array.isArray(result) ? result : [result]) each.close();
    } catch (error) {
      throw translateError(error, cypher);
    }
  }

  /**
   * Runs `work` inside one transaction. Kuzu rolls a transaction back by itself when a
   * statement in it fails, so the closing ROLLBACK may find nothing to roll back.
   */
  async transaction<T>(
    work: () => Promise<T>,
    options: { readOnly?: boolean; commit?: boolean } = {},
  ): Promise<T> {
    await this.begin(options);
    let value: T;
    try {
      value = await work();
    } catch (error) {
      await this.rollback();
      throw error;
    }
    await this.finish(options.commit !== false);
    return value;
  }

  /** Opens a transaction for work that cannot sit in one callback (a streamed result). */
  async begin(options: { readOnly?: boolean } = {}): Promise<void> {
    await this.command(options.readOnly ? "BEGIN TRANSACTION READ ONLY" : "BEGIN TRANSACTION");
  }

  /** Commits or rolls back what begin() opened; nothing to end (Kuzu rolled back) is fine. */
  async finish(commit: boolean): Promise<void> {
    if (commit) await this.commit();
    else await this.rollback();
  }

  /** CHECKPOINT, through the commit gate: Kuzu's checkpoint waits for every other transaction. */
  async checkpoint(): Promise<void> {
    await this.gated(() => this.command("CHECKPOINT"));
  }

  setQueryTimeout(ms: number | undefined): void {
    this.conn.setQueryTimeout(ms !== undefined && ms > 0 ? Math.max(1, Math.round(ms)) : NO_TIMEOUT_MS);
  }

  private gated<T>(work: () => Promise<T>): Promise<T> {
    return this.commitGate ? this.commitGate(work) : work();
  }

  private async commit(): Promise<void> {
    try {
      // A COMMIT may checkpoint by itself (the write-ahead log past its threshold).
      await this.gated(() => this.command("COMMIT"));
    } catch (error) {
      if (!isNoActiveTransaction(error)) throw error;
    }
  }

  private async rollback(): Promise<void> {
    try {
      await this.command("ROLLBACK");
    } catch (error) {
      if (!isNoActiveTransaction(error)) throw error;
    }
  }
}

function isNoActiveTransaction(error: unknown): boolean {
  return error instanceof Error && /no active transaction/i.test(error.message);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Maps Kuzu's messages to the named errors; anything unknown is a QueryError. The statement
 * is quoted for the store's own statements, not for a user's (they know what they sent).
 */
export function translateError(error: unknown, cypher?: string): Error {
  if (error instanceof QueryError) return error;
  const message = errorMessage(error);
  const context = cypher === undefined ? "" : ` (in: ${abbreviate(cypher)})`;
  // Kuzu reports a query stopped by setQueryTimeout as "Interrupted."
  if (/^Interrupted/i.test(message)) {
    return new QueryTimeoutError(`the query ran past its time limit and was stopped${context}`, {
      cause: error,
    });
  }
  if (/read-only (transaction|database|mode)/i.test(message)) {
    return new WriteRefusedError(`write refused, the store is read-only here: ${message}`, { cause: error });
  }
  return new QueryError(`${message}${context}`, { cause: error });
}

function abbreviate(cypher: string): string {
  const flat = cypher.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
