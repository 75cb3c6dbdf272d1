/**
 * GraphStore.mergePapers for Kuzu, inside the store's write transaction (see paper-merge.ts).
 * Per round of merges: the `from` papers' relationships are read (one statement per kind of
 * relationship, never a scan across tables: see kuzu-remove.ts), deleted, and written at
 * their new ends by the upsert's edge writer; then each `into` takes the properties it lacks
 * and its `from`'s sources, and the `from` papers go.
 */
import { chunks } from "./collections.js";
import { edgeEvidenceFrom } from "./edge-merge.js";
import type { EdgeKeyCache } from "./kuzu-caches.js";
import { writeEdges } from "./kuzu-edges.js";
import { evidenceColumns } from "./kuzu-evidence.js";
import type { KuzuSession } from "./kuzu-session.js";
import {
  edgesAt,
  fillAssignments,
  mergeRounds,
  movedEdges,
  PAPER_EDGE_PATTERNS,
  type StoredPaperEdge,
  storedPaperEdge,
} from "./paper-merge.js";
import type { PaperMerge } from "./types.js";

/**
 * Each row's two papers, `f` and `t`. Kuzu 0.11.3 looks a node up by its primary key only when
 * the key is a plain variable and the node is alone in its MATCH; `{id: r.from}` or two nodes
 * in one MATCH scan the table (on 200,000 papers: seconds per statement, or the buffer pool runs out).
 */
const BOTH_PAPERS =
  "UNWIND $rows AS r WITH r, r.from AS fromId MATCH (f:Paper {id: fromId}) " +
  "WITH r, f, r.into AS intoId MATCH (t:Paper {id: intoId})";

const UNION_SOURCES =
  "CASE WHEN f.sources IS NULL THEN t.sources WHEN t.sources IS NULL THEN f.sources " +
  "ELSE list_sort(list_distinct(list_concat(t.sources, f.sources))) END";

export async function mergePapersInKuzu(
  session: KuzuSession,
  edgeKeys: EdgeKeyCache,
  merges: readonly PaperMerge[],
): Promise<void> {
  for (const round of mergeRounds(merges)) {
    const present = await presentMerges(session, round);
    if (present.length === 0) continue;
    const froms = present.map((merge) => merge.from);
    const stored: StoredPaperEdge[] = [];
    for (const pattern of PAPER_EDGE_PATTERNS) {
      const { match, ends } = edgesAt(pattern, "i");
      for (const ids of chunks(froms)) {
        const rows = await session.run(
          `UNWIND $ids AS i MATCH ${match} RETURN ${ends}, ${evidenceColumns("e")}`,
          { ids },
        );
        for (const row of rows) {
          stored.push(
            storedPaperEdge(pattern, String(row.startId), String(row.endId), edgeEvidenceFrom(row)),
          );
        }
        await session.run(`UNWIND $ids AS i MATCH ${match} DELETE e`, { ids });
      }
    }
    for (const edge of stored) edgeKeys.forget(edge.type, edge.fromLabel, edge.toLabel, edge.from, edge.to);
    await writeEdges(session, edgeKeys, movedEdges(present, stored));
    for (const rows of chunks(present)) {
      await session.run(
        `${BOTH_PAPERS} SET ${fillAssignments("t", "f").join(", ")}, t.sources = ${UNION_SOURCES}`,
        { rows: rows.map((merge) => ({ from: merge.from, into: merge.into })) },
      );
    }
    for (const ids of chunks(froms)) {
      await session.run("UNWIND $ids AS i MATCH (f:Paper {id: i}) DETACH DELETE f", { ids });
    }
  }
}

/** The round's merges whose two papers are both stored; the rest are skipped. */
async function presentMerges(session: KuzuSession, round: readonly PaperMerge[]): Promise<PaperMerge[]> {
  const found = new Set<string>();
  for (const ids of chunks([...round.map((merge) => merge.from), ...round.map((merge) => merge.into)])) {
    for (const row of await session.run("UNWIND $ids AS i MATCH (p:Paper {id: i}) RETURN p.id AS id", {
      ids,
    })) {
      found.add(String(row.id));
    }
  }
  return round.filter((merge) => found.has(merge.from) && found.has(merge.into));
}
