/**
 * toDelta(record, assets, vocabulary) -> GraphDelta: NoteRecord to typed nodes and edges,
 * every edge with provenance (the note, the line, the extractor, a confidence).
 */
import type { EdgeRecord, GraphDelta, NodeRecord } from "../../src/graph/delta.js";
import {
  arxivPaperId,
  authorId,
  categoryId,
  doiPaperId,
  figureId,
  normalizeUrl,
  noteId,
  paperTitleKey,
  parseGithubRepo,
  seriesId,
  TITLE_PAPER_PREFIX,
  tagId,
  titlePaperId,
  urlId,
  urlPaperId,
} from "../../src/graph/ids.js";
import type { NodeLabel, RelType } from "../../src/graph/schema.js";
import { isDecoration } from "./inline-refs.js";
import { titlePrefixName } from "./names.js";
import type { CitationOccurrence, ModelRef, NoteRecord, Section } from "./note-record.js";
import { decodeURIComponentSafe, noteLinkPaperTitle } from "./paper-links.js";
import type { ResolvedAssets } from "./resolve-assets.js";
import { outlineModel, resolveModel } from "./rules/models.js";
import { confidenceOf, type RuleId } from "./rules/registry.js";
import type { Vocabulary, VocabularyEntry } from "./vocabulary.js";

export interface DeltaContext {
  /** Absolute path of the ingest root, stored on the note so `--prune` can scope itself. */
  root: string;
  /** Content hash of the note (with the vocabulary fingerprint), stored last for incremental ingest. */
  hash: string;
}

const LABEL_OF_KIND = { model: "Model", loss: "Loss", concept: "Concept" } as const;
/** Rules that find a model by the name the note's title or file gives it. */
const TITLE_RULES = new Set([
  "model/title-prefix",
  "model/colonless-title-prefix",
  "model/title",
  "model/file-name",
]);
const USES_OF_KIND = { loss: "USES_LOSS", concept: "USES_CONCEPT" } as const;

export function toDelta(
  record: NoteRecord,
  assets: ResolvedAssets,
  vocabulary: Vocabulary,
  context: DeltaContext,
): GraphDelta {
  const source = noteId(record.path);
  const nodes: NodeRecord[] = [];
  const edges: EdgeRecord[] = [];
  const node = (
    label: NodeLabel,
    id: string,
    props: NodeRecord["props"],
    defaults?: NodeRecord["defaults"],
  ) => nodes.push(defaults ? { label, id, props, defaults } : { label, id, props });
  const edge = (
    type: RelType,
    from: [NodeLabel, string],
    to: [NodeLabel, string],
    line: number | null,
    extractor: string,
    confidence = 1,
    extra: Partial<Pick<EdgeRecord, "position">> = {},
  ) =>
    edges.push({
      type,
      fromLabel: from[0],
      from: from[1],
      toLabel: to[0],
      to: to[1],
      source,
      line,
      extractor: `markdown/${extractor}`,
      confidence,
      ...extra,
    });
  const note: [NodeLabel, string] = ["Note", source];
  const authorsOf = (paper: [NodeLabel, string], authors: readonly string[], line: number) => {
    authors.forEach((author, index) => {
      node("Author", authorId(author), { name: author });
      edge("AUTHORED_BY", paper, ["Author", authorId(author)], line, "citation-authors", 0.9, {
        position: index + 1,
      });
    });
  };
  const meta = record.meta;

  node("Note", source, {
    name: meta.title,
    title: meta.title,
    path: record.path,
    root: context.root,
    date: meta.date,
    author: meta.author,
    description: meta.description,
    lang: meta.lang,
    hash: context.hash,
    series: meta.series,
    aliases: meta.aliases,
    draft: meta.draft,
    image: meta.image,
  });

  const keyLine = (...keys: string[]) =>
    keys.map((k) => meta.keyLines[k]).find((l) => l !== undefined) ?? null;
  for (const tag of meta.tags) {
    node("Tag", tagId(tag), { name: tag });
    edge("TAGGED", note, ["Tag", tagId(tag)], keyLine("tags", "tag"), "front-matter");
  }
  for (const tag of record.inlineTags) {
    node("Tag", tagId(tag.name), { name: tag.name });
    edge("TAGGED", note, ["Tag", tagId(tag.name)], tag.line, "inline-tag");
  }
  for (const category of meta.categories) {
    node("Category", categoryId(category), { name: category });
    edge(
      "IN_CATEGORY",
      note,
      ["Category", categoryId(category)],
      keyLine("categories", "category"),
      "front-matter",
    );
  }
  for (const series of meta.series) {
    node("Series", seriesId(series), { name: series });
    edge("IN_SERIES", note, ["Series", seriesId(series)], keyLine("series"), "front-matter");
  }

  // The model a part of the note is about: its section's, else the note's one subject.
  const subject = record.subjects.length === 1 ? (record.subjects[0] ?? null) : null;
  const modelRefOf = (section: Section | undefined): ModelRef | null => section?.model ?? subject;
  const sectionModel = (section: Section | undefined): [NodeLabel, string] | null => {
    const model = modelRefOf(section);
    return model ? ["Model", model.id] : null;
  };
  const sectionOf = (index: number) => record.sections[index];
  const modelNode = (model: ModelRef) => {
    const entry = vocabulary.byId.get(model.id);
    node("Model", model.id, entry ? termProps(entry) : { name: model.name });
  };

  for (const section of record.sections) {
    if (!section.opensModel || !section.model) continue;
    for (const model of [section.model, ...(section.alsoModels ?? [])]) {
      modelNode(model);
      edge("DESCRIBES", note, ["Model", model.id], section.line, model.rule, model.confidence);
    }
  }
  for (const model of record.subjects) {
    modelNode(model);
    edge("DESCRIBES", note, ["Model", model.id], model.line, model.rule, model.confidence);
  }

  for (const term of record.terms) {
    const entry = vocabulary.byId.get(term.id) ?? adhocEntry(term);
    if (!entry) continue;
    const label = LABEL_OF_KIND[term.kind];
    node(label, term.id, termProps(entry));
    // A mention the note negates, or only measures, says so, whichever rule found the term.
    const negated =
      term.rule === "relation/negated" ||
      term.rule === "relation/denied-in-note" ||
      term.rule === "relation/measured" ||
      term.rule === "relation/asked";
    const found = negated ? term.rule : (term.adhoc?.rule ?? (term.relation === "uses" ? "term" : term.rule));
    // A vocabulary term is in the text for certain; a loss found by how losses are written
    // is a loss as surely as its rule is.
    const sure = term.adhoc ? confidenceOf(term.adhoc.rule as RuleId) || 1 : 1;
    edge("MENTIONS", note, [label, term.id], term.line, found, sure);
    const model: [NodeLabel, string] | null = term.outlineModel
      ? ["Model", term.outlineModel]
      : sectionModel(sectionOf(term.section));
    if (model && term.kind !== "model" && term.relation === "uses") {
      edge(USES_OF_KIND[term.kind], model, [label, term.id], term.line, term.rule, term.confidence);
    }
  }
  for (const mention of record.modelMentions) {
    modelNode(mention.model);
    edge("MENTIONS", note, ["Model", mention.model.id], mention.model.line, "sense/longer-name");
  }

  for (const lineage of record.lineage) {
    const model = sectionModel(sectionOf(lineage.section));
    if (!model) continue;
    modelNode(lineage.target);
    edge(
      "BUILDS_ON",
      model,
      ["Model", lineage.target.id],
      lineage.line,
      "lineage/phrase",
      lineage.target.confidence,
    );
  }
  for (const link of record.modelLinks) {
    modelNode(link.from);
    modelNode(link.to);
    edge(link.type, ["Model", link.from.id], ["Model", link.to.id], link.line, link.rule, link.confidence);
  }

  const introduced = new Set<number>();
  record.citations.forEach((citation, index) => {
    const paperId = paperIdOf(citation);
    if (!paperId) return;
    node("Paper", paperId, paperProps(paperId, citation.arxivId), paperDefaults(citation));
    edge(
      "CITES",
      note,
      ["Paper", paperId],
      citation.line,
      citationRule(citation),
      citationConfidence(citation),
    );
    authorsOf(["Paper", paperId], citation.authors, citation.line);
    for (const titled of record.titledModels.filter((t) => t.citation === index)) {
      modelNode(titled.model);
      edge("MENTIONS", note, ["Model", titled.model.id], citation.line, "model/reference-title-prefix");
      edge(
        "INTRODUCED_IN",
        ["Model", titled.model.id],
        ["Paper", paperId],
        citation.line,
        "model/reference-title-prefix",
        titled.model.confidence,
      );
    }
    // The paper a model's section opens with (a reference line, or an arXiv link in its first
    // paragraph) is the paper that introduced the model.
    const section = sectionOf(citation.section);
    const opens = citation.kind === "reference" || citation.leadsSection;
    if (opens && section?.opensModel && section.model && !introduced.has(section.index)) {
      introduced.add(section.index);
      const confidence = citation.kind === "reference" ? 0.9 : 0.8;
      edge(
        "INTRODUCED_IN",
        ["Model", section.model.id],
        ["Paper", paperId],
        citation.line,
        "model-citation",
        confidence,
      );
    }
  });

  for (const paper of record.describedPapers) {
    const paperId = paperIdOf(paper);
    if (!paperId) continue;
    node(
      "Paper",
      paperId,
      paperProps(paperId, paper.arxivId),
      paperDefaults({ ...paper, year: null, venue: null }),
    );
    edge("DESCRIBES", note, ["Paper", paperId], paper.line, paper.rule, paper.confidence);
    authorsOf(["Paper", paperId], paper.authors, paper.line);
    // The note's one model; in a note about several (Faster R-CNN and its RPN), the one the
    // paper's title names before its colon.
    const introduced = subject ?? subjectNamedByTitle(record.subjects, paper.title, vocabulary);
    if (introduced) {
      modelNode(introduced);
      edge(
        "INTRODUCED_IN",
        ["Model", introduced.id],
        ["Paper", paperId],
        paper.line,
        "model-paper/note-subject",
        0.85,
      );
    }
  }

  // An index row says the note it links to describes the paper it links to (and its model).
  for (const row of record.indexRows) {
    const target = assets.notes[row.target];
    const paperId = paperIdOf({ arxivId: row.arxivId, doi: row.doi, title: null });
    // A note named by its paper's title (`papers/Language-driven Semantic Segmentation.md`)
    // titles the row's paper until arXiv's record does; a note citing that title joins it.
    const fileTitle = paperId ? noteLinkPaperTitle(null, decodeURIComponentSafe(row.target), 3) : null;
    if (paperId && fileTitle) {
      node(
        "Paper",
        paperId,
        { name: null, arxivId: row.arxivId },
        paperDefaults({ ...row, title: fileTitle, year: null, venue: null }),
      );
    }
    if (!target || target === record.path || !paperId) continue;
    const linked: [NodeLabel, string] = ["Note", noteId(target)];
    node("Note", noteId(target), { name: target.split("/").pop() ?? target, path: target });
    node(
      "Paper",
      paperId,
      { name: null, arxivId: row.arxivId },
      paperDefaults({ ...row, title: null, year: null, venue: null }),
    );
    edge("DESCRIBES", linked, ["Paper", paperId], row.line, "paper/index-row", 0.8);
    const model = row.modelName
      ? resolveModel(row.modelName, vocabulary, "model/index-row", 0.75, row.line)
      : null;
    if (model) {
      modelNode(model);
      edge("DESCRIBES", linked, ["Model", model.id], row.line, "model/index-row", 0.75);
      edge("INTRODUCED_IN", ["Model", model.id], ["Paper", paperId], row.line, "model/index-row", 0.8);
    }
  }

  // In a note about several models, the one its title is named for (`Faster R-CNN` of
  // `Faster R-CNN: ... with Region Proposal Networks`) is what a figure outside their sections shows.
  const titled = record.subjects.filter((model) => TITLE_RULES.has(model.rule));
  const titleModel = !subject && titled.length === 1 ? (titled[0] ?? null) : null;
  for (const figure of record.figures) {
    const asset = assets.figures[figure.src];
    const id = figureId(asset?.hash ?? "");
    const section = sectionOf(figure.section);
    node("Figure", id, {
      name: figure.alt ?? figure.caption ?? figureFileName(figure.src),
      src: figure.src.startsWith("data:") ? `${figure.src.slice(0, 40)}…` : figure.src,
      alt: figure.alt,
      caption: figure.caption,
      section: section?.heading || null,
      localPath: asset?.localPath ?? null,
      bytes: asset?.bytes ?? null,
      format: asset?.format ?? null,
      width: asset?.width ?? null,
      height: asset?.height ?? null,
    });
    edge("HAS_FIGURE", note, ["Figure", id], figure.line, "figure");
    // Rule `figure-decoration`: an avatar, a QR code or a logo illustrates no model.
    if (isDecoration(figure.src, figure.alt)) continue;
    const outlined = section?.model ? null : outlineModel(figure.outline ?? [], record.subjects);
    if (section?.model) {
      edge("ILLUSTRATES", ["Figure", id], ["Model", section.model.id], figure.line, "figure-section", 0.9);
    } else if (outlined) {
      const rule = "figure-outline-item";
      edge("ILLUSTRATES", ["Figure", id], ["Model", outlined.id], figure.line, rule, confidenceOf(rule));
    } else if (subject) {
      edge("ILLUSTRATES", ["Figure", id], ["Model", subject.id], figure.line, "figure-note-subject", 0.7);
    } else if (titleModel) {
      const rule = "figure-title-model";
      edge("ILLUSTRATES", ["Figure", id], ["Model", titleModel.id], figure.line, rule, confidenceOf(rule));
    }
  }

  for (const link of record.links) {
    const section = sectionOf(link.section);
    if (link.kind === "github") {
      const repo = parseGithubRepo(link.target);
      if (!repo) continue;
      node("Repository", repo.id, {
        name: `${repo.owner}/${repo.repo}`,
        url: repo.url,
        owner: repo.owner,
        repo: repo.repo,
      });
      const model = sectionModel(section);
      if (model) edge("HAS_CODE", model, ["Repository", repo.id], link.line, "github-link", 0.9);
      else edge("REFERENCES", note, ["Repository", repo.id], link.line, "github-link");
    } else if (link.kind === "web") {
      const url = normalizeUrl(link.target);
      node("WebResource", urlId(link.target), {
        name: link.text ?? url,
        url: link.target,
        title: link.text,
        host: hostOf(link.target),
      });
      edge("REFERENCES", note, ["WebResource", urlId(link.target)], link.line, "web-link");
    } else {
      const target = assets.notes[link.target];
      if (!target) {
        // A note not in the vault, linked by its paper's title: the note cites the paper by title.
        const title = noteLinkPaperTitle(link.text, link.target, 4);
        if (title) {
          const paperId = titlePaperId(title);
          node("Paper", paperId, paperProps(paperId, null), paperDefaults({ ...NO_CITATION_DETAILS, title }));
          edge("CITES", note, ["Paper", paperId], link.line, "citation-note-title");
        }
        continue;
      }
      if (target === record.path) continue;
      node("Note", noteId(target), { name: target.split("/").pop() ?? target, path: target });
      // A link shown as a paper's title: once the notes are written, the note cites the paper
      // the linked note describes (src/graph/linked-citations.ts).
      const titled = noteLinkPaperTitle(link.text, link.target, 3) !== null;
      edge(
        "LINKS_TO",
        note,
        ["Note", noteId(target)],
        link.line,
        titled ? "paper-title-link" : link.kind === "wikilink" ? "wikilink" : "relative-link",
      );
    }
  }

  return { source, nodes, edges };
}

/** The subject whose id the title's `Name:` prefix gives (`Faster R-CNN: Towards ...`). */
function subjectNamedByTitle(
  subjects: readonly ModelRef[],
  title: string | null,
  vocabulary: Vocabulary,
): ModelRef | null {
  const name = title ? titlePrefixName(title) : null;
  const named = name ? resolveModel(name, vocabulary, "model-paper/note-subject", 1, 0) : null;
  return named ? (subjects.find((candidate) => candidate.id === named.id) ?? null) : null;
}

/** A term a rule found outside the vocabulary, as an entry: its name as written. */
function adhocEntry(term: NoteRecord["terms"][number]): VocabularyEntry | null {
  if (!term.adhoc) return null;
  return {
    kind: term.kind,
    id: term.id,
    name: term.adhoc.name,
    nameZh: null,
    fullName: term.adhoc.fullName,
    aliases: [],
    description: null,
  };
}

export function termProps(entry: VocabularyEntry): NodeRecord["props"] {
  const props: NodeRecord["props"] = {
    name: entry.name,
    nameZh: entry.nameZh,
    aliases: entry.aliases,
  };
  if (entry.kind === "loss") props.fullName = entry.fullName;
  else props.description = entry.description;
  return props;
}

/** The rule that found a citation; a paper link's depends on whether its text is a whole title. */
function citationRule(citation: CitationOccurrence): RuleId {
  if (citation.kind !== "link") return `citation-${citation.kind}`;
  return citation.title ? "citation-link" : "citation-link-name";
}

function citationConfidence(citation: CitationOccurrence): number {
  return confidenceOf(citationRule(citation));
}

const NO_CITATION_DETAILS = { arxivId: null, doi: null, year: null, venue: null } as const;

function paperIdOf(citation: Pick<CitationOccurrence, "arxivId" | "doi" | "title" | "url">): string | null {
  if (citation.arxivId) return arxivPaperId(citation.arxivId);
  if (citation.doi) return doiPaperId(citation.doi);
  if (citation.title) return titlePaperId(citation.title);
  if (citation.url) return urlPaperId(citation.url);
  return null;
}

/** A paper known only by its title carries the title key its id ends with (src/graph/ids.ts). */
function paperProps(paperId: string, arxivId: string | null): NodeRecord["props"] {
  const props: NodeRecord["props"] = { name: null, arxivId };
  if (paperId.startsWith(TITLE_PAPER_PREFIX)) props.titleKey = paperId.slice(TITLE_PAPER_PREFIX.length);
  return props;
}

/**
 * What a citation says about its paper, written only where nothing better is stored: an
 * arXiv record (ingest/arxiv/) is the authority, and a note re-ingested later must not
 * overwrite its title with the note's transcription.
 */
function paperDefaults(
  citation: Pick<CitationOccurrence, "arxivId" | "doi" | "title" | "year" | "venue" | "url" | "name">,
): NonNullable<NodeRecord["defaults"]> {
  const url = citation.arxivId
    ? `https://arxiv.org/abs/${citation.arxivId}`
    : citation.doi
      ? `https://doi.org/${citation.doi}`
      : (citation.url ?? null);
  return {
    name: citation.title ?? citation.name ?? null,
    title: citation.title,
    titleKey: citation.title ? paperTitleKey(citation.title) : null,
    doi: citation.doi,
    url,
    year: citation.year,
    venue: citation.venue,
  };
}

/** `https://host/a/b.png?x=1#c` -> `b.png`; a data URI -> `embedded image`. */
function figureFileName(src: string): string {
  if (src.startsWith("data:")) return "embedded image";
  const path = src.split(/[?#]/)[0] ?? src;
  return path.split("/").filter(Boolean).pop() ?? src;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}
