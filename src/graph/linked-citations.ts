/**
 * A note that links to another note about a paper cites that paper: `[[Momentum Contrast for
 * Unsupervised Visual Representation Learning]]` in an Obsidian vault, `[CLIP4Clip: ...](CLIP4Clip.md)`
 * in a repository of summaries. The linked note says which paper it is about (its front matter,
 * its lead link, an index row), so the citation needs the whole vault: it is derived after the
 * notes are written, from the graph (src/pipeline/reconcile-linked-citations.ts), and here for
 * a graph held in memory (`npm run eval`, `kg ingest --dry-run`).
 *
 * The derived CITES is the linking note's contribution (its source, the link's line), with a
 * confidence below a reference line's: the link says the note points at the paper's note, not
 * how it uses the paper.
 */
import type { EdgeRecord, GraphDelta } from "./delta.js";
import { isFolderIndex } from "./ids.js";

export const LINKED_CITATION_EXTRACTOR = "markdown/citation-linked-note";
export const LINKED_CITATION_CONFIDENCE = 0.7;
/** The LINKS_TO a link shown as a paper's title gives (ingest/markdown/to-delta.ts). */
export const PAPER_TITLE_LINK_EXTRACTOR = "markdown/paper-title-link";

/** A note's link to another note, with the line it is on. */
export interface NoteLink {
  from: string;
  to: string;
  line: number | null;
}

export interface LinkedCitation {
  note: string;
  paper: string;
  line: number | null;
}

/**
 * The citations the links give: for each link from a note that is not an index to a note
 * describing exactly one paper (a note about several is a survey: which one is meant is not
 * said), unless the linking note already cites or describes that paper itself. One per note
 * and paper, at the first link's line.
 */
export function linkedCitations(
  links: readonly NoteLink[],
  papersOf: ReadonlyMap<string, readonly string[]>,
  ownPapers: ReadonlyMap<string, ReadonlySet<string>>,
): LinkedCitation[] {
  const found = new Map<string, LinkedCitation>();
  for (const link of links) {
    // A README or `_index.md` lists its folder's notes: it indexes the papers, it does not cite them.
    if (link.from === link.to || isFolderIndex(link.from)) continue;
    const papers = papersOf.get(link.to) ?? [];
    const paper = papers.length === 1 ? papers[0] : undefined;
    if (!paper || ownPapers.get(link.from)?.has(paper)) continue;
    const key = `${link.from}\u0000${paper}`;
    const seen = found.get(key);
    if (!seen || (link.line ?? Number.MAX_SAFE_INTEGER) < (seen.line ?? Number.MAX_SAFE_INTEGER))
      found.set(key, { note: link.from, paper, line: link.line });
  }
  return [...found.values()].sort((a, b) => a.note.localeCompare(b.note) || a.paper.localeCompare(b.paper));
}

/** The citations as deltas of their notes, one per note, edges only (both ends exist already). */
export function linkedCitationDeltas(citations: readonly LinkedCitation[]): GraphDelta[] {
  const byNote = new Map<string, EdgeRecord[]>();
  for (const citation of citations) {
    const edges = byNote.get(citation.note) ?? [];
    edges.push({
      type: "CITES",
      fromLabel: "Note",
      from: citation.note,
      toLabel: "Paper",
      to: citation.paper,
      source: citation.note,
      line: citation.line,
      extractor: LINKED_CITATION_EXTRACTOR,
      confidence: LINKED_CITATION_CONFIDENCE,
    });
    byNote.set(citation.note, edges);
  }
  return [...byNote].map(([source, edges]) => ({ source, nodes: [], edges }));
}

/** The same, for deltas held in memory: their links, the papers their notes describe and cite. */
export function linkedCitationsInDeltas(deltas: readonly GraphDelta[]): GraphDelta[] {
  const links: NoteLink[] = [];
  const described = new Map<string, Set<string>>();
  const own = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(value);
    map.set(key, set);
  };
  for (const delta of deltas) {
    for (const edge of delta.edges) {
      if (edge.type === "LINKS_TO" && edge.extractor === PAPER_TITLE_LINK_EXTRACTOR)
        links.push({ from: edge.from, to: edge.to, line: edge.line });
      if (edge.fromLabel !== "Note" || edge.toLabel !== "Paper") continue;
      if (edge.type === "DESCRIBES") add(described, edge.from, edge.to);
      if (edge.type === "DESCRIBES" || edge.type === "CITES") add(own, edge.from, edge.to);
    }
  }
  const papersOf = new Map([...described].map(([note, papers]) => [note, [...papers]]));
  return linkedCitationDeltas(linkedCitations(links, papersOf, own));
}
