/** GraphStore.mergeAuthors for Kuzu, inside the store's write transaction (see edge-merge.ts). */
import { type EdgeEvidence, edgeEvidenceFrom, mergedEdge, unionSorted } from "./edge-merge.js";
import type { EdgeKeyCache } from "./kuzu-caches.js";
import { endpointKey } from "./kuzu-caches.js";
import { evidenceAssignments, evidenceColumns, evidenceMap, evidenceParams } from "./kuzu-evidence.js";
import type { KuzuSession } from "./kuzu-session.js";
import type { AuthorMerge } from "./types.js";

export async function mergeAuthorsInKuzu(
  session: KuzuSession,
  edgeKeys: EdgeKeyCache,
  merges: readonly AuthorMerge[],
): Promise<void> {
  const keys = await edgeKeys.get(session, "AUTHORED_BY", "Paper", "Author");
  for (const merge of merges) {
    const moved = await authorship(session, merge.paper, merge.from);
    if (!moved) continue;
    const existing = await authorship(session, merge.paper, merge.into);
    const edge = mergedEdge(moved.edge, existing?.edge ?? null);
    const params = { paper: merge.paper, into: merge.into, ...evidenceParams(edge) };
    if (existing) {
      await session.run(`${matchEdge("into")} SET ${evidenceAssignments("e")}`, params);
    } else {
      await session.run(
        `MATCH (p:Paper {id: $paper}), (b:Author {id: $into}) CREATE (p)-[:AUTHORED_BY ${evidenceMap()}]->(b)`,
        params,
      );
    }
    keys.set(endpointKey(merge.paper, merge.into), Number(edge.confidence ?? 0));
    await session.run(`${matchEdge("from")} DELETE e`, { paper: merge.paper, from: merge.from });
    keys.delete(endpointKey(merge.paper, merge.from));
    const [target] = await session.run(
      "MATCH (b:Author {id: $into}) RETURN b.aliases AS aliases, b.sources AS sources",
      { into: merge.into },
    );
    await session.run("MATCH (b:Author {id: $into}) SET b.aliases = $aliases, b.sources = $sources", {
      into: merge.into,
      aliases: unionSorted(target?.aliases as string[] | null, moved.name ? [moved.name] : []),
      sources: unionSorted(target?.sources as string[] | null, moved.edge.sources),
    });
  }
  for (const from of new Set(merges.map((merge) => merge.from))) {
    await session.run(
      "MATCH (a:Author {id: $from}) WHERE NOT EXISTS { MATCH (a)<-[:AUTHORED_BY]-(:Paper) } DELETE a",
      { from },
    );
  }
}

function matchEdge(end: "from" | "into"): string {
  return `MATCH (p:Paper {id: $paper})-[e:AUTHORED_BY]->(a:Author {id: $${end}})`;
}

async function authorship(
  session: KuzuSession,
  paper: string,
  author: string,
): Promise<{ edge: EdgeEvidence; name: string | null } | null> {
  const [row] = await session.run(`${matchEdge("from")} RETURN a.name AS name, ${evidenceColumns("e")}`, {
    paper,
    from: author,
  });
  if (!row) return null;
  return { edge: edgeEvidenceFrom(row), name: typeof row.name === "string" ? row.name : null };
}
