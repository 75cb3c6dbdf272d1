/**
 * Stable, derived node ids (DESIGN.md, "Graph schema"): the same entity found in two notes,
 * or in a note and in arXiv, gets the same id, so MERGE joins them.
 */
import { createHash } from "node:crypto";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Lower-case, ASCII runs joined by hyphens; CJK and other letters kept as they are. */
export function slug(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_/\\]+/g, "-")
    .replace(/[^\p{L}\p{N}.+-]/gu, "")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
}

export const noteId = (relativePath: string): string => `note:${relativePath.split("\\").join("/")}`;
/** A README or Hugo's `_index.md` (a path or a note id): its folder's index, listing notes rather than citing papers. */
export const isFolderIndex = (path: string): boolean =>
  /(?:^|[/:])(?:readme|_index)\.(?:md|markdown)$/i.test(path);
export const modelId = (name: string): string => `model:${slug(name)}`;
export const conceptId = (name: string): string => `concept:${slug(name)}`;
export const lossId = (name: string): string => `loss:${slug(name)}`;
export const tagId = (name: string): string => `tag:${name.trim().normalize("NFKC").toLowerCase()}`;
export const categoryId = (name: string): string => `category:${name.trim().normalize("NFKC").toLowerCase()}`;
export const seriesId = (name: string): string => `series:${name.trim().normalize("NFKC").toLowerCase()}`;
export const figureId = (contentHash: string): string => `figure:${contentHash}`;

const OLD_STYLE_ARXIV = /^([a-z-]+(?:\.[A-Z]{2})?)\/(\d{7})(?:v\d+)?$/i;
const NEW_STYLE_ARXIV = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;

/** `2301.12597v3` -> `2301.12597`; `hep-th/9901001v2` -> `hep-th/9901001`; anything else -> null. */
export function normalizeArxivId(raw: string): string | null {
  const text = raw
    .trim()
    .replace(/^arxiv:/i, "")
    .replace(/\.pdf$/i, "");
  const modern = NEW_STYLE_ARXIV.exec(text);
  if (modern?.[1]) {
    // Since January 2015 (1501) the number after the dot has five digits; before, four. A
    // four-digit number after 1501 is a typo or a truncation, not an id.
    const [yymm = "", number = ""] = modern[1].split(".");
    return Number(yymm) >= 1501 === (number.length === 5) ? modern[1] : null;
  }
  const old = OLD_STYLE_ARXIV.exec(text);
  if (old?.[1] && old[2]) return `${old[1].toLowerCase()}/${old[2]}`;
  return null;
}

export const arxivPaperId = (arxivId: string): string => `paper:arxiv:${arxivId}`;
export const doiPaperId = (doi: string): string => `paper:doi:${doi.toLowerCase()}`;
/** A title normalised for matching: the same paper cited with other case or punctuation has the same key. */
export const paperTitleKey = (title: string): string => slug(title);
export const TITLE_PAPER_PREFIX = "paper:title:";
/**
 * Papers known only by title (no arXiv id, no DOI) still join across notes by their title;
 * the id ends with the title key, by which such a paper is later joined to its arXiv paper.
 */
export const titlePaperId = (title: string): string => `${TITLE_PAPER_PREFIX}${paperTitleKey(title)}`;

/**
 * A paper known only by its address and a short name (`[EdgeBoxes](.../86930391.pdf)`): the
 * name is not its title, so the address is its key; two notes linking the same PDF join.
 */
export const urlPaperId = (url: string): string => `paper:url:${normalizePaperUrl(url)}`;

/** Scheme, `www.`, a trailing slash and the fragment go; case folds in the host only. */
function normalizePaperUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    const host = parsed.hostname.toLowerCase().replace(/^www\./, "");
    return `${host}${parsed.pathname.replace(/\/+$/, "")}${parsed.search}`;
  } catch {
    return url.trim();
  }
}

/**
 * `A. Radford` -> `author:a-radford`. Dots go, spaces become hyphens, case folds.
 * Merging abbreviated and full names is arXiv enrichment's job, not the id's.
 */
export function authorId(name: string): string {
  return `author:${slug(normalizePersonName(name).replace(/\./g, ""))}`;
}

/** `A.Radford`, `A.  Radford` -> `A. Radford`: one space after each initial, single spaces. */
export function normalizePersonName(name: string): string {
  return name.normalize("NFKC").replace(/\.\s*/g, ". ").replace(/\s+/g, " ").trim();
}

const TRACKING_PARAMETER = /^(utm_.*|spm.*|vd_source|share_.*|fbclid|gclid|mc_eid|ref_src)$/i;

/**
 * Lower-cased scheme and host, no fragment, no tracking parameters (utm_*, spm_id_from,
 * vd_source, ...), no trailing slash: the same page shared twice is one WebResource.
 */
export function normalizeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.hash = "";
    for (const key of [...url.searchParams.keys()])
      if (TRACKING_PARAMETER.test(key)) url.searchParams.delete(key);
    if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, "");
    const text = url.toString();
    return url.pathname === "/" && !url.search ? text.slice(0, -1) : text;
  } catch {
    return raw.trim();
  }
}

export const urlId = (raw: string): string => `url:${normalizeUrl(raw)}`;

export interface GithubRepo {
  owner: string;
  repo: string;
  url: string;
  id: string;
}

const GITHUB_REPO =
  /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?(?:[/?#].*)?$/;
const GITHUB_NON_REPO_OWNERS = new Set([
  "orgs",
  "topics",
  "features",
  "marketplace",
  "sponsors",
  "settings",
  "about",
]);

/** A GitHub repository URL (any deep link inside it) -> its repository; other URLs -> null. */
export function parseGithubRepo(raw: string): GithubRepo | null {
  const match = GITHUB_REPO.exec(raw.trim());
  if (!match?.[1] || !match[2] || GITHUB_NON_REPO_OWNERS.has(match[1].toLowerCase())) return null;
  const owner = match[1];
  const repo = match[2];
  return {
    owner,
    repo,
    url: `https://github.com/${owner}/${repo}`,
    id: `repo:github.com/${owner.toLowerCase()}/${repo.toLowerCase()}`,
  };
}
