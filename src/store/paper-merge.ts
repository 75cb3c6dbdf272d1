/**
 * The store-independent part of GraphStore.mergePapers (a paper known only by its title
 * joined to its arXiv paper): the relationships a paper can have, read from the schema; which
 * merges can be done together; what the moved edges become; and how the surviving paper takes
 * the properties it lacks. Each adapter reads and writes in its own dialect (kuzu-papers.ts,
 * neo4j.ts) and writes the moved edges with its upsert's edge writer, so a moved edge meets
 * an edge already there exactly as a note's edge would: sources united, stronger evidence kept.
 */
import type { EdgeRecord } from "../graph/delta.js";
import { NODE_PROPERTIES, type NodeLabel, REL_ENDPOINTS, REL_TYPES, type RelType } from "../graph/schema.js";
import type { BatchEdge } from "./batch.js";
import { type EdgeEvidence, mergedEdge } from "./edge-merge.js";
import type { PaperMerge } from "./types.js";

/** One kind of relationship at a paper: its type, the label at its other end, and which way it points. */
export interface PaperEdgePattern {
  type: RelType;
  other: NodeLabel;
  /** `out`: (paper)-[:type]->(other); `in`: (other)-[:type]->(paper). */
  direction: "out" | "in";
}

/** Every relationship a Paper can take part in; a Paper-Paper type appears both ways. */
export const PAPER_EDGE_PATTERNS: readonly PaperEdgePattern[] = REL_TYPES.flatMap((type) =>
  REL_ENDPOINTS[type].flatMap(([from, to]): PaperEdgePattern[] => [
    ...(from === "Paper" ? [{ type, other: to, direction: "out" as const }] : []),
    ...(to === "Paper" ? [{ type, other: from, direction: "in" as const }] : []),
  ]),
);

const q = (name: string): string => `\`${name}\``;

/**
 * `(f:Paper {id: <id>})-[e:CITES]->(o:Paper) RETURN f.id AS startId, o.id AS endId`, or the
 * reverse: the pattern's relationships `e` at the paper whose id is the expression `id`
 * (a parameter or an UNWIND variable), with its two ends' ids.
 */
export function edgesAt(pattern: PaperEdgePattern, id: string): { match: string; ends: string } {
  const paper = `(f:Paper {id: ${id}})`;
  const other = `(o:${q(pattern.other)})`;
  const rel = `-[e:${q(pattern.type)}]->`;
  return pattern.direction === "out"
    ? { match: `${paper}${rel}${other}`, ends: "f.id AS startId, o.id AS endId" }
    : { match: `${other}${rel}${paper}`, ends: "o.id AS startId, f.id AS endId" };
}

/**
 * Splits the merges, in order, into rounds in which no paper appears twice (no two merges
 * from or into one paper, no paper merged away and into). A round is done in a few
 * statements whatever its size; the next round sees what the last one wrote.
 */
export function mergeRounds(merges: readonly PaperMerge[]): PaperMerge[][] {
  const rounds: PaperMerge[][] = [];
  let round: PaperMerge[] = [];
  let seen = new Set<string>();
  for (const merge of merges) {
    if (merge.from === merge.into) continue;
    if (seen.has(merge.from) || seen.has(merge.into)) {
      rounds.push(round);
      round = [];
      seen = new Set();
    }
    round.push(merge);
    seen.add(merge.from);
    seen.add(merge.into);
  }
  if (round.length > 0) rounds.push(round);
  return rounds;
}

/** A stored relationship at one of a round's `from` papers, as read. */
export interface StoredPaperEdge {
  type: RelType;
  fromLabel: NodeLabel;
  toLabel: NodeLabel;
  from: string;
  to: string;
  evidence: EdgeEvidence;
}

export function storedPaperEdge(
  pattern: PaperEdgePattern,
  start: string,
  end: string,
  evidence: EdgeEvidence,
): StoredPaperEdge {
  const [fromLabel, toLabel]: [NodeLabel, NodeLabel] =
    pattern.direction === "out" ? ["Paper", pattern.other] : [pattern.other, "Paper"];
  return { type: pattern.type, fromLabel, toLabel, from: start, to: end, evidence };
}

/**
 * What a round's stored edges become: each end that is a `from` paper replaced by its `into`,
 * one edge per (type, start, end) however many land there. An edge between a paper and the
 * paper it is merged into would make a paper cite itself: it is dropped. Edges landing on one
 * place are folded in the order of their merges (the earlier wins a tie in confidence), and
 * the result is then written like an upsert's edge: the edge already there wins a tie.
 */
export function movedEdges(round: readonly PaperMerge[], stored: readonly StoredPaperEdge[]): BatchEdge[] {
  const into = new Map(round.map((merge) => [merge.from, merge.into]));
  const order = new Map(round.map((merge, index) => [merge.from, index]));
  const rank = (edge: StoredPaperEdge): number =>
    Math.min(
      order.get(edge.from) ?? Number.POSITIVE_INFINITY,
      order.get(edge.to) ?? Number.POSITIVE_INFINITY,
    );
  const key = (type: string, from: string, to: string): string => `${type}\u0000${from}\u0000${to}`;
  // An edge between two of the round's papers is read at both: keep it once.
  const unique = new Map(stored.map((edge) => [key(edge.type, edge.from, edge.to), edge]));
  const ordered = [...unique.values()].sort(
    (a, b) => rank(a) - rank(b) || compare(key(a.type, a.from, a.to), key(b.type, b.from, b.to)),
  );
  const landed = new Map<string, StoredPaperEdge>();
  for (const edge of ordered) {
    const from = into.get(edge.from) ?? edge.from;
    const to = into.get(edge.to) ?? edge.to;
    if (from === to) continue;
    const at = key(edge.type, from, to);
    const earlier = landed.get(at);
    landed.set(at, { ...edge, from, to, evidence: mergedEdge(edge.evidence, earlier?.evidence ?? null) });
  }
  return [...landed.values()].map(toBatchEdge);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A moved edge as the upsert writers take it. Stored edges were written from deltas, so the
 * values a delta requires are there; the fallbacks only cover edges made by hand with `kg query --write`.
 */
function toBatchEdge(edge: StoredPaperEdge): BatchEdge {
  const { evidence } = edge;
  const text = (value: string | number | null): string | null => (typeof value === "string" ? value : null);
  const number = (value: string | number | null): number | null => (typeof value === "number" ? value : null);
  const record: EdgeRecord = {
    type: edge.type,
    fromLabel: edge.fromLabel,
    from: edge.from,
    toLabel: edge.toLabel,
    to: edge.to,
    source: text(evidence.source) ?? evidence.sources[0] ?? "",
    line: number(evidence.line),
    extractor: text(evidence.extractor) ?? "",
    confidence: number(evidence.confidence) ?? 0,
    position: number(evidence.position),
    score: number(evidence.score),
    embeddingModel: text(evidence.embeddingModel),
  };
  return { ...record, sources: evidence.sources };
}

/**
 * SET items giving `target` every Paper property it lacks (null) from `donor`: a note's year
 * or venue fills what arXiv left open, and never overwrites what it says. A name that is
 * still the id placeholder counts as lacking, and a placeholder is not copied.
 */
export function fillAssignments(target: string, donor: string): string[] {
  const fills = Object.keys(NODE_PROPERTIES.Paper)
    .filter((key) => key !== "id" && key !== "sources" && key !== "name")
    .map((key) => `${target}.${q(key)} = coalesce(${target}.${q(key)}, ${donor}.${q(key)})`);
  fills.push(
    `${target}.name = CASE WHEN (${target}.name IS NULL OR ${target}.name = ${target}.id) AND ${donor}.name <> ${donor}.id ` +
      `THEN ${donor}.name ELSE ${target}.name END`,
  );
  return fills;
}
