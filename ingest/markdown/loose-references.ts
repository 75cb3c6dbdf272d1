/**
 * References written the way notes write them, not the way papers do: one per list item under
 * a `## References` (or `参考文献`) heading, as `Title, Venue Year`, `Title (Venue Year)`,
 * `Author et al. Title. Venue Year.` or `Author et al., "Title", Venue Year`. The formal
 * styles (IEEE, APA, `Authors. Title. Venue`) are citations.ts's; this reads only what they
 * leave, and only where the heading says the lines are references. Pure functions.
 */

import { GBT_TITLE_END, parseGbtReference } from "./citations.js";
import { isFullTitle } from "./names.js";
import { paperTitleShape } from "./paper-links.js";

/** Headings of a section whose list items are references. */
const REFERENCE_HEADING =
  /^(?:references?|bibliography|citations?|works cited|papers?|related papers|reading list|further reading|paper list|参考文献|参考资料|参考论文|参考链接|参考来源|参考阅读|推荐阅读|参考|引用|相关论文|论文列表|延伸阅读|扩展阅读)$/i;

export function isReferenceHeading(heading: string): boolean {
  const text = heading
    .replace(/[*_`#]/g, "")
    .replace(/^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.．])\s*/, "")
    .replace(/[:：]\s*$/, "")
    // `Further reading (optional)`: a remark in brackets does not change what the section holds.
    .replace(/\s*[(（][^)）]{1,20}[)）]\s*$/, "")
    .trim();
  return REFERENCE_HEADING.test(text);
}

export interface LooseReference {
  title: string;
  year: number | null;
  venue: string | null;
}

/** `NeurIPS 2017`, `CVPR'16`, `In Proc. ICML 2020`, `arXiv 2021` at the end of the line. */
const VENUE_YEAR_END =
  /(?:\s*[,，(（.;；]\s*|\s+)(?:[Ii]n\s+)?(?:Proc\.\s*(?:of\s+)?(?:the\s+)?)?((?:(?:arXiv|bioRxiv|medRxiv|[A-Z][\w&'-]*)\s*){1,4}?)\s*'?((?:19|20)\d{2}|'\d{2})\s*[)）]?\s*\.?\s*$/;
const ET_AL_HEAD =
  /^(?:(?:[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,2})(?:\s+[A-Z]{1,2}){0,3},?\s+et\s+al\.?|[\u4e00-\u9fff]{2,4}\s*等)\s*[,.:：，]?\s*/u;
/**
 * One author as reference lists write them: `Gao Z`, `Lee Y J` (Vancouver and GB/T 7714:
 * surname, then initials without points), `A. Radford`, or a full name (`Kaiming He`).
 */
const SURNAME_INITIALS = String.raw`[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?(?:\s+[A-Z]{1,2}){1,3}`;
const INITIALS_SURNAME = String.raw`(?:[A-Z]\.\s*-?\s*)+[\p{Lu}][\p{L}'’-]+`;
const FULL_NAME = String.raw`[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){1,2}`;
const AUTHOR = `(?:${SURNAME_INITIALS}|${INITIALS_SURNAME}|${FULL_NAME})`;
const AUTHOR_SEPARATOR = String.raw`(?:\s*[,，]\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*)`;
/**
 * `Gao Z, Zhang S, McLoughlin I, Yan Z. Title. Venue`: two or more authors (one is a name
 * only with initials or `et al.`, so that a short title in capitals is never read as one)
 * ending at a full stop.
 */
/** `Mildenhall, Srinivasan, Tancik, Barron, Ramamoorthi, Ng. `: three or more surnames alone, then a full stop. */
const SURNAMES_ONLY = String.raw`(?:[\p{Lu}][\p{L}'’-]+,\s+){2,29}(?:and\s+|&\s+)?[\p{Lu}][\p{L}'’-]+\.\s+`;
const AUTHOR_LIST_HEAD = new RegExp(
  String.raw`^(?:${AUTHOR}${AUTHOR_SEPARATOR}){1,30}${AUTHOR}(?:,?\s+et\s+al)?\.\s+|^(?:${SURNAME_INITIALS}|${INITIALS_SURNAME})(?:,?\s+et\s+al)?\.\s+|^${SURNAMES_ONLY}`,
  "u",
);
/** `Radford A, Kim J W, ...`: a list that opens with a surname and its initials (Vancouver, GB/T 7714). */
const SURNAME_FIRST = new RegExp(String.raw`^${SURNAME_INITIALS}\s*[,，]`, "u");

/** The line opens with a Vancouver or GB/T author list (`Radford A, Kim J W, et al. Title. ...`). */
export function opensWithSurnameInitials(body: string): boolean {
  return SURNAME_FIRST.test(body) && (AUTHOR_LIST_HEAD.test(body) || ET_AL_HEAD.test(body));
}

/** `Dhariwal & Nichol,`, `Zhang et al.,`, `Jang, Gu, Poole,`: surnames (a pair, or one with `et al.`), each then a comma. */
const SURNAMES_COMMA =
  /^(?:(?:(?:van|von|de|der|den|da|di|du|la|le)\s+){0,2}[\p{Lu}][\p{L}'’-]+(?:\s*(?:&|and)\s*[\p{Lu}][\p{L}'’-]+|\s+et\s+al\.?)?,\s+){1,8}(?=\S)/u;

/** `(2017).`, `2019.` right after the authors: the year of an author-year style, not the title. */
const LEADING_YEAR = /^[(（]?(?:19|20)\d{2}[a-z]?[)）]?\s*[.,，:]\s*/;
const QUOTED = /[“"]([^”"]{8,})[”"]/;

/**
 * The reference one list item holds, or null when it is not recognisably one: it needs a
 * quoted title, an `et al.` author head, or a venue and year at its end, and a title of three
 * words or more (six Chinese characters).
 */
/** `Title: ...`, `**Authors**: ...`, `链接：`: a metadata field, not a reference. */
const FIELD_LABEL =
  /^(?:title|authors?|link|url|year|venue|paper|code|tags?|date|status|source|arxiv|pdf|标题|作者|链接|地址|年份|会议|代码|来源|出处)\s*[:：]/i;

export function parseLooseReference(line: string, options: { bare?: boolean } = {}): LooseReference | null {
  const body = line
    .replace(/^\s*(?:[-*+]|\d+[.)、]|\[\d+\])\s*/, "")
    .replace(/\s+/g, " ")
    .trim()
    // `next week: FCOS: ...`, `optional: ...`: a label in lower case before the title (a title does not start so).
    .replace(/^[a-z][a-z ]{0,20}:\s+(?=[A-Z])/, "");
  if (body === "" || /^https?:\/\//i.test(body)) return null;
  // `[← 4.1 Graph Convolutional Networks](...) · [4.3 ... →](...)`: links to the previous and next pages.
  if (/^[←«‹]|[→»›]$/.test(body)) return null;

  const quoted = QUOTED.exec(body);
  if (quoted?.[1]) {
    const after = body.slice(quoted.index + quoted[0].length);
    return titled(quoted[1], venueYear(after));
  }
  const gbt = GBT_TITLE_END.test(body) ? parseGbtReference(body) : null;
  if (gbt?.title) return titled(gbt.title, { year: gbt.year, venue: null });
  // `Dhariwal & Nichol, Diffusion Models Beat GANs on Image Synthesis — ADM`: surnames, a comma, the title.
  const byComma = SURNAMES_COMMA.exec(body);
  // (`Shrivastava, Gupta, Girshick. Title.`: the last author ends at a full stop; the author list below reads it.)
  if (byComma && !/^[\p{Lu}][\p{L}'’-]+\.\s/u.test(body.slice(byComma[0].length))) {
    const rest = body.slice(byComma[0].length).replace(/\s+(?:[—–]|--)\s.*$|\s*[（(][^）)]*[）)]\s*$/, "");
    // (`..., ICML 2006`: where and when it appeared are not the title's.)
    const end = VENUE_YEAR_END.exec(rest);
    const title = end ? rest.slice(0, end.index) : rest;
    if (paperTitleShape(title) === "title-case" && title.split(/\s+/).length >= 3)
      return titled(title, venueYear(rest));
  }
  const head = ET_AL_HEAD.exec(body) ?? AUTHOR_LIST_HEAD.exec(body);
  let rest = head ? body.slice(head[0].length).replace(LEADING_YEAR, "") : body;
  const end = VENUE_YEAR_END.exec(rest);
  if (!head && !end) {
    if (options.bare === false || FIELD_LABEL.test(body)) return null;
    // `- Flamingo: a Visual Language Model for Few-Shot Learning`, `- Zero-Shot Text-to-Image
    // Generation（DALL·E）`: a title alone, in title case, with a remark in brackets at most.
    const bare = body.replace(/\s*[（(][^）)]{1,40}[）)]\s*$/, "").trim();
    return paperTitleShape(bare) === "title-case" ? titled(bare, { year: null, venue: null }) : null;
  }
  const where = end ? venueYear(end[0]) : { year: null, venue: null };
  if (end) rest = rest.slice(0, end.index);
  // `Title. Venue`: what follows the title's own full stop is where it appeared.
  const title = rest.replace(/\.\s+\S.*$/, "");
  return titled(title, where);
}

function titled(raw: string, where: { year: number | null; venue: string | null }): LooseReference | null {
  const title = raw.replace(/^[\s"“”'‘’,.;:：]+|[\s"“”'‘’,.;:：，。]+$/g, "").trim();
  if (!isFullTitle(title)) return null;
  if (title.split(/\s+/).length > 30 || /https?:\/\//i.test(title)) return null;
  return { title, ...where };
}

function venueYear(text: string): { year: number | null; venue: string | null } {
  const match = VENUE_YEAR_END.exec(text) ?? /\b((?:19|20)\d{2})\b/.exec(text);
  if (!match) return { year: null, venue: null };
  const yearText = match.length > 2 ? match[2] : match[1];
  const venue = match.length > 2 ? (match[1]?.trim() ?? null) : null;
  const year = yearText?.startsWith("'") ? 2000 + Number(yearText.slice(1)) : Number(yearText);
  return { year: Number.isFinite(year) ? year : null, venue: venue || null };
}
