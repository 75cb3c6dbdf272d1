/**
 * The notegraph benchmark, in one run: generate (or reuse) the corpus, time the bare
 * parse, extraction, worker threads, and a full, an unchanged and a one-note-changed
 * ingest into Kuzu; print a report and write bench/results/latest.json.
 *
 *   npm run build && node --expose-gc dist/bench/run.js [--notes 10000] [--quick]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { loadVocabulary, type Vocabulary } from "../ingest/markdown/vocabulary.js";
import { packageRoot } from "../src/paths.js";
import { CORPUS_MARKER, CORPUS_VERSION, generateCorpus } from "./corpus.js";
import { collectGarbage, machineFacts, median, peakRssMiB, type Sample, sampleOf } from "./measure.js";
import { parallelScaling } from "./parallel-probe.js";
import {
  bareParse,
  type ExtractRun,
  extractAll,
  type LoadedCorpus,
  loadCorpus,
  storelessIngest,
} from "./parse-stages.js";
import { type BenchResult, evaluateAims, formatReport, type RepeatedTiming } from "./report.js";
import { measureStore } from "./store-stages.js";

const DEFAULT_NOTES = 10_000;
const QUICK_NOTES = 1_000;
const REPEATS = 3;
const WORKERS = 2;
const SEED = 1;

const log = (message: string) => process.stderr.write(`${message}\n`);

function noteCount(): number {
  const { values } = parseArgs({
    options: { notes: { type: "string" }, quick: { type: "boolean", default: false } },
  });
  const count =
    values.notes !== undefined ? Number(values.notes) : values.quick ? QUICK_NOTES : DEFAULT_NOTES;
  if (!Number.isInteger(count) || count <= 0)
    throw new Error(`--notes wants a positive whole number, got ${values.notes}`);
  return count;
}

/** The cached corpus for `count` notes, generated when missing, incomplete or from an older generator. */
function ensureCorpus(count: number): { dir: string; generatedSeconds: number | null } {
  const dir = join(packageRoot(), "bench", ".corpus", String(count));
  const marker = join(dir, CORPUS_MARKER);
  if (existsSync(marker)) {
    const written = JSON.parse(readFileSync(marker, "utf8")) as {
      version?: number;
      seed?: number;
      notes?: number;
    };
    if (written.version === CORPUS_VERSION && written.seed === SEED && written.notes === count) {
      return { dir, generatedSeconds: null };
    }
  }
  log(`generating ${count} notes in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  generateCorpus(dir, count, SEED);
  return { dir, generatedSeconds: (performance.now() - started) / 1000 };
}

function repeated(runs: Sample[], corpus: LoadedCorpus): RepeatedTiming {
  const seconds = median(runs.map((run) => run.seconds));
  return {
    runs,
    medianSeconds: seconds,
    medianCpuSeconds: median(runs.map((run) => run.cpuSeconds)),
    notesPerSecond: corpus.notes.length / seconds,
    mbPerSecond: corpus.bytes / 1048576 / seconds,
  };
}

/** (a) and (b), interleaved so that drift in the machine's speed hits both alike, after a JIT warm-up. */
async function measureParsing(
  corpus: LoadedCorpus,
  vocabulary: Vocabulary,
): Promise<Pick<BenchResult, "bareParse" | "extract">> {
  const warmup: LoadedCorpus = { ...corpus, notes: corpus.notes.slice(0, 200) };
  await bareParse(warmup);
  await extractAll(warmup, vocabulary);
  const bareRuns: Sample[] = [];
  const extractRuns: ExtractRun[] = [];
  for (let run = 1; run <= REPEATS; run++) {
    const bare = await bareParse(corpus);
    const extracted = await extractAll(corpus, vocabulary);
    bareRuns.push(bare);
    extractRuns.push(extracted);
    log(
      `  run ${run}/${REPEATS}: (a) bare parse ${bare.seconds.toFixed(2)} s, (b) extract ${extracted.seconds.toFixed(2)} s`,
    );
  }
  const bare = repeated(bareRuns, corpus);
  const extract = repeated(extractRuns.map(sampleOf), corpus);
  const last = extractRuns.at(-1);
  return {
    bareParse: bare,
    extract: {
      ...extract,
      ratioToBareParse: extract.medianSeconds / bare.medianSeconds,
      failed: last?.failed ?? 0,
      problems: last?.problems ?? 0,
    },
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const count = noteCount();
  const machine = machineFacts();
  if (!machine.gcExposed) log("warning: run with node --expose-gc for steadier numbers");
  const { dir, generatedSeconds } = ensureCorpus(count);
  const corpus = loadCorpus(dir);
  log("  probing parallel capacity: a busy loop, then a bare parse, on 1 and on 2 threads");
  const scaling = await parallelScaling(corpus.notes.slice(0, 100).map((note) => note.text));
  const parsing = await measureParsing(corpus, loadVocabulary());

  log(`  (c) ingest without a store: 0 workers, then ${WORKERS}`);
  const inline = await storelessIngest(dir, 0);
  collectGarbage();
  const pooled = await storelessIngest(dir, WORKERS);
  log(`      ${inline.seconds.toFixed(2)} s inline, ${pooled.seconds.toFixed(2)} s on ${WORKERS} workers`);

  const changedNote = corpus.notes[Math.floor(corpus.notes.length / 2)]?.source.absolutePath;
  if (!changedNote) throw new Error(`no notes found in ${dir}`);
  const store = await measureStore(dir, changedNote, log);

  const partial: Omit<BenchResult, "aims"> = {
    startedAt: startedAt.toISOString(),
    machine,
    corpus: {
      dir: relative(process.cwd(), dir) || dir,
      notes: corpus.notes.length,
      bytes: corpus.bytes,
      averageNoteBytes: Math.round(corpus.bytes / corpus.notes.length),
      generatedSeconds,
    },
    ...parsing,
    workers: {
      workers: WORKERS,
      inline: sampleOf(inline),
      pooled: sampleOf(pooled),
      speedup: inline.seconds / pooled.seconds,
    },
    parallelScaling: scaling,
    store,
    peakRssMiB: peakRssMiB(),
    totalSeconds: (performance.now() - started) / 1000,
  };
  const result: BenchResult = { ...partial, aims: evaluateAims(partial) };
  const resultsDir = join(packageRoot(), "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatReport(result)}\n`);
  log(`wrote ${relative(process.cwd(), join(resultsDir, "latest.json"))}`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
