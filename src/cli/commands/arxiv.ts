/** `kg arxiv [snapshot]`: import the arXiv metadata snapshot and/or arXiv citation data. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { importCitations } from "../../pipeline/arxiv-citations.js";
import {
  DEFAULT_BULK_SNAPSHOT_BATCH,
  DEFAULT_SNAPSHOT_BATCH,
  importSnapshot,
  type SnapshotImportSummary,
  snapshotFilePoolHint,
} from "../../pipeline/arxiv-import.js";
import { type GlobalOptions, info, printProblem, resolveGlobals, withStore } from "../context.js";
import { papersJoinedLine } from "../format.js";

interface ArxivFlags {
  category?: string[];
  since?: string;
  until?: string;
  limit?: string;
  batchSize?: string;
  bulk?: boolean;
  citations?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function registerArxiv(program: Command): void {
  program
    .command("arxiv")
    .description("import the arXiv metadata snapshot (JSON lines, plain or .gz) and/or citation data")
    .argument("[snapshot]", "the snapshot file (arxiv-metadata-oai-snapshot.json[.gz])")
    .option(
      "--category <prefix...>",
      "only papers with a category starting with this (cs, cs.CV); repeatable",
    )
    .option("--since <YYYY-MM-DD>", "only papers first submitted on or after this day")
    .option("--until <YYYY-MM-DD>", "only papers first submitted on or before this day")
    .option("--limit <n>", "stop after this many matching papers")
    .option(
      "--batch-size <n>",
      `papers per batch (default ${DEFAULT_BULK_SNAPSHOT_BATCH} staged into a bulk load, ${DEFAULT_SNAPSHOT_BATCH} per transaction with --no-bulk)`,
    )
    .option(
      "--no-bulk",
      "write each batch as its own transaction instead of one bulk load for the run (slower; a kill keeps the batches committed)",
    )
    .option(
      "--citations <file>",
      "a JSON object mapping an arXiv id to the ids it cites: Paper-[:CITES]->Paper",
    )
    .action(async (snapshot: string | undefined, flags: ArxivFlags, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      if (!snapshot && !flags.citations)
        throw new UsageError("give a snapshot file, --citations <file>, or both");
      for (const [flag, value] of [
        ["--since", flags.since],
        ["--until", flags.until],
      ] as const) {
        if (value !== undefined && !DAY.test(value))
          throw new UsageError(`${flag} expects YYYY-MM-DD, got '${value}'`);
      }
      process.exitCode = await run(globals, snapshot, flags);
    });
}

/** Every few seconds on stderr: how far the run is, how fast, and when reading should end. */
function progressPrinter(globals: GlobalOptions, started: number): (progress: SnapshotImportSummary) => void {
  let last = started;
  return (progress) => {
    const now = performance.now();
    if (globals.quiet || now - last < PROGRESS_MS) return;
    last = now;
    const seconds = (now - started) / 1000;
    const done = progress.bytes > 0 ? progress.bytesRead / progress.bytes : 0;
    const eta =
      done > 0 && done < 1 ? `, about ${duration((seconds * (1 - done)) / done)} of reading left` : "";
    info(
      globals,
      `snapshot: ${count(progress.lines)} lines read (${Math.round(done * 100)}%), ${count(progress.written)} papers written, ` +
        `${count(progress.unchanged)} unchanged; ${count(progress.lines / seconds)} lines/s${eta}`,
    );
  };
}

const PROGRESS_MS = 5000;

const count = (n: number): string => Math.round(n).toLocaleString("en-US");

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** `read 4.1 s, stage 6.0 s, load 5.2 s, commit 0.4 s, after 0.1 s` */
function stageLine(summary: SnapshotImportSummary): string {
  return Object.entries(summary.seconds)
    .map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`)
    .join(", ");
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} expects a whole number >= ${min}, got '${value}'`);
  return n;
}

async function run(globals: GlobalOptions, snapshot: string | undefined, flags: ArxivFlags): Promise<number> {
  const limit = wholeNumber("--limit", flags.limit, 0);
  const batchSize = wholeNumber("--batch-size", flags.batchSize, 1);
  const bufferPoolHint = snapshot ? await snapshotFilePoolHint(snapshot) : undefined;
  return withStore(
    globals,
    false,
    async (store) => {
      let code = 0;
      if (snapshot) {
        const started = performance.now();
        const summary = await importSnapshot(store, {
          file: snapshot,
          filter: {
            ...(flags.category ? { categories: flags.category } : {}),
            ...(flags.since ? { since: flags.since } : {}),
            ...(flags.until ? { until: flags.until } : {}),
          },
          ...(limit !== undefined ? { limit } : {}),
          ...(batchSize !== undefined ? { batchSize } : {}),
          bulk: flags.bulk !== false,
          onProblem: printProblem,
          onProgress: progressPrinter(globals, started),
        });
        const seconds = (performance.now() - started) / 1000;
        info(
          globals,
          `snapshot: ${summary.lines} lines read, ${summary.matched} matched, ${summary.written} papers written, ` +
            `${summary.unchanged} unchanged, ${summary.badLines} bad lines skipped in ${seconds.toFixed(2)} s ` +
            `(${stageLine(summary)})`,
        );
        if (summary.duplicates)
          info(globals, `snapshot: ${summary.duplicates} repeated ids (the later line wins)`);
        if (summary.papersJoined) info(globals, papersJoinedLine(summary.papersJoined));
        if (summary.authorsMerged)
          info(globals, `authors: ${summary.authorsMerged} note authors merged with arXiv's`);
        if (summary.badLines > 0) code = 1;
      }
      if (flags.citations) {
        let failed = false;
        const summary = await importCitations(
          store,
          flags.citations,
          (problem) => {
            if (problem.severity === "error") failed = true;
            printProblem(problem);
          },
          { bulk: flags.bulk !== false },
        );
        info(
          globals,
          `citations: ${summary.citing} citing papers, ${summary.linked} CITES links written, ` +
            `${summary.outside} citations to or from papers not in the graph skipped` +
            (summary.invalid ? `, ${summary.invalid} ids that are not arXiv ids` : ""),
        );
        if (failed) code = 1;
      }
      if (!globals.quiet) {
        const stats = await store.stats();
        info(
          globals,
          `graph (${store.kind}): ${stats.totalNodes} nodes, ${stats.totalRelationships} relationships`,
        );
      }
      return code;
    },
    // A large snapshot's bulk load needs a larger buffer pool in the embedded store than its default.
    bufferPoolHint === undefined ? {} : { bufferPoolHint },
  );
}
