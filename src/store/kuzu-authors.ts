/** GraphStore.mergeAuthors for Kuzu, inside the store's write transaction (see author-merge.ts). */
import { REL_PROPERTIES } from "../graph/schema.js";
import {
  AUTHORSHIP_KEYS,
  type Authorship,
  authorshipFrom,
  mergedAuthorship,
  unionSorted,
} from "./author-merge.js";
import type { EdgeKeyCache } from "./kuzu-caches.js";
import { endpointKey } from "./kuzu-caches.js";
import { quoteIdent } from "./kuzu-schema.js";
import type { KuzuParams, KuzuSession } from "./kuzu-session.js";
import type { AuthorMerge } from "./types.js";

const EDGE_COLUMNS = ["sources", ...AUTHORSHIP_KEYS].map(
  (key) => `e.${quoteIdent(key)} AS ${quoteIdent(key)}`,
);

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
    const edge = mergedAuthorship(moved.edge, existing?.edge ?? null);
    if (existing) {
      await session.run(`${matchEdge("into")} SET ${assignments()}`, edgeParams(merge, edge));
    } else {
      await session.run(
        `MATCH (p:Paper {id: $paper}), (b:Author {id: $into}) CREATE (p)-[:AUTHORED_BY {sources: $sources, ${AUTHORSHIP_KEYS.map((key) => `${quoteIdent(key)}: ${typed(key)}`).join(", ")}}]->(b)`,
        edgeParams(merge, edge),
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
): Promise<{ edge: Authorship; name: string | null } | null> {
  const [row] = await session.run(`${matchEdge("from")} RETURN a.name AS name, ${EDGE_COLUMNS.join(", ")}`, {
    paper,
    from: author,
  });
  if (!row) return null;
  return { edge: authorshipFrom(row), name: typeof row.name === "string" ? row.name : null };
}

/** Numbers travel as strings and are cast back (Kuzu types a whole-number double as INT64). */
function typed(key: (typeof AUTHORSHIP_KEYS)[number]): string {
  const type = REL_PROPERTIES[key];
  return type === "INT64" || type === "DOUBLE" ? `cast($${key} AS ${type})` : `$${key}`;
}

function assignments(): string {
  return [
    "e.sources = $sources",
    ...AUTHORSHIP_KEYS.map((key) => `e.${quoteIdent(key)} = ${typed(key)}`),
  ].join(", ");
}

function edgeParams(merge: AuthorMerge, edge: Authorship): KuzuParams {
  const params: KuzuParams = { paper: merge.paper, into: merge.into, sources: edge.sources };
  for (const key of AUTHORSHIP_KEYS) {
    const value = edge[key];
    params[key] = typeof value === "number" ? String(value) : value;
  }
  return params;
}
