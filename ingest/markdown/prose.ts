/**
 * The text of one Markdown block as the extractors read it. Terms are looked for in `text`:
 * what a reader sees as prose, where inline code, bare URLs and inline HTML tags are blanked
 * (a model name inside `github.com/openai/CLIP` or `clip.load()` is not a mention). Citations
 * are looked for in `cite`: the same text with each link's URL written after its text, so
 * `[paper](https://arxiv.org/abs/...)` is a citation where it stands. Both keep the block's
 * line breaks, so an offset gives its line. Emphasised spans (bold, italics) are kept: a writer
 * bolds what a model is made of.
 */
import type { Nodes } from "mdast";

export interface Span {
  start: number;
  end: number;
}

export interface Prose {
  text: string;
  cite: string;
  /** Bold and italic ranges in `text`. */
  emphasis: Span[];
  /** Italic ranges alone: how a paper's title is set in running text. */
  italics: Span[];
}

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>()（）]+/gi;
/** `[[target|alias]]`, `![[embed.png]]`: Obsidian links, matched whole (a heading in the target may hold `[...]`). */
const WIKILINK_IN_TEXT = /(!?)\[\[((?:[^[\]\n|]|\[[^\]\n]*\])*)(\|[^\]\n]*)?\]\]/g;

/**
 * What a reader sees of an Obsidian link: `[[papers/README#[2021-06] LoRA ...|README]]` shows
 * `README`, so its target is not prose; an embed (`![[Pasted image 1.png]]`) shows no words.
 */
function blankWikilinkTargets(text: string): string {
  if (!text.includes("[[")) return text;
  return text.replace(WIKILINK_IN_TEXT, (whole, bang: string, target: string, alias: string | undefined) => {
    if (bang) return " ".repeat(whole.length);
    if (!alias) return whole;
    return `${" ".repeat(2 + target.length + 1)}${alias.slice(1)}  `;
  });
}

/**
 * Text copied from PDFs writes common characters with their Kangxi-radical look-alikes
 * (`平⽅和误差`: ⽅ is U+2F45, not 方 U+65B9): each becomes the ideograph it stands for (its
 * NFKC form, one code unit for one, so offsets in the text do not move).
 */
export function foldCjkRadicals(text: string): string {
  return /[\u2e80-\u2fdf]/.test(text)
    ? text.replace(/[\u2e80-\u2fdf]/g, (c) => {
        const folded = c.normalize("NFKC");
        return folded.length === 1 ? folded : c;
      })
    : text;
}

export function proseOf(node: Nodes): Prose {
  const builder = { text: "", cite: "", emphasis: [] as Span[], italics: [] as Span[] };
  append(node, builder);
  // URLs GFM did not turn into links (next to CJK text, in table cells) are not prose either.
  const text = blankWikilinkTargets(builder.text).replace(URL_IN_TEXT, (url) => " ".repeat(url.length));
  return { text, cite: builder.cite, emphasis: builder.emphasis, italics: builder.italics };
}

/** A loss class as code names it: camel case ending in `Loss` (`MultipleNegativesRankingLoss`). */
export const LOSS_CLASS_NAME = "[A-Z][A-Za-z0-9]*?[a-z0-9]Loss";
/** The module path before a name in code: `nn.`, `torch.nn.`. */
export const QUALIFIED = "(?:[A-Za-z_]\\w*\\.)*";
/** Inline code that is only a loss class, maybe qualified and called: `nn.CrossEntropyLoss()`. */
const LOSS_CLASS_ONLY = new RegExp(`^${QUALIFIED}${LOSS_CLASS_NAME}(?:\\(\\))?$`);

function append(node: Nodes, out: { text: string; cite: string; emphasis: Span[]; italics: Span[] }): void {
  switch (node.type) {
    case "text": {
      const value = foldCjkRadicals(node.value);
      out.text += value;
      out.cite += value;
      return;
    }
    case "inlineCode": {
      // Blanked for terms, kept for identifiers (`2103.00020` in backticks is still a citation);
      // a loss class (`MultipleNegativesRankingLoss`) is how code names the loss: kept for terms.
      const lossClass = LOSS_CLASS_ONLY.test(node.value.trim());
      out.text += ` ${lossClass ? node.value : node.value.replace(/[^\n]/g, "")}`;
      out.cite += node.value;
      return;
    }
    case "break":
      out.text += "\n";
      out.cite += "\n";
      return;
    // A formula is read as written, its dollars back around it (the loss rules read them).
    case "inlineMath":
      out.text += `$${node.value}$`;
      out.cite += `$${node.value}$`;
      return;
    case "math":
      out.text += `$$\n${node.value}\n$$`;
      out.cite += `$$\n${node.value}\n$$`;
      return;
    case "image":
    case "imageReference":
      out.text += node.alt ?? "";
      out.cite += node.alt ?? "";
      return;
    case "html": {
      // `Attention Is All You Need<br />NeurIPS 2017`: a break ends a line of the prose without
      // adding one to the source's count (U+2028 is a line end to patterns, not to lineAt).
      const kept = /^<br\s*\/?>$/i.test(node.value.trim()) ? "\u2028" : node.value.replace(/[^\n]/g, "");
      out.text += kept;
      out.cite += kept;
      return;
    }
    case "link": {
      const start = out.text.length;
      const citeStart = out.cite.length;
      for (const child of node.children) append(child as Nodes, out);
      const inner = out.cite.slice(citeStart);
      if (inner.trim() === node.url || inner.trim() === node.url.replace(/^mailto:/, "")) {
        // An autolink: its text is a URL, not prose.
        out.text = out.text.slice(0, start) + " ".repeat(out.text.length - start);
      } else if (!inner.includes(node.url)) {
        out.cite += ` <${node.url}>`;
      }
      return;
    }
    case "strong":
    case "emphasis": {
      const start = out.text.length;
      for (const child of node.children) append(child as Nodes, out);
      out.emphasis.push({ start, end: out.text.length });
      if (node.type === "emphasis") out.italics.push({ start, end: out.text.length });
      return;
    }
    case "footnoteReference":
      return;
    default:
      if ("children" in node) for (const child of node.children) append(child as Nodes, out);
  }
}
