/**
 * Small pure scanners for things Markdown itself does not parse: `<img>` tags in HTML,
 * Obsidian `[[wikilinks]]` and `![[embeds]]`, image syntax left unparsed because the path
 * has spaces, and inline `#tags`.
 */
import { decodeURIComponentSafe } from "./paper-links.js";

export interface HtmlImage {
  src: string;
  alt: string | null;
  title: string | null;
  /** Offset of the tag in the HTML text. */
  offset: number;
}

const IMG_TAG = /<img\b(?:\{[^}]*\}\}?|[^>{])*>/gi;
/** `src="x.png"`, or MDX's `src={require('./x.png').default}` / `src={useBaseUrl('/img/x.png')}`. */
const ATTRIBUTE =
  /\b(src|alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:require|useBaseUrl)\(\s*["'`]([^"'`]+)["'`]\s*\)(?:\.default)?\s*\}|\{\s*["'`]([^"'`]*)["'`]\s*\}|([^\s>{]+))/gi;

export function findHtmlImages(html: string): HtmlImage[] {
  return [...html.matchAll(IMG_TAG)].flatMap((tag) => imageOfTag(tag[0], tag.index) ?? []);
}

/**
 * MDX's `<img src={require('./x.png').default} />` in running text: not HTML to CommonMark
 * (its attribute is an expression), so it stays text and only this finds it.
 */
export function findJsxImages(text: string): HtmlImage[] {
  if (!text.includes("<img")) return [];
  return [...text.matchAll(IMG_TAG)]
    .filter((tag) => /=\s*\{/.test(tag[0]))
    .flatMap((tag) => imageOfTag(tag[0], tag.index) ?? []);
}

/** The image an `<img>` tag shows, null when it has no `src`. */
function imageOfTag(tag: string, offset: number): HtmlImage | null {
  const attributes: Record<string, string> = {};
  for (const attribute of tag.matchAll(ATTRIBUTE)) {
    const name = attribute[1]?.toLowerCase();
    const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? attribute[5] ?? attribute[6] ?? "";
    if (name) attributes[name] = decodeEntities(value);
  }
  if (!attributes.src) return null;
  return { src: attributes.src, alt: attributes.alt || null, title: attributes.title || null, offset };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

export interface WikiRef {
  offset: number;
  embed: boolean;
  target: string;
  alias: string | null;
}

const WIKILINK = /(!?)\[\[([^\]|#\n]+)(?:#[^\]|\n]*)?(?:\|([^\]\n]*))?\]\]/g;

export function findWikiRefs(text: string): WikiRef[] {
  return [...text.matchAll(WIKILINK)].map((match) => ({
    offset: match.index,
    embed: match[1] === "!",
    target: (match[2] ?? "").trim(),
    alias: match[3]?.trim() || null,
  }));
}

const UNPARSED_IMAGE = /!\[([^\]\n]*)\]\(([^)\n]+?)(?:\s+"([^"\n]*)")?\)/g;

/** TiddlyWiki's image: `[img[files/x.png]]`, `[img width=300 [tooltip|files/x.png]]`. */
const TIDDLY_IMAGE = /\[img(?:\s[^[\]\n]*)?\[(?:([^|\]\n]*)\|)?([^|\]\n]+)\]\]/g;

/**
 * `![alt](my figure.PNG)`: not an image to CommonMark (a space in the path), but meant as one;
 * and TiddlyWiki's `[img[...]]`, which no Markdown parser reads.
 */
export function findUnparsedImages(text: string): HtmlImage[] {
  const markdown = [...text.matchAll(UNPARSED_IMAGE)].map((match) => ({
    offset: match.index,
    src: withoutSizeSuffix((match[2] ?? "").trim()),
    alt: match[1] || null,
    title: match[3] || null,
  }));
  const tiddly = [...text.matchAll(TIDDLY_IMAGE)].map((match) => ({
    offset: match.index,
    src: (match[2] ?? "").trim(),
    alt: match[1]?.trim() || null,
    title: null,
  }));
  return [...markdown, ...tiddly];
}

const INLINE_TAG = /(?:^|[\s(（])#([\p{L}_][\p{L}\p{N}_/-]*)/gu;

export function findInlineTags(text: string): { offset: number; name: string }[] {
  return [...text.matchAll(INLINE_TAG)].map((match) => ({
    offset: match.index + match[0].indexOf("#"),
    name: match[1] ?? "",
  }));
}

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|svg|bmp|avif|tiff?)$/i;
export const looksLikeImage = (path: string): boolean => IMAGE_EXTENSIONS.test(path.split(/[?#]/)[0] ?? path);

/** Text before the first newline-counted offset: the line of `offset` inside a block starting at `line`. */
export function lineAt(text: string, offset: number, startLine: number): number {
  let line = startLine;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** HackMD's size suffix, `![](x.png =600x)`: not part of the path. */
function withoutSizeSuffix(src: string): string {
  return src.replace(/\s+=\d*x\d*$/, "");
}

/**
 * Figures written as a site generator's tags: Hugo's `{{< figure src="x.png" >}}`, Jekyll's
 * `{% include figure.html path="x.png" caption="..." %}`.
 */
const SHORTCODE =
  /\{\{[<%]\s*figure\b([^}]*?)[>%]\}\}|\{%-?\s*include\s+[\w/.-]*(?:figure|image|img)[\w.-]*\s([^%]*?)-?%\}/gi;
const SHORTCODE_ATTRIBUTE =
  /\b(src|path|image|file|url|alt|caption|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>%]+))/gi;
/** Hexo's `{% asset_img x.png caption %}` and `{% img [class] /path/x.png [w h] [title] %}`. */
const HEXO_IMAGE =
  /\{%\s*(asset_img|img)\s+((?:[\w-]+\s+)*?)(\S+\.(?:png|jpe?g|gif|webp|svg|bmp|avif))\s*([^%]*?)\s*%\}/gi;

/** Figures written as site generators' tags (Hugo, Jekyll, Hexo): figures as the site renders them. */
export function findShortcodeFigures(text: string): HtmlImage[] {
  const figures: HtmlImage[] = [];
  for (const match of text.matchAll(SHORTCODE)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? match[2] ?? "").matchAll(SHORTCODE_ATTRIBUTE)) {
      const name = attribute[1]?.toLowerCase();
      if (name) attributes[name] = attribute[2] ?? attribute[3] ?? attribute[4] ?? "";
    }
    const src = attributes.src || attributes.path || attributes.image || attributes.file || attributes.url;
    if (src) {
      figures.push({
        src,
        alt: attributes.alt || null,
        title: attributes.caption || attributes.title || null,
        offset: match.index,
      });
    }
  }
  for (const match of text.matchAll(HEXO_IMAGE)) {
    const caption = (match[4] ?? "")
      .replace(/^\d+\s+\d+\s*/, "")
      .replace(/^["']|["']$/g, "")
      .trim();
    figures.push({ src: match[3] ?? "", alt: caption || null, title: null, offset: match.index });
  }
  return figures;
}

/**
 * The writer's furniture, not the paper's: an avatar, a QR code to follow or to tip, a logo, a
 * banner, a post's cover or header, a subscribe button, a sponsor, a meme, a school's badge
 * (`upload_avatars/...`, `zanshang_wechat.png`, `二维码.jpg`, `cover.png`, alt `关注公众号`, `校徽`). Kept as a
 * figure of the note, but it illustrates no model.
 */
export function isDecoration(src: string, alt: string | null): boolean {
  const file = src.split(/[?#]/)[0] ?? src;
  return (
    /avatars?|qr[-_]?code|二维码|zanshang|赞赏|打赏|donat(?:e|ion)|tip[-_]?jar|(?:^|[/_-])(?:logo|banner|header|cover|subscribe|sponsor|meme|qr)s?(?:[._-]|$)/i.test(
      decodeURIComponentSafe(file),
    ) ||
    /二维码|赞赏|打赏|关注(?:我|公众号)|扫码|封面|校徽|一键三连|^三连$|avatar|qr code|logo|banner|cover art|header image|subscribe|sponsor|\bmeme\b/i.test(
      alt ?? "",
    ) ||
    smallSquare(src)
  );
}

function smallSquare(src: string): boolean {
  const match = SMALL_SQUARE.exec(src);
  const side = Number(match?.[1] ?? match?.[2] ?? Number.NaN);
  return side > 0 && side <= 128;
}

/**
 * `miro.medium.com/v2/resize:fill:88:88/...`, `.../64x64/...`: an image the page asks for as a small
 * square (128 px at most) is an author's picture or an icon, not a figure of a model.
 */
const SMALL_SQUARE = /resize:fill:(\d{1,3}):\1(?!\d)|[/_=](\d{2,3})x\2(?:[/_.?&]|$)/;

/**
 * A status badge (`img.shields.io`, `badgen.net`, a CI's `badge.svg`): a live counter beside a
 * link, not a figure of the note. A README's citation-count column is a column of these.
 */
export function isBadge(src: string): boolean {
  return /^(?:https?:)?\/\/(?:img\.shields\.io|badgen\.net|badge\.fury\.io|api\.star-history\.com|(?:[\w-]+\.)*codecov\.io)\/|\/badges?(?:\.svg)?(?:[/?#]|$)|\/badge\.svg|[-_]badge\.svg(?:[?#]|$)/i.test(
    src.trim(),
  );
}
