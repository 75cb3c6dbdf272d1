/**
 * SVG figures are untrusted documents that can point elsewhere: `<image href>`, `<use>` of
 * other files, CSS `url()` and `@import`, XInclude, `xml-stylesheet`, external entities.
 * librsvg (inside sharp) refuses most of these for buffer input, but we do not rely on one
 * library's policy: the document is re-tokenised here and rebuilt from the tokens understood,
 * so what librsvg parses is exactly what was checked (no raw pass-through, no parser
 * differential), with every external reference removed or pointed at a missing `#fragment`.
 */

/**
 * A `data:` raster that `<image>`/`<feImage>` may keep (an SVG inside a data URI could refer
 * outwards again). The caller must still check its content and size: librsvg decodes it at
 * full resolution, so it is reported in `embedded`.
 */
const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp)[;,]/i;
/** Elements dropped with their content: scripts, HTML islands, XInclude, media. */
const DROPPED_ELEMENTS = new Set([
  "script",
  "foreignobject",
  "include",
  "iframe",
  "object",
  "embed",
  "audio",
  "video",
  "handler",
  "listener",
]);
/** SMIL could set an href while animating; librsvg draws a still frame and ignores these anyway. */
const SILENTLY_DROPPED = new Set(["animate", "set", "animatemotion", "animatetransform", "animatecolor"]);
const NAME = "[A-Za-z_:\\u00C0-\\uFFFF][\\w.:\\u00B7\\u00C0-\\uFFFF-]*";
const START_TAG = new RegExp(`<(${NAME})`, "y");
const ATTRIBUTE = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, "y");
const TAG_END = /\s*(\/?)>/y;
const END_TAG = new RegExp(`</(${NAME})\\s*>`, "y");
/** Entity expansion stops here: a one-level budget, so no billion laughs. */
const MAX_ENTITY_EXPANSION = 1_000_000;
const MAX_ENTITY_VALUE = 1024;

export interface SanitizedSvg {
  svg: string;
  /** External references, scripts, event handlers and foreign content removed or neutralised. */
  removed: number;
  /** Set when the document is not well-formed enough to sanitise; `svg` is then empty. */
  error?: string;
}

interface Attribute {
  name: string;
  value: string;
}

class SvgSyntaxError extends Error {}

/** Removes or neutralises everything in an SVG that could load something from elsewhere. Pure. */
export function sanitizeSvg(svg: string): SanitizedSvg {
  try {
    const { svg: sanitized, removed } = rewriteSvg(svg, (attributes) => attributes);
    return { svg: sanitized, removed };
  } catch (error) {
    if (error instanceof SvgSyntaxError) return { svg: "", removed: 0, error: error.message };
    throw error;
  }
}

export type PreparedSvg =
  | {
      ok: true;
      svg: string;
      removed: number;
      /** The raster data URIs kept in `<image>`/`<feImage>`: check their content and pixels before rendering. */
      embedded: string[];
      /** Intrinsic size in CSS pixels, as a browser would lay it out. */
      width: number;
      height: number;
      /** The size the rewritten root asks librsvg to render: `targetSize` on the shorter side. */
      renderWidth: number;
      renderHeight: number;
    }
  | { ok: false; rule: string; reason: string };

/** Largest believable intrinsic side (about 260 m at 96 dpi): beyond it the size attribute is nonsense. */
const MAX_SVG_SIDE = 1_000_000;

/**
 * Sanitises and sizes an SVG for rasterising: the root's width/height are rewritten so the
 * shorter side is `targetSize` (a viewBox is added when missing so the content scales), which
 * is the same as choosing a density, without density's 1..100000 range or unit conversions.
 */
export function prepareSvg(svg: string, targetSize: number): PreparedSvg {
  const root: { size: Size | string } = { size: "no <svg> root element" };
  let sanitized: ReturnType<typeof rewriteSvg>;
  try {
    sanitized = rewriteSvg(svg, (attributes) => {
      root.size = intrinsicSize(attributes);
      return typeof root.size === "string" ? attributes : resizeRoot(attributes, root.size, targetSize);
    });
  } catch (error) {
    if (error instanceof SvgSyntaxError)
      return { ok: false, rule: "figure/corrupt", reason: `SVG is not well-formed: ${error.message}` };
    throw error;
  }
  if (typeof root.size === "string") return { ok: false, ...sizeProblem(root.size) };
  const render = renderSize(root.size, targetSize);
  return { ok: true, ...sanitized, ...root.size, renderWidth: render.width, renderHeight: render.height };
}

type Size = { width: number; height: number };

function sizeProblem(message: string): { rule: string; reason: string } {
  if (message.startsWith("zero")) return { rule: "figure/empty", reason: `SVG has ${message}` };
  if (message.startsWith("absurd")) return { rule: "figure/too-large", reason: `SVG declares an ${message}` };
  return { rule: "figure/corrupt", reason: `SVG has ${message}` };
}

function renderSize(size: Size, targetSize: number) {
  const scale = targetSize / Math.min(size.width, size.height);
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

// ---------------------------------------------------------------------------------------------
// Sizing the root element

// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: overlapping quantifiers backtrack quadratically on long digit runs.
const LENGTH = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(px|in|cm|mm|pt|pc|em|ex|q|%)?\s*$/i;
const PX_PER_UNIT: Record<string, number> = {
  px: 1,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
  pt: 4 / 3,
  pc: 16,
  em: 16,
  ex: 8,
};

/** Absolute length in CSS px; null for percentages, `auto` and missing values (they follow the viewBox). */
function absoluteLength(value: string | undefined): number | null {
  const match = value === undefined ? null : LENGTH.exec(value);
  if (!match?.[1] || match[2] === "%") return null;
  return Number(match[1]) * (PX_PER_UNIT[(match[2] ?? "px").toLowerCase()] ?? 1);
}

function viewBoxSize(value: string | undefined): Size | null {
  const numbers = (value ?? "")
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [, , width, height] = numbers;
  if (numbers.length !== 4 || !width || !height || !(width > 0) || !(height > 0)) return null;
  return { width, height };
}

/** Browser rules: explicit lengths, else the viewBox (keeping its aspect), else 300×150. */
function intrinsicSize(attributes: Attribute[]): Size | string {
  const get = (name: string) => attributes.find((a) => a.name === name)?.value;
  const box = viewBoxSize(get("viewBox"));
  const givenWidth = absoluteLength(get("width"));
  const givenHeight = absoluteLength(get("height"));
  const width =
    givenWidth ??
    (givenHeight !== null && box ? (givenHeight * box.width) / box.height : (box?.width ?? 300));
  const height =
    givenHeight ??
    (givenWidth !== null && box ? (givenWidth * box.height) / box.width : (box?.height ?? 150));
  if (!Number.isFinite(width) || !Number.isFinite(height)) return "an unreadable width or height";
  if (width <= 0 || height <= 0) return "zero or negative width or height";
  if (width > MAX_SVG_SIDE || height > MAX_SVG_SIDE)
    return `absurd size of ${Math.round(width)}×${Math.round(height)} px`;
  return { width, height };
}

function resizeRoot(attributes: Attribute[], size: Size, targetSize: number): Attribute[] {
  const render = renderSize(size, targetSize);
  const kept = attributes.filter((a) => a.name !== "width" && a.name !== "height");
  const withBox = kept.some((a) => a.name === "viewBox" && viewBoxSize(a.value))
    ? kept.filter((a) => a.name !== "viewBox" || viewBoxSize(a.value))
    : [
        ...kept.filter((a) => a.name !== "viewBox"),
        { name: "viewBox", value: `0 0 ${size.width} ${size.height}` },
      ];
  return [
    ...withBox,
    { name: "width", value: String(render.width) },
    { name: "height", value: String(render.height) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Tokenising, sanitising and rebuilding

interface RewriteState {
  out: string[];
  removed: number;
  /** Open elements (qualified names), to check well-formedness and know where text belongs. */
  stack: string[];
  /** Depth at which a dropped element started, or -1: its whole subtree is skipped. */
  dropDepth: number;
  rootSeen: boolean;
  entities: Map<string, string>;
  embedded: string[];
  expansion: { used: number };
  onRoot: (attributes: Attribute[]) => Attribute[];
}

function rewriteSvg(svg: string, onRoot: (attributes: Attribute[]) => Attribute[]) {
  const state: RewriteState = {
    out: [],
    removed: 0,
    stack: [],
    dropDepth: -1,
    rootSeen: false,
    entities: new Map(),
    embedded: [],
    expansion: { used: 0 },
    onRoot,
  };
  let index = svg.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (index < svg.length) index = step(svg, index, state);
  if (state.stack.length > 0) throw new SvgSyntaxError(`<${state.stack.at(-1)}> is never closed`);
  if (!state.rootSeen) throw new SvgSyntaxError("no root element");
  return { svg: state.out.join(""), removed: state.removed, embedded: state.embedded };
}

/** Consumes one construct at `index` and returns where the next one starts. */
function step(svg: string, index: number, state: RewriteState): number {
  if (svg[index] !== "<") return text(svg, index, state);
  if (svg.startsWith("<!--", index)) return skipPast(svg, index, "-->", "unterminated comment");
  if (svg.startsWith("<![CDATA[", index)) {
    const end = svg.indexOf("]]>", index);
    if (end < 0) throw new SvgSyntaxError("unterminated CDATA section");
    emitText(svg.slice(index + 9, end), state);
    return end + 3;
  }
  if (svg.startsWith("<!DOCTYPE", index)) return doctype(svg, index, state);
  if (svg.startsWith("<?", index)) return processingInstruction(svg, index, state);
  if (svg.startsWith("</", index)) return endTag(svg, index, state);
  return startTag(svg, index, state);
}

function skipPast(svg: string, index: number, terminator: string, problem: string): number {
  const end = svg.indexOf(terminator, index);
  if (end < 0) throw new SvgSyntaxError(problem);
  return end + terminator.length;
}

/** `<?xml ...?>` is dropped (the output is UTF-8 anyway); `<?xml-stylesheet href?>` loads CSS: counted. */
function processingInstruction(svg: string, index: number, state: RewriteState): number {
  const next = skipPast(svg, index, "?>", "unterminated processing instruction");
  if (/^<\?xml-stylesheet\b/i.test(svg.slice(index, index + 20))) state.removed++;
  return next;
}

function text(svg: string, index: number, state: RewriteState): number {
  const end = svg.indexOf("<", index);
  const stop = end < 0 ? svg.length : end;
  emitText(decodeReferences(svg.slice(index, stop), state), state);
  return stop;
}

function emitText(value: string, state: RewriteState): void {
  // Text outside the root is whitespace or misplaced; either way it does not render.
  if (state.dropDepth >= 0 || state.stack.length === 0) return;
  const parent = localName(state.stack.at(-1) ?? "");
  const cleaned = parent === "style" ? neutraliseCss(value, state) : value;
  state.out.push(escapeText(cleaned));
}

function endTag(svg: string, index: number, state: RewriteState): number {
  END_TAG.lastIndex = index;
  const match = END_TAG.exec(svg);
  if (!match?.[1]) throw new SvgSyntaxError("malformed end tag");
  const name = match[1];
  if (state.stack.at(-1) !== name)
    throw new SvgSyntaxError(`</${name}> does not close <${state.stack.at(-1)}>`);
  state.stack.pop();
  if (state.dropDepth === state.stack.length) state.dropDepth = -1;
  else if (state.dropDepth < 0) state.out.push(`</${name}>`);
  return END_TAG.lastIndex;
}

function startTag(svg: string, index: number, state: RewriteState): number {
  START_TAG.lastIndex = index;
  const match = START_TAG.exec(svg);
  if (!match?.[1]) throw new SvgSyntaxError(`stray '<' at offset ${index}`);
  const name = match[1];
  const attributes: Attribute[] = [];
  let position = START_TAG.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = position;
    const attribute = ATTRIBUTE.exec(svg);
    if (!attribute?.[1]) break;
    attributes.push({
      name: attribute[1],
      value: decodeReferences(attribute[2] ?? attribute[3] ?? "", state),
    });
    position = ATTRIBUTE.lastIndex;
  }
  TAG_END.lastIndex = position;
  const end = TAG_END.exec(svg);
  if (!end) throw new SvgSyntaxError(`malformed start tag <${name}>`);
  openElement(name, attributes, end[1] === "/", state);
  return TAG_END.lastIndex;
}

function openElement(name: string, attributes: Attribute[], selfClosing: boolean, state: RewriteState): void {
  if (state.stack.length === 0) {
    if (state.rootSeen) throw new SvgSyntaxError("more than one root element");
    if (localName(name) !== "svg") throw new SvgSyntaxError(`root element is <${name}>, not <svg>`);
    state.rootSeen = true;
  }
  const dropping = state.dropDepth >= 0;
  const tag = localName(name).toLowerCase();
  if (!dropping && (DROPPED_ELEMENTS.has(tag) || SILENTLY_DROPPED.has(tag))) {
    if (DROPPED_ELEMENTS.has(tag)) state.removed++;
    if (!selfClosing) state.dropDepth = state.stack.length;
  } else if (!dropping) {
    const kept = sanitizeAttributes(name, attributes, state);
    const final = state.stack.length === 0 ? state.onRoot(kept) : kept;
    state.out.push(
      `<${name}${final.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join("")}${selfClosing ? "/>" : ">"}`,
    );
  }
  if (!selfClosing) state.stack.push(name);
}

function sanitizeAttributes(element: string, attributes: Attribute[], state: RewriteState): Attribute[] {
  const kept: Attribute[] = [];
  const tag = localName(element).toLowerCase();
  for (const attribute of attributes) {
    const name = localName(attribute.name).toLowerCase();
    // xml:base only changes how references resolve; with none left it is noise.
    if (attribute.name === "xml:base") continue;
    if (name.startsWith("on")) {
      state.removed++;
      continue;
    }
    if (name === "href" || name === "src") {
      if (isSafeReference(tag, attribute.value)) {
        kept.push(attribute);
        if (!attribute.value.startsWith("#")) state.embedded.push(attribute.value);
      }
      // A hyperlink is never fetched while rendering: dropped, but not worth a warning.
      else if (tag !== "a") state.removed++;
      continue;
    }
    kept.push({ name: attribute.name, value: neutraliseCss(attribute.value, state) });
  }
  return kept;
}

function isSafeReference(tag: string, value: string): boolean {
  if (value.startsWith("#")) return true;
  return (tag === "image" || tag === "feimage") && SAFE_DATA_IMAGE.test(value);
}

/**
 * CSS in `<style>` and in attribute values (style, fill, filter, mask, ...): `@import` goes,
 * `url(...)` to anything but a `#fragment` (even a data URI: librsvg would load it as a
 * document, and raster images belong in `<image>`) points at `#notegraph-removed`
 * (a missing paint server falls back, as in any SVG). CSS escapes are decoded first (`\75 rl(`
 * is `url(`) and any backslash left is dropped, so the text librsvg parses is the text checked.
 */
function neutraliseCss(value: string, state: RewriteState): string {
  if (!/[\\@(]/.test(value)) return value;
  return decodeCssEscapes(value)
    .replace(/@import\b[^;]*;?/gi, () => {
      state.removed++;
      return "";
    })
    .replace(/url\(\s*(["']?)([^)]*)\)?/gi, (whole, _quote: string, target: string) => {
      const unquoted = target.replace(/["']\s*$/, "").trim();
      if (unquoted.startsWith("#")) return whole;
      state.removed++;
      return "url(#notegraph-removed)";
    });
}

function decodeCssEscapes(css: string): string {
  return css
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?|\\([^\n])|\\\n/gi, (_whole, hex?: string, char?: string) => {
      if (char !== undefined) return char;
      if (hex === undefined) return "";
      const code = Number.parseInt(hex, 16);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : "\ufffd";
    })
    .replace(/\\/g, "");
}

// ---------------------------------------------------------------------------------------------
// DOCTYPE and entities

/**
 * The DOCTYPE never reaches librsvg (no external DTD, no ATTLIST defaults, no entity tricks).
 * Simple internal text entities are honoured (Illustrator writes `xmlns="&ns_svg;"`);
 * external, parameter and markup-bearing entities are counted and expand to nothing.
 */
function doctype(svg: string, index: number, state: RewriteState): number {
  const end = doctypeEnd(svg, index);
  const declaration = svg.slice(index, end);
  const subsetStart = declaration.indexOf("[");
  const externalId =
    /^<!DOCTYPE\s+[^\s[>]+\s+(?:SYSTEM\s+("[^"]*"|'[^']*')|PUBLIC\s+("[^"]*"|'[^']*')\s+("[^"]*"|'[^']*'))/.exec(
      declaration,
    );
  const systemId = externalId?.[1] ?? externalId?.[3];
  // The W3C DTD that matplotlib and others declare is never loaded by anyone: not worth a warning.
  if (systemId && !/^["']https?:\/\/www\.w3\.org\//.test(systemId)) state.removed++;
  if (subsetStart >= 0) declareEntities(declaration.slice(subsetStart), state);
  return end;
}

function doctypeEnd(svg: string, index: number): number {
  let quote = "";
  let inSubset = false;
  for (let i = index + 9; i < svg.length; i++) {
    const char = svg[i];
    if (quote) {
      if (char === quote) quote = "";
    } else if (inSubset && svg.startsWith("<!--", i)) {
      i = skipPast(svg, i, "-->", "unterminated comment in DOCTYPE") - 1;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "[") inSubset = true;
    else if (char === "]") inSubset = false;
    else if (char === ">" && !inSubset) return i + 1;
  }
  throw new SvgSyntaxError("unterminated DOCTYPE");
}

function declareEntities(subset: string, state: RewriteState): void {
  const declaration = /<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+("([^"]*)"|'([^']*)'|[^>]*)/g;
  for (const match of subset.matchAll(declaration)) {
    const [, parameter, name, , doubleQuoted, singleQuoted] = match;
    const value = doubleQuoted ?? singleQuoted;
    const safe =
      !parameter && value !== undefined && value.length <= MAX_ENTITY_VALUE && !/[&<%]/.test(value);
    if (!safe) state.removed++;
    if (!parameter && name && !state.entities.has(name)) state.entities.set(name, safe ? value : "");
  }
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML character and entity references, so that checks see what librsvg would see. */
function decodeReferences(raw: string, state: RewriteState): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([A-Za-z_:][\w.:-]*))?;?/gi, (whole, hex, decimal, name) => {
    if (!whole.endsWith(";") || whole === "&;") throw new SvgSyntaxError("bare '&' (not a reference)");
    if (hex !== undefined || decimal !== undefined)
      return codePoint(hex ? Number.parseInt(hex, 16) : Number(decimal));
    const value = PREDEFINED[name] ?? state.entities.get(name);
    if (value === undefined) throw new SvgSyntaxError(`undeclared entity &${name};`);
    state.expansion.used += value.length;
    if (state.expansion.used > MAX_ENTITY_EXPANSION) throw new SvgSyntaxError("too many entity expansions");
    return value;
  });
}

function codePoint(value: number): string {
  const valid =
    value === 0x9 ||
    value === 0xa ||
    value === 0xd ||
    (value >= 0x20 && value <= 0xd7ff) ||
    (value >= 0xe000 && value <= 0xfffd) ||
    (value >= 0x10000 && value <= 0x10ffff);
  if (!valid) throw new SvgSyntaxError(`invalid character reference &#${value};`);
  return String.fromCodePoint(value);
}

// ---------------------------------------------------------------------------------------------
// Serialising

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(":") + 1);

const escapeText = (value: string): string =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");

/** Tabs and newlines as references: a literal one would be normalised to a space on reading. */
const escapeAttribute = (value: string): string =>
  value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
