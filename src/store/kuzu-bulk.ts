/**
 * GraphStore.bulkLoad for Kuzu: the deltas of a large run staged on disk, then loaded with
 * one COPY per table (bench/README.md: a COPY into a relationship table
 * costs in proportion to what the table already holds, so one per table per run, not one per
 * batch, is what makes the load linear).
 *
 * What is kept in memory is bounded, not the rows: nodes and relationships are merged across
 * the run while they are "open", and written to their table's staging file when they fall out:
 * the least recently touched first, large nodes (a paper with its abstract) before small ones
 * (an author, a concept), which recur (see DEFAULT_BUDGET). A contribution to a node or
 * relationship already written out, or in the store before the run, is kept as an update; the
 * updates are staged too and applied after the COPY by one statement per table reading their
 * file (`LOAD ... MATCH ... SET`: 30,000 rows in 0.2 s, where `UNWIND $rows` took 16 s), as
 * upsert applies them: properties overwrite, defaults fill, `sources` unite, stronger evidence
 * replaces. Besides those, the load remembers the ids it has seen and one number per
 * relationship (NumberSet).
 *
 * Nothing reaches the database before finish(), which commits table by table under the
 * store's rollback copy (kuzu-rollback.ts), with no savepoint: a load killed at any point
 * leaves the store as it was before the run, and one that fails after a commit has the store
 * restore that copy when it closes. Staging files go when the load ends, or with the next open after a kill.
 */
import fs from "node:fs";
import path from "node:path";
import type { EdgeRecord, GraphDelta, NodeRecord } from "../graph/delta.js";
import { NODE_PROPERTIES, type NodeLabel } from "../graph/schema.js";
import {
  type BatchEdge,
  type BatchNode,
  checkBatch,
  InvalidDeltaError,
  refuseMissingEndpoints,
} from "./batch.js";
import {
  addId,
  applyEdgeUpdates,
  applyNodeUpdates,
  endpointsPattern,
  type Ids,
  literal,
  setFixups,
  storedEdgeKeys,
  storedIds,
} from "./kuzu-bulk-apply.js";
import {
  EDGE_COLUMNS,
  edgeName,
  estimateBytes,
  mergeEdge,
  mergeNode,
  nodeColumns,
  nodeStagedValues,
  nodeUpdateColumns,
  nodeUpdateValues,
  PAIR_INDEX,
  pairName,
  toBatchNode,
} from "./kuzu-bulk-rows.js";
import { COPY_MAX_EXISTING_PER_NEW, edgeStagedValues } from "./kuzu-edges.js";
import { quoteIdent, REL_PAIRS, type RelPair } from "./kuzu-schema.js";
import type { KuzuSession } from "./kuzu-session.js";
import {
  columnValue,
  encode,
  LIST_SEPARATOR,
  loadClause,
  loadSubquery,
  makeStagingDir,
  StagedTable,
} from "./kuzu-staging.js";
import { NumberSet } from "./number-set.js";
import { collectGarbage } from "./release-memory.js";
import { type BulkLoad, type BulkLoadReport, emptyBulkLoadReport } from "./types.js";

/** How much a load keeps open in memory (small values in tests make every path run). */
export interface KuzuBulkBudget {
  /** Estimated bytes of open large nodes (LARGE_NODE_BYTES or more each). */
  largeNodeBytes: number;
  /** Open small nodes. */
  smallNodes: number;
  /** Open relationships. */
  edges: number;
  /** Relationships per staged file, each loaded by a COPY of its own (EDGE_ROWS_PER_COPY). */
  edgeRowsPerCopy?: number;
}

/**
 * About 100 MB of papers with their abstracts; a million authors or concepts (about 300 MB:
 * every author of a million arXiv records stays open, so none is updated after the COPY, which
 * matters: updates in the COPY's transaction made its commit 15 times slower); 100,000
 * relationships (about 15 MB: the ones that recur, a model's loss, stay open).
 */
export const DEFAULT_BUDGET: KuzuBulkBudget = {
  largeNodeBytes: 96 * 1024 * 1024,
  smallNodes: 1_000_000,
  edges: 100_000,
};
const LARGE_NODE_BYTES = 1024;
const SOURCE_BYTES = 40;

/** What the store lends a bulk load: its session, behind the store's queue, and its write transaction. */
export interface KuzuBulkHost {
  readonly file: string;
  run<T>(work: (session: KuzuSession) => Promise<T>): Promise<T>;
  /** One write transaction (no savepoint after it); the store forgets what its caches knew. */
  write(work: (session: KuzuSession) => Promise<void>): Promise<void>;
  /**
   * A load failed after some of its tables were committed: the store must go back to its
   * rollback copy when it closes, and take no other write until then.
   */
  undoRunOnClose(reason: string): void;
}

/** Relationship keys pack (pair, from, to) into one safe integer: 2^24 nodes per load. */
const NODE_SPACE = 2 ** 24;
const PAIR_SPACE = NODE_SPACE * NODE_SPACE;

/**
 * Relationships per COPY (and per transaction): all of a table's, by default. Splitting was
 * tried to fit Kuzu's 1 GiB buffer pool (one COPY of 4.1 million AUTHORED_BY rows, 1,000,000
 * arXiv records, runs out of it), but a COPY into a relationship table that already holds rows
 * pays for them at its commit: after 800,000 rows, the next 20,000 took more than 4 minutes
 * where all 820,000 in one COPY took 19 s. Tests set a small value to run the split path.
 */
export const EDGE_ROWS_PER_COPY = Number.POSITIVE_INFINITY;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const OPEN = 0;
const STAGED = 1;
/** In the store before the load began. */
const STORED = 2;
type NodeState = typeof OPEN | typeof STAGED | typeof STORED;

interface NodeSlot {
  readonly idx: number;
  readonly label: NodeLabel;
  readonly id: string;
  state: NodeState;
  /** Open: the node so far. Staged or stored: what the load adds to it (null: nothing yet). */
  node: BatchNode | null;
  /** Open: about how much memory the node holds. */
  bytes: number;
  /** The same id under another label. */
  next: NodeSlot | null;
}

/**
 * A delta's nodes with the slots they resolved to, so that its edges find their endpoints
 * without the load's map: by a scan for a few nodes, by a map of its own for many.
 */
class LocalNodes {
  readonly slots: (NodeSlot | undefined)[];
  private index: Map<string, number> | null = null;

  constructor(private readonly nodes: readonly NodeRecord[]) {
    this.slots = new Array(nodes.length);
  }

  /** The endpoint's slot: from this delta's nodes when it is one of them, else `lookup`. */
  resolve(
    label: NodeLabel,
    id: string,
    lookup: (label: NodeLabel, id: string) => NodeSlot | undefined,
  ): NodeSlot | undefined {
    const at = this.find(label, id);
    return at >= 0 ? (this.slots[at] ?? lookup(label, id)) : lookup(label, id);
  }

  private find(label: NodeLabel, id: string): number {
    if (this.nodes.length <= LOCAL_SCAN) {
      for (let i = 0; i < this.nodes.length; i++) {
        const node = this.nodes[i] as NodeRecord;
        if (node.id === id && node.label === label) return i;
      }
      return -1;
    }
    if (!this.index) {
      this.index = new Map();
      for (const [i, node] of this.nodes.entries()) this.index.set(node.id, i);
    }
    const at = this.index.get(id);
    return at !== undefined && (this.nodes[at] as NodeRecord).label === label ? at : -1;
  }
}

const LOCAL_SCAN = 16;

export class KuzuBulkLoad implements BulkLoad {
  /** Every node the load has met, by id (rarely, one id under two labels: chained by `next`). */
  private readonly nodes = new Map<string, NodeSlot>();
  /** Open nodes by idx, least recently touched first: large ones and small ones apart. */
  private readonly openLarge = new Map<number, NodeSlot>();
  private readonly openSmall = new Map<number, NodeSlot>();
  private openLargeBytes = 0;
  private nextIdx = 0;
  /** Open relationships by key, least recently touched first. */
  private readonly openEdges = new Map<number, BatchEdge>();
  /** Keys of relationships written to a staging file. */
  private stagedEdges = new NumberSet();
  /** Contributions to relationships staged or stored before the load: applied after the COPY. */
  private readonly edgeUpdates = new Map<number, BatchEdge>();
  private readonly sources = new Set<string>();
  private readonly nodeTables = new Map<NodeLabel, StagedTable>();
  /** Per relationship pair, its staged files: a new one every EDGE_ROWS_PER_COPY rows. */
  private readonly edgeTables = new Map<number, StagedTable[]>();
  /** Labels whose table was empty when the load began: their ids need no lookup. */
  private readonly emptyLabels = new Set<NodeLabel>();
  private readonly dir: string;
  private readonly report: BulkLoadReport = emptyBulkLoadReport();
  private ended = false;

  private constructor(
    private readonly host: KuzuBulkHost,
    private readonly budget: KuzuBulkBudget,
  ) {
    this.dir = makeStagingDir(host.file);
  }

  static async begin(host: KuzuBulkHost, budget: KuzuBulkBudget = DEFAULT_BUDGET): Promise<KuzuBulkLoad> {
    const load = new KuzuBulkLoad(host, budget);
    try {
      await host.run(async (session) => {
        for (const label of Object.keys(NODE_PROPERTIES) as NodeLabel[]) {
          const rows = await session.run(`MATCH (n:${quoteIdent(label)}) RETURN count(*) AS count`);
          if (Number(rows[0]?.count ?? 0) === 0) load.emptyLabels.add(label);
        }
      });
    } catch (error) {
      load.discard();
      throw error;
    }
    return load;
  }

  holds(source: string): boolean {
    return this.sources.has(source);
  }

  async add(deltas: readonly GraphDelta[]): Promise<void> {
    this.refuseEnded();
    const started = performance.now();
    // Checked and normalized as upsert checks a batch, then merged here, delta by delta, as the
    // store merges (mergeProps and isStronger in src/graph/delta.ts): the same graph.
    const batch = checkBatch(deltas);
    for (const source of batch.sources) {
      if (source.includes(LIST_SEPARATOR)) {
        throw new InvalidDeltaError(`source ids must not contain U+001F ("${source}")`);
      }
      if (this.sources.has(source)) {
        throw new InvalidDeltaError(
          `source "${source}" was loaded already in this bulk load: each source's deltas go in once`,
        );
      }
    }
    // What can refuse the batch, and what needs the database, comes before any state changes.
    // A node is looked up in the load once per delta: an edge finds its endpoints among its
    // delta's nodes first (lookups in a map of millions of ids cost about 1 us each).
    const fresh: Ids = new Map();
    const ask: Ids = new Map();
    let freshCount = 0;
    const local = batch.deltas.map((delta) => new LocalNodes(delta.nodes));
    for (const [d, delta] of batch.deltas.entries()) {
      const slots = (local[d] as LocalNodes).slots;
      for (const [n, node] of delta.nodes.entries()) {
        const slot = this.slot(node.label, node.id);
        slots[n] = slot;
        if (slot || fresh.get(node.label)?.has(node.id)) continue;
        addId(fresh, node.label, node.id);
        freshCount++;
        if (!this.emptyLabels.has(node.label)) addId(ask, node.label, node.id);
      }
    }
    // Endpoints from outside their delta that the load has not met (in the store, or missing),
    // and relationships whose endpoints were both in the store before the load (they may be
    // stored themselves).
    const outside: EdgeRecord[] = [];
    let edgeCount = 0;
    for (const [d, delta] of batch.deltas.entries()) {
      const nodes = local[d] as LocalNodes;
      for (const edge of delta.edges) {
        edgeCount++;
        const from = nodes.resolve(edge.fromLabel, edge.from, (label, id) => this.slot(label, id));
        const to = nodes.resolve(edge.toLabel, edge.to, (label, id) => this.slot(label, id));
        const fromFresh = !from && fresh.get(edge.fromLabel)?.has(edge.from) === true;
        const toFresh = !to && fresh.get(edge.toLabel)?.has(edge.to) === true;
        if (!from && !fromFresh) addId(ask, edge.fromLabel, edge.from);
        if (!to && !toFresh) addId(ask, edge.toLabel, edge.to);
        // Certainly new to the store: made by the load, or fresh in a table that was empty.
        const fromNew = from ? from.state !== STORED : fromFresh && this.emptyLabels.has(edge.fromLabel);
        const toNew = to ? to.state !== STORED : toFresh && this.emptyLabels.has(edge.toLabel);
        if ((!fromNew && !toNew) || (!from && !fromFresh) || (!to && !toFresh)) outside.push(edge);
      }
    }
    const stored: Ids = ask.size > 0 ? await this.host.run((session) => storedIds(session, ask)) : new Map();
    const isStored = (label: NodeLabel, id: string) => stored.get(label)?.has(id) === true;
    const missing = new Set<string>();
    const maybeStored: EdgeRecord[] = [];
    for (const edge of outside) {
      const from = this.slot(edge.fromLabel, edge.from);
      const to = this.slot(edge.toLabel, edge.to);
      const fromNew = !from && fresh.get(edge.fromLabel)?.has(edge.from) === true;
      const toNew = !to && fresh.get(edge.toLabel)?.has(edge.to) === true;
      if (!from && !fromNew && !isStored(edge.fromLabel, edge.from)) {
        missing.add(`${edge.fromLabel} "${edge.from}"`);
      }
      if (!to && !toNew && !isStored(edge.toLabel, edge.to)) missing.add(`${edge.toLabel} "${edge.to}"`);
      const fromStored = from ? from.state === STORED : isStored(edge.fromLabel, edge.from);
      const toStored = to ? to.state === STORED : isStored(edge.toLabel, edge.to);
      if (fromStored && toStored && !(from && to && this.knownEdge(edge, from, to))) maybeStored.push(edge);
    }
    refuseMissingEndpoints([...missing]);
    if (this.nextIdx + freshCount + 2 * edgeCount >= NODE_SPACE) {
      throw new InvalidDeltaError(
        `a bulk load holds at most ${NODE_SPACE - 1} nodes: finish it and begin another`,
      );
    }
    const storedEdges =
      maybeStored.length > 0
        ? await this.host.run((session) => storedEdgeKeys(session, maybeStored))
        : new Set<string>();

    for (const [d, delta] of batch.deltas.entries()) {
      this.sources.add(delta.source);
      const sources = [delta.source];
      const nodes = local[d] as LocalNodes;
      for (const [n, node] of delta.nodes.entries()) {
        // Looked up again only if an earlier delta of this batch brought the node.
        const slot =
          nodes.slots[n] ??
          this.slot(node.label, node.id) ??
          this.newSlot(node.label, node.id, isStored(node.label, node.id) ? STORED : OPEN);
        nodes.slots[n] = slot;
        this.addNode(slot, node, sources);
      }
      const lookup = (label: NodeLabel, id: string) =>
        this.slot(label, id) ?? this.newSlot(label, id, STORED);
      for (const edge of delta.edges) {
        const from = nodes.resolve(edge.fromLabel, edge.from, lookup) as NodeSlot;
        const to = nodes.resolve(edge.toLabel, edge.to, lookup) as NodeSlot;
        const key = this.edgeKey(edge, from, to);
        this.addEdge(key, edge, delta.source, storedEdges.size > 0 && storedEdges.has(edgeName(edge)));
      }
    }
    this.spill(this.budget);
    this.report.stageSeconds += (performance.now() - started) / 1000;
  }

  async finish(): Promise<BulkLoadReport> {
    this.refuseEnded();
    this.ended = true;
    try {
      // Writing out the last open rows, and the updates, is part of loading them.
      const loading = performance.now();
      this.spill({ largeNodeBytes: 0, smallNodes: 0, edges: 0 });
      for (const table of this.stagedTables()) table.close();
      const nodeUpdates = this.stageNodeUpdates();
      const edgeUpdates = this.stageEdgeUpdates();
      this.releaseStagingState();
      // One transaction per table: Kuzu keeps a transaction's new pages in its buffer pool
      // until the commit, so a load holds one table's at a time, not all of them (at 1,000,000
      // records AUTHORED_BY alone still does not fit the 1 GiB pool: EDGE_ROWS_PER_COPY). A kill between two commits is still
      // undone as a whole by the rollback copy (no savepoint is taken during a load), and a
      // failure after a commit has the store roll back to that copy when it closes.
      const steps: ((session: KuzuSession) => Promise<void>)[] = [
        ...[...this.nodeTables].map(
          ([label, table]) =>
            (session: KuzuSession) =>
              this.loadNodes(session, label, table),
        ),
        (session) => applyNodeUpdates(session, nodeUpdates),
        ...[...this.edgeTables].flatMap(([index, tables]) =>
          tables.map((table, part) => (session: KuzuSession) => this.loadEdges(session, index, table, part)),
        ),
        (session) => applyEdgeUpdates(session, edgeUpdates),
      ];
      let committed = 0;
      let loadMs = performance.now() - loading;
      let commitMs = 0;
      try {
        for (const step of steps) {
          const started = performance.now();
          let commitStarted = started;
          await this.host.write(async (session) => {
            await step(session);
            commitStarted = performance.now();
          });
          loadMs += commitStarted - started;
          commitMs += performance.now() - commitStarted;
          committed++;
        }
      } catch (error) {
        if (committed > 0) this.host.undoRunOnClose(errorText(error));
        throw error;
      }
      this.report.loadSeconds += loadMs / 1000;
      this.report.commitSeconds += commitMs / 1000;
      return { ...this.report };
    } finally {
      this.discard();
    }
  }

  async abort(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.discard();
  }

  /**
   * Everything is on disk now: what the load kept to merge rows (every id it met, the open rows,
   * the staged keys) is garbage, and is let go before the COPYs, which need memory of their own
   * outside Kuzu's pool. A full collection returns it to the system now: the process is idle in
   * native code until the load ends, so V8 would not collect on its own.
   */
  private releaseStagingState(): void {
    this.nodes.clear();
    this.openLarge.clear();
    this.openSmall.clear();
    this.openLargeBytes = 0;
    this.openEdges.clear();
    this.edgeUpdates.clear();
    this.stagedEdges = new NumberSet();
    collectGarbage();
  }

  private refuseEnded(): void {
    if (this.ended) throw new InvalidDeltaError("this bulk load has ended (finished or aborted)");
  }

  private stagedTables(): StagedTable[] {
    return [...this.nodeTables.values(), ...[...this.edgeTables.values()].flat()];
  }

  private discard(): void {
    for (const table of this.stagedTables()) table.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private slot(label: NodeLabel, id: string): NodeSlot | undefined {
    for (let slot: NodeSlot | null = this.nodes.get(id) ?? null; slot; slot = slot.next) {
      if (slot.label === label) return slot;
    }
    return undefined;
  }

  private newSlot(label: NodeLabel, id: string, state: NodeState): NodeSlot {
    const slot: NodeSlot = { idx: this.nextIdx++, label, id, state, node: null, bytes: 0, next: null };
    const first = this.nodes.get(id);
    if (first) {
      slot.next = first.next;
      first.next = slot;
    } else this.nodes.set(id, slot);
    return slot;
  }

  private edgeKey(edge: EdgeRecord, from: NodeSlot, to: NodeSlot): number {
    return (PAIR_INDEX.get(pairName(edge)) as number) * PAIR_SPACE + from.idx * NODE_SPACE + to.idx;
  }

  private addNode(slot: NodeSlot, record: NodeRecord, sources: readonly string[]): void {
    if (slot.state !== OPEN) {
      slot.node = slot.node ? mergeNode(slot.node, record, sources) : toBatchNode(record, sources);
      return;
    }
    // A repeat mostly adds a source (the values it brings replace others): an author met a
    // hundred times stays small.
    const bytes = slot.node ? SOURCE_BYTES : estimateBytes(record);
    if (slot.node) {
      slot.node = mergeNode(slot.node, record, sources);
      this.openNodesOf(slot).delete(slot.idx);
    } else slot.node = toBatchNode(record, sources);
    if (slot.bytes >= LARGE_NODE_BYTES) this.openLargeBytes -= slot.bytes;
    slot.bytes += bytes;
    if (slot.bytes >= LARGE_NODE_BYTES) this.openLargeBytes += slot.bytes;
    this.openNodesOf(slot).set(slot.idx, slot);
  }

  private openNodesOf(slot: NodeSlot): Map<number, NodeSlot> {
    return slot.bytes >= LARGE_NODE_BYTES ? this.openLarge : this.openSmall;
  }

  /** The load has this relationship already (open, staged or as an update). */
  private knownEdge(edge: EdgeRecord, from: NodeSlot, to: NodeSlot): boolean {
    const key = this.edgeKey(edge, from, to);
    return this.openEdges.has(key) || this.edgeUpdates.has(key) || this.stagedEdges.has(key);
  }

  private addEdge(key: number, edge: EdgeRecord, source: string, storedBefore: boolean): void {
    const open = this.openEdges.get(key);
    if (open) {
      this.openEdges.delete(key);
      this.openEdges.set(key, mergeEdge(open, edge, source));
      return;
    }
    const update = this.edgeUpdates.get(key);
    if (update) this.edgeUpdates.set(key, mergeEdge(update, edge, source));
    else if (storedBefore || this.stagedEdges.has(key))
      this.edgeUpdates.set(key, { ...edge, sources: [source] });
    else this.openEdges.set(key, { ...edge, sources: [source] });
  }

  /** Writes out the least recently touched open nodes and relationships beyond the budget. */
  private spill(budget: KuzuBulkBudget): void {
    if (this.openLargeBytes > budget.largeNodeBytes) {
      const target = budget.largeNodeBytes / 2;
      for (const slot of this.openLarge.values()) {
        if (this.openLargeBytes <= target) break;
        this.openLargeBytes -= slot.bytes;
        this.openLarge.delete(slot.idx);
        this.stageNode(slot);
      }
    }
    if (this.openSmall.size > budget.smallNodes) {
      const target = Math.floor(budget.smallNodes / 2);
      for (const slot of this.openSmall.values()) {
        if (this.openSmall.size <= target) break;
        this.openSmall.delete(slot.idx);
        this.stageNode(slot);
      }
    }
    if (this.openEdges.size > budget.edges) {
      const target = Math.floor(budget.edges / 2);
      for (const [key, edge] of this.openEdges) {
        if (this.openEdges.size <= target) break;
        this.stageEdge(key, edge);
      }
    }
  }

  private stageNode(slot: NodeSlot): void {
    const node = slot.node as BatchNode;
    let table = this.nodeTables.get(slot.label);
    if (!table) {
      table = new StagedTable(path.join(this.dir, `${slot.label}.csv`), nodeColumns(slot.label));
      this.nodeTables.set(slot.label, table);
    }
    table.write(nodeStagedValues(node, table.columns), node.id);
    slot.state = STAGED;
    slot.node = null;
    slot.bytes = 0;
  }

  private stageEdge(key: number, edge: BatchEdge): void {
    const pair = Math.floor(key / PAIR_SPACE);
    const tables = this.edgeTables.get(pair) ?? [];
    if (tables.length === 0) this.edgeTables.set(pair, tables);
    let table = tables.at(-1);
    if (!table || table.rows >= (this.budget.edgeRowsPerCopy ?? EDGE_ROWS_PER_COPY)) {
      table?.close();
      table = new StagedTable(path.join(this.dir, `rel-${pair}-${tables.length}.csv`), EDGE_COLUMNS);
      tables.push(table);
    }
    table.write(edgeStagedValues(edge), edge.from);
    this.openEdges.delete(key);
    this.stagedEdges.add(key);
  }

  /** Updates of staged and stored nodes, per label: a file for the rows it can carry, the rest as they are. */
  private stageNodeUpdates(): Map<NodeLabel, { table: StagedTable | null; rest: BatchNode[] }> {
    const out = new Map<NodeLabel, { table: StagedTable | null; rest: BatchNode[] }>();
    for (const first of this.nodes.values()) {
      for (let slot: NodeSlot | null = first; slot; slot = slot.next) {
        if (slot.state === OPEN || !slot.node) continue;
        let entry = out.get(slot.label);
        if (!entry) {
          entry = { table: null, rest: [] };
          out.set(slot.label, entry);
        }
        const columns = nodeUpdateColumns(slot.label);
        const values = nodeUpdateValues(slot.node, columns);
        if (values.some((value) => encode(value) === null)) entry.rest.push(slot.node);
        else {
          entry.table ??= new StagedTable(path.join(this.dir, `${slot.label}-updates.csv`), columns);
          entry.table.write(values, slot.id);
        }
        this.report.nodesUpdated++;
      }
    }
    for (const { table } of out.values()) table?.close();
    return out;
  }

  private stageEdgeUpdates(): Map<number, StagedTable> {
    const out = new Map<number, StagedTable>();
    for (const [key, edge] of this.edgeUpdates) {
      const pair = Math.floor(key / PAIR_SPACE);
      let table = out.get(pair);
      if (!table) {
        table = new StagedTable(path.join(this.dir, `rel-${pair}-updates.csv`), EDGE_COLUMNS);
        out.set(pair, table);
      }
      table.write(edgeStagedValues(edge), edge.from);
      this.report.relationshipsUpdated++;
    }
    for (const table of out.values()) table.close();
    return out;
  }

  private async loadNodes(session: KuzuSession, label: NodeLabel, table: StagedTable): Promise<void> {
    if (table.rows === 0) return;
    const columns = table.columns.map((column) => quoteIdent(column.name)).join(", ");
    await session.command(`COPY ${quoteIdent(label)}(${columns}) FROM (${loadSubquery(table)})`);
    this.report.nodesCreated += table.rows;
    await setFixups(session, label, table);
  }

  /** `part`: which of the pair's staged files; after the first, the load itself is large: COPY. */
  private async loadEdges(
    session: KuzuSession,
    index: number,
    table: StagedTable,
    part: number,
  ): Promise<void> {
    if (table.rows === 0) return;
    const pair = REL_PAIRS[index] as RelPair;
    const [count] = await session.run(
      `MATCH (:${quoteIdent(pair.fromLabel)})-[e:${quoteIdent(pair.type)}]->(:${quoteIdent(pair.toLabel)}) RETURN count(*) AS count`,
    );
    const existing = Number(count?.count ?? 0);
    if (part > 0 || existing <= COPY_MAX_EXISTING_PER_NEW * table.rows) {
      const endpoints = `(from=${literal(pair.fromLabel)}, to=${literal(pair.toLabel)})`;
      await session.command(`COPY ${quoteIdent(pair.type)} FROM (${loadSubquery(table)}) ${endpoints}`);
    } else {
      // A few new relationships into a large table: created from the same file, row by row.
      const properties = table.columns
        .slice(2)
        .map((column) => `${quoteIdent(column.name)}: ${columnValue(column)}`);
      await session.command(
        `${loadClause(table)} MATCH ${endpointsPattern(pair)} CREATE (x)-[:${quoteIdent(pair.type)} {${properties.join(", ")}}]->(y)`,
      );
    }
    this.report.relationshipsCreated += table.rows;
  }
}
