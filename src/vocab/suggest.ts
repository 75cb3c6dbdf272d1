/**
 * `kg vocab suggest`: what a vault names that the vocabulary lacks. The extraction rules
 * already find models outside the vocabulary (by file name, title, headings, definitions) and
 * losses named as written; abbreviation definitions of other things (`contrastive
 * learning (CL)`) are concepts. Each candidate comes with how often the notes use it and two
 * places (file:line and the line itself), as a YAML file in the `--vocab` format: a person
 * reviews it, keeps what is right, and passes it back with `--vocab`.
 */
import { Document, type YAMLSeq } from "yaml";
import { findDefinitions } from "../../ingest/markdown/abbreviations.js";
import type { ModelRef, NoteRecord } from "../../ingest/markdown/note-record.js";
import type { Vocabulary } from "../../ingest/markdown/vocabulary.js";
import { conceptId, lossId } from "../graph/ids.js";

export type CandidateKind = "model" | "loss" | "concept";

export interface Place {
  file: string;
  line: number;
  text: string;
}

export interface Candidate {
  kind: CandidateKind;
  id: string;
  name: string;
  aliases: string[];
  fullName: string | null;
  count: number;
  /** The rules that found it, most frequent first. */
  rules: string[];
  places: Place[];
}

export interface NoteForSuggestions {
  file: string;
  lines: readonly string[];
  record: NoteRecord;
}

/** Heads of a long form that name a method, a task or a building block rather than a model. */
const CONCEPT_HEAD =
  /\b(?:learning|training|tuning|attention|encoding|embedding|normali[sz]ation|distillation|sampling|augmentation|regulari[sz]ation|pooling|layer|block|module|head|mechanism|search|generation|detection|segmentation|retrieval|estimation|prediction|alignment|representation|inference|decoding|adaptation|transfer|optimi[sz]ation)s?$/i;

export function suggestVocabulary(notes: readonly NoteForSuggestions[], vocabulary: Vocabulary): Candidate[] {
  const found = new Map<string, Candidate & { ruleCounts: Map<string, number> }>();
  const add = (
    kind: CandidateKind,
    id: string,
    name: string,
    note: NoteForSuggestions,
    line: number,
    rule: string,
    extra: { alias?: string; fullName?: string | null } = {},
  ) => {
    const key = `${kind}:${id}`;
    let candidate = found.get(key);
    if (!candidate) {
      candidate = {
        kind,
        id,
        name,
        aliases: [],
        fullName: extra.fullName ?? null,
        count: 0,
        rules: [],
        places: [],
        ruleCounts: new Map(),
      };
      found.set(key, candidate);
    }
    candidate.count++;
    candidate.ruleCounts.set(rule, (candidate.ruleCounts.get(rule) ?? 0) + 1);
    if (extra.alias && extra.alias !== candidate.name && !candidate.aliases.includes(extra.alias))
      candidate.aliases.push(extra.alias);
    candidate.fullName ??= extra.fullName ?? null;
    if (
      candidate.places.length < 2 &&
      !candidate.places.some((p) => p.file === note.file && p.line === line)
    ) {
      // A name taken from the file name has no line of its own: show the file name.
      const text =
        rule === "model/file-name" ? `(file name) ${note.file}` : (note.lines[line - 1] ?? "").trim();
      candidate.places.push({ file: note.file, line, text: text.slice(0, 120) });
    }
  };

  for (const note of notes) {
    const { record } = note;
    const models: ModelRef[] = [
      ...record.sections.flatMap((s) => (s.opensModel && s.model ? [s.model, ...(s.alsoModels ?? [])] : [])),
      ...record.subjects,
      ...record.titledModels.map((t) => t.model),
      ...record.modelMentions.map((m) => m.model),
      ...record.lineage.map((l) => l.target),
      ...record.modelLinks.flatMap((l) => [l.from, l.to]),
    ];
    const seen = new Set<string>();
    for (const model of models) {
      // One note naming a model in several ways counts once per place.
      const where = `${model.id}:${model.line}`;
      if (model.known || seen.has(where) || model.id.includes("@")) continue;
      seen.add(where);
      add("model", model.id, model.name, note, model.line, model.rule);
    }
    for (const term of record.terms) {
      if (term.kind === "loss" && term.adhoc) {
        add("loss", lossId(term.adhoc.name), term.adhoc.name, note, term.line, term.adhoc.rule, {
          fullName: term.adhoc.fullName,
        });
      }
    }
    note.lines.forEach((text, index) => {
      for (const definition of findDefinitions(text)) {
        if (!CONCEPT_HEAD.test(definition.long)) continue;
        if (vocabulary.matcher.lookup(definition.long) || vocabulary.matcher.lookup(definition.short))
          continue;
        const name = definition.long.toLowerCase();
        add("concept", conceptId(name), name, note, index + 1, "concept/definition", {
          alias: definition.short,
        });
      }
    });
  }

  const modelIds = new Set(
    [...found.values()].filter((c) => c.kind === "model").map((c) => c.name.toLowerCase()),
  );
  return [...found.values()]
    .filter(
      (candidate) =>
        candidate.kind !== "concept" || !candidate.aliases.some((a) => modelIds.has(a.toLowerCase())),
    )
    .map(({ ruleCounts, ...candidate }) => ({
      ...candidate,
      rules: [...ruleCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([rule]) => rule),
    }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

const SECTION: Record<CandidateKind, "models" | "losses" | "concepts"> = {
  model: "models",
  loss: "losses",
  concept: "concepts",
};

/** The candidates as a vocabulary file (`kg ingest --vocab` reads it back), each with its evidence as a comment. */
export function suggestionsYaml(candidates: readonly Candidate[], header: string): string {
  const entry = (candidate: Candidate) =>
    candidate.kind === "loss"
      ? { name: candidate.name, fullName: candidate.fullName, nameZh: null, aliases: candidate.aliases }
      : { name: candidate.name, nameZh: null, aliases: candidate.aliases, description: null };
  const body: Record<string, unknown> = { version: 1 };
  for (const kind of ["model", "loss", "concept"] as const) {
    body[SECTION[kind]] = candidates.filter((c) => c.kind === kind).map(entry);
  }
  const document = new Document(body);
  document.commentBefore = ` ${header}\n Review each entry: delete what is not a ${"model, loss or concept"}, fix names, add Chinese\n names and descriptions; then pass this file with kg ingest --vocab <file>.`;
  for (const kind of ["model", "loss", "concept"] as const) {
    const sequence = document.get(SECTION[kind], true) as YAMLSeq | undefined;
    const items = candidates.filter((c) => c.kind === kind);
    sequence?.items.forEach((item, index) => {
      const candidate = items[index];
      if (!candidate || typeof item !== "object" || item === null) return;
      const places = candidate.places.map((p) => `   ${p.file}:${p.line}: ${p.text}`).join("\n");
      (item as { commentBefore?: string }).commentBefore =
        ` ${candidate.count} use${candidate.count === 1 ? "" : "s"} (${candidate.rules.join(", ")})\n${places}`;
    });
  }
  return document.toString({ lineWidth: 0 });
}
