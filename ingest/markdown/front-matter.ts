/**
 * Front matter: YAML (`---`, Obsidian, Jekyll) or TOML (`+++`, Hugo), found by
 * remark-frontmatter in the same parse as the body, so every line number is the file's own.
 * Returns the raw data plus the line each top-level key sits on (for provenance).
 */
import { parse as parseToml, TomlError } from "smol-toml";
import { type Document, isMap, isScalar, parseDocument } from "yaml";
import type { Problem } from "../../src/problems.js";

/** `properties`: Logseq's page properties, `key:: value` lines opening the file. */
export type FrontMatterFormat = "yaml" | "toml" | "properties";

export interface FrontMatter {
  format: FrontMatterFormat | null;
  data: Record<string, unknown>;
  /** Line of each top-level key, 1-based, in the file. */
  keyLines: Record<string, number>;
}

export interface RawFrontMatter {
  format: FrontMatterFormat;
  value: string;
  /** The file line of the opening delimiter. */
  startLine: number;
}

export const EMPTY_FRONT_MATTER: FrontMatter = { format: null, data: {}, keyLines: {} };

export function parseFrontMatter(
  raw: RawFrontMatter,
  file: string,
): { frontMatter: FrontMatter; problems: Problem[] } {
  const firstContentLine = raw.startLine + 1;
  const warnings: Problem[] = [];
  const fail = (line: number | undefined, column: number | undefined, message: string) => ({
    frontMatter: EMPTY_FRONT_MATTER,
    problems: [
      {
        file,
        ...(line !== undefined ? { line: firstContentLine + line - 1 } : { line: raw.startLine }),
        ...(column !== undefined ? { column } : {}),
        rule: `frontmatter/${raw.format}`,
        severity: "error" as const,
        message: `malformed ${raw.format.toUpperCase()} front matter: ${message}`,
      },
    ],
  });

  let data: unknown;
  if (raw.format === "toml") {
    try {
      data = parseToml(raw.value);
    } catch (error) {
      if (error instanceof TomlError) return fail(error.line, error.column, firstLine(error.message));
      return fail(undefined, undefined, String(error));
    }
  } else {
    // Hugo and Obsidian accept a key given twice (the last one wins); so do we, with a warning.
    let document = parseDocument(raw.value, { prettyErrors: true, uniqueKeys: false });
    const error = document.errors[0];
    if (error) {
      // `description: Mamba: Linear-Time ...` is text to its writer and to lenient readers
      // (HackMD, Obsidian's properties view), a nested mapping to YAML: read it as text.
      const repair = quoteColonValues(raw.value);
      const retry =
        repair.lines.length > 0
          ? parseDocument(repair.text, { prettyErrors: true, uniqueKeys: false })
          : null;
      if (!retry || retry.errors.length > 0)
        return fail(error.linePos?.[0].line, error.linePos?.[0].col, firstLine(error.message));
      document = retry;
      for (const { index, key } of repair.lines) {
        warnings.push({
          file,
          line: firstContentLine + index,
          rule: "frontmatter/colon-in-value",
          severity: "warning",
          message: `the value of front matter key '${key}' holds ': ', which YAML reads as a nested mapping; it is read as text`,
        });
      }
    }
    data = document.toJS();
    warnings.push(...duplicateKeys(document, raw, file));
  }

  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    return fail(1, 1, "expected a table of keys and values");
  }
  return {
    frontMatter: { format: raw.format, data: data as Record<string, unknown>, keyLines: keyLines(raw) },
    problems: warnings,
  };
}

/** One warning per top-level key given more than once, at the line of the value that is kept. */
function duplicateKeys(document: Document, raw: RawFrontMatter, file: string): Problem[] {
  if (!isMap(document.contents)) return [];
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null) continue;
    const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    // The key's line in the file: the delimiter's line, plus one, plus the newlines before it.
    const line = raw.startLine + 1 + (raw.value.slice(0, offset).match(/\n/g)?.length ?? 0);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, line);
      continue;
    }
    problems.push({
      file,
      line,
      rule: "frontmatter/duplicate-key",
      severity: "warning",
      message: `front matter key '${key}' is given twice (lines ${first} and ${line}); the last value is kept`,
    });
  }
  return problems;
}

/** A top-level `key: text: more` line whose value is plain text (not quoted, a list, a map or a block). */
const COLON_VALUE = /^([A-Za-z_][\w.-]*):[ \t]+(?![\s"'[{|>&*!#])([^\n]*?:[ \t][^\n]*)$/;

/** The front matter with each such value quoted, and the lines (0-based) that changed. */
function quoteColonValues(value: string): { text: string; lines: { index: number; key: string }[] } {
  const lines: { index: number; key: string }[] = [];
  const text = value
    .split("\n")
    .map((line, index) => {
      const match = COLON_VALUE.exec(line);
      if (!match?.[1] || match[2] === undefined) return line;
      lines.push({ index, key: match[1] });
      return `${match[1]}: ${JSON.stringify(match[2].trim())}`;
    })
    .join("\n");
  return { text, lines };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/\s*at line \d+, column \d+:?$/, "").trim();
}

function keyLines(raw: RawFrontMatter): Record<string, number> {
  const pattern = raw.format === "toml" ? /^([A-Za-z0-9_-]+)\s*=/ : /^([A-Za-z0-9_-]+)\s*:/;
  const lines: Record<string, number> = {};
  raw.value.split("\n").forEach((line, index) => {
    const key = pattern.exec(line)?.[1];
    // The last line of a key given twice: its value is the one kept.
    if (key) lines[key] = raw.startLine + 1 + index;
  });
  return lines;
}

const PROPERTY_LINE = /^([A-Za-z][\w-]*)::[ \t]*(.*)$/;
/** Keys whose value is a list (`tags:: [[GNN]], [[ICLR2018]]`), as Logseq reads them. */
const LIST_PROPERTIES = new Set(["tags", "alias", "aliases", "authors", "author", "keywords"]);

/**
 * Logseq (and Dataview) page properties: when the file opens with `key:: value` lines, they are
 * its front matter. Lists are split at commas and `[[links]]` unwrapped; null when the file
 * does not open so. `lines` are the file's, `startLine` the first property's (1-based).
 */
export function parsePageProperties(lines: readonly string[], startLine: number): FrontMatter | null {
  const data: Record<string, unknown> = {};
  const keyLines: Record<string, number> = {};
  for (const [i, line] of lines.entries()) {
    const match = PROPERTY_LINE.exec(line.trim());
    if (!match?.[1]) return null;
    const key = match[1].toLowerCase();
    const value = (match[2] ?? "").trim();
    data[key] = LIST_PROPERTIES.has(key)
      ? value
          .split(/\s*[,，]\s*/)
          .map((item) => item.replace(/^\[\[(.*)\]\]$|^#/, "$1").trim())
          .filter(Boolean)
      : value;
    keyLines[key] = startLine + i;
  }
  return lines.length > 0 ? { format: "properties", data, keyLines } : null;
}

/** Chinese keys a vault's template may use, and the key the rest of the pipeline reads. */
const CHINESE_KEYS: Readonly<Record<string, string>> = {
  标题: "title",
  题目: "title",
  论文标题: "title",
  别名: "aliases",
  作者: "authors",
  标签: "tags",
  分类: "categories",
  日期: "date",
  摘要: "description",
  链接: "link",
  论文链接: "link",
  模型: "model",
};

/**
 * The front matter with Chinese keys (`标题`, `别名`, `标签`) read as their English names, so
 * that every rule reads one key; an English key given beside its Chinese one wins.
 */
export function withEnglishKeys(frontMatter: FrontMatter): FrontMatter {
  const entries = Object.entries(frontMatter.data);
  if (!entries.some(([key]) => key in CHINESE_KEYS)) return frontMatter;
  const data: Record<string, unknown> = {};
  const keyLines: Record<string, number> = { ...frontMatter.keyLines };
  for (const [key, value] of entries) {
    const english = CHINESE_KEYS[key];
    if (english && !(english in frontMatter.data)) {
      data[english] = value;
      const line = frontMatter.keyLines[key];
      if (line !== undefined) keyLines[english] = line;
    } else if (!english) data[key] = value;
  }
  return { ...frontMatter, data, keyLines };
}
