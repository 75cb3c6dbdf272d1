/**
 * The papers a note as a whole describes (DESCRIBES Note -> Paper): a paper link kept in the
 * front matter (Obsidian paper vaults: `link:`, `url:`, `arxiv:`, `paper:`, `source:`), the
 * one paper linked at the top of a note about one paper, and a first heading that is a
 * paper's title with an author line under it. What they say of one paper joins into one:
 * the title and authors of the heading go to the paper the front matter links.
 */
import { normalizeArxivId, normalizePersonName, paperTitleKey } from "../../../src/graph/ids.js";
import { groupBy } from "../../../src/store/collections.js";
import { findIdentifiers } from "../citations.js";
import { cleanHeading, isFullTitle, nameShape } from "../names.js";
import { CARD_DEPTH, type CitationOccurrence, type DescribedPaper, type Section } from "../note-record.js";
import { confidenceOf } from "./registry.js";

export interface PaperInput {
  frontMatter: Record<string, unknown>;
  keyLines: Record<string, number>;
  firstHeading: {
    text: string;
    line: number;
    depth: number;
    next: { text: string; emphasisOnly: boolean } | null;
  } | null;
  sections: readonly Section[];
  citations: readonly CitationOccurrence[];
  subjectCount: number;
  /** The note's file name without its extension: a note named by an arXiv id is about that paper. */
  fileStem: string;
  /**
   * Lines of the note's preamble, for a metadata list (`* **Title**: ...`, `* **Authors**: ...`);
   * `cite` is the line with its link targets kept, where a paper's address is read.
   */
  preamble: readonly { text: string; line: number; cite?: string }[];
}

/** `* **Title**: Deep Residual Learning ...`, `- 论文标题：...`: a paper's title in a metadata list. */
export const TITLE_LINE =
  /^\s*(?:[-*+]\s+)?[*_]{0,2}(?:title|paper title|paper|reference paper|论文标题|论文题目|论文名称|论文名|论文|参考论文|原论文|对应论文|原文|标题|题目)[*_]{0,2}\s*(?:::|[:：])\s*[*_]{0,2}(.+?)[*_]{0,2}\s*$/i;
export const METADATA_AUTHORS =
  /^\s*(?:[-*+]\s+)?[*_]{0,2}(?:paper authors?|authors?|论文作者|作者)[*_]{0,2}\s*(?:::|[:：])\s*[*_]{0,2}(.+?)[*_]{0,2}\s*$/i;
const AUTHORS_BEFORE_DASH =
  /^(?:[\p{Lu}][\p{L}'’-]+(?:\s*,\s*|\s+and\s+|\s*&\s*))*[\p{Lu}][\p{L}'’-]+(?:\s+et\s+al\.?)?\s+(?:[—–]|--)\s+/u;
/** `论文作者：` names the paper's authors where a repost's `作者：` names its own writer. */
const PAPER_AUTHORS = /^\s*(?:[-*+]\s+)?[*_]{0,2}(?:paper authors?|论文作者)/i;
/** `**论文链接：** https://arxiv.org/abs/...`, `- Paper: arXiv:...`: the paper's address in the metadata list. */
export const LINK_LINE =
  /^\s*(?:[-*+]\s+)?[*_]{0,2}(?:paper|paper link|link|url|pdf|arxiv|source|论文|论文链接|论文地址|原文链接|原文|链接|来源|出处)[*_]{0,2}\s*(?:::|[:：])\s*(.+)$/i;

const PAPER_KEYS =
  /^(?:link|links|url|urls|arxiv|arxiv[_-]?id|arxiv[_-]?url|paper|papers|paper[_-]?url|paper[_-]?link|pdf|source|sources|doi|ref|reference|论文|论文链接|论文地址|链接|原文|原文链接|出处)$/i;
const ARXIV_KEY = /^arxiv/i;

export function describedPapers(input: PaperInput): DescribedPaper[] {
  const papers: DescribedPaper[] = [];
  const add = (paper: DescribedPaper) => {
    const same = papers.find(
      (p) => (paper.arxivId && p.arxivId === paper.arxivId) || (paper.doi && p.doi === paper.doi),
    );
    if (same) return;
    papers.push(paper);
  };

  for (const [key, value] of Object.entries(input.frontMatter)) {
    if (!PAPER_KEYS.test(key)) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) =>
      typeof v === "string" || typeof v === "number" ? String(v) : "",
    );
    const line = input.keyLines[key] ?? 1;
    for (const text of values) {
      const bare = ARXIV_KEY.test(key) ? normalizeArxivId(text) : null;
      const hits = bare ? [{ arxivId: bare, doi: null }] : findIdentifiers(text);
      for (const hit of hits) {
        add({
          arxivId: hit.arxivId,
          doi: hit.doi,
          title: null,
          authors: [],
          line,
          rule: "paper/front-matter",
          confidence: confidenceOf("paper/front-matter"),
        });
      }
    }
  }

  // `DOI: 10.1109/TASLP.2021.3122291` and `url: https://arxiv.org/pdf/2106.07447v1`: a reference
  // manager's fields give one paper two identifiers.
  joinTwoIdentifiers(papers);

  // `2103.00020.md`: a note named after the paper's id.
  const named = normalizeArxivId(input.fileStem);
  if (named) {
    add({
      arxivId: named,
      doi: null,
      title: null,
      authors: [],
      line: 1,
      rule: "paper/file-name",
      confidence: confidenceOf("paper/file-name"),
    });
  }

  // The one paper linked before the note's first sub-section, in a note about one paper: one
  // model, or a first heading that is a paper's title with its authors (the note may also
  // introduce a component, as Faster R-CNN does the RPN).
  const titled = titleWithAuthors(input.firstHeading);
  if (papers.length === 0 && (input.subjectCount <= 1 || titled)) {
    const preamble = new Set(leadSections(input.sections));
    const lead = input.citations.filter((c) => preamble.has(c.section) && (c.arxivId || c.doi));
    const distinct = new Set(lead.map((c) => c.arxivId ?? c.doi));
    const first = lead[0];
    // `论文链接：https://arxiv.org/abs/2106.07447` then `DOI：10.1109/...`: one arXiv id and one DOI are one paper.
    const both = oneArxivOneDoi(lead);
    if (first && (distinct.size === 1 || both)) {
      add({
        arxivId: first.arxivId ?? both?.arxivId ?? null,
        doi: first.doi ?? both?.doi ?? null,
        title: first.title,
        authors: first.authors,
        line: first.line,
        rule: "paper/lead-link",
        confidence: confidenceOf("paper/lead-link"),
      });
    }
  }

  // A title found in the note joins the paper it links; alone, it is a paper of its own.
  const listed = metadataTitle(input.preamble);
  if (listed) titleOrAdd(papers, listed, "paper/metadata-title", input.subjectCount <= 1);
  if (titled) titleOrAdd(papers, titled, "paper/title-author-line", true);
  return papers;
}

/** The one arXiv id and the one DOI (of a citation without an arXiv id) some citations give, when they give no other id. */
function oneArxivOneDoi(citations: readonly CitationOccurrence[]): { arxivId: string; doi: string } | null {
  const arxivIds = new Set(citations.flatMap((c) => (c.arxivId ? [c.arxivId] : [])));
  const dois = new Set(citations.flatMap((c) => (c.doi && !c.arxivId ? [c.doi] : [])));
  const [arxivId] = arxivIds;
  const [doi] = dois;
  return arxivIds.size === 1 && dois.size === 1 && arxivId && doi ? { arxivId, doi } : null;
}

/** One paper known only by its arXiv id and one known only by its DOI, and no other: the same paper. */
function joinTwoIdentifiers(papers: DescribedPaper[]): void {
  const [a, b, ...rest] = papers;
  if (!a || !b || rest.length > 0) return;
  const arxiv = a.arxivId && !a.doi ? a : b.arxivId && !b.doi ? b : null;
  const doi = a.doi && !a.arxivId ? a : b.doi && !b.arxivId ? b : null;
  if (!arxiv || !doi || arxiv === doi) return;
  arxiv.doi = doi.doi;
  arxiv.line = Math.min(arxiv.line, doi.line);
  papers.splice(papers.indexOf(doi), 1);
}

/**
 * A DOI the note gives for a paper it also gives an arXiv id for is that paper, not another:
 * the note's described paper with both, or an arXiv link and a DOI on one line
 * (`https://arxiv.org/abs/2008.13535  /  doi:10.1145/3442381.3450078`). Such DOI citations take
 * the arXiv id, so the store holds one Paper with both.
 */
export function joinDoisToArxiv(
  citations: readonly CitationOccurrence[],
  described: readonly DescribedPaper[],
): CitationOccurrence[] {
  const arxivOf = new Map<string, string>();
  for (const paper of described) if (paper.arxivId && paper.doi) arxivOf.set(paper.doi, paper.arxivId);
  for (const onLine of groupBy(citations, (citation) => citation.line).values()) {
    const both = oneArxivOneDoi(onLine);
    if (both && !arxivOf.has(both.doi)) arxivOf.set(both.doi, both.arxivId);
  }
  // A paper the note titles twice, once with its arXiv id (a link's text, a BibTeX entry) and
  // once without (a DOI, a title alone): one paper.
  const arxivOfTitle = new Map<string, string>();
  for (const citation of citations) {
    if (citation.arxivId && citation.title) arxivOfTitle.set(paperTitleKey(citation.title), citation.arxivId);
  }
  return citations.map((citation) => {
    const arxivId = citation.arxivId
      ? undefined
      : ((citation.doi ? arxivOf.get(citation.doi) : undefined) ??
        (citation.title && isFullTitle(citation.title)
          ? arxivOfTitle.get(paperTitleKey(citation.title))
          : undefined));
    return arxivId ? { ...citation, arxivId } : citation;
  });
}

/** Gives the note's first paper a title and authors it lacks; else, when `alone` may, adds the titled paper. */
function titleOrAdd(
  papers: DescribedPaper[],
  found: { title: string; authors: string[]; line: number; arxivId?: string | null; doi?: string | null },
  rule: "paper/metadata-title" | "paper/title-author-line",
  alone: boolean,
): void {
  const target = papers[0];
  if (target) {
    // A link in the lead that the metadata list titles is the paper the list describes.
    // (Or one whose id the title right above it already named: the list still describes it.)
    const sameTitle = target.title !== null && paperTitleKey(target.title) === paperTitleKey(found.title);
    if (
      (!target.title || sameTitle) &&
      target.rule === "paper/lead-link" &&
      rule === "paper/metadata-title"
    ) {
      target.rule = rule;
      target.confidence = Math.max(target.confidence, confidenceOf(rule));
    }
    target.title ??= found.title;
    if (target.authors.length === 0) target.authors = found.authors;
  } else if (alone) {
    papers.push({
      title: found.title,
      authors: found.authors,
      line: found.line,
      arxivId: found.arxivId ?? null,
      doi: found.doi ?? null,
      rule,
      confidence: confidenceOf(rule),
    });
  }
}

/** The title (and authors) a metadata list at the top of the note gives; null if it gives no title. */
function metadataTitle(
  preamble: PaperInput["preamble"],
): { title: string; authors: string[]; line: number; arxivId: string | null; doi: string | null } | null {
  let title: { text: string; line: number } | null = null;
  let authors: string[] = [];
  let paperAuthors = false;
  const links: { arxivId: string | null; doi: string | null }[] = [];
  for (const { text, cite, line } of preamble) {
    // `论文：BLIP-2: Bootstrapping ...（ICML 2023）`: the venue and year in brackets are not the title's.
    const named = TITLE_LINE.exec(text)?.[1]
      ?.replace(/\s*[(（][^()（）]{0,40}\b(?:19|20)\d{2}[^()（）]{0,10}[)）]\s*$/, "")
      // `**Paper**: Baevski, Zhou, Mohamed, Auli — *wav2vec 2.0: ...*`: the authors before a dash are not the title's.
      .replace(AUTHORS_BEFORE_DASH, "")
      .trim();
    if (named && isFullTitle(named) && !title && !/^https?:\/\//i.test(named)) title = { text: named, line };
    const listedAuthors = METADATA_AUTHORS.exec(text)?.[1];
    const ofPaper = PAPER_AUTHORS.test(text);
    if (listedAuthors && (authors.length === 0 || (!paperAuthors && ofPaper))) {
      authors = splitAuthors(listedAuthors);
      paperAuthors = ofPaper;
    }
    const link = LINK_LINE.exec(cite ?? text)?.[1];
    if (link) links.push(...findIdentifiers(link).map(({ arxivId, doi }) => ({ arxivId, doi })));
  }
  if (!title) return null;
  // One paper address beside the title in the list is the titled paper's.
  const only = links.length === 1 ? links[0] : undefined;
  return {
    title: title.text,
    authors,
    line: title.line,
    arxivId: only?.arxivId ?? null,
    doi: only?.doi ?? null,
  };
}

/** Section 0 and a top-level title section with no deeper heading before it: the note's preamble. */
export function leadSections(sections: readonly Section[]): number[] {
  const lead = [0];
  const first = sections[1];
  if (first && first.depth === 1) lead.push(1);
  // `**论文标题：**`, `**论文链接：**`: the bold labels of a reposted article's header block (read as
  // sections a level below any heading) that follow the title are its lead too.
  for (const section of sections.slice(lead.length)) {
    if (section.depth !== CARD_DEPTH) break;
    lead.push(section.index);
  }
  // `## 一、论文信息`, `## Paper info`: a section that only holds the paper's metadata is the lead too.
  for (const section of sections.slice(1)) {
    if (METADATA_HEADING.test(cleanHeading(section.heading).replace(/[*_`]/g, "").trim()))
      lead.push(section.index);
  }
  return lead;
}

const METADATA_HEADING =
  /^(?:论文信息|文章信息|基本信息|论文基本信息|论文概况|元信息|paper info(?:rmation)?|paper details|paper metadata|metadata|basic info(?:rmation)?|bibliographic info(?:rmation)?)$/i;

const AUTHOR_LINE = /^\s*(?:authors?|作者|by)\s*[:：]\s*(.+)$/i;

/**
 * `# Momentum Contrast for Unsupervised Visual Representation Learning` with
 * `**Authors**: Kaiming He, Haoqi Fan, ...` under it: a paper's title and authors.
 */
function titleWithAuthors(
  heading: PaperInput["firstHeading"],
): { title: string; authors: string[]; line: number } | null {
  if (!heading?.next) return null;
  const title = cleanHeading(heading.text);
  if (!isFullTitle(title)) return null;
  const firstLine = heading.next.text.split("\n")[0] ?? "";
  const labelled = AUTHOR_LINE.exec(firstLine);
  const list = labelled?.[1] ?? (heading.next.emphasisOnly ? firstLine : bareAuthorLine(firstLine));
  if (!list) return null;
  const authors = splitAuthors(list);
  if (authors.length === 0) return null;
  // An italic line under the title is its authors only when it holds names, not a caption.
  const parts = list.split(/\s*(?:,|，|、|;|；|\band\b|&)\s*/).filter(Boolean);
  if (!labelled && heading.next.emphasisOnly && authors.length * 2 < parts.length) return null;
  return { title, authors, line: heading.line };
}

/**
 * `Hugo Touvron, Thibaut Lavril, ..., Guillaume Lample（Meta AI, 2023）`: a line that is only
 * names (an affiliation or year in brackets at its end aside), three or more of them.
 */
function bareAuthorLine(line: string): string | null {
  const list = line.replace(/\s*[（(][^）)]*[）)]\s*$/, "").trim();
  const parts = list.split(/\s*(?:,|，|、|\band\b|&)\s*/).filter(Boolean);
  return parts.length >= 3 && parts.every((part) => isPersonName(part.replace(/[*_]/g, "").trim()))
    ? list
    : null;
}

/** `Kaiming He, Haoqi Fan, and Ross Girshick` -> three names; null-ish parts and affiliations dropped. */
export function splitAuthors(list: string): string[] {
  return list
    .replace(/\s*[;；]\s*.*$/, (rest) => (/[A-Z][a-z]+ [A-Z]/.test(rest) ? rest.replace(/[;；]/g, ",") : ""))
    .split(/\s*(?:,|，|、|\band\b|&)\s*/)
    .map((part) =>
      part
        .replace(/[*_]/g, "")
        .replace(/\s*\d+$/, "")
        .trim(),
    )
    .filter((part) => part && !/^et\s+al\.?$/i.test(part) && isPersonName(part))
    .map(normalizePersonName);
}

function isPersonName(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 5) return /^[\u4e00-\u9fff]{2,4}$/.test(text);
  return (
    words.every((word) => /^(?:[\p{Lu}][\p{L}'’.-]*|van|von|de|der|den|da|di|le|la|du)$/u.test(word)) &&
    nameShape(text) < 0.8
  );
}
