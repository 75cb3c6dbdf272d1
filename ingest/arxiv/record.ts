/**
 * ArxivRecord: one paper's metadata as arXiv publishes it, whichever door it came in by
 * (the API's Atom feed or a line of the bulk metadata snapshot). Plain data; the parsers
 * produce it and `toArxivDelta` turns it into graph nodes and edges.
 */

export interface ArxivAuthor {
  /** Display name, given names first: `Alec Radford`, `C. -P. Yuan`, `John Smith Jr.` */
  name: string;
  affiliations: string[];
}

export interface ArxivRecord {
  /** Normalised id without version: `2103.00020`, `hep-th/9901001`. */
  id: string;
  /** The latest version number (`v3` -> 3), when known. */
  version: number | null;
  /** Whitespace collapsed (titles wrap over lines in both formats); LaTeX kept as written. */
  title: string;
  /** Whitespace collapsed, LaTeX kept. */
  abstract: string | null;
  /** In arXiv's order. */
  authors: ArxivAuthor[];
  /** First version's date-time, ISO 8601 (`2021-02-26T17:57:52Z`). */
  published: string | null;
  /** Latest version's date-time, ISO 8601. */
  updated: string | null;
  /** Every category, primary first. */
  categories: string[];
  primaryCategory: string | null;
  doi: string | null;
  journalRef: string | null;
  comments: string | null;
  license: string | null;
}

/** Where a record came from: the extractor named on every edge it produces. */
export type ArxivOrigin = "arxiv/api" | "arxiv/snapshot";
