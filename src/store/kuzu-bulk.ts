/**
 * GraphStore.bulkLoad for Kuzu: the deltas of a large run staged on disk, then loaded with
 * one COPY per table in one transaction (bench/README.md: a COPY into a relationship table
 * costs in proportion to what the table already holds, so one per table per run, not one per
 * batch, is what makes the load linear).
 *
 * What is kept in memory is bounded, not the rows: nodes and relationships are merged across
 * the run while they are "open" (the most recently touched, within NODE_BUDGET_BYTES and
 * EDGE_BUDGET), and written to their table's staging file when they fall out. A contribution to
 * a node or relationship already written out, or already in the store before the run, is kept as
 * an update and applied after the COPY by set-based statements, as upsert applies them:
 * properties overwrite, defaults fill, `sources` unite, stronger evidence replaces. Besides
 * those, the load remembers the ids it has seen and one number per relationship (NumberSet).
 *
 * Nothing reaches the database before finish(), which runs in one transaction under the
 * store's rollback copy (kuzu-rollback.ts): a load killed at any point leaves the store as it
 * was before the run. Staging files go when the load ends, or with the next open after a kill.
 */
import fs from "node:fs";
import path from "node:path";
import type { GraphDelta, PropertyValue } from "../graph/delta.js";
import {
  NODE_PROPERTIES,
  type NodeLabel,
  type PropertyType,
  REL_PROPERTIES,
  type RelType,
} from "../graph/schema.js";
import {
  type BatchEdge,
  type BatchNode,
  InvalidDeltaError,
  prepareBatch,
  refuseMissingEndpoints,
} from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import {
  COPY_MAX_EXISTING_PER_NEW,
  checkKuzuLimits,
  edgeStagedValues,
  mergeEdgeUpdates,
} from "./kuzu-edges.js";
import { updateNodes } from "./kuzu-nodes.js";
import { quoteIdent, REL_PAIRS, type RelPair } from "./kuzu-schema.js";
import type { KuzuSession } from "./kuzu-session.js";
import {
  columnValue,
  loadClause,
  loadSubquery,
  makeStagingDir,
  type StagedColumn,
  StagedTable,
  type StagedValue,
} from "./kuzu-staging.js";
import { NumberSet } from "./number-set.js";
import type { BulkLoad, BulkLoadReport } from "./types.js";

/** How much a load keeps open in memory (small values in tests make every path run). */
export interface KuzuBulkBudget {
  nodeBytes: number;
  edges: number;
}

/** What the store lends a bulk load: its session, behind the store's queue, and its write transaction. */
export interface KuzuBulkHost {
  readonly file: string;
  run<T>(work: (session: KuzuSession) => Promise<T>): Promise<T>;
  /** One write transaction (then the store's savepoint); the store forgets what its caches knew. */
  write(work: (session: KuzuSession) => Promise<void>): Promise<void>;
}

/** Estimated bytes of open nodes before the least recently touched are written out. */
const NODE_BUDGET_BYTES = 96 * 1024 * 1024;
/** Open relationships before the least recently touched are written out. */
const EDGE_BUDGET = 400_000;
/** Relationship keys pack (pair, from, to) into one safe integer: 2^24 nodes per load part. */
const NODE_SPACE = 2 ** 24;
const PAIR_SPACE = NODE_SPACE * NODE_SPACE;

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
}

const PAIR_INDEX = new Map(REL_PAIRS.map((pair, i) => [pairName(pair), i]));

function pairName(pair: { type: RelType; fromLabel: NodeLabel; toLabel: NodeLabel }): string {
  return `${pair.type}|${pair.fromLabel}|${pair.toLabel}`;
}

const nodeColumns = (label: NodeLabel): StagedColumn[] =>
  Object.entries(NODE_PROPERTIES[label]).map(([name, type]) => ({ name, type: type as PropertyType }));

const EDGE_COLUMNS: StagedColumn[] = [
  { name: "a", type: "STRING" },
  { name: "b", type: "STRING" },
  ...Object.entries(REL_PROPERTIES).map(([name, type]) => ({ name, type: type as PropertyType })),
];

export class KuzuBulkLoad implements BulkLoad {
  private readonly nodes = new Map<NodeLabel, Map<string, NodeSlot>>();
  /** Open nodes by idx, least recently touched first. */
  private readonly openNodes = new Map<number, NodeSlot>();
  private openBytes = 0;
  private nextIdx = 0;
  /** Open relationships by key, least recently touched first. */
  private readonly openEdges = new Map<number, BatchEdge>();
  /** Keys of relationships written to a staging file. */
  private stagedEdges = new NumberSet();
  /** Contributions to relationships staged or stored before the load: applied after the COPY. */
  private readonly edgeUpdates = new Map<number, BatchEdge>();
  private readonly sources = new Set<string>();
  private readonly nodeTables = new Map<NodeLabel, StagedTable>();
  private readonly edgeTables = new Map<number, StagedTable>();
  /** Labels whose table was empty when the load began: their ids need no lookup. */
  private readonly emptyLabels = new Set<NodeLabel>();
  private readonly dir: string;
  private readonly report: BulkLoadReport = {
    nodesCreated: 0,
    relationshipsCreated: 0,
    nodesUpdated: 0,
    relationshipsUpdated: 0,
    stageSeconds: 0,
    loadSeconds: 0,
    commitSeconds: 0,
  };
  private ended = false;

  private constructor(
    private readonly host: KuzuBulkHost,
    private readonly budget: KuzuBulkBudget,
  ) {
    this.dir = makeStagingDir(host.file);
  }

  static async begin(
    host: KuzuBulkHost,
    budget: KuzuBulkBudget = { nodeBytes: NODE_BUDGET_BYTES, edges: EDGE_BUDGET },
  ): Promise<KuzuBulkLoad> {
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
    const batch = prepareBatch(deltas);
    checkKuzuLimits(batch);
    const repeated = batch.sources.filter((source) => this.sources.has(source));
    if (repeated.length > 0) {
      throw new InvalidDeltaError(
        `source "${repeated[0]}" was loaded already in this bulk load: each source's deltas go in once`,
      );
    }
    // Everything that can refuse the batch or needs the database comes before any state changes.
    const inBatch = new Set(batch.nodes.map((node) => `${node.label}|${node.id}`));
    const unknown = new Map<NodeLabel, Set<string>>();
    const want = (label: NodeLabel, id: string) => {
      if (this.slot(label, id) || this.emptyLabels.has(label)) return;
      const ids = unknown.get(label) ?? new Set<string>();
      ids.add(id);
      unknown.set(label, ids);
    };
    for (const node of batch.nodes) want(node.label, node.id);
    for (const edge of batch.edges) {
      want(edge.fromLabel, edge.from);
      want(edge.toLabel, edge.to);
    }
    const stored = await this.host.run((session) => storedIds(session, unknown));
    const known = (label: NodeLabel, id: string) =>
      this.slot(label, id) !== undefined || stored.has(`${label}|${id}`) || inBatch.has(`${label}|${id}`);
    const missing: string[] = [];
    for (const edge of batch.edges) {
      for (const [label, id] of [
        [edge.fromLabel, edge.from],
        [edge.toLabel, edge.to],
      ] as const) {
        if (!known(label, id)) missing.push(`${label} "${id}"`);
      }
    }
    refuseMissingEndpoints([...new Set(missing)]);
    if (this.nextIdx + inBatch.size + 2 * batch.edges.length >= NODE_SPACE) {
      throw new InvalidDeltaError(
        `a bulk load holds at most ${NODE_SPACE - 1} nodes: finish it and begin another`,
      );
    }
    const state = (label: NodeLabel, id: string): NodeState =>
      this.slot(label, id)?.state ?? (stored.has(`${label}|${id}`) ? STORED : OPEN);
    // Relationships between nodes both stored before the load may be stored themselves.
    const maybeStored = batch.edges.filter(
      (edge) =>
        state(edge.fromLabel, edge.from) === STORED &&
        state(edge.toLabel, edge.to) === STORED &&
        !this.knownEdge(edge),
    );
    const storedEdges = await this.host.run((session) => storedEdgeKeys(session, maybeStored));

    for (const source of batch.sources) this.sources.add(source);
    for (const node of batch.nodes) this.addNode(node, state(node.label, node.id));
    for (const edge of batch.edges) {
      for (const [label, id] of [
        [edge.fromLabel, edge.from],
        [edge.toLabel, edge.to],
      ] as const) {
        if (!this.slot(label, id)) this.newSlot(label, id, STORED);
      }
      this.addEdge(edge, storedEdges.has(edgeName(edge)));
    }
    this.spill(this.budget.nodeBytes, this.budget.edges);
    this.report.stageSeconds += (performance.now() - started) / 1000;
  }

  async finish(): Promise<BulkLoadReport> {
    this.refuseEnded();
    this.ended = true;
    try {
      // Writing out the last open rows is part of loading them.
      const loading = performance.now();
      this.spill(0, 0);
      for (const table of [...this.nodeTables.values(), ...this.edgeTables.values()]) table.close();
      let commitStarted = loading;
      await this.host.write(async (session) => {
        await this.loadNodes(session);
        await this.loadEdges(session);
        commitStarted = performance.now();
      });
      const ended = performance.now();
      this.report.loadSeconds += (commitStarted - loading) / 1000;
      this.report.commitSeconds += (ended - commitStarted) / 1000;
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

  private refuseEnded(): void {
    if (this.ended) throw new InvalidDeltaError("this bulk load has ended (finished or aborted)");
  }

  private discard(): void {
    for (const table of [...this.nodeTables.values(), ...this.edgeTables.values()]) {
      try {
        table.close();
      } catch {
        // Closed already.
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private slot(label: NodeLabel, id: string): NodeSlot | undefined {
    return this.nodes.get(label)?.get(id);
  }

  private newSlot(label: NodeLabel, id: string, state: NodeState): NodeSlot {
    const slot: NodeSlot = { idx: this.nextIdx++, label, id, state, node: null, bytes: 0 };
    let ofLabel = this.nodes.get(label);
    if (!ofLabel) {
      ofLabel = new Map();
      this.nodes.set(label, ofLabel);
    }
    ofLabel.set(id, slot);
    return slot;
  }

  private addNode(node: BatchNode, state: NodeState): void {
    const slot = this.slot(node.label, node.id) ?? this.newSlot(node.label, node.id, state);
    if (slot.state !== OPEN) {
      slot.node = slot.node ? mergeNode(slot.node, node) : copyNode(node);
      return;
    }
    if (slot.node) {
      slot.node = mergeNode(slot.node, node);
      this.openNodes.delete(slot.idx);
    } else slot.node = copyNode(node);
    const bytes = estimateBytes(node);
    slot.bytes += bytes;
    this.openBytes += bytes;
    this.openNodes.set(slot.idx, slot);
  }

  private edgeKey(edge: BatchEdge): number {
    const pair = PAIR_INDEX.get(pairName(edge)) as number;
    const from = this.slot(edge.fromLabel, edge.from) as NodeSlot;
    const to = this.slot(edge.toLabel, edge.to) as NodeSlot;
    return pair * PAIR_SPACE + from.idx * NODE_SPACE + to.idx;
  }

  /** The load has this relationship already (open, staged or as an update). */
  private knownEdge(edge: BatchEdge): boolean {
    const from = this.slot(edge.fromLabel, edge.from);
    const to = this.slot(edge.toLabel, edge.to);
    if (!from || !to) return false;
    const key = this.edgeKey(edge);
    return this.openEdges.has(key) || this.edgeUpdates.has(key) || this.stagedEdges.has(key);
  }

  private addEdge(edge: BatchEdge, storedBefore: boolean): void {
    const key = this.edgeKey(edge);
    const open = this.openEdges.get(key);
    if (open) {
      this.openEdges.delete(key);
      this.openEdges.set(key, mergeEdge(open, edge));
      return;
    }
    const update = this.edgeUpdates.get(key);
    if (update) this.edgeUpdates.set(key, mergeEdge(update, edge));
    else if (storedBefore || this.stagedEdges.has(key)) this.edgeUpdates.set(key, copyEdge(edge));
    else this.openEdges.set(key, copyEdge(edge));
  }

  /** Writes out the least recently touched open nodes and relationships beyond the budgets. */
  private spill(nodeBudget: number, edgeBudget: number): void {
    if (this.openBytes > nodeBudget) {
      const target = nodeBudget / 2;
      for (const slot of this.openNodes.values()) {
        if (this.openBytes <= target) break;
        this.stageNode(slot);
      }
    }
    if (this.openEdges.size > edgeBudget) {
      const target = Math.floor(edgeBudget / 2);
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
    this.openNodes.delete(slot.idx);
    this.openBytes -= slot.bytes;
    slot.state = STAGED;
    slot.node = null;
    slot.bytes = 0;
  }

  private stageEdge(key: number, edge: BatchEdge): void {
    const pair = Math.floor(key / PAIR_SPACE);
    let table = this.edgeTables.get(pair);
    if (!table) {
      table = new StagedTable(path.join(this.dir, `rel-${pair}.csv`), EDGE_COLUMNS);
      this.edgeTables.set(pair, table);
    }
    table.write([edge.from, edge.to, ...edgeStagedValues(edge)], `${edge.from}\u0000${edge.to}`);
    this.openEdges.delete(key);
    this.stagedEdges.add(key);
  }

  private async loadNodes(session: KuzuSession): Promise<void> {
    for (const [label, table] of this.nodeTables) {
      if (table.rows === 0) continue;
      const columns = table.columns.map((column) => quoteIdent(column.name)).join(", ");
      await session.command(`COPY ${quoteIdent(label)}(${columns}) FROM (${loadSubquery(table)})`);
      this.report.nodesCreated += table.rows;
      await setFixups(session, label, table);
    }
    const updates: BatchNode[] = [];
    for (const ofLabel of this.nodes.values()) {
      for (const slot of ofLabel.values()) if (slot.state !== OPEN && slot.node) updates.push(slot.node);
    }
    await updateNodes(session, updates);
    this.report.nodesUpdated += updates.length;
  }

  private async loadEdges(session: KuzuSession): Promise<void> {
    for (const [index, table] of this.edgeTables) {
      if (table.rows === 0) continue;
      const pair = REL_PAIRS[index] as RelPair;
      const [count] = await session.run(
        `MATCH (:${quoteIdent(pair.fromLabel)})-[e:${quoteIdent(pair.type)}]->(:${quoteIdent(pair.toLabel)}) RETURN count(*) AS count`,
      );
      const existing = Number(count?.count ?? 0);
      const endpoints = `(from=${literal(pair.fromLabel)}, to=${literal(pair.toLabel)})`;
      if (existing <= COPY_MAX_EXISTING_PER_NEW * table.rows) {
        await session.command(`COPY ${quoteIdent(pair.type)} FROM (${loadSubquery(table)}) ${endpoints}`);
      } else {
        // A few new relationships into a large table: created from the same file, row by row.
        const properties = table.columns
          .slice(2)
          .map((column) => `${quoteIdent(column.name)}: ${columnValue(column)}`);
        await session.command(
          `${loadClause(table)} MATCH (x:${quoteIdent(pair.fromLabel)} {id: a}), (y:${quoteIdent(pair.toLabel)} {id: b}) ` +
            `CREATE (x)-[:${quoteIdent(pair.type)} {${properties.join(", ")}}]->(y)`,
        );
      }
      this.report.relationshipsCreated += table.rows;
    }
    const updates = groupBy([...this.edgeUpdates.values()], pairName);
    for (const group of updates.values()) {
      await mergeEdgeUpdates(session, group[0] as BatchEdge, group);
      this.report.relationshipsUpdated += group.length;
    }
  }
}

function edgeName(edge: BatchEdge): string {
  return `${pairName(edge)}|${edge.from}\u0000${edge.to}`;
}

function literal(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** `label|id` of the given nodes the store holds. */
async function storedIds(session: KuzuSession, wanted: Map<NodeLabel, Set<string>>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [label, ids] of wanted) {
    for (const part of chunks([...ids])) {
      const rows = await session.run(
        `UNWIND $ids AS i MATCH (n:${quoteIdent(label)} {id: i}) RETURN n.id AS id`,
        { ids: part },
      );
      for (const row of rows) found.add(`${label}|${String(row.id)}`);
    }
  }
  return found;
}

/** `edgeName` of the given relationships the store holds. */
async function storedEdgeKeys(session: KuzuSession, edges: readonly BatchEdge[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const group of groupBy(edges, pairName).values()) {
    const first = group[0] as BatchEdge;
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
async function setFixups(session: KuzuSession, label: NodeLabel, table: StagedTable): Promise<void> {
  for (const [column, fixups] of groupBy(table.fixups, (fixup) => fixup.column)) {
    for (const part of chunks(fixups)) {
      await session.run(
        `UNWIND $rows AS r MATCH (n:${quoteIdent(label)} {id: r.id}) SET n.${quoteIdent(column)} = r.v`,
        { rows: part.map((fixup) => ({ id: fixup.id, v: fixup.value as string | string[] })) },
      );
    }
  }
}

/** A value as the create statement stores it: an empty list is none (kuzu-nodes.ts). */
function present(value: PropertyValue | undefined): PropertyValue | null {
  if (value === undefined || value === null) return null;
  return Array.isArray(value) && value.length === 0 ? null : value;
}

/** A node's row, as createStatement in kuzu-nodes.ts would write it. */
function nodeStagedValues(node: BatchNode, columns: readonly StagedColumn[]): StagedValue[] {
  return columns.map(({ name }) => {
    if (name === "id") return node.id;
    if (name === "sources") return node.sources;
    const value = present(node.props[name]) ?? present(node.defaults?.[name]);
    return name === "name" ? (value ?? node.id) : value;
  });
}

function copyNode(node: BatchNode): BatchNode {
  return { ...node, props: { ...node.props }, sources: [...node.sources] };
}

/**
 * A later contribution merged in as the store's update would apply it: non-empty properties
 * overwrite, defaults fill what neither has, sources add up (each source comes once).
 */
function mergeNode(base: BatchNode, update: BatchNode): BatchNode {
  const props: Record<string, PropertyValue> = { ...base.props };
  for (const [key, value] of Object.entries(update.props)) {
    if (present(value) !== null) props[key] = value;
  }
  let defaults = base.defaults;
  for (const [key, value] of Object.entries(update.defaults ?? {})) {
    if (present(value) === null || present(defaults?.[key]) !== null) continue;
    defaults = { ...defaults, [key]: value };
  }
  const merged: BatchNode = {
    ...base,
    props: props as BatchNode["props"],
    sources: [...base.sources, ...update.sources],
  };
  if (defaults) merged.defaults = defaults;
  return merged;
}

function copyEdge(edge: BatchEdge): BatchEdge {
  return { ...edge, sources: [...edge.sources] };
}

/** Stronger evidence (a higher confidence) replaces the first; sources add up. */
function mergeEdge(base: BatchEdge, update: BatchEdge): BatchEdge {
  const sources = [...base.sources, ...update.sources];
  return update.confidence > base.confidence ? { ...update, sources } : { ...base, sources };
}

/** About how much memory an open node takes: its strings, plus a fixed overhead. */
function estimateBytes(node: BatchNode): number {
  let bytes = 200 + node.id.length + 40 * node.sources.length;
  for (const value of [...Object.values(node.props), ...Object.values(node.defaults ?? {})]) {
    if (typeof value === "string") bytes += value.length + 24;
    else if (Array.isArray(value)) bytes += 16 + 32 * value.length;
    else bytes += 16;
  }
  return bytes;
}
