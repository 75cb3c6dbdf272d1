/**
 * NoteRecord: everything the Markdown extractor learned from one note, before it becomes
 * graph nodes and edges. Plain data (it crosses worker threads).
 */
import type { Citation } from "./citations.js";
import type { TermKind } from "./vocabulary.js";

export interface ModelRef {
  id: string;
  name: string;
  /** True when the vocabulary knows the model; false when a rule found it by its name's shape or place. */
  known: boolean;
  /** The rule that found it (the strongest, when several agree) and how sure the evidence makes us. */
  rule: string;
  confidence: number;
  line: number;
}

/** A relationship between two models the note states: a version (VARIANT_OF) or lineage (BUILDS_ON). */
export interface ModelLink {
  type: "VARIANT_OF" | "BUILDS_ON";
  from: ModelRef;
  to: ModelRef;
  line: number;
  rule: string;
  confidence: number;
}

/** A paper the note as a whole is about: from its front matter, its lead link, or its title and author line. */
export interface DescribedPaper {
  arxivId: string | null;
  doi: string | null;
  title: string | null;
  authors: string[];
  line: number;
  rule: string;
  confidence: number;
}

/**
 * A row of an index (a README table or list) that links one note and one paper: the linked
 * note describes that paper, and the paper link's text often names its model.
 */
export interface IndexRow {
  /** The note link as written (resolved like any link). */
  target: string;
  arxivId: string | null;
  doi: string | null;
  /** The paper link's text when it is a name (`[CLIP](https://arxiv.org/...)`). */
  modelName: string | null;
  line: number;
}

/** A model named by a cited paper's title (`BLIP-2: Bootstrapping ...`): mentioned, and introduced in that paper. */
export interface TitledModel {
  model: ModelRef;
  /** Index into `citations` of the paper whose title names it. */
  citation: number;
}

/** Below any heading a note writes: a card or a bold title (`**论文链接：**`) is the innermost section. */
export const CARD_DEPTH = 7;

export interface Section {
  index: number;
  heading: string;
  depth: number;
  line: number;
  /** The model this section (or its parent section) is about. */
  model: ModelRef | null;
  /** True for the section whose own heading named the model (not a sub-section). */
  opensModel: boolean;
  /** Further models the heading names (`## YOLOv2 / YOLO9000`). */
  alsoModels?: ModelRef[];
}

export interface TermOccurrence {
  kind: TermKind;
  id: string;
  line: number;
  section: number;
  /** `uses`: the section's model uses it (USES_LOSS / USES_CONCEPT); `mentions`: only the note mentions it. */
  relation: "uses" | "mentions";
  /** The rule that decided the relation, and its confidence. */
  rule: string;
  confidence: number;
  /** In a note about several models, the one an outline item it hangs under names (its section's otherwise). */
  outlineModel?: string;
  /** For a term found outside the vocabulary (`focal loss` as written): its name and the rule that found it. */
  adhoc?: { name: string; fullName: string | null; rule: string };
}

export interface CitationOccurrence extends Citation {
  line: number;
  section: number;
  /** Titled by a paper card (rules/paper-cards.ts): the title on a line of its own above the id. */
  card?: boolean;
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
  /** The first lines of the list items the figure hangs under, outermost first (an outline's headings). */
  outline?: readonly string[];
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
  target: ModelRef;
  line: number;
  section: number;
}

/** A model the note mentions that the vocabulary does not know (a version of a known one, a cited title's name). */
export interface ModelMention {
  model: ModelRef;
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
  /** The models the note as a whole is about (its title, file name, front matter, definitions), strongest first. */
  subjects: ModelRef[];
  /** Papers the note as a whole describes. */
  describedPapers: DescribedPaper[];
  /** Models named by cited papers' titles. */
  titledModels: TitledModel[];
  /** Models outside the vocabulary the note mentions. */
  modelMentions: ModelMention[];
  modelLinks: ModelLink[];
  indexRows: IndexRow[];
  /** Inline `#tags` (Obsidian), with their lines. */
  inlineTags: { name: string; line: number }[];
  /** Pandoc citation keys (`[@li2022blip]`), cited once the bibliography is read (citekeys.ts). */
  citeKeys: { key: string; line: number; section: number }[];
}
