/**
 * The bilingual vocabulary (models, losses, concepts; English and Chinese names and
 * aliases): loading and validating it, and compiling it into a term matcher.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { VocabularyError } from "../../src/errors.js";
import { conceptId, lossId, modelId, sha256 } from "../../src/graph/ids.js";
import { builtinVocabularyPath } from "../../src/paths.js";
import { compileMatcher, type TermMatcher } from "./term-matcher.js";

export type TermKind = "model" | "loss" | "concept";

export interface VocabularyEntry {
  kind: TermKind;
  /** Node id, derived from the English name. */
  id: string;
  name: string;
  nameZh: string | null;
  fullName: string | null;
  aliases: string[];
  description: string | null;
  /** For a model: the arXiv id of the paper that introduced it (another model of the same name is another node). */
  arxiv?: string | null;
  /** Set on a term a rule found outside the vocabulary (a loss named as written): that rule's id. */
  rule?: string;
}

export interface Vocabulary {
  entries: VocabularyEntry[];
  byId: Map<string, VocabularyEntry>;
  matcher: TermMatcher<VocabularyEntry>;
  /** Changes whenever any entry changes, so notes are re-extracted under a new vocabulary. */
  fingerprint: string;
}

const text = z.string().trim().min(1);
const optionalText = z
  .union([text, z.null()])
  .optional()
  .transform((v) => v ?? null);
const aliases = z
  .array(z.union([z.string(), z.number()]).transform(String))
  .nullish()
  .transform((v) => v ?? []);

/** A model's paper (its arXiv id), so that another model of the same name is told apart. */
const arxivId = z
  .union([z.string().regex(/^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/), z.null()])
  .optional()
  .transform((v) => v ?? null);
const modelSchema = z.object({
  name: text,
  nameZh: optionalText,
  aliases,
  description: optionalText,
  arxiv: arxivId,
});
const conceptSchema = z.object({ name: text, nameZh: optionalText, aliases, description: optionalText });
const lossSchema = z.object({
  name: text,
  fullName: optionalText,
  nameZh: optionalText,
  aliases,
  description: optionalText,
});
const fileSchema = z.object({
  version: z.literal(1).optional(),
  models: z.array(modelSchema).nullish(),
  losses: z.array(lossSchema).nullish(),
  concepts: z.array(conceptSchema).nullish(),
});

type VocabularyFile = z.infer<typeof fileSchema>;

const ID_OF: Record<TermKind, (name: string) => string> = {
  model: modelId,
  loss: lossId,
  concept: conceptId,
};

export function parseVocabulary(source: string, file: string): VocabularyEntry[] {
  let raw: unknown;
  try {
    raw = file.endsWith(".json") ? JSON.parse(source) : parseYaml(source);
  } catch (error) {
    throw new VocabularyError(
      `${file}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${String(error)}`,
    );
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") ?? "";
    throw new VocabularyError(`${file}: invalid vocabulary at ${where || "top level"}: ${issue?.message}`);
  }
  return toEntries(parsed.data);
}

function toEntries(data: VocabularyFile): VocabularyEntry[] {
  const entries: VocabularyEntry[] = [];
  type Item = NonNullable<VocabularyFile["concepts"]>[number] & {
    fullName?: string | null;
    arxiv?: string | null;
  };
  const add = (kind: TermKind, items: Item[] | null | undefined) => {
    for (const item of items ?? []) {
      entries.push({
        kind,
        id: ID_OF[kind](item.name),
        name: item.name,
        nameZh: item.nameZh,
        fullName: item.fullName ?? null,
        aliases: item.aliases,
        description: item.description,
        arxiv: item.arxiv ?? null,
      });
    }
  };
  add("model", data.models);
  add("loss", data.losses);
  add("concept", data.concepts);
  return entries;
}

/**
 * Later files extend earlier ones: an entry with the same kind and name gains the new
 * aliases and non-empty fields; a new name adds an entry.
 */
export function mergeEntries(layers: readonly VocabularyEntry[][]): VocabularyEntry[] {
  const merged = new Map<string, VocabularyEntry>();
  for (const layer of layers) {
    for (const entry of layer) {
      const seen = merged.get(entry.id);
      if (!seen) {
        merged.set(entry.id, { ...entry, aliases: [...entry.aliases] });
        continue;
      }
      merged.set(entry.id, {
        ...seen,
        nameZh: entry.nameZh ?? seen.nameZh,
        arxiv: entry.arxiv ?? seen.arxiv ?? null,
        fullName: entry.fullName ?? seen.fullName,
        description: entry.description ?? seen.description,
        aliases: [...new Set([...seen.aliases, ...entry.aliases])],
      });
    }
  }
  return [...merged.values()];
}

export function buildVocabulary(entries: VocabularyEntry[]): Vocabulary {
  const forms = entries.flatMap((entry) =>
    [entry.name, entry.nameZh, entry.fullName, ...entry.aliases]
      .filter((form): form is string => typeof form === "string" && form.trim().length > 0)
      .map((form) => ({ form, value: entry })),
  );
  return {
    entries,
    byId: new Map(entries.map((entry) => [entry.id, entry])),
    matcher: compileMatcher(forms),
    fingerprint: sha256(JSON.stringify(entries)).slice(0, 16),
  };
}

/** The built-in vocabulary, extended by the user's files in order. */
export function loadVocabulary(userFiles: readonly string[] = []): Vocabulary {
  const files = [builtinVocabularyPath(), ...userFiles];
  const layers = files.map((file) => {
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (error) {
      throw new VocabularyError(`cannot read vocabulary file ${file}: ${(error as Error).message}`);
    }
    return parseVocabulary(source, file);
  });
  return buildVocabulary(mergeEntries(layers));
}
