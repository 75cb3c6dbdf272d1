/**
 * The one Markdown parser configuration: CommonMark + GFM (tables, autolinks) + math
 * (`$...$`, `$$...$$`) + front matter (YAML `---` and TOML `+++`). Built once per process (or worker) and reused.
 */
import type { Root } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import { unified } from "unified";

// remark-frontmatter's types declare only YAML; TOML front matter arrives as a `toml` node.
declare module "mdast" {
  interface Toml extends Literal {
    type: "toml";
  }
  interface RootContentMap {
    toml: Toml;
  }
  interface FrontmatterContentMap {
    toml: Toml;
  }
}

// remark-math keeps `$$ ... $$` and `$...$` whole: without it, the underscores of
// `\mathcal{L}_{CD} = \mathbb{E}[... f_{\theta^-}(\hat{x}_{t_n}) ...]` pair up as emphasis and
// the formula's text is lost.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkFrontmatter, ["yaml", "toml"])
  .freeze();

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** A bare CommonMark + GFM parse, no front matter: the benchmark's baseline. */
const bareProcessor = unified().use(remarkParse).use(remarkGfm).freeze();
export function parseMarkdownBare(text: string): Root {
  return bareProcessor.parse(text);
}

/** Moves a parsed fragment's positions down by `by` lines: where it sits in the file. */
export function shiftLines(
  node: { position?: { start: { line: number }; end: { line: number } } | undefined; children?: unknown[] },
  by: number,
): void {
  if (node.position) {
    node.position = {
      ...node.position,
      start: { ...node.position.start, line: node.position.start.line + by },
      end: { ...node.position.end, line: node.position.end.line + by },
    };
  }
  for (const child of node.children ?? []) shiftLines(child as typeof node, by);
}
