/**
 * GraphStore: the one interface both stores implement (DESIGN.md, "Stores"). The
 * conformance suite in test/store/contract.ts runs against every adapter.
 */
import type { GraphDelta } from "../graph/delta.js";

/** A value as it leaves a store: plain JSON. Nodes and relationships have fixed shapes. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface NodeValue {
  id: string;
  label: string;
  properties: Record<string, JsonValue>;
}

export interface RelationshipValue {
  type: string;
  /** The `id` of the start node. */
  from: string;
  /** The `id` of the end node. */
  to: string;
  properties: Record<string, JsonValue>;
}

export interface PathValue {
  nodes: NodeValue[];
  relationships: RelationshipValue[];
}

export interface QueryOptions {
  /** Refuse writes (the default for `kg query` without `--write`). */
  readOnly?: boolean;
  timeoutMs?: number;
  /** Stop after this many rows and report `truncated`. */
  maxRows?: number;
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, JsonValue>[];
  truncated: boolean;
}

/**
 * What a streamed query hands out, in order: its columns once, then each row, then the end
 * (with whether the row cap stopped it). A stream that fails throws instead of ending.
 */
export type QueryStreamEvent =
  | { kind: "columns"; columns: string[] }
  | { kind: "row"; row: Record<string, JsonValue> }
  | { kind: "end"; truncated: boolean };

export interface StoreStats {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  totalNodes: number;
  totalRelationships: number;
}

export interface StoredNote {
  id: string;
  hash: string | null;
  root: string | null;
  /** Set when the note's figures were embedded: under which model and rule. */
  embedKey: string | null;
}

export interface UpsertOptions {
  /**
   * Remove what each delta's `source` contributed before writing it, in the same
   * transaction: a changed note replaces its previous contributions and nothing else.
   * A list names the sources the caller knows were stored: only theirs are looked for (a
   * store without an index on provenance scans every relationship to find a source's).
   */
  replace?: boolean | readonly string[];
}

/**
 * One paper's author as a note abbreviated it (`A. Radford`) and the same author as arXiv
 * lists it (`Alec Radford`); see src/graph/author-names.ts for when two names match.
 */
export interface AuthorMerge {
  paper: string;
  /** The abbreviated author's id, e.g. `author:a-radford`. */
  from: string;
  /** The full-named author's id, e.g. `author:alec-radford`. */
  into: string;
}

/** A paper known only by its title and the arXiv paper of the same title (src/pipeline/reconcile-papers.ts). */
export interface PaperMerge {
  /** The paper that goes, e.g. `paper:title:deep-residual-learning-for-image-recognition`. */
  from: string;
  /** The paper that stays, e.g. `paper:arxiv:1512.03385`. */
  into: string;
}

export interface FigureHit {
  id: string;
  /** Cosine similarity between the query and the figure's embedding. */
  score: number;
}

/**
 * Many new entities at the store's own load speed (a first ingest, an arXiv snapshot,
 * citation data). Given the same batches, the graph after finish() is the one upsert() of
 * each batch in order gives. Only deltas of sources the store has never held go in (the
 * caller knows: new notes, records of papers not stored): nothing is removed first. While a
 * load is open, the store takes no other writes; reads see the store as it was.
 */
export interface BulkLoad {
  /** Checks and takes a batch, as upsert checks it: a refused batch changes nothing, the load goes on. */
  add(deltas: readonly GraphDelta[]): Promise<void>;
  /** A source this load has taken (a second delta of it would be refused). */
  holds(source: string): boolean;
  /** Writes what is not written yet and ends the load. */
  finish(): Promise<BulkLoadReport>;
  /** Ends the load, dropping what is not written yet. */
  abort(): Promise<void>;
}

export interface BulkLoadReport {
  nodesCreated: number;
  relationshipsCreated: number;
  /** Nodes and relationships that existed (in the store, or earlier in the load) and were added to. */
  nodesUpdated: number;
  relationshipsUpdated: number;
  /** Seconds taking batches (checking, merging, staging), writing them into the store, committing. */
  stageSeconds: number;
  loadSeconds: number;
  commitSeconds: number;
}

/** A report with nothing counted yet. */
export function emptyBulkLoadReport(): BulkLoadReport {
  return {
    nodesCreated: 0,
    relationshipsCreated: 0,
    nodesUpdated: 0,
    relationshipsUpdated: 0,
    stageSeconds: 0,
    loadSeconds: 0,
    commitSeconds: 0,
  };
}

/** The sources whose earlier contributions an upsert with `options` removes. */
export function sourcesToReplace(options: UpsertOptions, batchSources: readonly string[]): string[] {
  if (options.replace === true) return [...batchSources];
  if (!options.replace) return [];
  const listed = new Set(options.replace);
  return batchSources.filter((source) => listed.has(source));
}

export interface GraphStore {
  readonly kind: "kuzu" | "neo4j";
  /** Create tables, constraints and indexes if missing. Safe to call repeatedly. */
  applySchema(): Promise<void>;
  /** Write a batch of deltas atomically and idempotently (MERGE on ids; edges unique per from, type, to). */
  upsert(deltas: readonly GraphDelta[], options?: UpsertOptions): Promise<void>;
  /** Opens a bulk load (see BulkLoad); finish or abort it before other writes. */
  bulkLoad(): Promise<BulkLoad>;
  /** Drop what one source contributed, then nodes left with no source and no relationship. */
  removeSource(sourceId: string): Promise<void>;
  /** Delete notes outright (files that vanished): their contributions, then the note nodes. */
  removeNotes(noteIds: readonly string[]): Promise<void>;
  /**
   * Moves each (paper)-[:AUTHORED_BY]->(from) onto `into`, in one transaction: provenance
   * merges (sources united, stronger evidence kept), `from`'s name becomes one of `into`'s
   * aliases, and `from` is deleted once no paper lists it. Merges whose edge is gone are skipped.
   */
  mergeAuthors(merges: readonly AuthorMerge[]): Promise<void>;
  /**
   * Makes each `from` paper one with `into`, in one transaction: every relationship of `from`
   * (any type and direction the schema allows a Paper) moves onto `into` with its provenance,
   * and meets the same edge there as an upsert's edge would (sources united, the stronger
   * evidence kept, the edge already there winning a tie); one between the two papers is
   * dropped. `into` takes the properties it lacks (null) and `from`'s sources; then `from` is
   * deleted. Merges whose `from` or `into` is gone are skipped. Merges apply in order; those
   * sharing no paper apply together (see src/store/paper-merge.ts).
   */
  mergePapers(merges: readonly PaperMerge[]): Promise<void>;
  /** Every stored note with its content hash and ingest root, for incremental ingest. */
  notes(): Promise<StoredNote[]>;
  query(cypher: string, params?: Record<string, unknown>, options?: QueryOptions): Promise<QueryResult>;
  /**
   * query() without holding the result: rows come as the engine hands them out, converted a
   * chunk at a time, under the same read-only checks, time limit and row cap. Stopping the
   * iteration early (break) closes the query. For reads: with `readOnly: false` the rows'
   * relationship endpoints are looked up outside the query's own transaction.
   */
  stream(
    cypher: string,
    params?: Record<string, unknown>,
    options?: QueryOptions,
  ): AsyncGenerator<QueryStreamEvent, void, undefined>;
  /**
   * The k figures whose embedding (made by `model`) is nearest `vector`, best first, through
   * the store's vector index. Only figures still in the graph are returned.
   */
  searchFigures(vector: readonly number[], options: { model: string; k: number }): Promise<FigureHit[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
