/**
 * After papers or notes are written: join each paper a note knows only by its title to the
 * arXiv paper (or the paper known by its DOI) with the same normalised title (issue 13: one
 * node, whichever came first). Runs
 * at the end of every ingest and import, so a merge an interrupted run missed happens on the
 * next one.
 *
 * Cheap on large graphs: the title-only papers are few, so their keys are read first and only
 * those keys are looked up among the arXiv papers.
 */
import { paperTitleKey, TITLE_PAPER_PREFIX } from "../graph/ids.js";
import { chunks } from "../store/collections.js";
import type { GraphStore, PaperMerge } from "../store/types.js";

/** Returns how many title-only papers were merged into their arXiv paper. */
export async function reconcileTitlePapers(store: GraphStore): Promise<number> {
  await fillMissingTitleKeys(store);
  const { rows } = await store.query(
    "MATCH (p:Paper) WHERE p.id STARTS WITH $prefix RETURN p.id AS id, p.titleKey AS key",
    { prefix: TITLE_PAPER_PREFIX },
    { readOnly: true },
  );
  const byKey = new Map<string, string>();
  for (const row of rows) {
    const id = String(row.id);
    byKey.set(typeof row.key === "string" ? row.key : id.slice(TITLE_PAPER_PREFIX.length), id);
  }
  const arxivByKey = new Map<string, string[]>();
  for (const keys of chunks([...byKey.keys()], 1000)) {
    const found = await store.query(
      "UNWIND $keys AS k MATCH (p:Paper {titleKey: k}) WHERE p.arxivId IS NOT NULL OR p.doi IS NOT NULL RETURN k AS key, p.id AS id",
      { keys },
      { readOnly: true },
    );
    for (const row of found.rows) {
      const key = String(row.key);
      arxivByKey.set(key, [...(arxivByKey.get(key) ?? []), String(row.id)]);
    }
  }
  const merges = titleMerges(byKey, arxivByKey);
  await store.mergePapers(merges);
  return merges.length;
}

/**
 * Which title-only paper (by title key) joins which arXiv paper: the one arXiv paper of that
 * key. Two arXiv papers of one title (a paper and its erratum, say): nothing tells which is meant.
 */
export function titleMerges(
  titleOnly: ReadonlyMap<string, string>,
  arxivByKey: ReadonlyMap<string, readonly string[]>,
): PaperMerge[] {
  const merges: PaperMerge[] = [];
  for (const [key, [into, ...others]] of arxivByKey) {
    const from = titleOnly.get(key);
    if (from && into && others.length === 0) merges.push({ from, into });
  }
  return merges.sort((a, b) => a.from.localeCompare(b.from));
}

/**
 * Papers with a title and no title key: written by a notegraph older than the key. arXiv
 * records already stored are not rewritten (their fingerprint is unchanged), so their key is
 * filled here, once. On a graph written by this version the query finds nothing.
 */
async function fillMissingTitleKeys(store: GraphStore): Promise<void> {
  const { rows } = await store.query(
    "MATCH (p:Paper) WHERE p.titleKey IS NULL AND p.title IS NOT NULL RETURN p.id AS id, p.title AS title",
    {},
    { readOnly: true },
  );
  const keyed = rows.map((row) => {
    const id = String(row.id);
    const key = id.startsWith(TITLE_PAPER_PREFIX)
      ? id.slice(TITLE_PAPER_PREFIX.length)
      : paperTitleKey(String(row.title));
    return { id, key };
  });
  for (const part of chunks(keyed, 5000)) {
    await store.query("UNWIND $rows AS r MATCH (p:Paper {id: r.id}) SET p.titleKey = r.key", { rows: part });
  }
}
