/**
 * What `kg watch` and `kg serve --watch` share: their options (vocabulary, strict, debounce),
 * opening the store for a process that writes and reads, and the lines a watch prints on
 * stderr (each batch, and each problem like `kg ingest` prints them).
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import type { BatchReport, WatchOptions, WatchState } from "../watch/session.js";
import { type GlobalOptions, info, printProblem } from "./context.js";

export interface WatchFlags {
  vocab?: string[];
  strict?: boolean;
  debounce?: string;
}

export const DEFAULT_DEBOUNCE_MS = 300;

/** Adds the options every watching command takes. */
export function watchOptionsOf(command: Command): Command {
  return command
    .option("--vocab <file...>", "extra vocabulary files, as for `kg ingest`")
    .option("--strict", "treat warnings as failures, as for `kg ingest`")
    .option(
      "--debounce <ms>",
      `a batch is ingested once no file changed for this long (default ${DEFAULT_DEBOUNCE_MS})`,
    );
}

export function watchSettings(
  globals: GlobalOptions,
  paths: readonly string[],
  flags: WatchFlags,
): WatchOptions {
  const debounce = flags.debounce === undefined ? DEFAULT_DEBOUNCE_MS : Number(flags.debounce);
  if (!Number.isInteger(debounce) || debounce < 0)
    throw new UsageError(`--debounce expects a whole number of milliseconds >= 0, got '${flags.debounce}'`);
  for (const given of paths) if (!existsSync(given)) throw new UsageError(`no such file or folder: ${given}`);
  return {
    paths,
    vocabularyFiles: flags.vocab ?? [],
    strict: flags.strict === true,
    // However busy the folder stays, a batch goes in at least every 10 debounce periods.
    batcher: { quietMs: debounce, maxWaitMs: Math.max(3000, 10 * debounce) },
    onProblem: printProblem,
    onError: (message) => process.stderr.write(`${message}\n`),
    onBatch: (report, state) => info(globals, describeBatch(report, state)),
  };
}

/** `kg watch: 14:02:31 2 notes ingested, 1 failed, 1 removed (3 files changed, 0.41 s); 1 note failing: a.md` */
export function describeBatch(report: BatchReport, state: WatchState): string {
  const time = report.at.slice(11, 19);
  if (report.error) return `kg watch: ${time} the batch was not stored; it is tried again (${report.error})`;
  const n = report.notes;
  const counts =
    `${n.ingested} note${n.ingested === 1 ? "" : "s"} ingested` +
    (report.trigger === "start" ? `, ${n.unchanged} unchanged` : "") +
    `, ${n.failed} failed, ${n.pruned} removed`;
  const what =
    report.trigger === "start"
      ? `first ingest of ${state.paths.map((path) => relative(process.cwd(), path) || ".").join(", ")}`
      : `${report.files} file${report.files === 1 ? "" : "s"} changed`;
  const failing = state.errors.length
    ? `; ${state.errors.length} note${state.errors.length === 1 ? "" : "s"} failing: ${state.errors.map((e) => e.note.slice("note:".length)).join(", ")}`
    : "";
  return `kg watch: ${time} ${counts} (${what}, ${(report.durationMs / 1000).toFixed(2)} s)${failing}`;
}
