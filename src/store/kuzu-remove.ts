/**
 * Taking contributions out of Kuzu (run inside the store's transaction): edges and nodes
 * lose the removed sources from `sources`, edges left with none are deleted, and nodes left
 * with no source and no relationship are deleted at the end.
 *
 * Two Kuzu 0.11.3 traps shape this module:
 * - Lambdas cannot reference parameters (`list_filter(xs, x -> x <> $s)` fails with
 *   KU_UNREACHABLE), so rows that mention a source are read, the new lists computed here,
 *   and written back with UNWIND ... SET.
 * - A scan over several relationship tables at once (`MATCH (a)-[e]->(b)`) filtered with
 *   `list_contains(e.sources, ...)` returns, in about half the runs, another table's
 *   relationship in place of the right one (wrong `label(e)`, id and properties; the row
 *   count is right). So every scan here names its labels and type: one statement per
 *   (type, from label, to label) and per node label.
 */
import { NODE_LABELS, type NodeLabel } from "../graph/schema.js";
import type { BatchEdge, BatchNode } from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import type { EdgeKeyCache } from "./kuzu-caches.js";
import { replaceEvidence } from "./kuzu-edges.js";
import { quoteIdent, REL_PAIRS, type RelPair } from "./kuzu-schema.js";
import type { KuzuParams, KuzuRow, KuzuSession } from "./kuzu-session.js";
import { edgeIdentity, nodeIdentity, planRetraction, type StoredEvidence } from "./retraction-plan.js";

/** Nodes that may have become orphans, by label. */
export class OrphanCandidates {
  readonly byLabel = new Map<NodeLabel, Set<string>>();

  add(label: NodeLabel, id: string): void {
    const ids = this.byLabel.get(label) ?? new Set<string>();
    ids.add(id);
    this.byLabel.set(label, ids);
  }
}

export interface StoredEdge extends RelPair {
  from: string;
  to: string;
  sources: string[];
  source: string | null;
}

/** A listed edge: stored, with its evidence and its identity for the retraction plan. */
interface ListedStoredEdge extends StoredEdge {
  key: string;
  evidence: StoredEvidence;
}

function pattern(pair: RelPair, from = "", to = ""): string {
  return `(a:${quoteIdent(pair.fromLabel)}${from})-[e:${quoteIdent(pair.type)}]->(b:${quoteIdent(pair.toLabel)}${to})`;
}

const EDGE_COLUMNS = "a.id AS from, b.id AS to, e.sources AS sources, e.source AS source";
const EVIDENCE_COLUMNS =
  "e.line AS line, e.extractor AS extractor, e.confidence AS confidence, e.position AS position, e.score AS score, e.embeddingModel AS embeddingModel";

/** Up to this many sources, `list_contains(x.sources, $s0) OR ...`; beyond, unwinding `sources` is faster. */
const OR_FILTER_MAX = 4;

/**
 * MATCH/WHERE text (with parameters) selecting the rows of `variable` whose `sources` list
 * any of `sources`. `carried` are the variables to keep through the UNWIND. A row may come
 * back more than once (once per matching source): callers de-duplicate.
 */
function sourceFilter(
  variable: "e" | "n",
  carried: string,
  sources: readonly string[],
): { where: string; params: KuzuParams } {
  if (sources.length > OR_FILTER_MAX) {
    return {
      where: `UNWIND ${variable}.sources AS s WITH ${carried}, s WHERE s IN $sources`,
      params: { sources: [...sources] },
    };
  }
  const params: KuzuParams = {};
  const tests = sources.map((source, i) => {
    params[`s${i}`] = source;
    return `list_contains(${variable}.sources, $s${i})`;
  });
  return { where: `WHERE ${tests.join(" OR ")}`, params };
}

export async function removeContributions(
  session: KuzuSession,
  keys: EdgeKeyCache,
  sources: readonly string[],
): Promise<OrphanCandidates> {
  return (await retractContributions(session, keys, sources, { nodes: [], edges: [] })).candidates;
}

/** What retractContributions left for the batch writers, and the nodes that may be orphans now. */
export interface Retraction {
  candidates: OrphanCandidates;
  /** Batch nodes (`label|id`) whose stored `sources` already hold the batch's. */
  settledNodes: Set<string>;
  /** Batch edges (edgeIdentity) written in full: the batch writer skips them. */
  settledEdges: Set<string>;
}

/**
 * Takes `sources` out of what they contributed, except what `batch` (their replacement)
 * asserts again, which is left as stored (see retraction-plan.ts for why).
 */
export async function retractContributions(
  session: KuzuSession,
  keys: EdgeKeyCache,
  sources: readonly string[],
  batch: { nodes: readonly BatchNode[]; edges: readonly BatchEdge[] },
): Promise<Retraction> {
  const candidates = new OrphanCandidates();
  if (sources.length === 0) return { candidates, settledNodes: new Set(), settledEdges: new Set() };

  const listedNodes: { key: string; label: NodeLabel; id: string; sources: string[] }[] = [];
  for (const label of NODE_LABELS) {
    for (const row of await nodesListing(session, label, sources)) {
      const id = String(row.id);
      listedNodes.push({ key: nodeIdentity({ label, id }), label, id, sources: stringList(row.sources) });
    }
  }
  const plan = planRetraction(sources, await edgesListing(session, sources), listedNodes, batch);

  await deleteEdges(session, keys, plan.droppedEdges, candidates);
  await updateEdgeSources(
    session,
    plan.shrunkEdges.map(({ edge, sources: remaining, resetEvidence }) => ({
      edge: { ...edge, sources: remaining, source: resetEvidence ? (remaining[0] as string) : edge.source },
      resetSource: resetEvidence,
    })),
  );
  for (const group of groupBy(plan.reEvidencedEdges, (edge) => pairOf(edge)).values()) {
    const { type, fromLabel, toLabel } = group[0] as BatchEdge;
    await replaceEvidence(session, { type, fromLabel, toLabel }, group);
    for (const edge of group) keys.record(type, fromLabel, toLabel, edge.from, edge.to, edge.confidence);
  }

  for (const [label, emptied] of groupBy(plan.emptiedNodes, (node) => node.label)) {
    for (const part of chunks(emptied.map((node) => node.id))) {
      await session.run(`UNWIND $ids AS i MATCH (n:${quoteIdent(label)} {id: i}) SET n.sources = NULL`, {
        ids: part,
      });
    }
    for (const node of emptied) candidates.add(label, node.id);
  }
  for (const [label, shrunk] of groupBy(plan.shrunkNodes, ({ node }) => node.label)) {
    for (const part of chunks(shrunk)) {
      await session.run(
        `UNWIND $rows AS r MATCH (n:${quoteIdent(label)} {id: r.id}) SET n.sources = r.sources`,
        { rows: part.map(({ node, sources: remaining }) => ({ id: node.id, sources: remaining })) },
      );
    }
  }
  return { candidates, settledNodes: plan.settledNodes, settledEdges: plan.settledEdges };
}

/** Edges whose `sources` list any of `sources`, each once. */
async function edgesListing(session: KuzuSession, sources: readonly string[]): Promise<ListedStoredEdge[]> {
  const out = new Map<string, ListedStoredEdge>();
  const { where, params } = sourceFilter("e", "a, e, b", sources);
  for (const pair of REL_PAIRS) {
    const statement = `MATCH ${pattern(pair)} ${where} RETURN ${EDGE_COLUMNS}, ${EVIDENCE_COLUMNS}`;
    for (const row of await session.run(statement, params)) {
      const edge = toStoredEdge(pair, row);
      const key = edgeIdentity(edge);
      out.set(key, { ...edge, key, evidence: storedEvidence(edge, row) });
    }
  }
  return [...out.values()];
}

function storedEvidence(edge: StoredEdge, row: KuzuRow): StoredEvidence {
  const numberOrNull = (value: unknown): number | null =>
    value === null || value === undefined ? null : Number(value);
  const stringOrNull = (value: unknown): string | null =>
    typeof value === "string" && value !== "" ? value : null;
  return {
    source: edge.source,
    line: numberOrNull(row.line),
    extractor: stringOrNull(row.extractor),
    confidence: numberOrNull(row.confidence),
    position: numberOrNull(row.position),
    score: numberOrNull(row.score),
    embeddingModel: stringOrNull(row.embeddingModel),
  };
}

async function nodesListing(
  session: KuzuSession,
  label: NodeLabel,
  sources: readonly string[],
): Promise<KuzuRow[]> {
  const out = new Map<string, KuzuRow>();
  const { where, params } = sourceFilter("n", "n", sources);
  const statement = `MATCH (n:${quoteIdent(label)}) ${where} RETURN n.id AS id, n.sources AS sources`;
  for (const row of await session.run(statement, params)) out.set(String(row.id), row);
  return [...out.values()];
}

function toStoredEdge(pair: RelPair, row: KuzuRow): StoredEdge {
  return {
    ...pair,
    from: String(row.from),
    to: String(row.to),
    sources: stringList(row.sources),
    source: typeof row.source === "string" ? row.source : null,
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function pairOf(edge: RelPair): string {
  return `${edge.type}|${edge.fromLabel}|${edge.toLabel}`;
}

export async function deleteEdges(
  session: KuzuSession,
  keys: EdgeKeyCache,
  edges: readonly StoredEdge[],
  candidates: OrphanCandidates,
): Promise<void> {
  for (const group of groupBy(edges, pairOf).values()) {
    const statement = `UNWIND $rows AS r MATCH ${pattern(group[0] as StoredEdge, " {id: r.a}", " {id: r.b}")} DELETE e`;
    for (const part of chunks(group)) {
      await session.run(statement, { rows: part.map((edge) => ({ a: edge.from, b: edge.to })) });
    }
    for (const edge of group) {
      keys.forget(edge.type, edge.fromLabel, edge.toLabel, edge.from, edge.to);
      candidates.add(edge.fromLabel, edge.from);
      candidates.add(edge.toLabel, edge.to);
    }
  }
}

async function updateEdgeSources(
  session: KuzuSession,
  items: readonly { edge: StoredEdge; resetSource: boolean }[],
): Promise<void> {
  for (const group of groupBy(items, ({ edge, resetSource }) => `${pairOf(edge)}|${resetSource}`).values()) {
    const first = group[0] as { edge: StoredEdge; resetSource: boolean };
    const set = first.resetSource
      ? "SET e.sources = r.sources, e.source = r.source, e.line = NULL"
      : "SET e.sources = r.sources";
    const statement = `UNWIND $rows AS r MATCH ${pattern(first.edge, " {id: r.a}", " {id: r.b}")} ${set}`;
    for (const part of chunks(group)) {
      await session.run(statement, {
        rows: part.map(({ edge }) => ({
          a: edge.from,
          b: edge.to,
          sources: edge.sources,
          source: edge.source ?? "",
        })),
      });
    }
  }
}

/** Edges touching the given nodes, in either direction, each once. */
export async function incidentEdges(
  session: KuzuSession,
  label: NodeLabel,
  ids: readonly string[],
): Promise<StoredEdge[]> {
  const out = new Map<string, StoredEdge>();
  for (const pair of REL_PAIRS) {
    const patterns: string[] = [];
    if (pair.fromLabel === label) patterns.push(pattern(pair, " {id: i}"));
    if (pair.toLabel === label) patterns.push(pattern(pair, "", " {id: i}"));
    for (const each of patterns) {
      for (const part of chunks(ids)) {
        for (const row of await session.run(`UNWIND $ids AS i MATCH ${each} RETURN ${EDGE_COLUMNS}`, {
          ids: part,
        })) {
          const edge = toStoredEdge(pair, row);
          out.set(edgeIdentity(edge), edge);
        }
      }
    }
  }
  return [...out.values()];
}

/** Deletes candidates left with no source and no relationship, except the ids in `keep`. */
export async function deleteOrphans(
  session: KuzuSession,
  candidates: OrphanCandidates,
  keep: ReadonlySet<string> = new Set(),
): Promise<void> {
  for (const [label, idSet] of candidates.byLabel) {
    const ids = [...idSet].filter((id) => !keep.has(id));
    for (const part of chunks(ids)) {
      await session.run(
        `UNWIND $ids AS i MATCH (n:${quoteIdent(label)} {id: i}) ` +
          "WHERE (n.sources IS NULL OR size(n.sources) = 0) AND NOT EXISTS { MATCH (n)-[]-() } DELETE n",
        { ids: part },
      );
    }
  }
}
