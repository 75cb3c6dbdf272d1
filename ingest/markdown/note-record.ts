/**
 * NoteRecord: everything the Markdown extractor learned from one note, before it becomes
 * graph nodes and edges. Plain data (it crosses worker threads).
 */
import type { Citation } from "./citations.js";
import type { TermKind } from "./vocabulary.js";

export interface ModelRef {
  id: string;
  name: string;
  /** True when the vocabulary knows the model; false when only a citation under the heading told us. */
  known: boolean;
}

export interface Section {
  index: number;
  heading: string;
  depth: number;
  line: number;
  /** The model this section (or its parent section) is about. */
  model: ModelRef | null;
  /** True for the section whose own heading named the model (not a sub-section). */
  opensModel: boolean;
}

export interface TermOccurrence {
  kind: TermKind;
  id: string;
  line: number;
  section: number;
}

export interface CitationOccurrence extends Citation {
  line: number;
  section: number;
  /** In the first block under its heading: where a note names the paper a section is about. */
  leadsSection: boolean;
}

export interface FigureOccurrence {
  src: string;
  alt: string | null;
  title: string | null;
  caption: string | null;
  line: number;
  section: number;
}

export type LinkKind = "web" | "github" | "note" | "wikilink";

export interface LinkOccurrence {
  kind: LinkKind;
  /** URL, relative path or wikilink target as written. */
  target: string;
  text: string | null;
  line: number;
  section: number;
}

export interface LineageOccurrence {
  /** The model the section is about builds on this one. */
  targetId: string;
  line: number;
  section: number;
}

export interface NoteMeta {
  title: string;
  date: string | null;
  author: string | null;
  description: string | null;
  lang: string;
  tags: string[];
  categories: string[];
  series: string[];
  aliases: string[];
  draft: boolean;
  image: string | null;
  /** File line of each front-matter key, for provenance. */
  keyLines: Record<string, number>;
}

export interface NoteRecord {
  /** Path relative to the ingest root, with forward slashes. */
  path: string;
  meta: NoteMeta;
  sections: Section[];
  terms: TermOccurrence[];
  citations: CitationOccurrence[];
  figures: FigureOccurrence[];
  links: LinkOccurrence[];
  lineage: LineageOccurrence[];
  /** Inline `#tags` (Obsidian), with their lines. */
  inlineTags: { name: string; line: number }[];
}
