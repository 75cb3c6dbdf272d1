/**
 * A paper card: the paper's title on a line of its own, then a line or two of authors or venue,
 * then the bare link or id, with no blank line between. Slide covers, digests and reading
 * lists write papers this way:
 *
 *     - Decision Transformer: Reinforcement Learning via Sequence Modeling
 *     - Lili Chen, Kevin Lu, Aravind Rajeswaran 等
 *     - NeurIPS 2021
 *     - arxiv.org/abs/2106.01345
 *
 * The id's paper has that title, so a reference list that names the paper by its title alone
 * joins it (joinDoisToArxiv) instead of making a second Paper.
 */
import type { CitationOccurrence } from "../note-record.js";
import { paperTitleShape } from "../paper-links.js";
import { looksLikeAuthorList } from "../prose-titles.js";
import { METADATA_AUTHORS, splitAuthors } from "./papers.js";
import type { BlockView } from "./terms.js";

/** How many lines of authors or venue may stand between the title and the id. */
const MAX_META_LINES = 2;

const ID_OR_URL =
  /https?:\/\/\S+|\b(?:www\.)?(?:arxiv\.org|doi\.org)\/\S+|\barxiv\s*[:：]?\s*\d{4}\.\d{4,5}(?:v\d+)?|\b\d{4}\.\d{4,5}(?:v\d+)?\b|\b10\.\d{4,9}\/\S+/gi;

/** What a line holds besides its link or id, in letters: `arXiv:`, `论文地址：`, `Paper`. */
const LABEL_ONLY = 12;

const METADATA_FIELD =
  /^(?:title|paper|authors?|source|link|url|venue|conference|journal|year|date|published|tags?|status|type|code|pdf|arxiv|doi|标题|题目|论文|作者|来源|链接)\s*[:：]/i;
const YEAR = /\b(?:19|20)\d{2}\b/;
const AUTHOR_LIST = /,|，|、|\bet al\b|\band\b|等/;

export function titlesOfPaperCards(
  blocks: readonly Pick<BlockView, "text" | "kind" | "line">[],
  citations: CitationOccurrence[],
): void {
  const byLine = new Map<number, Pick<BlockView, "text" | "kind" | "line">>();
  for (const block of blocks) if (!byLine.has(block.line)) byLine.set(block.line, block);
  const idsOnLine = new Map<number, number>();
  for (const citation of citations) {
    if (citation.arxivId || citation.doi)
      idsOnLine.set(citation.line, (idsOnLine.get(citation.line) ?? 0) + 1);
  }
  for (const citation of citations) {
    if (citation.title || !(citation.arxivId || citation.doi) || idsOnLine.get(citation.line) !== 1) continue;
    const block = byLine.get(citation.line);
    if (!block || block.kind === "heading" || !bare(block.text)) continue;
    const title = cardTitle(byLine, citation.line, idsOnLine);
    if (title) {
      citation.title = title;
      citation.card = true;
    }
  }
}

/** A paper's title: in title case, or in sentence case with a colon (`LIMA: Less is more ...`). */
function readsAsTitle(text: string): boolean {
  const shape = paperTitleShape(text);
  return shape === "title-case" || (shape === "sentence-case" && /[:：]/.test(text));
}

/** The line is its link or id, with at most a short label. */
function bare(text: string): boolean {
  const rest = text.replace(ID_OR_URL, "").replace(/[\s\p{P}\p{S}]/gu, "");
  return rest.length <= LABEL_ONLY;
}

/** The title line above the id, over at most MAX_META_LINES lines of authors or venue. */
function cardTitle(
  byLine: Map<number, Pick<BlockView, "text" | "kind" | "line">>,
  idLine: number,
  idsOnLine: Map<number, number>,
): string | null {
  for (let back = 1; back <= MAX_META_LINES + 1; back++) {
    const line = idLine - back;
    const block = byLine.get(line);
    if (!block || block.kind === "heading" || idsOnLine.has(line)) return null;
    const text = block.text.replace(/[*_`]/g, "").trim();
    // `Title:: ...`, `Authors: ...`: a metadata list, which rules/papers.ts reads as such.
    if (METADATA_FIELD.test(text) || /^[^:\n]{1,24}::/.test(text)) return null;
    // `Rafael Rafailov, Archit Sharma, Eric Mitchell`: capitalised like a title, but names.
    if (looksLikeAuthorList(text)) continue;
    if (!YEAR.test(text) && readsAsTitle(text)) return text;
    // Between the title and the id only authors and venue: a list of names, or a year.
    if (!(YEAR.test(text) || AUTHOR_LIST.test(text)) || text.length > 160) return null;
  }
  return null;
}

type CardBlock = Pick<BlockView, "text" | "kind" | "line" | "section">;

/** Authors as papers list them: a given name and a surname (`Chunting Zhou`, `L. Chen`), Chinese names in a list, `et al.` */
const PERSON_NAMES = /\p{Lu}[\p{Ll}.]*\s+\p{Lu}|[\u4e00-\u9fff]{2,4}\s*[，,、]|\bet al\b|等/u;

/** How many blocks under a heading the card's lines may take (authors, link, venue, a summary). */
const HEADING_CARD_BLOCKS = 6;

/**
 * A digest's or reading list's section per paper: its heading is the paper's title and its first
 * line names the authors (`### 6. LIMA: Less Is More for Alignment` then `- **作者**：Chunting
 * Zhou, ...`). The section cites that paper: the title goes to the one id the card gives
 * (`- **链接**：arXiv:...`), or, when it gives none, is a citation by title. A heading that is
 * the note's own title is left to the described paper (rules/papers.ts).
 */
export function headingPaperCards(
  blocks: readonly CardBlock[],
  citations: CitationOccurrence[],
  titleSection: number | undefined,
): void {
  blocks.forEach((heading, at) => {
    if (heading.kind !== "heading" || heading.section === titleSection) return;
    const title = heading.text
      .replace(/^\s*(?:\d+[.)、]|[([]\d+[)\]])\s*/, "")
      .replace(/[*_`]/g, "")
      .trim();
    if (!readsAsTitle(title)) return;
    const first = blocks[at + 1];
    const authors =
      first && first.section === heading.section ? METADATA_AUTHORS.exec(first.text)?.[1] : undefined;
    if (!first || !authors || !PERSON_NAMES.test(authors) || first.line > heading.line + 3) return;
    const card = new Set<number>();
    for (let i = at + 1; i <= at + HEADING_CARD_BLOCKS; i++) {
      const block = blocks[i];
      if (!block || block.section !== heading.section || block.kind === "heading") break;
      card.add(block.line);
    }
    const ids = citations.filter((citation) => card.has(citation.line) && (citation.arxivId || citation.doi));
    const [only] = ids;
    if (ids.length === 1 && only) {
      only.title ??= title;
      return;
    }
    if (ids.length > 0 || citations.some((citation) => citation.title === title)) return;
    citations.push({
      kind: "title",
      offset: 0,
      arxivId: null,
      doi: null,
      title,
      authors: splitAuthors(authors),
      year: null,
      venue: null,
      line: heading.line,
      section: heading.section,
      leadsSection: true,
    });
  });
}
