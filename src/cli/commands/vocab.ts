/** `kg vocab suggest <paths...>`: candidate models, losses and concepts the vocabulary lacks, as a vocabulary file. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { DEFAULT_MAX_NOTE_BYTES, decodeNote } from "../../../ingest/markdown/extract-file.js";
import { normalizeText, parseNote } from "../../../ingest/markdown/parse-note.js";
import { loadVocabulary } from "../../../ingest/markdown/vocabulary.js";
import { UsageError } from "../../errors.js";
import { walkPaths } from "../../pipeline/walk.js";
import { formatProblem } from "../../problems.js";
import { type NoteForSuggestions, suggestionsYaml, suggestVocabulary } from "../../vocab/suggest.js";

interface VocabFlags {
  vocab?: string[];
  minCount?: string;
}

export function registerVocab(program: Command): void {
  program
    .command("vocab")
    .description(
      "work with the vocabulary: `kg vocab suggest <paths...>` lists what your notes name that it lacks",
    )
    .argument("<action>", "suggest")
    .argument("<paths...>", "note files or folders")
    .option("--vocab <file...>", "vocabulary files you already use (their terms are not suggested)")
    .option("--min-count <n>", "suggest only what is used at least this many times", "1")
    .action((action: string, paths: string[], flags: VocabFlags) => {
      if (action !== "suggest")
        throw new UsageError(`kg vocab: unknown action '${action}' (try: kg vocab suggest <paths...>)`);
      const minCount = Number(flags.minCount ?? "1");
      if (!Number.isInteger(minCount) || minCount < 1) {
        throw new UsageError(`--min-count expects a whole number >= 1, got '${flags.minCount}'`);
      }
      const vocabulary = loadVocabulary(flags.vocab ?? []);
      const notes: NoteForSuggestions[] = [];
      let failed = 0;
      for (const root of walkPaths(paths)) {
        for (const note of root.notes) {
          const decoded = decodeNote(readFileSync(note.absolutePath), DEFAULT_MAX_NOTE_BYTES);
          if ("error" in decoded) {
            failed++;
            process.stderr.write(
              `${formatProblem({ file: note.relativePath, severity: "error", ...decoded.error })}\n`,
            );
            continue;
          }
          const parsed = parseNote(decoded.text, note.relativePath, vocabulary);
          if (!parsed.record) {
            failed++;
            for (const problem of parsed.problems) process.stderr.write(`${formatProblem(problem)}\n`);
            continue;
          }
          notes.push({
            file: note.relativePath,
            lines: normalizeText(decoded.text).split("\n"),
            record: parsed.record,
          });
        }
      }
      const candidates = suggestVocabulary(notes, vocabulary).filter((c) => c.count >= minCount);
      const header = `Suggested by kg vocab suggest from ${notes.length} notes (${candidates.length} candidates).`;
      process.stdout.write(suggestionsYaml(candidates, header));
      process.exitCode = failed > 0 ? 1 : 0;
    });
}
