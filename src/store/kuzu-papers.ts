/**
 * GraphStore.mergePapers for Kuzu, inside the store's write transaction (see paper-merge.ts):
 * per merge, each kind of relationship at the paper is read with `into`'s same edge, moved
 * (created on `into`, or merged into the edge it has), and deleted from `from`; then `into`
 * takes the properties it lacks and `from`'s sources, and `from` goes.
 */
import type { NodeLabel } from "../graph/schema.js";
import { unionSorted } from "./edge-merge.js";
import type { EdgeKeyCache } from "./kuzu-caches.js";
import {
  evidenceAssignments,
  evidenceColumns,
  evidenceMap,
  evidenceParams,
  rowEvidence,
} from "./kuzu-evidence.js";
import { quoteIdent } from "./kuzu-schema.js";
import type { KuzuSession } from "./kuzu-session.js";
import {
  boundEdgeText,
  fillAssignments,
  PAPER_EDGE_PATTERNS,
  type PaperEdgePattern,
  type PaperEdgeRow,
  patternText,
  plannedMoves,
} from "./paper-merge.js";
import type { PaperMerge } from "./types.js";

export async function mergePapersInKuzu(
  session: KuzuSession,
  edgeKeys: EdgeKeyCache,
  merges: readonly PaperMerge[],
): Promise<void> {
  for (const merge of merges) {
    if (merge.from === merge.into) continue;
    const [papers] = await session.run(
      "MATCH (f:Paper {id: $from}), (t:Paper {id: $into}) RETURN f.sources AS from, t.sources AS into",
      { from: merge.from, into: merge.into },
    );
    if (!papers) continue;
    for (const pattern of PAPER_EDGE_PATTERNS) await moveEdges(session, edgeKeys, merge, pattern);
    const sources = unionSorted(papers.into as string[] | null, (papers.from as string[] | null) ?? []);
    await session.run(
      `MATCH (f:Paper {id: $from}), (t:Paper {id: $into}) SET ${[
        ...fillAssignments("t", "f"),
        ...(sources.length > 0 ? ["t.sources = $sources"] : []),
      ].join(", ")}`,
      { from: merge.from, into: merge.into, ...(sources.length > 0 ? { sources } : {}) },
    );
    await session.run("MATCH (f:Paper {id: $from}) DETACH DELETE f", { from: merge.from });
  }
}

async function moveEdges(
  session: KuzuSession,
  edgeKeys: EdgeKeyCache,
  merge: PaperMerge,
  pattern: PaperEdgePattern,
): Promise<void> {
  const ids = { from: merge.from, into: merge.into };
  const found = await session.run(
    `MATCH ${patternText(pattern, "f", "from", "e")} ` +
      `OPTIONAL MATCH ${patternText(pattern, "t", "into", "x", "bound")} ` +
      `RETURN o.id AS other, t.id AS existing, ${evidenceColumns("e")}, ${evidenceColumns("x", "x_")}`,
    ids,
  );
  if (found.length === 0) return;
  const rows: PaperEdgeRow[] = found.map((row) => ({
    other: String(row.other),
    moved: rowEvidence(row) ?? {},
    existing: row.existing === null ? null : (rowEvidence(row, "x_") ?? {}),
  }));
  for (const move of plannedMoves(merge, rows)) {
    // Kuzu refuses a parameter its statement does not name: no `from` here.
    const params = { into: merge.into, other: move.other, ...evidenceParams(move.edge) };
    if (move.existed) {
      await session.run(
        `MATCH ${patternText(pattern, "t", "into", "x", "pinned")} SET ${evidenceAssignments("x")}`,
        params,
      );
    } else {
      await session.run(
        `MATCH (t:Paper {id: $into}), (o:${quoteIdent(pattern.other)} {id: $other}) CREATE ${boundEdgeText(pattern, "t", "", evidenceMap())}`,
        params,
      );
    }
    const [a, b] = ends(pattern, merge.into, move.other);
    edgeKeys.record(pattern.type, a.label, b.label, a.id, b.id, Number(move.edge.confidence ?? 0));
  }
  await session.run(`MATCH ${patternText(pattern, "f", "from", "e")} DELETE e`, { from: merge.from });
  for (const row of rows) {
    const [a, b] = ends(pattern, merge.from, row.other);
    edgeKeys.forget(pattern.type, a.label, b.label, a.id, b.id);
  }
}

/** The (start, end) of a pattern's edge between `paper` and `other`. */
function ends(
  pattern: PaperEdgePattern,
  paper: string,
  other: string,
): [{ label: NodeLabel; id: string }, { label: NodeLabel; id: string }] {
  const p = { label: "Paper" as const, id: paper };
  const o = { label: pattern.other, id: other };
  return pattern.direction === "out" ? [p, o] : [o, p];
}
