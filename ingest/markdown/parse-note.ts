/**
 * parseNote(text, path, vocabulary) -> NoteRecord: the pure heart of the Markdown ingestor.
 * One remark parse per note (plus the prose CommonMark leaves inside HTML blocks); the note
 * is cut into sections by heading, and every block's prose, term, citation, figure and link
 * is recorded with its line and section. Then the rules decide what the note and each section
 * are about (rules/models.ts), what each term means and how it relates to its section's model
 * (rules/terms.ts), and which papers the note describes (rules/papers.ts). No I/O: figure
 * files and link targets are resolved later (resolve-assets.ts).
 */
import type {
  Code,
  Html,
  Image,
  Link,
  Definition as LinkDefinition,
  Nodes,
  Paragraph,
  Root,
  RootContent,
} from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import { isFolderIndex, paperTitleKey, parseGithubRepo } from "../../src/graph/ids.js";
import type { Problem } from "../../src/problems.js";
import { groupBy } from "../../src/store/collections.js";
import { bibtexCitations } from "./bibtex.js";
import { findCitations, findIdentifiers, inlineCitations } from "./citations.js";
import { findCiteKeys } from "./citekeys.js";
import { blankContainerFences } from "./container-fences.js";
import {
  EMPTY_FRONT_MATTER,
  type FrontMatter,
  parseFrontMatter,
  parsePageProperties,
  withEnglishKeys,
} from "./front-matter.js";
import { expandHtmlBlocks } from "./html-prose.js";
import {
  findHtmlImages,
  findInlineTags,
  findJsxImages,
  findShortcodeFigures,
  findUnparsedImages,
  findWikiRefs,
  isBadge,
  lineAt,
  looksLikeImage,
} from "./inline-refs.js";
import { isReferenceHeading, parseLooseReference } from "./loose-references.js";
import { parseMarkdown } from "./markdown-ast.js";
import { cleanHeading, isFullTitle, isStructuralHeading, nameShape, titlePrefixName } from "./names.js";
import { noteMeta } from "./note-meta.js";
import {
  CARD_DEPTH,
  type CitationOccurrence,
  type DescribedPaper,
  type FigureOccurrence,
  type IndexRow,
  type LinkOccurrence,
  type ModelLink,
  type ModelMention,
  type ModelRef,
  type NoteRecord,
  type Section,
  type TitledModel,
} from "./note-record.js";
import { isPaperUrl, paperLinkTitle, paperTitleShape, unifyLinkTitles } from "./paper-links.js";
import { foldCjkRadicals, proseOf, type Span } from "./prose.js";
import { findProseTitles, looksLikeAuthorList } from "./prose-titles.js";
import { promoteMailSubjects, promoteMarkerLines, promoteTitleLine } from "./pseudo-headings.js";
import { splitHomonyms } from "./rules/homonyms.js";
import { findLineage } from "./rules/lineage.js";
import { findFormulaLosses } from "./rules/loss-phrases.js";
import {
  headingModel,
  lineageOfName,
  MODEL_THRESHOLD,
  modelsOfPapers,
  noteSubjects,
  resolveModel,
} from "./rules/models.js";
import { headingPaperCards, titlesOfPaperCards } from "./rules/paper-cards.js";
import { describedPapers, joinDoisToArxiv, LINK_LINE, leadSections, TITLE_LINE } from "./rules/papers.js";
import { confidenceOf } from "./rules/registry.js";
import { termHits } from "./rules/term-hits.js";
import { classifyTerms } from "./rules/term-pass.js";
import type { BlockView } from "./rules/terms.js";
import type { Vocabulary } from "./vocabulary.js";

export interface ParseResult {
  /** Null when the note failed (an error problem); nothing of it should be stored. */
  record: NoteRecord | null;
  problems: Problem[];
}

/** Strip a byte-order mark and turn CRLF / CR line endings into LF. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/**
 * `## P4 DT 核心思想` in a note about Decision Transformer: a section named by the initials of
 * the note's subject (a name of two words or more) is the subject's.
 */
function sectionsByInitials(sections: Section[], subjects: readonly ModelRef[]): void {
  for (const section of sections) {
    const model = section.model;
    if (!model || !/^[A-Z]{2,5}$/.test(model.name)) continue;
    const subject = subjects.find(
      (candidate) => candidate.id !== model.id && initials(candidate.name) === model.name,
    );
    if (subject) section.model = { ...model, id: subject.id, name: subject.name, known: subject.known };
  }
}

function initials(name: string): string {
  const words = name.split(/[\s-]+/).filter((word) => /^[A-Za-z]/.test(word));
  return words.length >= 2 ? words.map((word) => (word[0] ?? "").toUpperCase()).join("") : "";
}

/**
 * In a note written as an outline (a mind map's export), the top-level items that are only a
 * name and hold several items of their own: each stands where a heading would.
 */
function outlineHeads(blocks: readonly BlockView[]): { text: string; line: number }[] {
  const children = new Map<string, number>();
  for (const block of blocks) {
    const head = block.outline?.[0];
    if (head !== undefined) children.set(head, (children.get(head) ?? 0) + 1);
  }
  return (
    blocks
      .filter((block) => block.itemStart && (block.outline?.length ?? 0) === 0)
      .map((block) => ({ text: (block.text.split("\n")[0] ?? "").trim(), line: block.line }))
      // (`- EBNN: Explanation-Based Neural Network` defines a name; a branch is the name alone.)
      .filter(
        (item) =>
          item.text.length <= 40 && !/[:：,，。]/.test(item.text) && (children.get(item.text) ?? 0) >= 3,
      )
  );
}

interface SectionDraft {
  section: Section;
  blocks: RootContent[];
}

export function parseNote(rawText: string, path: string, vocabulary: Vocabulary): ParseResult {
  const text = normalizeText(rawText);
  const problems: Problem[] = [];
  const root = expandHtmlBlocks(parseMarkdown(blankContainerFences(text, /\.mdx$/i.test(path))));

  let frontMatter: FrontMatter = EMPTY_FRONT_MATTER;
  const first = root.children[0];
  if (first && (first.type === "yaml" || first.type === "toml")) {
    const parsed = parseFrontMatter(
      { format: first.type, value: first.value, startLine: first.position?.start.line ?? 1 },
      path,
    );
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === "error")) return { record: null, problems };
    frontMatter = withEnglishKeys(parsed.frontMatter);
  } else if (first?.type === "paragraph" && first.position) {
    // Logseq's page properties open the file as a paragraph of `key:: value` lines: metadata, not prose.
    const { start, end } = first.position;
    const properties = parsePageProperties(text.split("\n").slice(start.line - 1, end.line), start.line);
    if (properties) {
      frontMatter = properties;
      root.children.shift();
    }
  }

  if (typeof frontMatter.data.title !== "string") promoteTitleLine(root);
  promoteMarkerLines(root);
  promoteMailSubjects(root);
  const drafts = splitSections(root);
  const firstHeadingDraft = drafts.find((d) => d.section.depth > 0);
  const firstHeading = firstHeadingDraft?.section.heading ?? null;
  const bodyText = mdastToString(root);
  // `# 论文信息` or `# Introduction` opening a note is its first section, not its title: the file names it.
  const titleHeading = firstHeading && !isStructuralHeading(firstHeading) ? firstHeading : null;
  const { meta, problems: metaProblems } = noteMeta(frontMatter, {
    path,
    firstHeading: titleHeading,
    body: bodyText,
  });
  problems.push(...metaProblems);

  const collector = new Collector(imageDefinitions(root, text));
  for (const draft of drafts) collector.collectSection(draft);
  collector.citations = unifyLinkTitles(collector.citations);
  titleArxivLinks(collector);
  titleNamedIds(collector);
  titleFieldPairs(collector);
  titlesOfPaperCards(collector.blocks, collector.citations);
  headingPaperCards(collector.blocks, collector.citations, firstHeadingDraft?.section.index);
  const { hits, definitions } = termHits(
    collector.blocks,
    vocabulary,
    drafts.map((d) => d.section.depth),
  );
  const modelLinks: ModelLink[] = [];
  // A README or `_index.md` is its folder's index: its title heading names a topic, not a model.
  const indexNote = isFolderIndex(path);
  assignSectionModels(drafts, collector, vocabulary, modelLinks, {
    firstHeading: firstHeadingDraft?.section.index,
    titleSection: indexNote ? firstHeadingDraft?.section.index : undefined,
  });
  const sections = drafts.map((d) => d.section);
  const titleLine = meta.keyLines.title ?? firstHeadingDraft?.section.line ?? 1;
  // What says which paper a note is about, for describedPapers (rules/papers.ts), read once.
  const paperInput = {
    frontMatter: frontMatter.data,
    keyLines: frontMatter.keyLines,
    firstHeading: firstHeadingDraft
      ? {
          text: firstHeadingDraft.section.heading,
          line: firstHeadingDraft.section.line,
          depth: firstHeadingDraft.section.depth,
          next: firstBlockText(firstHeadingDraft),
        }
      : null,
    sections,
    fileStem:
      path
        .split("/")
        .pop()
        ?.replace(/\.(?:md|markdown)$/i, "") ?? "",
    citations: collector.citations,
    preamble: preambleLines(collector.blocks, sections),
  };
  const declaredPapers = describedPapers({ ...paperInput, subjectCount: 1 });
  const subjects = noteSubjects(
    {
      path,
      title: meta.title,
      titleLine,
      paperTitles: declaredPapers
        .filter((paper) => paper.rule === "paper/metadata-title" && paper.title)
        .map((paper) => ({ title: paper.title as string, line: paper.line })),
      paperModels: modelsOfPapers(
        declaredPapers,
        collector.citations,
        bodyText,
        vocabulary,
        titleHeading ? cleanHeading(titleHeading) : null,
      ),
      firstHeading:
        titleHeading && firstHeadingDraft?.section.depth === 1
          ? { text: titleHeading, line: firstHeadingDraft.section.line }
          : null,
      frontMatter: frontMatter.data,
      keyLines: frontMatter.keyLines,
      blocks: collector.blocks.map((b) => ({ text: b.text, line: b.line, listItem: b.listKey !== null })),
      outlineHeads: outlineHeads(collector.blocks),
      // A definition in the note's abstract is the paper's own: `Vision Transformer (ViT) attains ...`.
      definitions: definitions.map((definition) => ({
        ...definition,
        inAbstract: /abstract|摘要|tl;?dr/i.test(
          sections[collector.blocks[definition.block]?.section ?? 0]?.heading ?? "",
        ),
      })),
      sectionModels: new Set(drafts.filter((d) => d.section.opensModel).map((d) => d.section.model?.id)).size,
    },
    vocabulary,
  );
  for (const subject of subjects) {
    const link = lineageOfName(subject, null, vocabulary);
    if (link) modelLinks.push(link);
  }

  sectionsByInitials(sections, subjects);

  const terms = classifyTerms({
    hits,
    blocks: collector.blocks,
    sections,
    subjects,
    definitions,
    vocabulary,
  });
  const modelMentions: ModelMention[] = terms.longerNames
    .map(({ name, line, section }) => ({
      model: resolveModel(name, vocabulary, "sense/longer-name", confidenceOf("term"), line) as ModelRef,
      section,
    }))
    .filter((mention) => mention.model !== null);
  for (const mention of modelMentions) {
    const link = lineageOfName(mention.model, null, vocabulary);
    if (link?.type === "VARIANT_OF") modelLinks.push(link);
  }

  const described = describedPapers({ ...paperInput, subjectCount: subjects.length });

  const papers = titleFromOwnName(
    titleFromOpening(described, collector, firstHeadingDraft?.section.index ?? 0),
    collector,
    subjects,
  );

  const titledModels: TitledModel[] = [];
  collector.citations.forEach((citation, index) => {
    const name = citation.title ? titlePrefixName(citation.title) : null;
    if (!name) return;
    const model = resolveModel(
      name,
      vocabulary,
      "model/reference-title-prefix",
      confidenceOf("model/reference-title-prefix"),
      citation.line,
    );
    if (model) titledModels.push({ model, citation: index });
  });
  // Not a survey (its sections have models) and not a reference list: `- [QLoRA: ...](...)` under
  // `## References` is cited, not what the note is about.
  if (subjects.length === 0 && !indexNote && !sections.some((section) => section.opensModel))
    subjects.push(
      ...digestModels(titledModels, collector, (section) =>
        isReferenceHeading(sections[section]?.heading ?? ""),
      ),
    );

  const parts = splitHomonyms(
    {
      sections,
      terms: terms.occurrences,
      citations: joinDoisToArxiv(collector.citations, papers),
      figures: collector.figures,
      links: collector.links,
      lineage: findLineage(
        collector.blocks,
        sections,
        subjects.length === 1 ? (subjects[0] ?? null) : null,
        vocabulary,
      ),
      subjects,
      describedPapers: papers,
      titledModels,
      modelMentions,
      modelLinks,
      indexRows: indexRows(collector),
      inlineTags: collector.inlineTags,
      citeKeys: collector.citeKeys,
    },
    vocabulary,
  );
  return {
    record: { path, meta, ...parts },
    problems,
  };
}

function lineOf(node: { position?: { start: { line: number } } | undefined }): number {
  return node.position?.start.line ?? 1;
}

/** The lines of the blocks before the note's first sub-section (and under a top-level title). */
function preambleLines(
  blocks: readonly (BlockView & { cite: string })[],
  sections: readonly Section[],
): { text: string; cite: string; line: number }[] {
  const lead = new Set(leadSections(sections));
  return blocks
    .filter((block) => lead.has(block.section) && block.kind !== "heading")
    .flatMap((block) => {
      const cites = block.cite.split("\n");
      return block.text
        .split("\n")
        .map((text, i) => ({ text, cite: cites[i] ?? text, line: block.line + i }));
    });
}

function firstBlockText(draft: SectionDraft): { text: string; emphasisOnly: boolean } | null {
  const block = draft.blocks.find((b) => b.type !== "heading" && b.type !== "html");
  if (block?.type !== "paragraph") return null;
  const emphasisOnly = block.children.every(
    (child) =>
      child.type === "emphasis" || child.type === "strong" || (child.type === "text" && !child.value.trim()),
  );
  return { text: mdastToString(block), emphasisOnly };
}

function splitSections(root: Root): SectionDraft[] {
  const drafts: SectionDraft[] = [
    { section: { index: 0, heading: "", depth: 0, line: 1, model: null, opensModel: false }, blocks: [] },
  ];
  const open = (heading: string, depth: number, node: RootContent) =>
    drafts.push({
      section: { index: drafts.length, heading, depth, line: lineOf(node), model: null, opensModel: false },
      blocks: [node],
    });
  const cards = root.children.filter((node) => node.type === "thematicBreak").length >= 2;
  let afterBreak = false;
  for (const node of root.children) {
    if (node.type === "yaml" || node.type === "toml") continue;
    if (node.type === "heading") {
      open(foldCjkRadicals(mdastToString(node).trim()), node.depth, node);
      afterBreak = false;
      continue;
    }
    if (node.type === "thematicBreak") afterBreak = true;
    const lead = node.type === "paragraph" ? cardLead(node, cards && afterBreak) : null;
    if (lead) {
      open(foldCjkRadicals(lead), CARD_DEPTH, node);
      afterBreak = false;
      continue;
    }
    // A card's date line or its tags come before its lead.
    if (node.type === "paragraph" && !CARD_PREAMBLE.test(mdastToString(node).trim())) afterBreak = false;
    drafts.at(-1)?.blocks.push(node);
  }
  return drafts;
}

/** `2023-03-01 22:14`, `#论文/对比学习 #SimCLR`: what opens a card before its lead. */
const CARD_PREAMBLE =
  /^(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|(?:#[^\s#]+\s*)+)$/u;

/**
 * The heading a paragraph stands for, when it stands for one: a paragraph that is only bold
 * text (`**一、动机**`, as WeChat posts and Notion exports write their headings), or, in a note of
 * cards separated by `---` (flomo, a slide deck), the bold name that opens a card's first
 * paragraph (`**SimCLR**（Chen et al. · ICML 2020）arxiv 2002.05709`).
 */
function cardLead(node: Paragraph, opensCard: boolean): string | null {
  const first = node.children[0];
  if (first?.type !== "strong") return null;
  const bold = mdastToString(first)
    .trim()
    .replace(/[:：]$/, "");
  if (!bold || bold.length > 40 || /[。！？!?]$/.test(bold)) return null;
  const alone = node.children.every(
    (child) => child === first || (child.type === "text" && !child.value.trim()),
  );
  return alone || opensCard ? bold : null;
}

/**
 * Each section's model: its own heading's (rules/models.ts), else its parent section's.
 * Headings spelled like plain words (Flamingo) count when sibling sections are model
 * sections too (a survey post), so the weak ones are decided after their siblings.
 */
function assignSectionModels(
  drafts: SectionDraft[],
  collector: Collector,
  vocabulary: Vocabulary,
  links: ModelLink[],
  /** The note's first heading, and the one that titles a folder's index (no model's section). */
  { firstHeading, titleSection }: { firstHeading?: number; titleSection?: number },
): void {
  const parents = new Map<number, number>();
  const own = new Map<number, ReturnType<typeof headingModel>>();
  const open: Section[] = [];
  const leadCitations = groupBy(
    collector.citations.filter((c) => c.leadsSection),
    (c) => c.section,
  );
  const bodies = groupBy(
    collector.blocks.filter((b) => b.kind !== "heading"),
    (b) => b.section,
  );
  // The names in a table's model column (`| Wide & Deep | ... |` under `| 模型 | 论文 | ... |`).
  const tableRows = new Set(collector.blocks.flatMap((block) => (block.cell ? [block.cell.rowName] : [])));
  for (const { section, blocks } of drafts) {
    if (section.depth === 0) continue;
    while (open.length && (open.at(-1)?.depth ?? 0) >= section.depth) open.pop();
    parents.set(section.index, open.at(-1)?.index ?? 0);
    open.push(section);
    const firstBlock = blocks.find((block) => block.type !== "heading" && block.type !== "html");
    const firstCitations = firstBlock ? (leadCitations.get(section.index) ?? []) : [];
    const opensWithCitation = firstBlock?.type === "paragraph" && firstCitations.length > 0;
    const opensWithReference = opensWithCitation && firstCitations.some((c) => c.kind === "reference");
    const body = (bodies.get(section.index) ?? []).map((b) => b.text).join("\n");
    const named =
      section.index === titleSection
        ? null
        : headingModel(
            {
              heading: section.heading,
              line: section.line,
              opensWithCitation,
              opensWithReference,
              body,
              opensNote: section.depth === 1 && section.index === firstHeading,
            },
            vocabulary,
          );
    own.set(
      section.index,
      named ??
        (section.index === titleSection
          ? null
          : (cardModel(section, firstCitations, vocabulary) ??
            tableRowModel(section, tableRows, vocabulary))),
    );
  }
  // Sibling support: among sections of one parent, two or more clear model sections make a weak one count.
  const strongByParent = new Map<number, number>();
  for (const [index, found] of own) {
    if (found && found.model.confidence >= 0.75) {
      const parent = parents.get(index) ?? 0;
      strongByParent.set(parent, (strongByParent.get(parent) ?? 0) + 1);
    }
  }
  // A plain word that heads two sections or more (`## Paraformer：动机`, `## Paraformer 结构`) is a name.
  const headed = new Map<string, number>();
  for (const found of own.values())
    if (found) headed.set(found.model.id, (headed.get(found.model.id) ?? 0) + 1);
  for (const [index, found] of own) {
    if (!found || found.model.confidence >= MODEL_THRESHOLD) continue;
    if ((strongByParent.get(parents.get(index) ?? 0) ?? 0) >= 2 || (headed.get(found.model.id) ?? 0) >= 2) {
      found.model = { ...found.model, confidence: Math.min(0.9, found.model.confidence + 0.2) };
    }
  }
  for (const { section } of drafts) {
    if (section.depth === 0) continue;
    const found = own.get(section.index);
    if (found && found.model.confidence >= MODEL_THRESHOLD) {
      section.model = found.model;
      section.opensModel = true;
      if (found.also.length) section.alsoModels = found.also;
      const link = lineageOfName(found.model, found.extends, vocabulary);
      if (link) links.push(link);
      continue;
    }
    const parent = drafts[parents.get(section.index) ?? 0]?.section;
    section.model = parent?.model ?? null;
  }
}

/** Where a block stands: what the walk knows about its containers. */
/** A table column of models: `| Model | Paper | Loss |`, `| 模型 | 论文 | 损失函数 |`. */
const MODEL_COLUMN = /^(?:models?|methods?|模型|方法|算法)$/i;
/** The first header cell of a table that compares systems column by column: empty, or what the rows are. */
const COLUMN_LABEL =
  /^(?:|aspects?|features?|dimensions?|criteri(?:on|a)|items?|properties|维度|对比项|项目|方面|特性)$/i;

interface WalkContext {
  /** The block is in a list that a label such as `延伸阅读：` makes a references list. */
  references?: boolean;
  /** The section's first block (where a model's paper is cited). */
  leads: boolean;
  /** The list the block is in, and whether it opens its item. */
  list: string | null;
  itemStart: boolean;
  /** The table row or list item the block is in: an index row links a note to its paper. */
  row: string | null;
  /** The first line of the list item this list hangs under (an outline's heading). */
  parentItem: string | null;
  /** The table the block is in, by its first line: a column is read as a list. */
  table?: string;
  /** Its header row's cells, when one of them heads a column of models (`| Model | Loss |`). */
  tableHeader?: string[];
  /** The cell's column header and its row's model cell (in a data row of such a table). */
  cell?: { header: string; rowName: string };
  /**
   * A comparison laid out by columns (`| | HF-Rank v7 | DCN-V2 |`, its first header cell empty or
   * a label): the headers, one per compared system.
   */
  columnHeaders?: string[];
  /** In a data row of such a table: the cell's column header (none for the row's label). */
  columnHeader?: string;
  /** The first lines of every list item the block hangs under, outermost first. */
  outline: readonly string[];
  next: RootContent | undefined;
}

/**
 * `## Reading group slides` opening with a paper card (`- Direct Preference Optimization: Your
 * Language Model is ...`, its authors, venue and link): a section given to one paper is its
 * model's, named before the title's colon. A structural heading (`## Related Work`) is not.
 */
function cardModel(
  section: Section,
  leadCitations: readonly CitationOccurrence[],
  vocabulary: Vocabulary,
): ReturnType<typeof headingModel> {
  const cards = leadCitations.filter((citation) => citation.card && citation.title);
  const name = cards.length === 1 && cards[0]?.title ? titlePrefixName(cards[0].title) : null;
  if (!name || isStructuralHeading(section.heading) || isReferenceHeading(section.heading)) return null;
  const model = resolveModel(
    name,
    vocabulary,
    "model/reference-title-prefix",
    confidenceOf("model/reference-title-prefix"),
    cards[0]?.line ?? section.line,
  );
  return model ? { model, extends: null, also: [] } : null;
}

/**
 * `### Wide & Deep` in a note whose comparison table lists `Wide & Deep` in its model column:
 * the table says the heading is a model's name, though it is not spelled like one.
 */
function tableRowModel(
  section: Section,
  rows: ReadonlySet<string>,
  vocabulary: Vocabulary,
): ReturnType<typeof headingModel> {
  const heading = cleanHeading(section.heading);
  if (!rows.has(heading) || isStructuralHeading(heading) || heading.length > 40) return null;
  const model = resolveModel(
    heading,
    vocabulary,
    "model/heading-name",
    confidenceOf("model/heading-name"),
    section.line,
  );
  return model ? { model, extends: null, also: [] } : null;
}

/** A paper link (`[CLIP](https://arxiv.org/pdf/2103.00020.pdf)`) with its text and the row it stands in. */
export interface PaperLink {
  row: string | null;
  text: string;
  arxivId: string | null;
  doi: string | null;
  line: number;
}

/**
 * `[image1]: images/image1.png` at the end of a Google Docs export: the targets that reference-style
 * images (`![][image1]`) name, by their normalised label.
 */
function imageDefinitions(root: Root, text: string): Map<string, string> {
  const found = new Map<string, string>();
  // (A walk of the whole tree, for the few notes that hold a reference-style image.)
  if (!/!\[[^\]\n]*\]\[/.test(text)) return found;
  visit(root, "definition", (node) => {
    if (!found.has(node.identifier)) found.set(node.identifier, node.url);
  });
  return found;
}

class Collector {
  constructor(private readonly definitions: ReadonlyMap<string, string> = new Map()) {}

  /** `cite`: the block's text with link targets kept, where identifiers are looked for. */
  blocks: (BlockView & { kind: BlockView["kind"]; cite: string })[] = [];
  citations: CitationOccurrence[] = [];
  citeKeys: NoteRecord["citeKeys"] = [];
  figures: FigureOccurrence[] = [];
  links: (LinkOccurrence & { row: string | null })[] = [];
  paperLinks: PaperLink[] = [];
  inlineTags: { name: string; line: number }[] = [];

  collectSection({ section, blocks }: SectionDraft): void {
    const leading = blocks.find((block) => block.type !== "heading" && block.type !== "html");
    blocks.forEach((block, index) => {
      const before = blocks[index - 1];
      this.walk(block as Nodes, section, {
        // `延伸阅读：`, `References:` alone above a list: the list is a references list.
        references:
          block.type === "list" && before?.type === "paragraph" && isReferenceHeading(mdastToString(before)),
        leads: block === leading,
        list: null,
        itemStart: false,
        row: null,
        parentItem: null,
        outline: [],
        next: blocks[index + 1],
      });
    });
  }

  private walk(node: Nodes, section: Section, context: WalkContext): void {
    switch (node.type) {
      case "heading":
        this.textBlock(node, section, "heading", context);
        return;
      case "paragraph":
      case "tableCell":
        this.textBlock(node, section, node.type === "paragraph" ? "paragraph" : "tableCell", context);
        this.inline(node, section, context);
        return;
      case "math":
        this.textBlock(node, section, "paragraph", context);
        return;
      case "code":
        this.codeBlock(node, section, context);
        return;
      case "definition":
        this.linkDefinition(node, section);
        return;
      case "footnoteDefinition":
        // `[^1]: Baevski et al., wav2vec 2.0: A Framework ..., NeurIPS 2020, arXiv:2006.11477`: a
        // footnote holds a reference, read as a references list's line is.
        for (const child of node.children)
          this.walk(child as Nodes, section, { ...context, references: true });
        return;
      case "html":
        this.collectHtml(node, section, context.outline);
        return;
      case "list": {
        const key = `list-${section.index}-${lineOf(node)}`;
        for (const item of node.children)
          this.walk(item, section, { ...context, list: key, itemStart: false });
        return;
      }
      case "listItem": {
        const row = `item-${lineOf(node)}`;
        const first = node.children[0];
        const head = first?.type === "paragraph" ? (proseOf(first).text.split("\n")[0] ?? null) : null;
        node.children.forEach((child, i) => {
          this.walk(child as Nodes, section, {
            ...context,
            itemStart: i === 0,
            row,
            // A list nested in this item hangs under its first line, as under a heading.
            parentItem: i === 0 ? context.parentItem : head,
            outline: i === 0 || head === null ? context.outline : [...context.outline, head],
            next: node.children[i + 1] as RootContent | undefined,
          });
        });
        return;
      }
      case "table": {
        const header = node.children[0]?.children.map((cell) => proseOf(cell).text.trim()) ?? [];
        const modelColumn = header.some((text) => MODEL_COLUMN.test(text));
        const byColumns = !modelColumn && header.length >= 3 && COLUMN_LABEL.test(header[0] ?? "");
        node.children.forEach((row, i) => {
          this.walk(row, section, {
            ...context,
            table: `table-${lineOf(node)}`,
            ...(modelColumn && i > 0 ? { tableHeader: header } : {}),
            ...(byColumns && i > 0 ? { columnHeaders: header } : {}),
          });
        });
        return;
      }
      case "tableRow": {
        // A table's column is a list: `ITC`, `ITG`, `ITM` one per row are losses listed together.
        // A row's first cell labels the others, as an item heads what hangs under it
        // (`| 训练目标 | 交叉熵，label smoothing 0.1 |`).
        const first = node.children[0];
        const label = first ? proseOf(first).text.trim() : "";
        const modelAt = context.tableHeader?.findIndex((text) => MODEL_COLUMN.test(text)) ?? -1;
        const modelCell = modelAt >= 0 ? node.children[modelAt] : undefined;
        const rowName = modelCell ? proseOf(modelCell).text.replace(/[*_`]/g, "").trim() : "";
        node.children.forEach((cell, column) => {
          const header = context.tableHeader?.[column];
          this.walk(cell, section, {
            ...context,
            cell: header !== undefined && rowName ? { header, rowName } : undefined,
            columnHeader: column > 0 ? context.columnHeaders?.[column] : undefined,
            row: `row-${lineOf(node)}`,
            list: context.table ? `${context.table}-col-${column}` : context.list,
            parentItem: column > 0 && label && label.length <= 20 ? label : context.parentItem,
          });
        });
        return;
      }
      default:
        if ("children" in node) {
          const children = node.children as Nodes[];
          children.forEach((child, i) => {
            this.walk(child, section, { ...context, next: children[i + 1] as RootContent | undefined });
          });
        }
    }
  }

  private textBlock(node: Nodes, section: Section, kind: BlockView["kind"], context: WalkContext): void {
    const prose = proseOf(node);
    const line = lineOf(node);
    this.blocks.push({
      text: prose.text,
      cite: prose.cite,
      emphasis: prose.emphasis,
      kind,
      listKey: context.list,
      itemStart: context.itemStart,
      parentItem: context.parentItem,
      outline: context.outline,
      section: section.index,
      line,
      ...(context.cell ? { cell: context.cell } : {}),
      ...(context.columnHeader ? { columnHeader: context.columnHeader } : {}),
      ...(context.references ? { references: true } : {}),
    });
    if (kind === "heading") {
      // `## 1. GCN — Kipf & Welling, ICLR 2017 (arXiv 1609.02907)`: an id in a heading is cited too.
      for (const citation of inlineCitations(prose.cite))
        this.citations.push({ ...citation, line, section: section.index, leadsSection: context.leads });
      return;
    }
    const found = findCitations(prose.cite).map((citation) => ({
      ...citation,
      line: lineAt(prose.cite, citation.offset, line),
      section: section.index,
      leadsSection: context.leads,
    }));
    titlesBeforeGenericLinks(prose.cite, line, found);
    this.citations.push(...found);
    for (const { key, offset } of findCiteKeys(prose.cite))
      this.citeKeys.push({ key, line: lineAt(prose.cite, offset, line), section: section.index });
    if (isReferenceHeading(section.heading) || context.references)
      this.looseReferences(prose.text, prose.cite, line, found, section);
    // A block that is a reference line has its title already.
    else if (!found.some((citation) => citation.kind === "reference")) {
      this.proseTitles(prose, line, section, found, context.leads);
      this.referenceFields(prose.text, line, found, section);
    }
    for (const ref of findWikiRefs(prose.cite)) {
      const refLine = lineAt(prose.cite, ref.offset, line);
      if (ref.embed && looksLikeImage(ref.target)) {
        this.figures.push({
          src: ref.target,
          alt: ref.alias && !/^\d+(x\d+)?$/.test(ref.alias) ? ref.alias : null,
          title: null,
          caption: null,
          line: refLine,
          section: section.index,
          outline: context.outline,
        });
      } else {
        this.links.push({
          kind: "wikilink",
          target: ref.target,
          text: ref.alias,
          line: refLine,
          section: section.index,
          row: context.row,
        });
      }
    }
    for (const { offset, ...image } of [
      ...findUnparsedImages(prose.cite),
      ...findJsxImages(prose.cite),
      ...findShortcodeFigures(prose.cite),
    ]) {
      this.figures.push({
        ...image,
        caption: null,
        line: lineAt(prose.cite, offset, line),
        section: section.index,
        outline: context.outline,
      });
    }
    for (const tag of findInlineTags(prose.text)) {
      this.inlineTags.push({ name: tag.name, line: lineAt(prose.text, tag.offset, line) });
    }
  }

  /** Titles of papers set off in italics or quotes in running text (prose-titles.ts). */
  private proseTitles(
    prose: { text: string; cite: string; italics: readonly Span[] },
    line: number,
    section: Section,
    found: CitationOccurrence[],
    leads: boolean,
  ): void {
    for (const { title, offset } of findProseTitles(prose.text, prose.italics)) {
      const at = lineAt(prose.text, offset, line);
      // `*Improved Baselines with ...* (arXiv:2003.04297)`: the title of the id right after it
      // (on the line where the title ends, after the authors in its brackets at most).
      // (The prose blanks links out: what follows the title is read where citations are, which keeps them.)
      const inCite = prose.cite.indexOf(title);
      const after =
        inCite >= 0
          ? prose.cite.slice(inCite + title.length, inCite + title.length + 120)
          : prose.text.slice(offset + title.length, offset + title.length + 120);
      const ends = lineAt(prose.text, offset + title.length, line);
      // (`*Hungry Hungry Hippos: ...*,` then `arXiv:2212.14052)` on the next line: the id's line counts.)
      const idAt = after.search(/arxiv|doi|https?:/i);
      const idLine = idAt >= 0 ? ends + (after.slice(0, idAt).match(/\n/g)?.length ?? 0) : ends;
      const onLine = found.filter(
        (citation) =>
          (citation.line === at || citation.line === ends || citation.line === idLine) &&
          (citation.arxivId || citation.doi),
      );
      // Of several ids on the line (`[[BeT]] (…, arXiv:2206.11251), [[VINN]] ("…", arXiv:2112.01511)`), the first after the title.
      const next =
        inCite >= 0
          ? onLine
              .filter((citation) => citation.offset >= inCite + title.length)
              .sort((a, b) => a.offset - b.offset)[0]
          : undefined;
      const only = onLine.length === 1 ? onLine[0] : next;
      if (only && ID_RIGHT_AFTER.test(after)) {
        if (!only.title) only.title = title;
        continue;
      }
      this.citations.push({
        kind: "title",
        offset,
        arxivId: null,
        doi: null,
        title,
        authors: [],
        year: null,
        venue: null,
        line: at,
        section: section.index,
        leadsSection: leads,
      });
    }
  }

  /**
   * `Ref:: Neural Graph Collaborative Filtering` in a RemNote, Logseq or Dataview outline: a field
   * whose key says it holds a reference gives the paper's title, wherever it stands.
   */
  private referenceFields(
    text: string,
    line: number,
    found: readonly CitationOccurrence[],
    section: Section,
  ): void {
    if (!text.includes("::")) return;
    const explained = new Set(found.map((citation) => citation.line));
    text.split("\n").forEach((lineText, i) => {
      const value = REFERENCE_FIELD.exec(lineText)?.[1];
      if (!value || explained.has(line + i)) return;
      const reference = parseLooseReference(value, { bare: true });
      if (!reference) return;
      this.citations.push(listCitation(reference, line + i, section));
    });
  }

  /**
   * Under a `## References` heading, each line no formal style or identifier explains is read
   * as a reference the way notes write them (`Title, Venue Year`; loose-references.ts).
   */
  private looseReferences(
    text: string,
    cite: string,
    line: number,
    found: readonly CitationOccurrence[],
    section: Section,
  ): void {
    // A reference the formal styles read whole (`[1] W.-N. Hsu, ... "HuBERT: ...` wrapped over
    // three lines) explains every line of its paragraph, not only its first.
    if (found.some((citation) => citation.kind === "reference") && !/\n\s*\[\d{1,4}\]/.test(text)) return;
    const explained = new Set(found.map((citation) => citation.line));
    const citeLines = cite.split("\n");
    text.split("\n").forEach((lineText, i) => {
      if (explained.has(line + i)) {
        // `- Mildenhall, ... Ng. *NeRF: ...* ECCV 2020. https://arxiv.org/abs/2003.08934`: the line's one
        // id gets the title the line gives it.
        const ids = found.filter(
          (citation) => citation.line === line + i && (citation.arxivId || citation.doi),
        );
        const [only] = ids;
        if (ids.length === 1 && only && !only.title && only.kind === "inline") {
          const title = parseLooseReference(
            lineText.replace(/(?:https?:\/\/|arxiv:|doi:)\S+/gi, "").replace(/[\s,;]+$/, ""),
            {},
          )?.title;
          if (title) only.title = title;
        }
        return;
      }
      // A line that is a link (`- [[Momentum Contrast for ...]]` in an index) is that link's, not a bare title.
      const linked = /\[\[|\]\(|<https?:/.test(citeLines[i] ?? "");
      const reference = parseLooseReference(lineText, { bare: !linked });
      if (!reference) return;
      this.citations.push(listCitation(reference, line + i, section));
    });
  }

  /** Images, inline HTML images and links inside a paragraph or table cell. */
  private inline(node: Nodes, section: Section, context: WalkContext): void {
    visit(node, (child, _index, parent) => {
      switch (child.type) {
        case "image":
          this.collectImage(child, section, parent, context);
          return;
        case "imageReference": {
          const url = this.definitions.get(child.identifier);
          if (url) this.collectImage({ ...child, type: "image", url, title: null }, section, parent, context);
          return;
        }
        case "html":
          this.collectHtml(child, section, context.outline);
          return;
        case "link":
          this.collectLink(child, section, context.row);
          return;
        default:
          return;
      }
    });
  }

  /** Code is not prose, but a BibTeX entry in a code block is a reference. */
  private codeBlock(node: Code, section: Section, context: WalkContext): void {
    // A Quarto or R Markdown chunk that shows a figure: `knitr::include_graphics("figs/x.png")`.
    for (const match of node.value.matchAll(INCLUDE_GRAPHICS)) {
      this.figures.push({
        src: match[1] ?? "",
        alt: null,
        title: null,
        caption: null,
        line: lineAt(node.value, match.index, lineOf(node) + 1),
        section: section.index,
        outline: context.outline,
      });
    }
    const bibtex = /^(?:bib|bibtex|biblatex)$/i.test(node.lang ?? "") || /^\s*@\w+\s*\{/.test(node.value);
    if (!bibtex) {
      // What a config declares as its loss reads as a line labelled as the loss would; a formula
      // set as code (`    L^CLIP(θ) = Ê_t [...]`) reads as the formula.
      const formulas = /^(?:|math|latex|tex|katex)$/i.test(node.lang ?? "")
        ? node.value
            .split("\n")
            .map((text, line) => ({ text: text.trim(), line }))
            .filter(({ text }) => findFormulaLosses(text).length > 0)
        : [];
      for (const declared of [
        ...declaredLosses(node.value).map(({ name, line }) => ({ text: `loss: ${name}`, line })),
        ...formulas,
      ]) {
        const text = declared.text;
        this.blocks.push({
          text,
          cite: text,
          emphasis: [],
          kind: "paragraph",
          listKey: null,
          itemStart: false,
          parentItem: null,
          outline: context.outline,
          section: section.index,
          line: lineOf(node) + 1 + declared.line,
        });
      }
      return;
    }
    const line = lineOf(node) + 1;
    const entries = bibtexCitations(node.value);
    for (const citation of entries.length > 0 ? entries : findCitations(node.value)) {
      this.citations.push({
        ...citation,
        kind: entries.length > 0 ? citation.kind : "inline",
        line: lineAt(node.value, citation.offset, line),
        section: section.index,
        leadsSection: false,
      });
    }
  }

  /** `[paper]: https://arxiv.org/abs/...`: a link reference definition can be a citation. */
  private linkDefinition(node: LinkDefinition, section: Section): void {
    const text = `${node.label ?? ""} <${node.url}>`;
    for (const citation of findCitations(text)) {
      this.citations.push({ ...citation, line: lineOf(node), section: section.index, leadsSection: false });
    }
  }

  private collectImage(node: Image, section: Section, parent: unknown, context: WalkContext): void {
    if (isBadge(node.url)) return;
    this.figures.push({
      src: node.url,
      alt: node.alt?.trim() || null,
      title: node.title?.trim() || null,
      caption: findCaption(node, parent, context.next),
      line: lineOf(node),
      section: section.index,
      outline: context.outline,
    });
  }

  private collectHtml(node: Html, section: Section, outline: readonly string[]): void {
    const start = lineOf(node);
    for (const image of findHtmlImages(node.value)) {
      if (isBadge(image.src)) continue;
      const { offset, ...figure } = image;
      this.figures.push({
        ...figure,
        caption: null,
        line: lineAt(node.value, offset, start),
        section: section.index,
        outline,
      });
    }
  }

  private collectLink(node: Link, section: Section, row: string | null): void {
    const url = node.url.trim();
    const line = lineOf(node);
    const text = mdastToString(node).trim() || null;
    if (/^https?:\/\//i.test(url)) {
      // Links to arXiv and DOIs are citations, found in the paragraph's text; their text is kept for index rows.
      const identifier = findIdentifiers(url)[0];
      if (identifier) {
        this.paperLinks.push({
          row,
          text: text ?? "",
          arxivId: identifier.arxivId,
          doi: identifier.doi,
          line,
        });
        return;
      }
      // A PDF or a paper's page on a proceedings site, named by its text: the note cites that paper.
      const title = isPaperUrl(url) && !imageOnly(node) ? paperLinkTitle(text, url) : null;
      if (title) {
        const full = isFullTitle(title);
        this.citations.push({
          kind: "link",
          offset: 0,
          arxivId: null,
          doi: null,
          title: full ? title : null,
          ...(full ? {} : { name: title }),
          url,
          authors: [],
          year: null,
          venue: null,
          line,
          section: section.index,
          // Not a section's lead: a heading is named a model by an arXiv link or a reference line only.
          leadsSection: false,
        });
        return;
      }
      const kind = parseGithubRepo(url) ? "github" : "web";
      this.links.push({
        kind,
        target: url,
        text: text === url ? null : text,
        line,
        section: section.index,
        row,
      });
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("#")) return;
    const path = url.split(/[?#]/)[0] ?? "";
    if (/\.(md|markdown)$/i.test(path)) {
      this.links.push({ kind: "note", target: path, text, line, section: section.index, row });
    }
  }
}

/** A link whose only content is an image (a badge): its alt text names no paper. */
function imageOnly(node: Link): boolean {
  return node.children.length > 0 && node.children.every((child) => child.type === "image");
}

const CAPTION = /^(?:fig(?:ure)?\.?\s*\d+|图\s*\d+|表\s*\d+|table\s*\d+)/i;

/** The figure's caption: its title, text beside it in the same paragraph, or a caption-like paragraph right after. */
function findCaption(image: Image, parent: unknown, nextBlock: RootContent | undefined): string | null {
  if (image.title?.trim()) return image.title.trim();
  if (isParagraph(parent)) {
    const beside = parent.children
      .filter((child) => child !== image)
      .map((child) => mdastToString(child))
      .join("")
      .trim();
    if (beside && beside.length <= 300) return beside;
  }
  if (nextBlock?.type === "paragraph") {
    const onlyEmphasis = nextBlock.children.length === 1 && nextBlock.children[0]?.type === "emphasis";
    const text = mdastToString(nextBlock).trim();
    if (text.length <= 300 && (onlyEmphasis || CAPTION.test(text))) return text;
  }
  return null;
}

function isParagraph(node: unknown): node is Paragraph {
  return typeof node === "object" && node !== null && (node as { type?: unknown }).type === "paragraph";
}

/**
 * Rows of an index: a table row or list item holding one link to a note and links to one
 * paper (`| [✅](./papers/CLIP.md) | 2021 | [CLIP](https://arxiv.org/pdf/2103.00020.pdf) |`).
 */
function indexRows(collector: Collector): IndexRow[] {
  const noteLinks = groupBy(
    collector.links.filter((link) => link.row !== null && (link.kind === "note" || link.kind === "wikilink")),
    (link) => link.row,
  );
  const papers = groupBy(
    collector.paperLinks.filter((link) => link.row !== null),
    (link) => link.row,
  );
  const rows: IndexRow[] = [];
  for (const [row, links] of noteLinks) {
    const targets = new Set(links.map((link) => link.target));
    const paperLinks = papers.get(row) ?? [];
    const ids = new Set(paperLinks.map((link) => link.arxivId ?? link.doi));
    const link = links[0];
    const paper = paperLinks[0];
    if (targets.size !== 1 || ids.size !== 1 || !link || !paper) continue;
    const text = paper.text.trim();
    const modelName =
      nameShape(text) >= 0.3 && !/^(?:arxiv|paper|pdf|link|论文|原文|abs)$/i.test(text) ? text : null;
    rows.push({ target: link.target, arxivId: paper.arxivId, doi: paper.doi, modelName, line: paper.line });
  }
  return rows;
}

const GENERIC_LINK = /\[?(?:arxiv|paper|pdf|link|abs|论文|原文|链接)\]?\s*(?:\(|<https?:)/i;
const INCLUDE_GRAPHICS = /\binclude_graphics\(\s*["']([^"'\n]+)["']/g;

/** `End-to-End Object Detection with Transformers — [arXiv](https://arxiv.org/pdf/2005.12872.pdf)`. */
const TITLE_THEN_GENERIC_LINK = new RegExp(
  `^[\\s*_>-]*([A-Z][^\\n[\\]()。；]{15,200}?)[*_]*\\s*(?:[—–:：|-]\\s*)?${GENERIC_LINK.source}`,
  "i",
);

/**
 * A line that is a paper's title in plain words followed by a link named only by its kind
 * (`[arXiv]`, `[paper]`, `[论文]`): the link's paper has that title.
 */
function titlesBeforeGenericLinks(cite: string, line: number, found: CitationOccurrence[]): void {
  if (found.length === 0) return;
  cite.split("\n").forEach((text, i) => {
    if (!GENERIC_LINK.test(text)) return;
    const title = TITLE_THEN_GENERIC_LINK.exec(text)?.[1]?.trim();
    // (`NIPS 2015, arXiv 1506.01497. [PDF](...)`: a venue line, not a title.)
    if (
      !title ||
      !isFullTitle(title) ||
      !mostlyCapitalised(title) ||
      /arxiv|doi|\b(?:19|20)\d{2}\b/i.test(title)
    )
      return;
    const onLine = found.filter(
      (citation) => citation.line === line + i && (citation.arxivId || citation.doi),
    );
    const only = onLine.length === 1 ? onLine[0] : undefined;
    if (only && !only.title) only.title = title;
  });
}

function mostlyCapitalised(title: string): boolean {
  const words = title
    .split(/\s+/)
    .filter(
      (word) =>
        /^[A-Za-z]/.test(word) &&
        !/^(?:a|an|the|of|for|and|or|in|on|with|to|over|via|by|from|as|at|is|are)$/i.test(word),
    );
  return words.length >= 3 && words.filter((word) => /^[A-Z]/.test(word)).length >= 0.75 * words.length;
}

/**
 * What follows a title that an identifier or link right after it belongs to: `* (arXiv:...)`,
 * `*. arXiv. https://doi...`, `*. ECCV 2020. https://arxiv.org/...`, or the next line's authors
 * and id (`**Attention Is All You Need**` then `Ashish Vaswani et al. | [arXiv 1706.03762](...)`).
 */
const ID_RIGHT_AFTER =
  /^\.?[*_”"」》]*\s*(?:[.,:;–—-]?\s*[(（[]?\s*(?:arxiv|doi|https?:|\[|<|$|\d{4}\.\d{4,5}\b)|[(（][^)）\n]{0,90}?(?:arxiv|doi|https?:)|[.,]?\s*[^\n]{0,60}?\b(?:19|20)\d{2}[.,;)]?\s*(?:arxiv|doi|https?:)|[ \t]*\n[^\n]{0,60}?\b(?:arxiv|doi)\b)/i;

/**
 * `loss_bbox=dict(type='L1Loss', ...)`, `criterion = nn.CrossEntropyLoss()`, `loss_type: BPR`:
 * the losses a training config or script declares, by the key that holds them, named as a
 * note would write them (`L1 loss`, `Cross Entropy loss`, `BPR loss`), with their line in the
 * code. A weight (`vlb_weight: 0.0`) or a flag declares none.
 */
export function declaredLosses(code: string): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (const match of code.matchAll(LOSS_DECLARATION)) {
    const raw = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? "").replace(
      /^(?:torch\.)?(?:nn|F|functional)\./,
      "",
    );
    if (!raw || /^(?:none|null|true|false|dict|sum|mean|auto|default)$/i.test(raw)) continue;
    // `loss_type: focal_dice   # 已弃用`: a setting its comment says is no longer used.
    const lineEnd = code.indexOf("\n", match.index);
    if (RETIRED_COMMENT.test(code.slice(match.index, lineEnd < 0 ? code.length : lineEnd))) continue;
    const words = raw
      .replace(/(?:Loss|_loss)$/, "")
      .replace(/(?<=[a-z])(?=[A-Z](?:[a-z]|\d))|(?<=[A-Z]{2})(?=[A-Z][a-z])/g, " ")
      .replace(/_/g, " ")
      // `BCEWithLogitsLoss`, `binary_cross_entropy_with_logits`: BCE computed with logits.
      .replace(/\s+with\s.*$/i, "")
      .trim();
    if (words) found.push({ name: `${words} loss`, line: lineAt(code, match.index, 0) });
  }
  return found;
}

/** A reference a list line (or an outliner's field) gives by its title alone. */
function listCitation(
  reference: { title: string; year: number | null; venue: string | null },
  line: number,
  section: Section,
): CitationOccurrence {
  return {
    kind: "list",
    offset: 0,
    arxivId: null,
    doi: null,
    title: reference.title,
    authors: [],
    year: reference.year,
    venue: reference.venue,
    line,
    section: section.index,
    leadsSection: false,
  };
}

/** An outliner's field that holds a reference: `Ref:: Title`, `引用:: Title` (the two colons of Dataview, Logseq, RemNote). */
const REFERENCE_FIELD =
  /^\s*(?:[-*+]\s+)?[*_]{0,2}(?:refs?|references?|cites?|cited|see|引用|参考|参考文献|出处)[*_]{0,2}\s*::\s*(.+?)\s*$/i;

/** A code comment that retires the setting on its line. */
const RETIRED_COMMENT =
  /(?:#|\/\/)\s*(?:已?(?:弃用|废弃|停用|不再使用|不用了?)|deprecated|unused|not used|no longer used|removed|disabled)/i;

/**
 * mmdet's `loss_cls=dict(type='FocalLoss', ...)`; a class assigned to a loss or criterion
 * (`criterion = nn.CrossEntropyLoss()`); a config key that names it (`loss_type: BPR`, `loss: mse`).
 */
const LOSS_DECLARATION =
  /\b(?:loss|criterion|objective)\w*\s*=\s*dict\(\s*type\s*=\s*['"]([A-Za-z][\w.]*)['"]|\b(?:loss\w*|criterion|objective)\s*=\s*(?:(?:torch\.)?(?:nn|F|functional)\.)?([A-Z][\w]*Loss)\s*\(|\bloss\w*\s*=\s*(?:F|(?:torch\.)?nn\.functional)\.([a-z][a-z0-9_]*)\s*\(|^[ \t]*(?:loss(?:_type|_fn|_func|_name)?|criterion|objective)\s*:\s*['"]?([A-Za-z][\w-]*)['"]?[ \t]*(?:#.*)?$/gm;

/**
 * `论文链接: https://arxiv.org/abs/2208.12242` at the top of the DreamBooth note, and `Ruiz N, et
 * al. DreamBooth: Fine Tuning ... CVPR 2023.` in its references: in a note about one model that
 * describes one paper known only by its id, the cited title named for that model (before its
 * colon) is that paper's title, not another paper.
 */
function titleFromOwnName(
  papers: DescribedPaper[],
  collector: Collector,
  subjects: readonly ModelRef[],
): DescribedPaper[] {
  const [paper] = papers;
  const [subject] = subjects;
  if (papers.length !== 1 || !paper || paper.title || subjects.length !== 1 || !subject) return papers;
  const own = collector.citations.filter(
    (citation) =>
      citation.title &&
      !citation.arxivId &&
      !citation.doi &&
      titlePrefixName(citation.title)?.toLowerCase() === subject.name.toLowerCase(),
  );
  const [only] = own;
  if (own.length !== 1 || !only?.title) return papers;
  collector.citations = collector.citations.filter((citation) => citation !== only);
  return [{ ...paper, title: only.title }];
}

/** How far below a described paper's own line a title still opens the note. */
const OPENING_LINES = 5;

/**
 * `*Masked-attention Mask Transformer for Universal Image Segmentation* (Cheng et al., CVPR
 * 2022)` opening a note about one paper is that paper's title, not another paper: it titles the
 * described paper (when nothing else did) and is no citation of its own.
 */
function titleFromOpening(
  papers: DescribedPaper[],
  collector: Collector,
  titleSection: number,
): DescribedPaper[] {
  const [paper] = papers;
  if (papers.length !== 1 || !paper) return papers;
  const opening = collector.citations.find(
    (citation) => citation.kind === "title" && citation.leadsSection && citation.section <= titleSection,
  );
  if (!opening?.title) return papers;
  // A paper titled already (`Title:: ...` in its metadata) is not what another title far below
  // it names (`[[ALIGN]] (Jia et al., "Scaling Up ...")` forty lines down the same list).
  if (
    paper.title &&
    paperTitleKey(paper.title) !== paperTitleKey(opening.title) &&
    opening.line > paper.line + OPENING_LINES
  )
    return papers;
  collector.citations = collector.citations.filter((citation) => citation !== opening);
  return paper.title ? papers : [{ ...paper, title: opening.title }];
}

/**
 * `[Diffusion Models Beat GANs on Image Synthesis](https://arxiv.org/abs/2105.05233)`: an arXiv
 * link shown as its paper's title titles the paper, so a note citing the title elsewhere (or
 * another note citing it by title) joins it.
 */
function titleArxivLinks(collector: Collector): void {
  for (const citation of collector.citations) {
    if (citation.title || !citation.arxivId) continue;
    const link = collector.paperLinks.find(
      (candidate) => candidate.arxivId === citation.arxivId && candidate.line === citation.line,
    );
    const text = link?.text.replace(/\s+/g, " ").trim() ?? "";
    if (text && paperTitleShape(text) && !/arxiv|https?:/i.test(text)) {
      citation.title = text;
      continue;
    }
    // `| End-to-End Object Detection with Transformers | Carion et al. | ECCV 2020 | [arXiv](...) |`:
    // a table row with one paper holds its title in a cell.
    const cells = collector.blocks.filter(
      (block) => block.kind === "tableCell" && block.line === citation.line,
    );
    const ids = new Set(
      collector.citations.filter((c) => c.line === citation.line && c.arxivId).map((c) => c.arxivId),
    );
    // Five words or more, not a venue (`ACM Transactions on Graphics`) nor the authors.
    const titled = cells
      .map((cell) => cell.text.trim())
      .filter(
        (cell) =>
          paperTitleShape(cell) === "title-case" &&
          cell.split(/\s+/).length >= 5 &&
          !looksLikeAuthorList(cell) &&
          !/\b(?:Transactions|Conference|Journal|Proceedings|Workshop|Symposium|Letters)\b|^(?:ACM|IEEE)\b/.test(
            cell,
          ),
      );
    if (ids.size === 1 && titled.length === 1 && titled[0] && !/arxiv|https?:/i.test(titled[0])) {
      citation.title = titled[0];
      continue;
    }
    const title = soleTitleInBlock(collector, citation.line);
    if (title) citation.title = title;
  }
}

/**
 * `包括 QLoRA，arXiv:2305.14314` in the prose and `Dettmers T, ... QLoRA: Efficient finetuning of
 * quantized LLMs[J]. ...` in the references: an arXiv id written right after a name is the paper
 * of the one title in the note that the name opens, so the two are one paper.
 */
function titleNamedIds(collector: Collector): void {
  const titled = collector.citations.filter((c) => c.title && !c.arxivId && !c.doi);
  if (titled.length === 0) return;
  for (const citation of collector.citations) {
    if (citation.title || !citation.arxivId) continue;
    const block = collector.blocks.find(
      (candidate) =>
        candidate.line <= citation.line &&
        blockLastLine(candidate) >= citation.line &&
        candidate.text.includes(citation.arxivId as string),
    );
    if (!block) continue;
    const before = block.text.slice(0, block.text.indexOf(citation.arxivId));
    const name = NAME_BEFORE_ID.exec(before)?.[1];
    if (!name || nameShape(name) < 0.6) continue;
    const named = titled.filter(
      (c) => titlePrefixName(c.title as string)?.toLowerCase() === name.toLowerCase(),
    );
    if (named.length === 1 && named[0]?.title) citation.title = named[0].title;
  }
}

/**
 * `**论文**：Semi-Supervised Classification with ...（Kipf & Welling，ICLR 2017）` then `**链接**：
 * https://arxiv.org/pdf/1609.02907.pdf` a line or two below, in a survey's section: the link
 * field gives the address of the paper the title field names.
 */
function titleFieldPairs(collector: Collector): void {
  for (const citation of collector.citations) {
    if (citation.title || !citation.arxivId) continue;
    const linkBlock = collector.blocks.find(
      (block) => block.line === citation.line && block.section === citation.section,
    );
    if (!linkBlock || !LINK_LINE.test(linkBlock.text.split("\n")[0] ?? "")) continue;
    const titleBlock = collector.blocks.find(
      (block) =>
        block.section === citation.section &&
        block.line < citation.line &&
        block.line >= citation.line - FIELD_PAIR_LINES &&
        TITLE_LINE.test(block.text.split("\n")[0] ?? ""),
    );
    const title = titleBlock
      ? TITLE_LINE.exec(titleBlock.text.split("\n")[0] ?? "")?.[1]
          ?.replace(/\s*[(（][^()（）]{0,60}[)）]\s*$/, "")
          .trim()
      : undefined;
    if (title && isFullTitle(title) && !/https?:\/\/|arxiv/i.test(title)) citation.title = title;
  }
}

/** How far above its link field a title field still names the same paper. */
const FIELD_PAIR_LINES = 3;

/** The name right before an id: `QLoRA，arXiv:`, `QLoRA (arXiv `, `QLoRA: https://arxiv.org/abs/`. */
const NAME_BEFORE_ID =
  /([A-Za-z][\w.+-]*)\s*[（(,，:：]?\s*(?:arxiv\s*[:：]?\s*|https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\/)$/i;

/** The line a block's text ends on. */
function blockLastLine(block: { line: number; text: string }): number {
  return block.line + (block.text.match(/\n/g)?.length ?? 0);
}

/**
 * `"Dense Passage Retrieval for Open-Domain Question Answering", EMNLP 2020` with the arXiv link
 * on the next line, `**论文标题：** Self-RAG: ...` and `**论文链接：** https://arxiv.org/abs/...` in
 * one block: a paragraph or list item that holds one title and one arXiv id is about one paper.
 */
function soleTitleInBlock(collector: Collector, line: number): string | null {
  const block = collector.blocks.find(
    (candidate) =>
      candidate.kind === "paragraph" && candidate.line <= line && line <= blockLastLine(candidate),
  );
  if (!block) return null;
  const last = blockLastLine(block);
  const inBlock = collector.citations.filter((c) => c.line >= block.line && c.line <= last);
  const ids = new Set(inBlock.filter((c) => c.arxivId).map((c) => c.arxivId));
  const titles = new Set(
    inBlock.filter((c) => c.title && !c.arxivId && !c.doi).map((c) => (c.title as string).trim()),
  );
  const [title] = titles;
  const [id] = ids;
  if (ids.size !== 1 || titles.size !== 1 || !title || !id || /arxiv|https?:/i.test(title)) return null;
  // Side by side: nothing between them but a venue, a field label or authors, and no other
  // quoted name (`[[bart]] ("BART: ...", arXiv:1910.13461)` after SpanBERT's title is BART's id).
  const text = block.cite.replace(/\s+/g, " ");
  const at = text.indexOf(title.replace(/\s+/g, " "));
  const idAt = text.indexOf(id);
  if (at < 0 || idAt < 0) return null;
  const between = at < idAt ? text.slice(at + title.length, idAt) : text.slice(idAt + id.length, at);
  // On one line they stand next to each other; on lines of their own (fields), a few lines apart.
  const titleLine = inBlock.find((c) => c.title === title && !c.arxivId)?.line;
  const idLine = inBlock.find((c) => c.arxivId === id)?.line;
  const reach = titleLine === idLine ? 80 : 200;
  return between.length <= reach && !/["“”「」《》]/.test(between.replace(/^\s*["”」》]/, "")) ? title : null;
}

/**
 * A reading log that lists papers one per item (`- [QLoRA: Efficient Finetuning of Quantized
 * LLMs](arxiv) — freezes a 4-bit base model ...`): each item is about the model its paper's
 * title names. Three such items in one list make a digest; a note about a model of its own, or
 * a folder's index, is not one.
 */
function digestModels(
  titled: readonly TitledModel[],
  collector: Collector,
  inReferences: (section: number) => boolean,
): ModelRef[] {
  const byList = new Map<string, ModelRef[]>();
  for (const { model, citation } of titled) {
    const line = collector.citations[citation]?.line;
    const block = collector.blocks.find((candidate) => candidate.line === line && candidate.listKey);
    const list = block?.listKey;
    if (!block || !list || inReferences(block.section)) continue;
    byList.set(list, [...(byList.get(list) ?? []), model]);
  }
  const rule = "model/digest-item" as const;
  const found = new Map<string, ModelRef>();
  for (const models of byList.values()) {
    if (new Set(models.map((model) => model.id)).size < 3) continue;
    for (const model of models)
      if (!found.has(model.id)) found.set(model.id, { ...model, rule, confidence: confidenceOf(rule) });
  }
  return [...found.values()];
}
