/**
 * After notes are written: the citations a note makes by linking, under a paper's title, to a
 * note about that paper (src/graph/linked-citations.ts). They depend on two notes, so they are
 * derived from the stored graph at the end of every ingest rather than extracted with either:
 * a run that changes the linked note's paper, removes it, or was killed before this step gets
 * the right citations on the next run, and a run that changes nothing writes nothing.
 *
 * Each statement names its labels and relationship type (Kuzu 0.11.3 mixes up rows of a scan
 * across relationship tables; see src/store/kuzu-remove.ts), and looks a note up by its id alone.
 */
import {
  LINKED_CITATION_EXTRACTOR,
  type LinkedCitation,
  linkedCitationDeltas,
  linkedCitations,
  type NoteLink,
  PAPER_TITLE_LINK_EXTRACTOR,
} from "../graph/linked-citations.js";
import { chunks } from "../store/collections.js";
import type { GraphStore } from "../store/types.js";

export interface LinkedCitationChange {
  added: number;
  removed: number;
}

const key = (citation: Pick<LinkedCitation, "note" | "paper">) => `${citation.note}\u0000${citation.paper}`;

export async function reconcileLinkedCitations(store: GraphStore): Promise<LinkedCitationChange> {
  const read = (cypher: string, params: Record<string, unknown> = {}) =>
    store.query(cypher, params, { readOnly: true }).then((result) => result.rows);

  const links: NoteLink[] = (
    await read(
      "MATCH (a:Note)-[l:LINKS_TO]->(b:Note) WHERE l.extractor = $extractor RETURN a.id AS a, b.id AS b, l.line AS line",
      { extractor: PAPER_TITLE_LINK_EXTRACTOR },
    )
  ).map((row) => ({
    from: String(row.a),
    to: String(row.b),
    line: typeof row.line === "number" ? row.line : null,
  }));
  const stored = (
    await read(
      "MATCH (a:Note)-[c:CITES]->(p:Paper) WHERE c.extractor = $extractor RETURN a.id AS note, p.id AS paper",
      { extractor: LINKED_CITATION_EXTRACTOR },
    )
  ).map((row) => ({ note: String(row.note), paper: String(row.paper) }));
  if (links.length === 0 && stored.length === 0) return { added: 0, removed: 0 };

  const papersOf = await notePapers(read, [...new Set(links.map((link) => link.to))], ["DESCRIBES"]);
  const own = await notePapers(read, [...new Set(links.map((link) => link.from))], ["DESCRIBES", "CITES"]);
  const ownPapers = new Map([...own].map(([note, papers]) => [note, new Set(papers)]));
  const desired = linkedCitations(links, papersOf, ownPapers);

  const wanted = new Set(desired.map(key));
  const present = new Set(stored.map(key));
  const stale = stored.filter((citation) => !wanted.has(key(citation)));
  const missing = desired.filter((citation) => !present.has(key(citation)));
  for (const rows of chunks(stale, 1000)) {
    await store.query(
      "UNWIND $rows AS r WITH r, r.note AS noteId MATCH (a:Note {id: noteId})-[c:CITES]->(p:Paper) " +
        "WHERE p.id = r.paper AND c.extractor = $extractor DELETE c",
      { rows, extractor: LINKED_CITATION_EXTRACTOR },
    );
  }
  if (missing.length) await store.upsert(linkedCitationDeltas(missing));
  return { added: missing.length, removed: stale.length };
}

/**
 * The papers each note reaches by the given relationships; a citation of its own (not one this
 * step derived) counts for CITES.
 */
async function notePapers(
  read: (cypher: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>,
  ids: readonly string[],
  types: readonly ("DESCRIBES" | "CITES")[],
): Promise<Map<string, string[]>> {
  const papers = new Map<string, string[]>();
  for (const type of types) {
    for (const part of chunks([...ids], 1000)) {
      const rows = await read(
        `UNWIND $ids AS i MATCH (n:Note {id: i}) MATCH (n)-[e:${type}]->(p:Paper) ` +
          "WHERE e.extractor <> $derived RETURN n.id AS note, p.id AS paper",
        { ids: part, derived: LINKED_CITATION_EXTRACTOR },
      );
      for (const row of rows) {
        const note = String(row.note);
        const list = papers.get(note) ?? [];
        if (!list.includes(String(row.paper))) list.push(String(row.paper));
        papers.set(note, list);
      }
    }
  }
  return papers;
}
