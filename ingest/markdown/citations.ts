/**
 * Citations in running text: IEEE-style reference lines (`[1] A. Radford et al., Title, ...`),
 * APA-style lines (`Radford, A., & Kim, J. W. (2021). Title. ...`), and identifiers
 * anywhere: arXiv ids (`arXiv:2103.00020`, `arxiv.org/abs/...`, `arxiv.org/pdf/...v2`,
 * old-style `hep-th/9901001`) and DOIs. Pure functions over one paragraph's text.
 */
import { normalizeArxivId, normalizePersonName } from "../../src/graph/ids.js";
import { opensWithSurnameInitials, parseLooseReference } from "./loose-references.js";

export interface Citation {
  /**
   * A reference line, an identifier in the text, a link to a paper's PDF or page
   * (paper-links.ts), or a line of a references list written loosely (loose-references.ts).
   */
  kind: "reference" | "inline" | "link" | "list" | "title";
  /** Offset of the citation inside the paragraph text. */
  offset: number;
  arxivId: string | null;
  doi: string | null;
  title: string | null;
  /** In the order written; "et al." is never an author. */
  authors: string[];
  year: number | null;
  venue: string | null;
  /** The address a paper link points at, when it has no arXiv id or DOI. */
  url?: string;
  /** What a paper link calls a paper it does not title (`[EdgeBoxes](...pdf)`). */
  name?: string;
}

/** A new-style id (yymm.nnnnn, month 01-12) or an old-style one (hep-th/9901001), with its version. */
const ARXIV_ID = String.raw`(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?`;
const ARXIV_PATTERNS: RegExp[] = [
  // arxiv.org and its mirrors and readers: abs, pdf (with or without .pdf), html, alphaxiv, ar5iv.
  new RegExp(
    String.raw`(?:arxiv\.org|alphaxiv\.org|ar5iv(?:\.labs\.arxiv)?\.org|arxiv-sanity(?:-lite)?\.com|scirate\.com\/arxiv|semanticscholar\.org\/arxiv)\/(?:abs|pdf|html|format|overview|ps)?\/?${ARXIV_ID}`,
    "gi",
  ),
  // arXiv's old file tree: arxiv.org/ftp/arxiv/papers/1312/1312.5402.pdf.
  new RegExp(String.raw`arxiv\.org\/ftp\/arxiv\/papers\/\d{4}\/${ARXIV_ID}`, "gi"),
  // Paper pages keyed by the arXiv id: huggingface.co/papers/2206.11251, paperswithcode.com/paper/2206.11251.
  new RegExp(
    String.raw`(?:huggingface\.co\/papers|paperswithcode\.com\/paper|papers\.cool\/arxiv|alphaxiv\.org)\/${ARXIV_ID}`,
    "gi",
  ),
  // In prose: arXiv:2103.00020, arxiv 2206.11251, arXiv 2206.11251v2, arXiv.2206.11251, arXiv：2206.11251.
  new RegExp(
    String.raw`\barxiv\s*(?:[:：.]|\s|\bid\b)\s*(?:preprint\s+)?(?:arxiv\s*[:：]\s*)?${ARXIV_ID}`,
    "gi",
  ),
  // BibTeX: `eprint = {2103.00020}` (with `archivePrefix = {arXiv}` beside it).
  new RegExp(String.raw`\beprint\s*=\s*[{"]\s*${ARXIV_ID}`, "gi"),
  // [2206.11251] or (2206.11251) right after "arXiv": the id in brackets.
  new RegExp(String.raw`\barxiv\s*[\[(（]\s*${ARXIV_ID}\s*[\])）]`, "gi"),
  // A bare id of the five-digit form arXiv has used since 2015 (`(FT-Transformer, 2106.11959)`):
  // no other number in a note is written yymm.nnnnn, so it needs no `arXiv` before it. Not
  // inside a path, a URL or a longer number.
  /(?<![\w./:#=-])((?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5})(?:v\d+)?(?![\w/-]|\.\d)/g,
];
const DOI_PATTERN = /\b(10\.\d{4,9}\/[-._;()/:A-Za-z0-9]+[A-Za-z0-9)])/g;

export interface IdentifierHit {
  offset: number;
  arxivId: string | null;
  doi: string | null;
}

/** Every arXiv id and DOI in the text, each once, in order of appearance. */
export function findIdentifiers(text: string): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  const seen = new Set<string>();
  for (const pattern of ARXIV_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const id = normalizeArxivId(match[1] ?? "");
      if (id && !seen.has(`a:${id}`)) {
        seen.add(`a:${id}`);
        hits.push({ offset: match.index, arxivId: id, doi: null });
      }
    }
  }
  for (const match of text.matchAll(DOI_PATTERN)) {
    const doi = balancedDoi((match[1] ?? "").replace(/[.,;]+$/, ""));
    // arXiv's own DOIs (10.48550/arXiv.2103.00020) name the arXiv paper.
    const arxivDoi = /^10\.48550\/arxiv\.(.+)$/i.exec(doi);
    const arxivId = arxivDoi?.[1] ? normalizeArxivId(arxivDoi[1]) : null;
    const key = arxivId ? `a:${arxivId}` : `d:${doi.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push(
      arxivId ? { offset: match.index, arxivId, doi: null } : { offset: match.index, arxivId: null, doi },
    );
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

/**
 * A DOI may hold brackets (`10.1016/S0014-5793(01)03313-0`), but a closing one it never opened
 * belongs to the prose around it: `(Graves et al. 2006, https://doi.org/10.1145/1143844.1143891)`.
 */
function balancedDoi(doi: string): string {
  let out = doi;
  while (out.endsWith(")") && (out.match(/\)/g) ?? []).length > (out.match(/\(/g) ?? []).length) {
    out = out.slice(0, -1).replace(/[.,;]+$/, "");
  }
  return out;
}

const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?";
const DATE_OR_VENUE = new RegExp(
  `^(?:${MONTH}\\s*\\d|(?:19|20)\\d{2}\\b|in\\s|In\\s|Proc\\.|Proceedings|arXiv|vol\\.|pp\\.|no\\.|Accessed|doi|https?:)`,
  "i",
);
/** `NAACL 2019`, `CVPR'16`, `ICML 2008.`: a venue and its year closing a reference. */
const VENUE_YEAR_SEGMENT = /^[A-Z][A-Za-z&-]*(?:\s+[A-Z][A-Za-z&-]*){0,3}\s*'?(?:(?:19|20)\d{2}|\d{2})\.?$/;
const INITIALS = "(?:[A-Z][a-z]?\\.\\s*-?\\s*)+";
const SURNAME = "[\\p{Lu}][\\p{L}'’-]+(?:\\s+[\\p{Lu}][\\p{L}'’-]+)*";
const IEEE_NAME = new RegExp(`^(?:and\\s+|&\\s*)?(${INITIALS}\\s*${SURNAME})(\\s+et\\s+al\\.?)?$`, "u");
const ET_AL = /^et\s+al\.?$/i;
const SURNAME_ET_AL = new RegExp(`^(${SURNAME})\\s+et\\s+al\\.?$`, "u");

/** `[1] A. Radford et al., Title, Feb. 26, 2021, arXiv: arXiv:2103.00020.` */
export function parseIeeeReference(text: string): Omit<Citation, "offset" | "kind"> | null {
  const head = /^\s*\[(\d{1,4})\]\s*/.exec(text);
  if (!head) return null;
  const body = text.slice(head[0].length).trim();
  // APA and GB/T 7714 lines numbered like IEEE ones: `[5] Chen, M., ... (2020). Title. ...`,
  // `[2] Brown T B, Mann B, et al. Language models are few-shot learners[J]. ...`.
  const numbered = parseApaReference(body) ?? parseGbtReference(body);
  if (numbered) return numbered;
  // `[1] Radford A, Kim J W, Hallacy C, et al. Title. ICML 2021.`: GB/T's authors without its type mark.
  const loose = opensWithSurnameInitials(body) ? parseLooseReference(body) : null;
  if (loose) return withIdentifier(body, body, { title: loose.title, authors: [], year: loose.year });
  const quoted = /[“"]([^”"]{3,})[”"]/.exec(body);

  const authors: string[] = [];
  let title: string | null = null;
  let rest = body;
  let year: number | null = null;
  const periodStyle = quoted?.[1] ? null : parseAuthorsTitleVenue(body);
  if (periodStyle) {
    authors.push(...periodStyle.authors);
    title = periodStyle.title;
    rest = periodStyle.rest;
    year = periodStyle.year;
  } else if (quoted?.[1]) {
    authors.push(...splitIeeeAuthors(body.slice(0, quoted.index)));
    title = cleanTitle(quoted[1]);
    rest = body.slice(quoted.index + quoted[0].length);
  } else {
    const segments = body.split(/,\s*/);
    let index = 0;
    for (; index < segments.length; index++) {
      const segment = (segments[index] ?? "").trim();
      if (ET_AL.test(segment)) continue;
      // `Devlin et al.`: a surname alone before et al. ends the authors.
      const lead = index === 0 ? SURNAME_ET_AL.exec(segment) : null;
      if (lead?.[1]) {
        authors.push(normalizePersonName(lead[1]));
        index++;
        break;
      }
      const name = IEEE_NAME.exec(segment);
      if (!name?.[1]) break;
      authors.push(normalizePersonName(name[1]));
      if (name[2]) {
        index++;
        break;
      }
    }
    const titleParts: string[] = [];
    for (; index < segments.length; index++) {
      const segment = (segments[index] ?? "").trim();
      if (titleParts.length > 0 && (DATE_OR_VENUE.test(segment) || VENUE_YEAR_SEGMENT.test(segment))) break;
      titleParts.push(segment);
    }
    title = titleParts.length ? cleanTitle(titleParts.join(", ")) : null;
    rest = segments.slice(index).join(", ");
  }
  return withIdentifier(body, rest, { title, authors, year: year ?? findYear(rest) });
}

/** The document-type mark of GB/T 7714 that ends a title: `[J]`, `[C]//`, `[M]`, `[EB/OL]`. */
export const GBT_TITLE_END =
  /\[(?:J|C|M|D|R|A|N|P|S|Z|G|EB|DB|CP|J\/OL|C\/OL|M\/OL|EB\/OL|DB\/OL|OL)\](?:\/\/)?/;
/** `Brown T B`, `Ziegler D M`: a surname, then initials without points. */
const GBT_LATIN_NAME = /^([\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?)((?:\s+[A-Z]{1,2}){1,3})$/u;
const GBT_HAN_NAME = /^[\p{Script=Han}·]{2,6}$/u;

/**
 * China's reference standard (GB/T 7714), as Chinese notes copy it from CNKI or Google Scholar:
 * `Brown T B, Mann B, Ryder N, et al. Language models are few-shot learners[J]. Advances in
 * Neural Information Processing Systems, 2020, 33: 1877-1901.` The title ends at its type mark.
 */
export function parseGbtReference(body: string): Omit<Citation, "offset" | "kind"> | null {
  const mark = GBT_TITLE_END.exec(body);
  if (!mark) return null;
  const head = body.slice(0, mark.index);
  const stop = /^(.+?)[.．]\s*(.+)$/su.exec(head);
  if (!stop?.[1] || !stop[2]) return null;
  const names = stop[1]
    .split(/\s*[,，]\s*/)
    .map((name) => name.trim())
    .filter((name) => name && !/^(?:et\s+al\.?|等)$/i.test(name));
  const authors: string[] = [];
  for (const name of names) {
    const latin = GBT_LATIN_NAME.exec(name);
    if (latin?.[1] && latin[2]) {
      const initials = latin[2]
        .trim()
        .split(/\s+/)
        .flatMap((group) => [...group].map((c) => `${c}.`));
      authors.push(normalizePersonName(`${initials.join(" ")} ${latin[1]}`));
    } else if (GBT_HAN_NAME.test(name)) {
      authors.push(name);
    } else {
      return null;
    }
  }
  if (authors.length === 0) return null;
  const rest = body.slice(mark.index + mark[0].length);
  return withIdentifier(body, rest, { title: cleanTitle(stop[2]), authors, year: findYear(rest) });
}

function splitIeeeAuthors(text: string): string[] {
  return text
    .split(/,\s*|\s+and\s+/)
    .map((part) => part.replace(/^and\s+|^&\s*/, "").trim())
    .filter((part) => part && !ET_AL.test(part))
    .map((part) => normalizePersonName(part.replace(/\s+et\s+al\.?$/i, "")));
}

const APA = /^\s*(?:[-*]\s+)?(.+?)\s*\((\d{4})[a-z]?\)\.\s*(.+?[.?!])\s+(.*)$/su;
const APA_AUTHOR_HEAD = /^[\p{Lu}][\p{L}'’-]+,\s*(?:[A-Z]\.\s*-?\s*)+/u;

/** `Radford, A., Kim, J. W., & Sutskever, I. (2021). Title. arXiv preprint arXiv:2103.00020.` */
export function parseApaReference(text: string): Omit<Citation, "offset" | "kind"> | null {
  const match = APA.exec(text);
  if (!match?.[1] || !match[3] || !APA_AUTHOR_HEAD.test(match[1])) return null;
  const authors: string[] = [];
  const parts = match[1]
    .replace(/,?\s*&\s*/g, ", ")
    .split(/,\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const surname = parts[i] ?? "";
    if (ET_AL.test(surname)) continue;
    const initials = parts[i + 1] ?? "";
    if (/^(?:[A-Z]\.\s*-?\s*)+$/.test(initials)) {
      authors.push(normalizePersonName(`${initials} ${surname}`));
      i++;
    }
  }
  return withIdentifier(text, match[4] ?? "", {
    title: cleanTitle(match[3]),
    authors,
    year: Number(match[2]),
  });
}

/** A parsed reference completed with the first identifier in `text` and the venue `rest` names. */
function withIdentifier(
  text: string,
  rest: string,
  parsed: { title: string | null; authors: string[]; year: number | null },
): Omit<Citation, "offset" | "kind"> {
  const id = findIdentifiers(text)[0];
  return {
    arxivId: id?.arxivId ?? null,
    doi: id?.doi ?? null,
    ...parsed,
    title: parsed.title === null ? null : cleanTitle(parsed.title),
    venue: findVenue(rest, id?.arxivId ?? null),
  };
}

/**
 * `V-Net: ... Segmentation.（dice loss 出处）`: the note-taker's remark in Chinese after a title in
 * another script is not in it (a Chinese title keeps its brackets).
 */
const NOTE_REMARK = /[.。]?\s*[（(][^()（）]*[\u4e00-\u9fff][^()（）]*[)）]\s*$/u;

function cleanTitle(title: string): string {
  return title
    .replace(/\s+/g, " ")
    .replace(NOTE_REMARK, (remark, at: number, whole: string) =>
      /[\u4e00-\u9fff]/.test(whole.slice(0, at)) ? remark : "",
    )
    .replace(/^[\s"“”]+|[\s"“”,.]+$/g, "")
    .trim();
}

function findYear(text: string): number | null {
  const match = /\b(19\d{2}|20\d{2})\b/.exec(text);
  return match?.[1] ? Number(match[1]) : null;
}

function findVenue(text: string, arxivId: string | null): string | null {
  const proceedings = /\bin\s+((?:Proc\.|Proceedings)[^,.]*(?:\.[^,]*)?)/i.exec(text);
  if (proceedings?.[1]) return proceedings[1].trim();
  if (arxivId || /\barXiv\b/i.test(text)) return "arXiv";
  return null;
}

/**
 * All citations of one paragraph: a reference line (IEEE or APA) when the paragraph is one,
 * else every identifier in it as an inline citation.
 */
export function findCitations(text: string): Citation[] {
  // Reference lists written as one paragraph: `[1] ...\n[2] ...` is one reference per line.
  const lines = text.split("\n");
  if (lines.filter((line) => /^\s*\[\d{1,4}\]/.test(line)).length > 1) {
    const found: Citation[] = [];
    let offset = 0;
    for (const line of lines) {
      for (const citation of findCitationsInBlock(line))
        found.push({ ...citation, offset: offset + citation.offset });
      offset += line.length + 1;
    }
    return found;
  }
  return findCitationsInBlock(text);
}

function findCitationsInBlock(text: string): Citation[] {
  const reference = parseIeeeReference(text) ?? parseApaReference(text);
  // `[5] 官方 PyTorch 实现：https://github.com/...`: a numbered line that holds a link, not a title, is no paper.
  if (
    reference &&
    !reference.arxivId &&
    !reference.doi &&
    reference.title &&
    /https?:\/\//.test(reference.title)
  )
    return inlineCitations(text);
  if (reference && (reference.arxivId || reference.doi || reference.title)) {
    return [{ kind: "reference", offset: 0, ...reference }];
  }
  return inlineCitations(text);
}

/** Every arXiv id and DOI in the text as a citation of its own, with nothing else known of it. */
export function inlineCitations(text: string): Citation[] {
  return findIdentifiers(text).map((hit) => ({
    kind: "inline",
    offset: hit.offset,
    arxivId: hit.arxivId,
    doi: hit.doi,
    title: null,
    authors: [],
    year: null,
    venue: null,
  }));
}

/** Given names and initials, then the surname; a surname's particles (`Aäron van den Oord`) in lower case. */
const FULL_NAME =
  /^(?:[\p{Lu}][\p{L}'’-]*\.?\s+|(?:van|von|de|der|den|du|da|di|del|della|dos|das|la|le|ten|ter)\s+){1,4}[\p{Lu}][\p{L}'’-]+$/u;
/** The ACM reference format's year, between the authors and the title: `Aapo Hyvärinen. 2005. Title.` */
const YEAR_SENTENCE = /^((?:19|20)\d{2})[a-z]?\.\s+/;

/**
 * `Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun. Deep Residual Learning for Image
 * Recognition. CVPR 2016.`: the authors (full names) end at the first period, the title at the
 * next; in the ACM format a year stands between the two. Null when the part before the first
 * period is not a list of names, so an author list is never taken for a title.
 */
function parseAuthorsTitleVenue(
  body: string,
): { authors: string[]; title: string; rest: string; year: number | null } | null {
  const authorsEnd = /^(.+?[^A-Z])\.\s+(.*)$/su.exec(body);
  if (!authorsEnd?.[1] || !authorsEnd[2]) return null;
  const names = authorsEnd[1]
    .split(/\s*(?:,|;|\band\b|&)\s*/)
    .map((name) => name.trim())
    .filter((name) => name && !ET_AL.test(name));
  if (names.length === 0 || !names.every((name) => FULL_NAME.test(name))) return null;
  const year = YEAR_SENTENCE.exec(authorsEnd[2]);
  // After an ACM year the title may end in an acronym (`Visualizing Data using t-SNE. *JMLR*`): no initials follow there.
  const match = year
    ? /^(.+?[^.])\.(?:\s+(.*))?$/su.exec(authorsEnd[2].slice(year[0].length))
    : /^(.+?[^A-Z.])\.(?:\s+(.*))?$/su.exec(authorsEnd[2]);
  if (!match?.[1]) return null;
  return {
    authors: names.map(normalizePersonName),
    title: cleanTitle(match[1]),
    rest: match[2] ?? "",
    year: year?.[1] ? Number(year[1]) : null,
  };
}
