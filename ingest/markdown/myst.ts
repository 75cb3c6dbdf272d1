/**
 * MyST directives (Jupyter Book, Sphinx's Markdown): fenced blocks whose info string is a
 * directive in braces. ```` ```{note} ```` and its kin hold Markdown prose, and
 * ```` ```{figure} ./img/x.png ```` is a figure with its caption; CommonMark reads them all as
 * code, so their prose and figures would be lost. Each becomes what it holds, positioned at
 * its lines in the file; directives that hold code or data stay code.
 */
import type { Code, Image, Paragraph, RootContent } from "mdast";
import { parseMarkdownBare, shiftLines } from "./markdown-ast.js";

const DIRECTIVE = /^\{([\w:.-]+)\}$/;
/** Directives whose body is code, math or data, not prose (and Quarto's executable chunks: ```` ```{r} ````). */
const NOT_PROSE =
  /^(?:code-cell|code-block|code|sourcecode|literalinclude|include|math|eval-rst|raw|bibliography|toctree|tableofcontents|csv-table|list-table|glue(?::\w+)?|mermaid|graphviz|jupyter-execute|ipython|r|python|py|julia|ojs|bash|sh|sql|stan|rcpp|dot)$/i;
const FIGURE = /^(?:figure|image|figure-md)$/i;

/** The blocks a MyST directive stands for, or null when the code block is not one (or holds code). */
export function directiveBlocks(node: Code): RootContent[] | null {
  const name = DIRECTIVE.exec(node.lang ?? "")?.[1];
  if (!name || NOT_PROSE.test(name)) return null;
  const start = node.position?.start.line ?? 1;
  const { body, options } = splitOptions(node.value);
  const blocks: RootContent[] = [];
  const argument = (node.meta ?? "").trim();
  if (FIGURE.test(name) && argument) {
    const image: Image = {
      type: "image",
      url: argument,
      alt: options.alt ?? null,
      position: node.position ? { start: node.position.start, end: node.position.start } : undefined,
    };
    const paragraph: Paragraph = { type: "paragraph", children: [image], position: image.position };
    blocks.push(paragraph);
  }
  if (/[\p{L}\p{N}]/u.test(body)) {
    const parsed = parseMarkdownBare(body);
    shiftLines(parsed, start);
    blocks.push(...parsed.children);
  }
  return blocks;
}

/**
 * The body without its options, which a directive opens with as `:key: value` lines or a
 * `---` YAML block; lines are blanked, not removed, so line numbers stay the file's.
 */
function splitOptions(value: string): { body: string; options: Record<string, string> } {
  const lines = value.split("\n");
  const options: Record<string, string> = {};
  let i = 0;
  if (lines[0]?.trim() === "---") {
    const close = lines.findIndex((line, at) => at > 0 && line.trim() === "---");
    if (close > 0) {
      for (let at = 1; at < close; at++) {
        const option = /^\s*([\w-]+)\s*:\s*(.*)$/.exec(lines[at] ?? "");
        if (option?.[1]) options[option[1]] = (option[2] ?? "").trim();
      }
      i = close + 1;
    }
  }
  for (; i < lines.length; i++) {
    const option = /^\s*:([\w-]+):\s*(.*)$/.exec(lines[i] ?? "");
    if (!option?.[1]) break;
    options[option[1]] = (option[2] ?? "").trim();
  }
  const body = [...lines.slice(0, i).map(() => ""), ...lines.slice(i)].join("\n");
  return { body, options };
}
