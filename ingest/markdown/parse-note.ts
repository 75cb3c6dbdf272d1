/**
 * parseNote(text, path, vocabulary) -> NoteRecord: the pure heart of the Markdown ingestor.
 * One remark parse per note; the note is cut into sections by heading, each section may be
 * about a model, and every term, citation, figure and link is recorded with its line and
 * section. No I/O: figure files and link targets are resolved later (resolve-assets.ts).
 */
import type { Heading, Html, Image, Link, Nodes, Paragraph, Root, RootContent, TableCell } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import { modelId, parseGithubRepo } from "../../src/graph/ids.js";
import type { Problem } from "../../src/problems.js";
import { findCitations, findIdentifiers } from "./citations.js";
import { EMPTY_FRONT_MATTER, type FrontMatter, parseFrontMatter } from "./front-matter.js";
import {
  findHtmlImages,
  findInlineTags,
  findUnparsedImages,
  findWikiRefs,
  lineAt,
  looksLikeImage,
} from "./inline-refs.js";
import { parseMarkdown } from "./markdown-ast.js";
import { noteMeta } from "./note-meta.js";
import type {
  CitationOccurrence,
  FigureOccurrence,
  LineageOccurrence,
  LinkOccurrence,
  ModelRef,
  NoteRecord,
  Section,
  TermOccurrence,
} from "./note-record.js";
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

interface SectionDraft {
  section: Section;
  blocks: RootContent[];
}

const NOT_A_MODEL_HEADING =
  /^(references?|bibliography|参考(文献|资料)?|引用|related work|background|introduction|summary|conclusions?|notes?|method(s|ology)?|experiments?|results?|links?|resources?|总结|小结|背景|介绍|简介|方法|实验|结果|附录|appendix)$/i;

export function parseNote(rawText: string, path: string, vocabulary: Vocabulary): ParseResult {
  const text = normalizeText(rawText);
  const problems: Problem[] = [];
  const root = parseMarkdown(text);

  let frontMatter: FrontMatter = EMPTY_FRONT_MATTER;
  const first = root.children[0];
  if (first && (first.type === "yaml" || first.type === "toml")) {
    const parsed = parseFrontMatter(
      { format: first.type, value: first.value, startLine: first.position?.start.line ?? 1 },
      path,
    );
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === "error")) return { record: null, problems };
    frontMatter = parsed.frontMatter;
  }

  const drafts = splitSections(root, vocabulary);
  const firstHeading = drafts.find((d) => d.section.depth > 0)?.section.heading ?? null;
  const bodyText = mdastToString(root);
  const { meta, problems: metaProblems } = noteMeta(frontMatter, { path, firstHeading, body: bodyText });
  problems.push(...metaProblems);

  const collector = new Collector(vocabulary, drafts);
  for (const draft of drafts) collector.collectSection(draft);

  return {
    record: {
      path,
      meta,
      sections: drafts.map((d) => d.section),
      terms: collector.terms,
      citations: collector.citations,
      figures: collector.figures,
      links: collector.links,
      lineage: collector.lineage,
      inlineTags: collector.inlineTags,
    },
    problems,
  };
}

function lineOf(node: { position?: { start: { line: number } } | undefined }): number {
  return node.position?.start.line ?? 1;
}

/** `1.2 BLIP-2：` -> `BLIP-2` */
function cleanHeading(text: string): string {
  return text
    .replace(/^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.])\s*/, "")
    .replace(/[\s:：.。,，]+$/, "")
    .trim();
}

function splitSections(root: Root, vocabulary: Vocabulary): SectionDraft[] {
  const drafts: SectionDraft[] = [
    { section: { index: 0, heading: "", depth: 0, line: 1, model: null, opensModel: false }, blocks: [] },
  ];
  for (const node of root.children) {
    if (node.type === "yaml" || node.type === "toml") continue;
    if (node.type === "heading") {
      drafts.push({
        section: {
          index: drafts.length,
          heading: mdastToString(node).trim(),
          depth: node.depth,
          line: lineOf(node),
          model: null,
          opensModel: false,
        },
        blocks: [node],
      });
    } else {
      drafts.at(-1)?.blocks.push(node);
    }
  }
  const open: Section[] = [];
  for (const { section, blocks } of drafts) {
    if (section.depth === 0) continue;
    while (open.length && (open.at(-1)?.depth ?? 0) >= section.depth) open.pop();
    const own = headingModel(section.heading, blocks, vocabulary);
    section.model = own ?? open.findLast((s) => s.model)?.model ?? null;
    section.opensModel = own !== null;
    open.push(section);
  }
  return drafts;
}

/**
 * A heading is about a model when it names one the vocabulary knows (alone or first, as in
 * `BLIP-2 论文笔记`), or when the first thing under it is a reference to a paper (then the
 * heading's own text names a model we did not know).
 */
function headingModel(heading: string, blocks: RootContent[], vocabulary: Vocabulary): ModelRef | null {
  const cleaned = cleanHeading(heading);
  if (!cleaned) return null;
  const exact = vocabulary.matcher.lookup(cleaned);
  if (exact?.kind === "model") return { id: exact.id, name: exact.name, known: true };
  const firstHit = vocabulary.matcher.find(cleaned)[0];
  if (firstHit && firstHit.start === 0 && firstHit.value.kind === "model") {
    return { id: firstHit.value.id, name: firstHit.value.name, known: true };
  }
  if (cleaned.length > 40 || NOT_A_MODEL_HEADING.test(cleaned)) return null;
  const firstParagraph = blocks.find((block): block is Paragraph => block.type === "paragraph");
  const firstBlock = blocks.find((block) => block.type !== "heading");
  if (!firstParagraph || firstBlock !== firstParagraph) return null;
  const citation = findCitations(mdastToString(firstParagraph))[0];
  if (citation?.kind !== "reference") return null;
  return { id: modelId(cleaned), name: cleaned, known: false };
}

const LINEAGE_BEFORE =
  /(?:based on|builds? (?:up)?on|built (?:up)?on|extends|extending|on top of|基于|借鉴|沿用|继承)\s*(?:the\s+)?$/i;
const LINEAGE_AFTER = /^\s*(?:的基础上|为基础|基础上)/;

class Collector {
  terms: TermOccurrence[] = [];
  citations: CitationOccurrence[] = [];
  figures: FigureOccurrence[] = [];
  links: LinkOccurrence[] = [];
  lineage: LineageOccurrence[] = [];
  inlineTags: { name: string; line: number }[] = [];

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly drafts: SectionDraft[],
  ) {}

  collectSection({ section, blocks }: SectionDraft): void {
    const leading = blocks.find((block) => block.type !== "heading");
    blocks.forEach((block, index) => {
      if (block.type === "heading") {
        this.collectText(mdastToString(block), lineOf(block), section, { heading: true });
        return;
      }
      if (block.type === "code" || block.type === "definition") return;
      visit(block as Nodes, (node, _index, parent) => {
        switch (node.type) {
          case "paragraph":
          case "tableCell":
            this.collectTextBlock(node, section, block === leading);
            return;
          case "image":
            this.collectImage(node, section, parent, blocks[index + 1]);
            return;
          case "html":
            this.collectHtml(node, section);
            return;
          case "link":
            this.collectLink(node, section);
            return;
          case "code":
            return "skip";
          default:
            return;
        }
      });
    });
    void this.drafts;
  }

  private collectTextBlock(
    node: Paragraph | TableCell | Heading,
    section: Section,
    leadsSection: boolean,
  ): void {
    const text = mdastToString(node);
    const line = lineOf(node);
    this.collectText(text, line, section, { heading: false });
    const withUrls = citationText(node);
    for (const citation of findCitations(withUrls)) {
      this.citations.push({
        ...citation,
        line: lineAt(withUrls, citation.offset, line),
        section: section.index,
        leadsSection,
      });
    }
    for (const ref of findWikiRefs(text)) {
      const refLine = lineAt(text, ref.offset, line);
      if (ref.embed && looksLikeImage(ref.target)) {
        this.figures.push({
          src: ref.target,
          alt: ref.alias && !/^\d+(x\d+)?$/.test(ref.alias) ? ref.alias : null,
          title: null,
          caption: null,
          line: refLine,
          section: section.index,
        });
      } else {
        this.links.push({
          kind: "wikilink",
          target: ref.target,
          text: ref.alias,
          line: refLine,
          section: section.index,
        });
      }
    }
    for (const image of findUnparsedImages(text)) {
      this.figures.push({
        src: image.src,
        alt: image.alt,
        title: image.title,
        caption: null,
        line: lineAt(text, image.offset, line),
        section: section.index,
      });
    }
    for (const tag of findInlineTags(text)) {
      this.inlineTags.push({ name: tag.name, line: lineAt(text, tag.offset, line) });
    }
  }

  private collectText(text: string, line: number, section: Section, _options: { heading: boolean }): void {
    for (const hit of this.vocabulary.matcher.find(text)) {
      const hitLine = lineAt(text, hit.start, line);
      this.terms.push({ kind: hit.value.kind, id: hit.value.id, line: hitLine, section: section.index });
      const model = section.model;
      if (hit.value.kind !== "model" || !model || hit.value.id === model.id) continue;
      const before = text.slice(Math.max(0, hit.start - 24), hit.start);
      const after = text.slice(hit.end, hit.end + 8);
      if (LINEAGE_BEFORE.test(before) || LINEAGE_AFTER.test(after)) {
        this.lineage.push({ targetId: hit.value.id, line: hitLine, section: section.index });
      }
    }
  }

  private collectImage(
    node: Image,
    section: Section,
    parent: unknown,
    nextBlock: RootContent | undefined,
  ): void {
    this.figures.push({
      src: node.url,
      alt: node.alt?.trim() || null,
      title: node.title?.trim() || null,
      caption: findCaption(node, parent, nextBlock),
      line: lineOf(node),
      section: section.index,
    });
  }

  private collectHtml(node: Html, section: Section): void {
    for (const image of findHtmlImages(node.value)) {
      this.figures.push({ ...image, caption: null, line: lineOf(node), section: section.index });
    }
  }

  private collectLink(node: Link, section: Section): void {
    const url = node.url.trim();
    const line = lineOf(node);
    const text = mdastToString(node).trim() || null;
    if (/^https?:\/\//i.test(url)) {
      // Links to arXiv and DOIs are citations, found in the paragraph's text (citationText).
      if (findIdentifiers(url).length) return;
      const kind = parseGithubRepo(url) ? "github" : "web";
      this.links.push({ kind, target: url, text: text === url ? null : text, line, section: section.index });
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("#")) return;
    const path = url.split(/[?#]/)[0] ?? "";
    if (/\.(md|markdown)$/i.test(path)) {
      this.links.push({ kind: "note", target: path, text, line, section: section.index });
    }
  }
}

/**
 * A block's text for citation scanning: its visible text with each link's URL written
 * after the link text, so `[the paper](https://arxiv.org/abs/...)` is a citation in place.
 */
function citationText(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "break":
      return "\n";
    case "image":
      return node.alt ?? "";
    case "link": {
      const inner = node.children.map(citationText).join("");
      return inner.includes(node.url) ? inner : `${inner} <${node.url}>`;
    }
    default:
      return "children" in node ? node.children.map((child) => citationText(child as Nodes)).join("") : "";
  }
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
