/**
 * The store-independent part of GraphStore.mergePapers (a paper known only by its title
 * joined to its arXiv paper): the relationships a paper can have, read from the schema; what
 * each moved edge becomes; and how the surviving paper takes the properties it lacks. Each
 * adapter runs these in its own dialect (kuzu-papers.ts, neo4j.ts).
 */
import { NODE_PROPERTIES, type NodeLabel, REL_ENDPOINTS, REL_TYPES, type RelType } from "../graph/schema.js";
import { type EdgeEvidence, edgeEvidenceFrom, mergedEdge } from "./edge-merge.js";

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
 * The pattern's relationship `edge` between the paper whose id is parameter `$param` (bound to
 * `paper`) and the other end `o`: `(f:Paper {id: $from})-[e:CITES]->(o:Paper)`, or the
 * reverse. `other` says how `o` appears: matched by label, bound already by an earlier
 * clause, or pinned to parameter `$other`.
 */
export function patternText(
  pattern: PaperEdgePattern,
  paper: string,
  param: string,
  edge: string,
  other: "labelled" | "bound" | "pinned" = "labelled",
): string {
  const paperNode = `(${paper}:Paper {id: $${param}})`;
  const otherNode =
    other === "bound" ? "(o)" : `(o:${q(pattern.other)}${other === "pinned" ? " {id: $other}" : ""})`;
  const rel = `-[${edge}:${q(pattern.type)}]->`;
  return pattern.direction === "out" ? `${paperNode}${rel}${otherNode}` : `${otherNode}${rel}${paperNode}`;
}

/**
 * `(t)-[x:CITES {...}]->(o)` or the reverse: the pattern's edge between the bound `paper` and
 * `o`, for CREATE or MERGE.
 */
export function boundEdgeText(pattern: PaperEdgePattern, paper: string, edge: string, props = ""): string {
  const rel = `-[${edge}:${q(pattern.type)}${props ? ` ${props}` : ""}]->`;
  return pattern.direction === "out" ? `(${paper})${rel}(o)` : `(o)${rel}(${paper})`;
}

/** One of `from`'s relationships as read: the other end, its evidence, and `into`'s same edge if any. */
export interface PaperEdgeRow {
  other: string;
  moved: Record<string, unknown>;
  existing: Record<string, unknown> | null;
}

export interface PaperEdgeMove {
  other: string;
  edge: EdgeEvidence;
  /** `into` has this edge already: overwrite it rather than create one. */
  existed: boolean;
}

/**
 * What each of `from`'s edges becomes on `into`. An edge between the two papers (one cites
 * the other) would become a paper citing itself: it is dropped with `from`.
 */
export function plannedMoves(
  merge: { from: string; into: string },
  rows: readonly PaperEdgeRow[],
): PaperEdgeMove[] {
  return rows
    .filter((row) => row.other !== merge.from && row.other !== merge.into)
    .map((row) => {
      const existing = row.existing ? edgeEvidenceFrom(row.existing) : null;
      return {
        other: row.other,
        edge: mergedEdge(edgeEvidenceFrom(row.moved), existing),
        existed: existing !== null,
      };
    });
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
