/**
 * The notegraph benchmark, in one run: generate (or reuse) the corpus, time the bare
 * parse, extraction, worker threads, and a full, an unchanged and a one-note-changed
 * ingest into Kuzu; then the arXiv snapshot import (bench/snapshot-stages.ts): read and
 * parse throughput, streaming memory, and imports into Kuzu and (with NEO4J_URI) Neo4j.
 * Prints a report and writes bench/results/latest.json.
 *
 *   npm run build && node --expose-gc dist/bench/run.js [--notes 10000] [--quick]
 *     [--only notes|snapshot|kill|topics|watch[,...]] [--snapshot-records 200000] [--snapshot-large 1000000]
 *     [--topic-notes 2000] [--watch-notes 2000] [--watch-burst 500] [--watch-stores kuzu,neo4j]
 *     [--kill-notes 10000] [--kills 3] [--kill-stores kuzu,neo4j]
 *     [--snapshot-batch N] [--neo4j-clear]
 *
 * NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) adds the Neo4j imports (notes
 * and snapshot); the bench deletes everything it wrote afterwards, and refuses a non-empty
 * database unless --neo4j-clear allows it to delete what is there first.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { loadVocabulary, type Vocabulary } from "../ingest/markdown/vocabulary.js";
import { packageRoot } from "../src/paths.js";
import { CORPUS_MARKER, CORPUS_VERSION, generateCorpus } from "./corpus.js";
import { formatKillReport } from "./kill-report.js";
import {
  KILL_STORES,
  type KillOptions,
  type KillResults,
  type KillStore,
  measureKillResume,
} from "./kill-stages.js";
import {
  collectGarbage,
  type MachineFacts,
  machineFacts,
  median,
  peakRssMiB,
  type Sample,
  sampleOf,
} from "./measure.js";
import { parallelScaling } from "./parallel-probe.js";
import {
  bareParse,
  type ExtractRun,
  extractAll,
  type LoadedCorpus,
  loadCorpus,
  storelessIngest,
} from "./parse-stages.js";
import { type Aim, type BenchResult, evaluateAims, formatReport, type RepeatedTiming } from "./report.js";
import { evaluateSnapshotAims, formatSnapshotReport } from "./snapshot-report.js";
import {
  DEFAULT_LARGE_RECORDS,
  DEFAULT_SNAPSHOT_RECORDS,
  measureSnapshot,
  type SnapshotOptions,
  type SnapshotResults,
} from "./snapshot-stages.js";
import { measureStore } from "./store-stages.js";
import { DEFAULT_TOPIC_NOTES, formatTopics, measureTopics, type TopicsBench } from "./topics-stages.js";
import {
  DEFAULT_BURST,
  DEFAULT_WATCH_NOTES,
  formatWatch,
  measureWatch,
  WATCH_STORES,
  type WatchBenchStore,
  type WatchStore,
} from "./watch-stages.js";

const DEFAULT_NOTES = 10_000;
const QUICK_NOTES = 1_000;
const REPEATS = 3;
const WORKERS = 2;
const SEED = 1;
/** Kill-and-resume: runs SIGKILLed per store before one is let finish, and where (bench/kill-resume.ts). */
const DEFAULT_KILLS = 3;
const KILL_SEED = 20261129;

/** `--quick` scales the snapshot section by this too. */
const QUICK_SCALE = 0.1;

const log = (message: string) => process.stderr.write(`${message}\n`);

interface RunOptions {
  notes: number;
  /** Run these sections only (`--only notes,snapshot`); null runs them all. */
  only: Section[] | null;
  snapshot: SnapshotOptions;
  kill: Omit<KillOptions, "corpusDir">;
  topicNotes: number;
  watch: { notes: number; burst: number; stores: WatchStore[] };
}

const SECTIONS = ["notes", "snapshot", "kill", "topics", "watch"] as const;
/** Sections run only when asked for with --only (they start servers and browsers of their own). */
const ON_REQUEST: readonly Section[] = ["topics", "watch"];
type Section = (typeof SECTIONS)[number];
const isSection = (value: string): value is Section => (SECTIONS as readonly string[]).includes(value);
const isKillStore = (value: string): value is KillStore => (KILL_STORES as readonly string[]).includes(value);

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} wants a positive whole number, got ${text}`);
  return value;
}

function runOptions(): RunOptions {
  const { values } = parseArgs({
    options: {
      notes: { type: "string" },
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "snapshot-records": { type: "string" },
      "snapshot-large": { type: "string" },
      "snapshot-batch": { type: "string" },
      "neo4j-clear": { type: "boolean", default: false },
      "kill-notes": { type: "string" },
      kills: { type: "string" },
      "kill-stores": { type: "string" },
      "topic-notes": { type: "string" },
      "watch-notes": { type: "string" },
      "watch-burst": { type: "string" },
      "watch-stores": { type: "string" },
    },
  });
  const quick = values.quick === true;
  const scaled = (value: number) => (quick ? Math.round(value * QUICK_SCALE) : value);
  const only = values.only?.split(",") ?? null;
  const unknownSection = only?.find((section) => !isSection(section));
  if (unknownSection !== undefined) {
    throw new Error(`--only wants ${SECTIONS.join(", ")} (comma-separated), got ${unknownSection}`);
  }
  const killStores = (values["kill-stores"] ?? KILL_STORES.join(",")).split(",");
  const unknownStore = killStores.find((store) => !isKillStore(store));
  if (unknownStore !== undefined)
    throw new Error(`--kill-stores wants kuzu and/or neo4j, got ${unknownStore}`);
  const notes = positive("notes", values.notes, quick ? QUICK_NOTES : DEFAULT_NOTES);
  const records = positive("snapshot-records", values["snapshot-records"], scaled(DEFAULT_SNAPSHOT_RECORDS));
  const largeRecords =
    values["snapshot-large"] === "0"
      ? 0
      : positive("snapshot-large", values["snapshot-large"], scaled(DEFAULT_LARGE_RECORDS));
  const batchSize =
    values["snapshot-batch"] === undefined
      ? undefined
      : positive("snapshot-batch", values["snapshot-batch"], 1);
  return {
    notes,
    only: only?.filter(isSection) ?? null,
    kill: {
      notes: positive("kill-notes", values["kill-notes"], notes),
      kills: positive("kills", values.kills, DEFAULT_KILLS),
      seed: KILL_SEED,
      stores: killStores.filter(isKillStore),
    },
    topicNotes: positive("topic-notes", values["topic-notes"], DEFAULT_TOPIC_NOTES),
    watch: {
      notes: positive("watch-notes", values["watch-notes"], DEFAULT_WATCH_NOTES),
      burst: positive("watch-burst", values["watch-burst"], DEFAULT_BURST),
      stores: (values["watch-stores"] ?? WATCH_STORES.join(","))
        .split(",")
        .filter((store): store is WatchStore => (WATCH_STORES as readonly string[]).includes(store)),
    },
    snapshot: {
      records,
      largeRecords,
      batchSize,
      neo4jUri: process.env.NEO4J_URI || undefined,
      neo4jClear: values["neo4j-clear"] === true,
      seed: SEED,
      corpusRoot: join(packageRoot(), "bench", ".corpus"),
    },
  };
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

/** The notes section: (a) to (f). */
async function measureNotes(
  count: number,
  machine: MachineFacts,
  startedAt: Date,
  neo4jClear: boolean,
): Promise<BenchResult> {
  const started = performance.now();
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
  const store = await measureStore(dir, changedNote, log, {
    uri: process.env.NEO4J_URI || undefined,
    clear: neo4jClear,
  });

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
  return { ...partial, aims: evaluateAims(partial) };
}

function machineLines(result: { startedAt: string; machine: MachineFacts }): string[] {
  const { machine } = result;
  return [
    `notegraph benchmark, ${result.startedAt}`,
    `machine: ${machine.cpuModel} x ${machine.cpuCount} (available parallelism ${machine.availableParallelism}), ${machine.totalMemoryGiB} GiB RAM`,
    `         node ${machine.node}, ${machine.os}${machine.gcExposed ? "" : ", WITHOUT --expose-gc"}`,
    `         load average at start ${machine.loadAverage.join(" / ")}`,
  ];
}

type SnapshotSection = SnapshotResults & { aims: Aim[] };

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const options = runOptions();
  const machine = machineFacts();
  if (!machine.gcExposed) log("warning: run with node --expose-gc for steadier numbers");
  const runs = (section: Section) =>
    options.only === null ? !ON_REQUEST.includes(section) : options.only.includes(section);
  const notes = runs("notes")
    ? await measureNotes(options.notes, machine, startedAt, options.snapshot.neo4jClear)
    : null;
  let snapshot: SnapshotSection | null = null;
  if (runs("snapshot")) {
    log(`arXiv snapshot import, ${options.snapshot.records} records`);
    const measured = await measureSnapshot(options.snapshot, log);
    snapshot = { ...measured, aims: evaluateSnapshotAims(measured) };
  }
  let kill: KillResults | null = null;
  if (runs("kill")) {
    log(`kill and resume of kg ingest, ${options.kill.notes} notes, on ${options.kill.stores.join(" and ")}`);
    kill = await measureKillResume({ ...options.kill, corpusDir: ensureCorpus(options.kill.notes).dir }, log);
  }
  let topics: TopicsBench | null = null;
  if (runs("topics")) {
    log(`topics on ${options.topicNotes} generated notes`);
    topics = await measureTopics(ensureCorpus(options.topicNotes).dir, options.topicNotes, log);
  }
  let watch: WatchBenchStore[] | null = null;
  if (runs("watch")) {
    log(`kg serve --watch on ${options.watch.notes} notes, ${options.watch.burst} rewritten at once`);
    watch = await measureWatch({ ...options.watch, corpusDir: ensureCorpus(options.watch.notes).dir }, log);
  }
  const common = {
    startedAt: startedAt.toISOString(),
    machine,
    peakRssMiB: peakRssMiB(),
    totalSeconds: (performance.now() - started) / 1000,
  };
  const result = notes
    ? { ...notes, ...common, snapshot, kill }
    : { ...common, only: options.only, snapshot, kill, topics, watch };
  const resultsDir = join(packageRoot(), "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
  // The notes report's last line (peak RSS, whole run) is this run's: it goes at the very end.
  const notesReport = notes
    ? formatReport({ ...notes, ...common })
        .split("\n")
        .slice(0, -1)
        .join("\n")
    : null;
  const sections = [
    notesReport?.trimEnd() ?? machineLines(common).join("\n"),
    ...(snapshot ? [formatSnapshotReport(snapshot, snapshot.aims)] : []),
    ...(kill ? [formatKillReport(kill)] : []),
    ...(topics ? [formatTopics(topics)] : []),
    ...(watch ? [formatWatch(watch)] : []),
    `peak RSS of this process ${common.peakRssMiB} MiB; whole run ${common.totalSeconds.toFixed(1)} s`,
  ];
  process.stdout.write(`${sections.join("\n\n")}\n`);
  log(`wrote ${relative(process.cwd(), join(resultsDir, "latest.json"))}`);
}

main()
  .catch((error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  })
  // A connection a busy Neo4j server never answers must not keep the finished run alive.
  .finally(() => setTimeout(() => process.exit(), 10_000).unref());
