/**
 * GraphStore.bulkLoad for Neo4j: each batch is one transaction, as upsert's, but written for
 * sources known to be new, so nothing is removed first and nothing merged that cannot exist:
 *
 * - nodes the store lacks are CREATEd (one lookup of the batch's ids tells which); stored ones
 *   get the batch's properties, defaults and sources (appended: they are new, so no sort and
 *   no search, where upsert re-sorts a hub's whole list in a subquery);
 * - a relationship with an endpoint the batch creates cannot exist: CREATE; the others MERGE;
 * - the server stays busy: while one batch is written, the caller reads and prepares the
 *   next (add() returns once the previous batch is committed and this one is under way).
 *
 * Committed batches stay, as upsert's do: a killed load is resumed by running it again (the
 * sources it stored are skipped by the caller as unchanged).
 */
import type { ManagedTransaction } from "neo4j-driver";
import type { GraphDelta } from "../graph/delta.js";
import type { NodeLabel } from "../graph/schema.js";
import {
  type BatchEdge,
  type BatchNode,
  InvalidDeltaError,
  prepareBatch,
  refuseMissingEndpoints,
} from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import { type BulkLoad, type BulkLoadReport, emptyBulkLoadReport } from "./types.js";

/** What the store lends a bulk load. */
export interface Neo4jBulkHost {
  write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  missingEndpoints(tx: ManagedTransaction, nodes: BatchNode[], edges: BatchEdge[]): Promise<string[]>;
  nodeProps(label: NodeLabel, values: Record<string, unknown> | undefined): Record<string, unknown>;
  defaultAssignments(label: NodeLabel): string;
  edgeProps(edge: BatchEdge): Record<string, unknown>;
  edgeEvidence(edge: BatchEdge): Record<string, unknown>;
}

const ROWS = 10_000;
const q = (name: string): string => `\`${name}\``;

export class Neo4jBulkLoad implements BulkLoad {
  private readonly sources = new Set<string>();
  /** The batch being written; its failure is thrown by the next add() or finish(). */
  private writing: Promise<void> = Promise.resolve();
  private ended = false;
  private readonly report: BulkLoadReport = emptyBulkLoadReport();

  constructor(private readonly host: Neo4jBulkHost) {}

  holds(source: string): boolean {
    return this.sources.has(source);
  }

  async add(deltas: readonly GraphDelta[]): Promise<void> {
    if (this.ended) throw new InvalidDeltaError("this bulk load has ended (finished or aborted)");
    const started = performance.now();
    const batch = prepareBatch(deltas);
    const repeated = batch.sources.find((source) => this.sources.has(source));
    if (repeated !== undefined) {
      throw new InvalidDeltaError(
        `source "${repeated}" was loaded already in this bulk load: each source's deltas go in once`,
      );
    }
    this.report.stageSeconds += (performance.now() - started) / 1000;
    await this.writing;
    // Endpoints are checked before the batch's own transaction, against what is committed.
    const missing = await this.host.write((tx) => this.host.missingEndpoints(tx, batch.nodes, batch.edges));
    refuseMissingEndpoints(missing);
    for (const source of batch.sources) this.sources.add(source);
    const writing = this.write(batch.nodes, batch.edges);
    // Until the next add() or finish() awaits it, a failure must not count as unhandled.
    writing.catch(() => undefined);
    this.writing = writing;
  }

  async finish(): Promise<BulkLoadReport> {
    this.ended = true;
    await this.writing;
    return { ...this.report };
  }

  async abort(): Promise<void> {
    this.ended = true;
    await this.writing.catch(() => undefined);
  }

  private async write(nodes: BatchNode[], edges: BatchEdge[]): Promise<void> {
    const started = performance.now();
    await this.host.write(async (tx) => {
      const created = new Map<NodeLabel, Set<string>>();
      for (const [label, group] of groupBy(nodes, (node) => node.label)) {
        const stored = await storedIds(tx, label as NodeLabel, group);
        const fresh = group.filter((node) => !stored.has(node.id));
        created.set(label as NodeLabel, new Set(fresh.map((node) => node.id)));
        await this.createNodes(tx, label as NodeLabel, fresh);
        await this.updateNodes(
          tx,
          label as NodeLabel,
          group.filter((node) => stored.has(node.id)),
        );
      }
      const isNew = (label: NodeLabel, id: string) => created.get(label)?.has(id) === true;
      for (const group of groupBy(
        edges,
        (edge) => `${edge.type}|${edge.fromLabel}|${edge.toLabel}`,
      ).values()) {
        const fresh = new Set(
          group.filter((edge) => isNew(edge.fromLabel, edge.from) || isNew(edge.toLabel, edge.to)),
        );
        await this.createEdges(tx, [...fresh]);
        await this.mergeEdges(
          tx,
          group.filter((edge) => !fresh.has(edge)),
        );
      }
    });
    this.report.loadSeconds += (performance.now() - started) / 1000;
  }

  private async createNodes(tx: ManagedTransaction, label: NodeLabel, nodes: BatchNode[]): Promise<void> {
    for (const part of chunks(nodes, ROWS)) {
      await tx.run(`UNWIND $rows AS r CREATE (n:${q(label)}) SET n = r`, {
        rows: part.map((node) => {
          const defaults = this.host.nodeProps(label, node.defaults);
          const own = this.host.nodeProps(label, node.props);
          // As upsert's MERGE then SET: a name that is none, or the id, takes the default.
          const named = own.name !== undefined && own.name !== node.id;
          const name = named ? own.name : (defaults.name ?? own.name ?? node.id);
          return { ...defaults, ...own, id: node.id, name, sources: node.sources };
        }),
      });
    }
    this.report.nodesCreated += nodes.length;
  }

  private async updateNodes(tx: ManagedTransaction, label: NodeLabel, nodes: BatchNode[]): Promise<void> {
    for (const part of chunks(nodes, ROWS)) {
      await tx.run(
        `UNWIND $rows AS r MATCH (n:${q(label)} {id: r.id}) SET n += r.props, ${this.host.defaultAssignments(label)},
         n.sources = coalesce(n.sources, []) + r.sources`,
        {
          rows: part.map((node) => ({
            id: node.id,
            props: this.host.nodeProps(label, node.props),
            defaults: this.host.nodeProps(label, node.defaults),
            sources: node.sources,
          })),
        },
      );
    }
    this.report.nodesUpdated += nodes.length;
  }

  /** Relationships with an endpoint this batch created: they cannot exist yet. */
  private async createEdges(tx: ManagedTransaction, edges: BatchEdge[]): Promise<void> {
    const first = edges[0];
    if (!first) return;
    for (const part of chunks(edges, ROWS)) {
      await tx.run(
        `UNWIND $rows AS r MATCH (a:${q(first.fromLabel)} {id: r.from}) MATCH (b:${q(first.toLabel)} {id: r.to})
         CREATE (a)-[e:${q(first.type)}]->(b) SET e = r.props, e.sources = r.sources`,
        {
          rows: part.map((edge) => ({
            from: edge.from,
            to: edge.to,
            props: this.host.edgeProps(edge),
            sources: edge.sources,
          })),
        },
      );
    }
    this.report.relationshipsCreated += edges.length;
  }

  /** Relationships between nodes that existed: merged, stronger evidence replacing, sources appended. */
  private async mergeEdges(tx: ManagedTransaction, edges: BatchEdge[]): Promise<void> {
    const first = edges[0];
    if (!first) return;
    for (const part of chunks(edges, ROWS)) {
      await tx.run(
        `UNWIND $rows AS r
         MATCH (a:${q(first.fromLabel)} {id: r.from}) MATCH (b:${q(first.toLabel)} {id: r.to})
         MERGE (a)-[e:${q(first.type)}]->(b)
         ON CREATE SET e += r.props, e.sources = r.sources
         ON MATCH SET e += CASE WHEN r.confidence > e.confidence THEN r.evidence ELSE {} END,
           e.sources = coalesce(e.sources, []) + r.sources`,
        {
          rows: part.map((edge) => ({
            from: edge.from,
            to: edge.to,
            props: this.host.edgeProps(edge),
            evidence: this.host.edgeEvidence(edge),
            confidence: edge.confidence,
            sources: edge.sources,
          })),
        },
      );
    }
    this.report.relationshipsUpdated += edges.length;
  }
}

async function storedIds(tx: ManagedTransaction, label: NodeLabel, nodes: BatchNode[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(
    nodes.map((node) => node.id),
    ROWS,
  )) {
    const result = await tx.run(`UNWIND $ids AS id MATCH (n:${q(label)} {id: id}) RETURN id`, { ids: part });
    for (const record of result.records) found.add(String(record.get("id")));
  }
  return found;
}
