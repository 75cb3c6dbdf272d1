/**
 * The text of a note around a line, read from the note file (`Note.root` + `Note.path`), as
 * plain text: never rendered, never HTML. A file that moved, grew past the limit or resolves
 * outside its root gives no excerpt rather than an error.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";

export interface ExcerptOptions {
  /** Lines before and after the line. */
  context: number;
  /** Characters at most. */
  maxChars: number;
  /** Files larger than this are not read. */
  maxBytes: number;
}

export const DEFAULT_EXCERPT: ExcerptOptions = { context: 6, maxChars: 4000, maxBytes: 16 * 1024 * 1024 };

/**
 * Lines `line - context` to `line + context` of `root/relativePath` (1-based `line`), or with
 * no line the first `2 * context + 1` lines after the front matter; null when the file cannot
 * be read safely.
 */
export async function readExcerpt(
  root: string,
  relativePath: string,
  line: number | null,
  options: ExcerptOptions = DEFAULT_EXCERPT,
): Promise<{ line: number; text: string } | null> {
  const file = await resolveInside(root, relativePath);
  if (!file) return null;
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > options.maxBytes) return null;
    text = await readFile(file, "utf8");
  } catch {
    return null;
  }
  const lines = text.split(/\r?\n/);
  const at = Math.min(Math.max(1, line ?? bodyStart(lines)), lines.length);
  // Around an evidence line; from the start of the body when there is none.
  const from = line === null ? at : Math.max(1, at - options.context);
  const to = Math.min(lines.length, line === null ? at + 2 * options.context : at + options.context);
  const window = lines.slice(from - 1, to).join("\n");
  return {
    line: at,
    text: window.length > options.maxChars ? `${window.slice(0, options.maxChars)}…` : window,
  };
}

/** The real path of `root/relativePath` when it is a file inside the real `root`, else null. */
export async function resolveInside(root: string, relativePath: string): Promise<string | null> {
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.resolve(realRoot, relativePath));
    return isInside(real, realRoot) ? real : null;
  } catch {
    return null;
  }
}

/** Whether `file` is `dir` itself or below it (both absolute, normalised). */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return (
    relative === "" ||
    (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative))
  );
}

/** 1-based line of the first non-blank line after YAML (`---`) or TOML (`+++`) front matter. */
export function bodyStart(lines: readonly string[]): number {
  let index = 0;
  const fence = lines[0]?.trim();
  if (fence === "---" || fence === "+++") {
    const close = lines.findIndex((candidate, i) => i > 0 && candidate.trim() === fence);
    if (close > 0) index = close + 1;
  }
  while (index < lines.length - 1 && (lines[index] ?? "").trim() === "") index++;
  return index + 1;
}
