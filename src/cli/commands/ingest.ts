/** `kg ingest <paths...>`: notes to graph, with a progress bar and a summary on stderr. */
import path from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { ArxivClient } from "../../../ingest/arxiv/api-client.js";
import { loadClip } from "../../embed/clip.js";
import { resolveClipSettings } from "../../embed/settings.js";
import { UsageError } from "../../errors.js";
import { mergeDeltas } from "../../graph/delta.js";
import { type EnrichSummary, enrichCitedPapers } from "../../pipeline/arxiv-enrich.js";
import { BULK_MIN_NOTES, type IngestOptions, type IngestSummary, ingest } from "../../pipeline/ingest.js";
import { type GlobalOptions, info, printProblem, resolveGlobals, withStore } from "../context.js";
import { countLine, papersJoinedLine } from "../format.js";

interface IngestFlags {
  vocab?: string[];
  prune?: boolean;
  force?: boolean;
  strict?: boolean;
  dryRun?: boolean;
  format?: string;
  workers?: string;
  batchSize?: string;
  bulk?: boolean;
  maxNoteSize?: string;
  arxiv?: boolean;
  offline?: boolean;
  arxivUrl?: string;
  embed?: boolean;
  model?: string;
  quantized?: boolean;
  allowPrivateHosts?: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("ingest Markdown notes (files or folders) into the graph")
    .argument("<paths...>", "note files or folders")
    .option("--vocab <file...>", "extra vocabulary files (YAML or JSON, same format as the built-in one)")
    .option("--prune", "remove stored notes whose files are gone")
    .option("--force", "re-extract every note, even unchanged ones")
    .option("--strict", "treat warnings as failures")
    .option("--dry-run", "extract and print, store nothing")
    .option("--format <format>", "with --dry-run: json (the graph delta) or text (counts)", "text")
    .option(
      "--workers <n>",
      "worker threads for parsing (default: one per core from 500 notes to parse; 0: none)",
    )
    .option("--batch-size <n>", "notes per store transaction (or per batch staged into a bulk load)")
    .option("--bulk", "write the new notes with one bulk load even when there are few of them")
    .option("--no-bulk", `write the new notes in batches even when there are ${BULK_MIN_NOTES} or more`)
    .option("--max-note-size <MB>", "skip notes larger than this", "16")
    .option("--arxiv", "complete cited arXiv papers (authors, abstract, dates) from the arXiv API, cached")
    .option(
      "--offline",
      "no network: arXiv answers and remote figures from the cache only; lists what it could not resolve",
    )
    .option("--arxiv-url <url>", "arXiv API endpoint (or KG_ARXIV_URL)")
    .option("--embed", "embed figures with CLIP and link them to the concepts and models they depict")
    .option(
      "--model <id>",
      "with --embed: CLIP model (hub id, or a folder under KG_MODEL_DIR; or KG_CLIP_MODEL)",
    )
    .option("--quantized", "with --embed: the 8-bit weights (smaller, faster)")
    .option(
      "--allow-private-hosts",
      "with --embed: also download figures from loopback, private and link-local addresses (refused by default)",
    )
    .action(async (paths: string[], flags: IngestFlags, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      const options = ingestOptions(paths, flags);
      const code = await runIngest(globals, options, flags);
      process.exitCode = code;
    });
}

function positiveInt(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} expects a whole number >= ${min}, got '${value}'`);
  return n;
}

function ingestOptions(paths: string[], flags: IngestFlags): IngestOptions {
  if (flags.format !== "text" && flags.format !== "json") {
    throw new UsageError(`--format expects text or json, got '${flags.format}'`);
  }
  const maxNoteSize = Number(flags.maxNoteSize ?? "16");
  if (!(maxNoteSize > 0))
    throw new UsageError(`--max-note-size expects a size in MB, got '${flags.maxNoteSize}'`);
  const workers = positiveInt("--workers", flags.workers);
  const batchSize = positiveInt("--batch-size", flags.batchSize, 1);
  return {
    paths,
    vocabularyFiles: flags.vocab ?? [],
    prune: flags.prune === true,
    force: flags.force === true,
    strict: flags.strict === true,
    maxNoteBytes: Math.round(maxNoteSize * 1024 * 1024),
    ...(workers !== undefined ? { workers } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(flags.bulk !== undefined ? { bulk: flags.bulk } : {}),
  };
}

async function runIngest(
  globals: GlobalOptions,
  options: IngestOptions,
  flags: IngestFlags,
): Promise<number> {
  const bar =
    !globals.quiet && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: "ingest [{bar}] {value}/{total} notes, ETA {eta_formatted}  {file}",
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  const withProgress: IngestOptions = {
    ...options,
    onProblem: (problem) => {
      if (bar && started) bar.stop();
      started = false;
      printProblem(problem);
    },
    onProgress: ({ done, total, file }) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, done, { file });
        started = true;
      }
      bar.update(done, { file });
    },
  };
  const startedAt = performance.now();
  const embedding = flags.embed ? await openEmbedder(globals, flags) : null;
  if (embedding) withProgress.embed = embedding;
  try {
    if (flags.dryRun) {
      const result = await ingest(null, withProgress);
      if (flags.format === "json")
        process.stdout.write(`${JSON.stringify(mergeDeltas(result.deltas), null, 2)}\n`);
      else printSummary(globals, result, performance.now() - startedAt);
      return result.notes.failed > 0 ? 1 : 0;
    }
    return await withStore(
      globals,
      false,
      async (store) => {
        const result = await ingest(store, withProgress);
        if (bar && started) bar.stop();
        printSummary(globals, result, performance.now() - startedAt);
        let code = result.notes.failed > 0 ? 1 : 0;
        if (flags.arxiv) {
          const client = new ArxivClient({
            cacheDir: path.join(globals.dataDir, "arxiv-cache"),
            offline: flags.offline === true,
            ...arxivClientSettings(flags.arxivUrl),
          });
          const enriched = await enrichCitedPapers(store, client);
          printEnrichment(globals, enriched, flags.offline === true);
          // Offline, an uncached id is expected; online, a request that failed every retry is not.
          if (!flags.offline && enriched.unresolved.length > 0) code = 1;
        }
        if (!globals.quiet) {
          const stats = await store.stats();
          info(
            globals,
            `graph (${store.kind}, ${globals.dataDir}): ${stats.totalNodes} nodes, ${stats.totalRelationships} relationships`,
          );
        }
        return code;
      },
      { command: "kg ingest" },
    );
  } finally {
    if (bar && started) bar.stop();
    await embedding?.embedder.close();
  }
}

/**
 * The CLIP model for --embed, or null with one warning: without weights the notes and their
 * figures are still stored, only not embedded or linked, and the exit code stays 0.
 */
async function openEmbedder(
  globals: GlobalOptions,
  flags: IngestFlags,
): Promise<NonNullable<IngestOptions["embed"]> | null> {
  const settings = resolveClipSettings({
    model: flags.model,
    quantized: flags.quantized,
    offline: flags.offline,
  });
  const loaded = await loadClip(settings);
  if (!loaded.ok) {
    printProblem({
      file: settings.model,
      rule: "embed/model-unavailable",
      severity: "warning",
      message: `figures are stored but not embedded or linked: ${loaded.reason}`,
    });
    return null;
  }
  info(
    globals,
    `embed: ${loaded.embedder.key} (${loaded.embedder.dimensions} dimensions, ${settings.threads} threads)`,
  );
  return {
    embedder: loaded.embedder,
    cacheDir: path.join(globals.dataDir, "cache"),
    offline: flags.offline === true,
    hosts: { allowPrivateHosts: flags.allowPrivateHosts === true, allowAddresses: [] },
  };
}

/**
 * The API endpoint and, for a mirror or a proxy of one's own, the pace: arXiv asks for one
 * request every 3 s, which stays the default.
 */
function arxivClientSettings(url: string | undefined): {
  baseUrl?: string;
  minIntervalMs?: number;
  retries?: number;
} {
  const env = process.env;
  const whole = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${name} expects a whole number >= 0, got '${raw}'`);
    return n;
  };
  const baseUrl = url ?? env.KG_ARXIV_URL;
  const minIntervalMs = whole("KG_ARXIV_MIN_INTERVAL_MS");
  const retries = whole("KG_ARXIV_RETRIES");
  return {
    ...(baseUrl ? { baseUrl } : {}),
    ...(minIntervalMs !== undefined ? { minIntervalMs } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

function printEnrichment(globals: GlobalOptions, summary: EnrichSummary, offline: boolean): void {
  info(
    globals,
    `arxiv: ${summary.wanted} cited papers without arXiv data, ${summary.written} completed ` +
      `(${summary.requests} requests, ${summary.cacheHits} from the cache)` +
      (summary.authorsMerged ? `, ${summary.authorsMerged} note authors merged with arXiv's` : ""),
  );
  if (summary.papersJoined) info(globals, papersJoinedLine(summary.papersJoined));
  if (summary.missing.length) info(globals, `arxiv: no such paper on arXiv: ${summary.missing.join(", ")}`);
  if (summary.unresolved.length) {
    const why = offline ? "offline and not in the cache" : "the API did not answer";
    info(globals, `arxiv: not resolved (${why}): ${summary.unresolved.join(", ")}`);
  }
  for (const failure of summary.failures) {
    if (offline && failure.reason.startsWith("offline")) continue;
    printProblem({
      file: "arxiv",
      rule: "arxiv/api",
      severity: "warning",
      message: `${failure.ids.join(", ")}: ${failure.reason}`,
    });
  }
}

function printSummary(globals: GlobalOptions, summary: IngestSummary, elapsedMs: number): void {
  const n = summary.notes;
  info(
    globals,
    `notes: ${n.found} found, ${n.ingested} ingested, ${n.unchanged} unchanged (skipped), ${n.failed} failed` +
      (n.pruned ? `, ${n.pruned} pruned` : "") +
      (n.missing ? `, ${n.missing} no longer on disk (use --prune to remove them)` : "") +
      ` in ${(elapsedMs / 1000).toFixed(2)} s`,
  );
  if (summary.problems.errors || summary.problems.warnings) {
    info(globals, `problems: ${summary.problems.errors} errors, ${summary.problems.warnings} warnings`);
  }
  if (n.ingested) {
    info(globals, `nodes written: ${countLine(summary.written.nodes)}`);
    info(globals, `relationships written: ${countLine(summary.written.relationships)}`);
  }
  if (summary.figures) {
    const f = summary.figures;
    info(
      globals,
      `figures: ${f.figures} seen, ${f.embedded} embedded, ${f.cached} from the cache, ${f.failed} not loadable; ${f.links} DEPICTS links`,
    );
  }
  if (summary.bulk) {
    const b = summary.bulk;
    info(
      globals,
      `bulk load: ${b.nodesCreated} nodes and ${b.relationshipsCreated} relationships created, ` +
        `${b.nodesUpdated} nodes and ${b.relationshipsUpdated} relationships added to ` +
        `(stage ${b.stageSeconds.toFixed(1)} s, load ${b.loadSeconds.toFixed(1)} s, commit ${b.commitSeconds.toFixed(1)} s)`,
    );
  }
  const linked = summary.linkedCitations;
  if (linked.added || linked.removed)
    info(globals, `citations: ${linked.added} added, ${linked.removed} removed through links to paper notes`);
  if (summary.papersJoined) info(globals, papersJoinedLine(summary.papersJoined));
  if (summary.authorsMerged)
    info(globals, `authors: ${summary.authorsMerged} note authors merged with arXiv's`);
  if (summary.failedFiles.length) info(globals, `failed: ${summary.failedFiles.join(", ")}`);
}
