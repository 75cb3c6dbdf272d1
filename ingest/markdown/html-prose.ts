/**
 * Prose that CommonMark hides inside HTML blocks. A line that opens with a tag
 * (`<img src="x.png" width="600">`, `<p align="center">`, `<details>`) starts an HTML block
 * that runs to the next blank line, so the text written right under it is never parsed
 * as Markdown. GitHub renders it as text, and so must we: the tags are removed (keeping
 * every line break, so line numbers stay the file's), the rest is parsed as Markdown, and its
 * blocks are placed after the HTML block, which still gives its images as figures.
 */
import type { Heading, Html, Root, RootContent } from "mdast";
import { parseMarkdownBare, shiftLines } from "./markdown-ast.js";
import { directiveBlocks } from "./myst.js";

/** Elements whose content is never prose. */
const HIDDEN = /<(script|style|svg|math|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const TAG = /<\/?[A-Za-z][^<>]*>|<!\[CDATA\[[\s\S]*?\]\]>|<![A-Z][^>]*>|<\?[\s\S]*?\?>/g;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The visible text of an HTML fragment: tags, comments and hidden elements blanked, line breaks kept. */
export function htmlText(html: string): string {
  const keepLines = (match: string) => match.replace(/[^\n]/g, "");
  return html
    .replace(COMMENT, keepLines)
    .replace(HIDDEN, keepLines)
    .replace(TAG, (match) => (match.includes("\n") ? keepLines(match) : " "))
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X"))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/**
 * A copy of the root where each HTML block holding text is followed by the Markdown blocks
 * of that text, positioned at their lines in the file. Applied to nested containers too
 * (list items, block quotes).
 */
export function expandHtmlBlocks(root: Root): Root {
  return { ...root, children: expandChildren(root.children, true) };
}

function expandChildren(children: RootContent[], top = false): RootContent[] {
  const out: RootContent[] = [];
  for (const child of children) {
    // A MyST directive (```{note}, ```{figure} path) holds prose and figures, not code.
    const directive = child.type === "code" ? directiveBlocks(child) : null;
    const heading = top && child.type === "html" ? htmlHeading(child) : null;
    if (heading) {
      out.push(child, heading);
    } else if (child.type === "html") {
      out.push(child, ...proseBlocks(child));
    } else if (directive) {
      out.push(...expandChildren(directive));
    } else if (
      (child.type === "listItem" || child.type === "blockquote" || child.type === "list") &&
      "children" in child
    ) {
      out.push({ ...child, children: expandChildren(child.children as RootContent[]) } as RootContent);
    } else {
      out.push(child);
    }
  }
  return out;
}

/**
 * An HTML block that is a heading: `<h2>HuBERT</h2>`, or, as WeChat and other rich-text editors
 * export them, one short line set in bold (`<section ...><span style="font-weight: bold;">二、HuBERT
 * </span></section>`, `<p><strong>3. Results</strong></p>`). It opens a section as a Markdown
 * heading would. A bold line that reads as a sentence (a full stop, a comma) is prose.
 */
function htmlHeading(node: Html): Heading | null {
  const value = node.value.trim();
  const tagged = /^<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>$/i.exec(value);
  const bold =
    !tagged &&
    !value.includes("\n") &&
    /font-weight\s*:\s*(?:bold|[6-9]00)|<(?:strong|b)\b/i.test(value) &&
    /^(?:<[^>]+>\s*)+[^<]+(?:<\/[^>]+>\s*)+$/.test(value);
  if (!tagged && !bold) return null;
  const text = htmlText(tagged ? (tagged[2] ?? "") : value)
    .replace(/\s+/g, " ")
    .trim();
  if (!text || text.length > 60 || /[。，,;；!！]|[.:：]$/.test(text)) return null;
  return {
    type: "heading",
    depth: tagged ? (Number(tagged[1]) as Heading["depth"]) : 2,
    children: [{ type: "text", value: text, position: node.position }],
    position: node.position,
  };
}

function proseBlocks(node: Html): RootContent[] {
  const text = htmlText(node.value);
  if (!/[\p{L}\p{N}]/u.test(text)) return [];
  const startLine = node.position?.start.line ?? 1;
  const parsed = parseMarkdownBare(text);
  shiftLines(parsed, startLine - 1);
  // Text of a nested HTML block is already tag-free: the parse cannot open another one with text.
  return parsed.children;
}
