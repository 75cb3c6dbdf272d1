/**
 * ArxivRecord -> GraphDelta. Each paper is its own source (`arxiv:<id>`), so an updated
 * record replaces exactly what the previous one contributed. arXiv is the authority on
 * its papers: the record's properties overwrite what notes guessed from a citation (notes
 * write theirs as defaults), and its authorships (confidence 1.0) outrank a note's (0.9).
 */
import type { EdgeRecord, GraphDelta, NodeRecord } from "../../src/graph/delta.js";
import {
  arxivPaperId,
  authorId,
  categoryId,
  normalizePersonName,
  paperTitleKey,
  sha256,
} from "../../src/graph/ids.js";
import type { ArxivOrigin, ArxivRecord } from "./record.js";

export const arxivSource = (id: string): string => `arxiv:${id}`;

/** Fingerprint of everything the graph takes from a record: unchanged -> nothing to rewrite. */
export function recordHash(record: ArxivRecord): string {
  return sha256(JSON.stringify(record)).slice(0, 32);
}

/** `hash` is the record's recordHash when the caller has computed it already. */
export function toArxivDelta(
  record: ArxivRecord,
  origin: ArxivOrigin,
  hash = recordHash(record),
): GraphDelta {
  const source = arxivSource(record.id);
  const paper = arxivPaperId(record.id);
  const edge = (
    type: EdgeRecord["type"],
    toLabel: EdgeRecord["toLabel"],
    to: string,
    extra: Partial<EdgeRecord> = {},
  ): EdgeRecord => ({
    type,
    fromLabel: "Paper",
    from: paper,
    toLabel,
    to,
    source,
    line: null,
    extractor: origin,
    confidence: 1,
    ...extra,
  });
  const nodes: NodeRecord[] = [{ label: "Paper", id: paper, props: paperProps(record, hash) }];
  const edges: EdgeRecord[] = [];
  record.authors.forEach((author, index) => {
    const name = normalizePersonName(author.name);
    if (!name) return;
    nodes.push({ label: "Author", id: authorId(name), props: { name } });
    edges.push(edge("AUTHORED_BY", "Author", authorId(name), { position: index + 1 }));
  });
  for (const category of record.categories) {
    nodes.push({ label: "Category", id: categoryId(category), props: { name: category } });
    edges.push(edge("IN_CATEGORY", "Category", categoryId(category)));
  }
  return { source, nodes, edges };
}

function paperProps(record: ArxivRecord, hash: string): NodeRecord["props"] {
  const year = record.published ? Number(record.published.slice(0, 4)) : null;
  return {
    name: record.title,
    title: record.title,
    titleKey: paperTitleKey(record.title),
    arxivId: record.id,
    abstract: record.abstract,
    published: record.published,
    updated: record.updated,
    categories: record.categories,
    primaryCategory: record.primaryCategory,
    doi: record.doi ? record.doi.toLowerCase() : null,
    venue: record.journalRef,
    comments: record.comments,
    license: record.license,
    version: record.version,
    year: Number.isInteger(year) ? year : null,
    url: `https://arxiv.org/abs/${record.id}`,
    arxivHash: hash,
  };
}
