/**
 * The graph schema as data: node labels, their properties, relationship types and the
 * label pairs each may connect. Stores derive their DDL from here, and Cypher built by
 * the stores only ever pastes labels and types taken from these lists.
 */

export type PropertyType = "STRING" | "INT64" | "DOUBLE" | "BOOLEAN" | "STRING[]" | "DOUBLE[]";

export const NODE_LABELS = [
  "Note",
  "Tag",
  "Category",
  "Series",
  "Paper",
  "Author",
  "Model",
  "Concept",
  "Loss",
  "Figure",
  "Repository",
  "WebResource",
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** Properties every node has: `id` is the MERGE key, `sources` the notes (or `arxiv`) that contributed it. */
const COMMON_NODE_PROPERTIES = { id: "STRING", name: "STRING", sources: "STRING[]" } as const;

export const NODE_PROPERTIES = {
  Note: {
    ...COMMON_NODE_PROPERTIES,
    path: "STRING",
    root: "STRING",
    title: "STRING",
    date: "STRING",
    author: "STRING",
    description: "STRING",
    lang: "STRING",
    hash: "STRING",
    series: "STRING[]",
    aliases: "STRING[]",
    draft: "BOOLEAN",
    image: "STRING",
    /** The model and linking rule the note's figures were embedded under (`kg ingest --embed`). */
    embedKey: "STRING",
  },
  Tag: COMMON_NODE_PROPERTIES,
  Category: COMMON_NODE_PROPERTIES,
  Series: COMMON_NODE_PROPERTIES,
  Paper: {
    ...COMMON_NODE_PROPERTIES,
    arxivId: "STRING",
    doi: "STRING",
    title: "STRING",
    abstract: "STRING",
    published: "STRING",
    updated: "STRING",
    categories: "STRING[]",
    primaryCategory: "STRING",
    url: "STRING",
    venue: "STRING",
    year: "INT64",
    comments: "STRING",
    license: "STRING",
    version: "INT64",
    /** Fingerprint of the arXiv record last imported, so an unchanged record is not rewritten. */
    arxivHash: "STRING",
    /**
     * The normalised title (`paperTitleKey`, src/graph/ids.ts): a paper a note knows only by
     * its title and the arXiv paper of that title share it, and are merged into one.
     */
    titleKey: "STRING",
  },
  Author: { ...COMMON_NODE_PROPERTIES, aliases: "STRING[]" },
  Model: { ...COMMON_NODE_PROPERTIES, nameZh: "STRING", aliases: "STRING[]", description: "STRING" },
  Concept: { ...COMMON_NODE_PROPERTIES, nameZh: "STRING", aliases: "STRING[]", description: "STRING" },
  Loss: { ...COMMON_NODE_PROPERTIES, fullName: "STRING", nameZh: "STRING", aliases: "STRING[]" },
  Figure: {
    ...COMMON_NODE_PROPERTIES,
    src: "STRING",
    alt: "STRING",
    caption: "STRING",
    section: "STRING",
    localPath: "STRING",
    bytes: "INT64",
    format: "STRING",
    width: "INT64",
    height: "INT64",
    embedding: "DOUBLE[]",
    embeddingModel: "STRING",
  },
  Repository: { ...COMMON_NODE_PROPERTIES, url: "STRING", owner: "STRING", repo: "STRING" },
  WebResource: { ...COMMON_NODE_PROPERTIES, url: "STRING", title: "STRING", host: "STRING" },
} as const satisfies Record<NodeLabel, Record<string, PropertyType>>;

export type NodePropertyName<L extends NodeLabel> = keyof (typeof NODE_PROPERTIES)[L] & string;

export const REL_TYPES = [
  "TAGGED",
  "IN_CATEGORY",
  "IN_SERIES",
  "DESCRIBES",
  "MENTIONS",
  "CITES",
  "INTRODUCED_IN",
  "AUTHORED_BY",
  "USES_LOSS",
  "USES_CONCEPT",
  "BUILDS_ON",
  "VARIANT_OF",
  "HAS_CODE",
  "HAS_FIGURE",
  "ILLUSTRATES",
  "DEPICTS",
  "LINKS_TO",
  "REFERENCES",
] as const;
export type RelType = (typeof REL_TYPES)[number];

/** The (from, to) label pairs each relationship type may connect. */
export const REL_ENDPOINTS = {
  TAGGED: [["Note", "Tag"]],
  IN_CATEGORY: [
    ["Note", "Category"],
    ["Paper", "Category"],
  ],
  IN_SERIES: [["Note", "Series"]],
  DESCRIBES: [
    ["Note", "Model"],
    ["Note", "Paper"],
  ],
  MENTIONS: [
    ["Note", "Model"],
    ["Note", "Concept"],
    ["Note", "Loss"],
    ["Note", "Paper"],
  ],
  CITES: [
    ["Note", "Paper"],
    ["Paper", "Paper"],
  ],
  INTRODUCED_IN: [["Model", "Paper"]],
  AUTHORED_BY: [["Paper", "Author"]],
  USES_LOSS: [["Model", "Loss"]],
  USES_CONCEPT: [["Model", "Concept"]],
  BUILDS_ON: [["Model", "Model"]],
  /** A version or size of another model that its paper names separately (MoCo v2 of MoCo). */
  VARIANT_OF: [["Model", "Model"]],
  HAS_CODE: [["Model", "Repository"]],
  HAS_FIGURE: [["Note", "Figure"]],
  ILLUSTRATES: [["Figure", "Model"]],
  DEPICTS: [
    ["Figure", "Concept"],
    ["Figure", "Model"],
  ],
  LINKS_TO: [["Note", "Note"]],
  REFERENCES: [
    ["Note", "WebResource"],
    ["Note", "Repository"],
  ],
} as const satisfies Record<RelType, ReadonlyArray<readonly [NodeLabel, NodeLabel]>>;

/**
 * Every relationship carries the same property set, so writers need one code path:
 * provenance (`source`, `sources`, `line`, `extractor`, `confidence`) plus the few
 * type-specific values (`position` on AUTHORED_BY, `score`/`embeddingModel` on DEPICTS).
 */
export const REL_PROPERTIES = {
  source: "STRING",
  sources: "STRING[]",
  line: "INT64",
  extractor: "STRING",
  confidence: "DOUBLE",
  position: "INT64",
  score: "DOUBLE",
  embeddingModel: "STRING",
} as const satisfies Record<string, PropertyType>;
export type RelPropertyName = keyof typeof REL_PROPERTIES;

/** A relationship's evidence: every property but `sources`, replaced together by stronger evidence. */
export const EVIDENCE_KEYS = [
  "source",
  "line",
  "extractor",
  "confidence",
  "position",
  "score",
  "embeddingModel",
] as const satisfies readonly Exclude<RelPropertyName, "sources">[];

export function isNodeLabel(value: string): value is NodeLabel {
  return (NODE_LABELS as readonly string[]).includes(value);
}

export function isRelType(value: string): value is RelType {
  return (REL_TYPES as readonly string[]).includes(value);
}

export function allowsEndpoints(type: RelType, from: NodeLabel, to: NodeLabel): boolean {
  return REL_ENDPOINTS[type].some(([f, t]) => f === from && t === to);
}
