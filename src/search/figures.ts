/**
 * Text-to-figure search: the text embedded by CLIP's text tower, the nearest figure
 * embeddings from the store's vector index, and what a reader needs to see each figure.
 * Shared by `kg search --figures` and the API's figure search.
 */
import type { ClipEmbedder } from "../embed/clip.js";
import type { GraphStore, JsonValue } from "../store/types.js";

export interface FigureMatch {
  figure: string;
  score: number;
  src: string | null;
  alt: string | null;
  caption: string | null;
  localPath: string | null;
  notes: string[];
  depicts: string[];
}

export async function searchFiguresByText(
  store: GraphStore,
  embedder: ClipEmbedder,
  text: string,
  k: number,
): Promise<FigureMatch[]> {
  const [vector] = await embedder.embedTexts([text]);
  if (!vector) return [];
  const hits = await store.searchFigures(Array.from(vector), { model: embedder.key, k });
  if (hits.length === 0) return [];
  const { rows } = await store.query(
    `UNWIND $ids AS fid MATCH (f:Figure {id: fid})
     OPTIONAL MATCH (n:Note)-[:HAS_FIGURE]->(f)
     RETURN f.id AS id, f.src AS src, f.alt AS alt, f.caption AS caption, f.localPath AS localPath,
            collect(DISTINCT n.id) AS notes`,
    { ids: hits.map((hit) => hit.id) },
    { readOnly: true },
  );
  const depicts = await depictedNames(
    store,
    hits.map((hit) => hit.id),
  );
  const details = new Map(rows.map((row) => [String(row.id), row]));
  return hits.flatMap((hit) => {
    const row = details.get(hit.id);
    if (!row) return [];
    return [
      {
        figure: hit.id,
        score: Math.round(hit.score * 1e4) / 1e4,
        src: text_(row.src),
        alt: text_(row.alt),
        caption: text_(row.caption),
        localPath: text_(row.localPath),
        notes: list(row.notes),
        depicts: depicts.get(hit.id) ?? [],
      },
    ];
  });
}

/** DEPICTS targets by figure, one query per target label (Kuzu scans one table at a time). */
async function depictedNames(store: GraphStore, ids: readonly string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const label of ["Concept", "Model"]) {
    const { rows } = await store.query(
      `UNWIND $ids AS fid MATCH (f:Figure {id: fid})-[r:DEPICTS]->(t:${label})
       RETURN f.id AS id, t.name AS name, r.score AS score ORDER BY score DESC`,
      { ids: [...ids] },
      { readOnly: true },
    );
    for (const row of rows) {
      const id = String(row.id);
      names.set(id, [...(names.get(id) ?? []), String(row.name)]);
    }
  }
  return names;
}

const text_ = (value: JsonValue | undefined): string | null => (typeof value === "string" ? value : null);
const list = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
