/**
 * Links to papers that have no arXiv id or DOI in their address: a PDF anywhere, or a paper's
 * page on a proceedings or scholarly site (`[Selective Search for Object Recognition](...pdf)`,
 * `[CPMC](https://ieeexplore.ieee.org/stamp/...)`). The link's text is what the note calls the
 * paper: its title, or a short name. Pure functions over one link.
 */

/** Pages that are one paper each: the host and the path that marks a paper (not a venue's index). */
const PAPER_PAGES: readonly RegExp[] = [
  /(?:^|\.)semanticscholar\.org\/(?:paper|reader)\//,
  /(?:^|\.)ieeexplore\.ieee\.org\/(?:document|stamp|abstract)\//,
  /(?:^|\.)openaccess\.thecvf\.com\/content/,
  /(?:^|\.)(?:proceedings\.neurips\.cc|papers\.nips\.cc)\/paper/,
  /(?:^|\.)proceedings\.mlr\.press\/v\d+\//,
  /(?:^|\.)aclanthology\.org\/[\w.-]+\d/,
  /(?:^|\.)openreview\.net\/(?:forum|pdf)\?id=/,
  /(?:^|\.)researchgate\.net\/publication\//,
  /(?:^|\.)sciencedirect\.com\/science\/article\//,
  /(?:^|\.)jmlr\.org\/papers\/v\d+\//,
  /(?:^|\.)ojs\.aaai\.org\/index\.php\/\w+\/article\//,
  /(?:^|\.)ijcai\.org\/proceedings\/\d{4}\//,
  /(?:^|\.)ecva\.net\/papers\//,
];

/** Link texts that say what the target is, not which paper: `[PDF](...)`, `[论文](...)`. */
const GENERIC_TEXT =
  /^(?:pdf|paper|papers|link|here|this|this paper|the paper|full paper|download|source|abstract|html|project|project page|website|page|url|doi|code|slides?|poster|video|论文|原文|链接|地址|这里|此处|全文|下载|论文链接|论文地址|原文链接)$/i;

/** A link to one paper: a `.pdf` file anywhere, or a paper's own page on a proceedings or scholarly site. */
export function isPaperUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(parsed.protocol)) return false;
  if (/\.pdf$/i.test(decodeURIComponentSafe(parsed.pathname))) return true;
  const page = `${parsed.hostname.toLowerCase()}${parsed.pathname}${parsed.search}`;
  return PAPER_PAGES.some((pattern) => pattern.test(page));
}

/**
 * What a paper link calls its paper: the link text, cleaned, when it names something (not
 * empty, the address itself, a number (`[3]`), a word like "PDF", a venue and year, or
 * slides); else the title the address spells (`titleFromUrl`); else null.
 */
export function paperLinkTitle(text: string | null, url: string): string | null {
  const fromText = text ? cleanLinkText(text, url) : null;
  return fromText ?? titleFromUrl(url);
}

function cleanLinkText(text: string, url: string): string | null {
  const title = text
    .replace(/\s+/g, " ")
    .replace(/^[\s"“”'‘’「」《》]+|[\s"“”'‘’「」《》,.;:：，。；]+$/g, "")
    .replace(/^[[(（](.*)[\])）]$/, "$1")
    .trim();
  if (title === "" || title === url || /^https?:\/\//i.test(title)) return null;
  if (!/[\p{L}]/u.test(title) || /^\[?\d+\]?$/.test(title)) return null;
  if (GENERIC_TEXT.test(title) || VENUE_YEAR.test(title) || NOT_A_PAPER.test(title)) return null;
  return title;
}

/**
 * One title per address in a note: a paper linked twice (`[Selective Search for Object
 * Recognition](x.pdf)`, later `[选择性搜索](x.pdf)`) is one paper, titled by the first full title
 * any of its links gives; links that give none keep their names (the address is the key).
 */
export function unifyLinkTitles<T extends { kind: string; url?: string; title: string | null }>(
  citations: readonly T[],
): T[] {
  const titles = new Map<string, string>();
  for (const citation of citations) {
    if (citation.kind === "link" && citation.url && citation.title && !titles.has(citation.url)) {
      titles.set(citation.url, citation.title);
    }
  }
  return citations.map((citation) => {
    const title = citation.kind === "link" && citation.url ? titles.get(citation.url) : undefined;
    return title ? { ...citation, title } : citation;
  });
}

/** `CVPR 2019`, `NeurIPS'20`, `ICLR 2021 (oral)`: the venue the paper appeared at, not its title. */
const VENUE_YEAR = /^[A-Za-z][A-Za-z-]{1,11}\s*'?(?:19|20)?\d{2}(?:\s*\([^)]*\))?$/;
/** Slides, a lecture's handout, "the PDF of ...", a picture's credit: a document, not a paper cited. */
const NOT_A_PAPER =
  /\b(?:pdf|slides?|lecture notes?|handout|image source|figure source|image credit)\b|PDF|课件|讲义|讲的|幻灯片|图源|图片来源/i;

/**
 * The title a paper's address spells, for the sites whose file names are titles: the CVF's
 * `Ye_Unsupervised_Embedding_Learning_via_..._CVPR_2019_paper.pdf` is the first author's
 * surname, the title's words and the venue.
 */
export function titleFromUrl(url: string): string | null {
  const cvf =
    /openaccess\.thecvf\.com\/.*\/[A-Z][\w'-]*?_(.+)_(?:CVPR|ICCV|WACV|ECCV|CVPRW|ICCVW)_\d{4}_paper\.pdf$/i.exec(
      decodeURIComponentSafe(url),
    );
  const words = cvf?.[1]?.split("_").filter(Boolean) ?? [];
  return words.length >= 2 ? words.join(" ") : null;
}

/** `papers/CLIPasso%EF%BC%9ASemantically-Aware.md` as the file is named; text that is not an encoding as it is. */
export function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const TITLE_SMALL_WORDS =
  /^(?:a|an|the|of|for|and|or|to|in|on|with|from|by|via|as|at|is|are|be|into|without|towards?|beyond|through|using|vs\.?)$/i;

/**
 * How a text is written when it is a paper's title: in title case (most content words
 * capitalised, or all capitals) or in sentence case (a capital, then lower-case words); null
 * when it is not a title: under four words, CJK, a sentence that ends with a full stop, a URL.
 */
export function paperTitleShape(text: string): "title-case" | "sentence-case" | null {
  const title = text.trim();
  if (
    title.length > 200 ||
    /https?:\/\/|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(title)
  )
    return null;
  if (/[.!。;；]$/.test(title)) return null;
  // `min_Q α E_{s∼D}[ log Σ_a exp(Q(s,a)) ... ]`: a formula, not a title.
  if (/[_{}^\\∑Σ∼≈≤≥∈]/.test(title)) return null;
  const words = title.split(/[\s:：]+/).filter((word) => /[A-Za-z]/.test(word));
  // `Classifier-Free Diffusion Guidance`, `Zero-Shot Text-to-Image Generation`: the parts of a
  // compound count towards a title's length.
  const parts = words.flatMap((word) => word.split("-")).filter((part) => /[A-Za-z]/.test(part));
  if (parts.length < 4 || words.length < 3 || words.length > 30) return null;
  const content = words.filter((word) => !TITLE_SMALL_WORDS.test(word));
  const capitalised = content.filter((word) => /^[^a-z]*[A-Z]/.test(word)).length;
  if (capitalised >= Math.max(2, Math.ceil(content.length * 0.6))) return "title-case";
  return /^[^a-z]*[A-Z]/.test(words[0] ?? "") ? "sentence-case" : null;
}

/**
 * The words a link to another note shows, when they are a paper's title: `[[Momentum Contrast
 * for Unsupervised Visual Representation Learning]]`, `[GroupViT: Semantic Segmentation Emerges
 * from Text Supervision](GroupViT.md)`. A name (`[[SimCLR]]`, `Transformer 论文精读`), a phrase
 * in lower case (`reading list`) or a sentence is not. `minWords`: how many words make a title
 * case title; a title in sentence case needs six (`[[Training language models to follow
 * instructions with human feedback]]`), since shorter ones are as often a note's topic.
 */
export function noteLinkPaperTitle(text: string | null, target: string, minWords: number): string | null {
  const shown =
    text ??
    (target.split("#")[0] ?? "")
      .split("/")
      .pop()
      ?.replace(/\.(?:md|markdown)$/i, "") ??
    "";
  const title = cleanLinkText(shown, "");
  if (!title) return null;
  const words = title.split(/[\s:：]+/).filter((word) => /[A-Za-z]/.test(word)).length;
  const shape = paperTitleShape(title);
  if (shape === "title-case" && words >= minWords) return title;
  if (shape === "sentence-case" && words >= Math.max(minWords, 6)) return title;
  // Three capitalised words (`Language-driven Semantic Segmentation`) are below paperTitleShape's four.
  if (minWords <= 3 && words === 3 && !shape && /^(?:[^a-z\s]*[A-Z]\S*\s+){2}[^a-z\s]*[A-Z]\S*$/.test(title))
    return title;
  return null;
}
