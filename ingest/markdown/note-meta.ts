/**
 * Note metadata from front matter, validated: the keys Hugo, Jekyll and Obsidian use
 * (tags/tag, categories/category, series, aliases/alias, author/authors, draft, date, ...).
 * A key of the wrong shape is ignored with a warning naming it; it never fails the note.
 */
import { basename, extname } from "node:path";
import { z } from "zod";
import type { Problem } from "../../src/problems.js";
import type { FrontMatter } from "./front-matter.js";
import type { NoteMeta } from "./note-record.js";

const scalar = z.union([z.string(), z.number(), z.boolean(), z.date()]);
const text = scalar.transform((value) => (value instanceof Date ? isoDate(value) : String(value).trim()));
const list = z
  .union([z.array(scalar), scalar])
  .transform((value) =>
    (Array.isArray(value) ? value.map(String) : String(value).split(/[,，]/))
      .map((item) => item.trim())
      .filter(Boolean),
  );
const flag = z
  .union([z.boolean(), z.enum(["true", "false", "yes", "no"])])
  .transform((v) => v === true || v === "true" || v === "yes");

const FIELDS = {
  title: text,
  date: text,
  author: z.union([list, text]).transform((v) => (Array.isArray(v) ? v.join(", ") : v)),
  authors: list.transform((v) => v.join(", ")),
  description: text,
  summary: text,
  lang: text,
  language: text,
  tags: list,
  tag: list,
  categories: list,
  category: list,
  series: list,
  aliases: list,
  alias: list,
  draft: flag,
  image: text,
  cover: text,
} as const;
type Field = keyof typeof FIELDS;

function isoDate(date: Date): string {
  const text = date.toISOString();
  return text.length >= 10 ? text.slice(0, 10) : text;
}

/** `2025-07-06T10:00:00+08:00` -> `2025-07-06`; other text kept as written. */
export function normalizeDate(value: string): string {
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T\s].*)?$/.exec(value.trim());
  return iso?.[1] ?? value.trim();
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN = /[A-Za-z]/g;

export function detectLanguage(body: string): string {
  const cjk = body.match(CJK)?.length ?? 0;
  const latin = body.match(LATIN)?.length ?? 0;
  // One CJK character carries about a word; weigh it as several Latin letters.
  return cjk * 3 >= latin && cjk > 0 ? "zh" : "en";
}

export function noteMeta(
  frontMatter: FrontMatter,
  context: { path: string; firstHeading: string | null; body: string },
): { meta: NoteMeta; problems: Problem[] } {
  const problems: Problem[] = [];
  const values: Partial<Record<Field, unknown>> = {};
  for (const [key, raw] of Object.entries(frontMatter.data)) {
    if (!(key in FIELDS) || raw === null || raw === undefined) continue;
    const parsed = FIELDS[key as Field].safeParse(raw);
    if (parsed.success) {
      values[key as Field] = parsed.data;
    } else {
      const line = frontMatter.keyLines[key];
      problems.push({
        file: context.path,
        ...(line !== undefined ? { line } : {}),
        rule: "frontmatter/field",
        severity: "warning",
        message: `front matter key '${key}' has an unexpected shape (${describe(raw)}); it is ignored`,
      });
    }
  }
  const str = (...keys: Field[]): string | null => {
    for (const key of keys) {
      const value = values[key];
      if (typeof value === "string" && value) return value;
    }
    return null;
  };
  const strings = (...keys: Field[]): string[] => [
    ...new Set(keys.flatMap((key) => (Array.isArray(values[key]) ? (values[key] as string[]) : []))),
  ];
  const date = str("date");
  return {
    meta: {
      title: str("title") ?? context.firstHeading ?? titleOfFile(context.path),
      date: date ? normalizeDate(date) : null,
      author: str("author", "authors"),
      description: str("description", "summary"),
      lang: str("lang", "language") ?? detectLanguage(context.body),
      tags: strings("tags", "tag"),
      categories: strings("categories", "category"),
      series: strings("series"),
      aliases: strings("aliases", "alias"),
      draft: values.draft === true,
      image: str("image", "cover"),
      keyLines: frontMatter.keyLines,
    },
    problems,
  };
}

/** `Deep_Residual_Learning_for_Image_Recognition.md` -> `Deep Residual Learning for Image Recognition`. */
function titleOfFile(path: string): string {
  return basename(path, extname(path)).replace(/_+/g, " ").trim();
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  return typeof value === "object" ? "a table" : typeof value;
}
