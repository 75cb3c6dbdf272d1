/**
 * After papers or notes are written: fold the authors notes abbreviated into the authors
 * arXiv lists for the same paper (DESIGN.md: "A. Radford" and "Alec Radford" are one Author).
 * Runs whichever came first, the note or the arXiv record.
 */
import { matchAbbreviations, type NamedAuthor } from "../graph/author-names.js";
import { chunks } from "../store/collections.js";
import type { AuthorMerge, GraphStore } from "../store/types.js";

/** Sources of arXiv contributions are `arxiv:<id>`; an authorship listing one is arXiv's. */
export const isArxivSource = (source: string): boolean => source.startsWith("arxiv:");

export async function reconcileAuthors(store: GraphStore, paperIds: readonly string[]): Promise<number> {
  const merges: AuthorMerge[] = [];
  for (const part of chunks([...new Set(paperIds)], 1000)) {
    const { rows } = await store.query(
      `UNWIND $ids AS pid MATCH (p:Paper {id: pid})-[r:AUTHORED_BY]->(a:Author)
       RETURN p.id AS paper, a.id AS author, a.name AS name, r.sources AS sources`,
      { ids: part },
      { readOnly: true },
    );
    const byPaper = new Map<string, { fromArxiv: NamedAuthor[]; fromNotes: NamedAuthor[] }>();
    for (const row of rows) {
      const paper = String(row.paper);
      const entry = byPaper.get(paper) ?? { fromArxiv: [], fromNotes: [] };
      const sources = Array.isArray(row.sources) ? row.sources.map(String) : [];
      const author = { id: String(row.author), name: String(row.name ?? "") };
      (sources.some(isArxivSource) ? entry.fromArxiv : entry.fromNotes).push(author);
      byPaper.set(paper, entry);
    }
    for (const [paper, { fromArxiv, fromNotes }] of byPaper) {
      if (fromArxiv.length === 0 || fromNotes.length === 0) continue;
      for (const match of matchAbbreviations(fromNotes, fromArxiv)) merges.push({ paper, ...match });
    }
  }
  await store.mergeAuthors(merges);
  return merges.length;
}

/**
 * Every paper where a merge can be pending: one of its authorships comes from notes only, to
 * an author with a dotted (abbreviated) name that notes contributed, and the paper has an
 * arXiv record (a source `arxiv:<id>`), which is what lists the full names. Run at the end of
 * every ingest and import, so an interrupted run's merges happen on the next one, whichever
 * notes it skips as unchanged. Authors only arXiv lists are not looked at: in arXiv data most
 * papers have a dotted name (arXiv itself writes `C. Bal\'azs`), and reading all their
 * authors on every run was most of a re-run's time; nor are papers only notes know, which
 * have nothing to merge with: a 10,000-note vault has 15,796 of them, and reading their
 * authors was 0.4 s of every incremental run (bench/README.md).
 *
 * The arXiv test unwinds `p.sources`: Kuzu 0.11.3 crashes the process (SIGSEGV) on
 * `any(s IN p.sources WHERE ...)` over Paper there, and on this query started from Paper.
 */
export async function reconcilePendingAuthors(store: GraphStore): Promise<number> {
  // Notes contribute authorships only with the paper they cite or describe, so the walk starts
  // at the notes: a store holding a million arXiv papers and no note reads nothing (from every
  // dotted author it read 2.5 GB of Kuzu's pool at that size, and failed at the default pool).
  const { rows } = await store.query(
    `MATCH (:Note)-[:CITES|DESCRIBES]->(p:Paper)-[r:AUTHORED_BY]->(a:Author)
     WHERE a.name CONTAINS '.' AND none(s IN r.sources WHERE s STARTS WITH 'arxiv:')
     WITH DISTINCT p UNWIND p.sources AS s WITH p, s WHERE s STARTS WITH 'arxiv:'
     RETURN DISTINCT p.id AS id`,
    {},
    { readOnly: true },
  );
  return rows.length > 0
    ? reconcileAuthors(
        store,
        rows.map((row) => String(row.id)),
      )
    : 0;
}
