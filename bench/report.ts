/**
 * The benchmark result (what goes to bench/results/latest.json), its aims with PASS/MISS,
 * and the plain-text report printed to stdout.
 */
import type { MachineFacts, Sample } from "./measure.js";
import type { ParallelScaling } from "./parallel-probe.js";
import type { StoreResults } from "./store-stages.js";

export interface RepeatedTiming {
  runs: Sample[];
  medianSeconds: number;
  medianCpuSeconds: number;
  notesPerSecond: number;
  mbPerSecond: number;
}

export interface BenchResult {
  startedAt: string;
  machine: MachineFacts;
  corpus: {
    dir: string;
    notes: number;
    bytes: number;
    averageNoteBytes: number;
    generatedSeconds: number | null;
  };
  bareParse: RepeatedTiming;
  extract: RepeatedTiming & { ratioToBareParse: number; failed: number; problems: number };
  workers: { workers: number; inline: Sample; pooled: Sample; speedup: number };
  /** Two threads' throughput over one's, measured before the stages: the ceiling for the worker speed-up. */
  parallelScaling: ParallelScaling;
  store: StoreResults;
  aims: Aim[];
  peakRssMiB: number;
  totalSeconds: number;
}

export interface Aim {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
}

/** Time aims are stated for 10,000 notes; smaller or larger corpora scale them linearly. */
export function evaluateAims(result: Omit<BenchResult, "aims">): Aim[] {
  const scale = result.corpus.notes / 10_000;
  const scaled = scale === 1 ? "" : ` (${formatNumber(result.corpus.notes)} notes: aim scaled x${scale})`;
  const unchangedLimit = 2 * scale;
  const { full, unchanged, oneChanged } = result.store;
  return [
    {
      name: "extraction adds at most 50% to the bare parse: (b) / (a)",
      target: "<= 1.50",
      measured: `${result.extract.ratioToBareParse.toFixed(2)} (in CPU time: ${(result.extract.medianCpuSeconds / result.bareParse.medianCpuSeconds).toFixed(2)})`,
      pass: result.extract.ratioToBareParse <= 1.5,
    },
    {
      name: `worker speed-up, ${result.workers.workers} workers vs inline`,
      target: ">= 1.60x",
      measured: `${result.workers.speedup.toFixed(2)}x (2-thread ceiling here: ${result.parallelScaling.markdownParse.scaling.toFixed(2)}x)`,
      pass: result.workers.speedup >= 1.6,
    },
    {
      name: "(d) full ingest into Kuzu / (b) parse + extract",
      target: "<= 1.50x",
      measured: `${(full.seconds / result.extract.medianSeconds).toFixed(2)}x (${full.seconds.toFixed(1)} s)`,
      pass: full.seconds <= 1.5 * result.extract.medianSeconds && full.notes.failed === 0,
    },
    ...("skipped" in result.store.neo4j
      ? []
      : [
          {
            name: "(g) full ingest into Neo4j / (b) parse + extract",
            target: "<= 2.00x",
            measured: `${(result.store.neo4j.seconds / result.extract.medianSeconds).toFixed(2)}x (${result.store.neo4j.seconds.toFixed(1)} s)`,
            pass: result.store.neo4j.seconds <= 2 * result.extract.medianSeconds,
          },
        ]),
    {
      name: "(f) one changed note re-ingests on Kuzu",
      target: "< 2.00 s",
      measured: `${oneChanged.seconds.toFixed(2)} s`,
      pass: oneChanged.seconds < 2,
    },
    {
      name: `no-change re-ingest${scaled}`,
      target: `< ${unchangedLimit.toFixed(2)} s`,
      measured: `${unchanged.seconds.toFixed(2)} s`,
      pass: unchanged.seconds < unchangedLimit,
    },
    {
      name: "no-change re-ingest skips every note and keeps the counts",
      target: `${formatNumber(full.notes.found)} unchanged`,
      measured: `${formatNumber(unchanged.notes.unchanged)} unchanged, counts ${unchanged.countsUnchanged ? "same" : "CHANGED"}`,
      pass: unchanged.notes.unchanged === full.notes.found && unchanged.countsUnchanged,
    },
    {
      name: "one-note-changed re-ingest re-extracts just that note",
      target: "1 ingested",
      measured: `${oneChanged.notes.ingested} ingested, counts ${oneChanged.countsUnchanged ? "same" : "changed"}`,
      pass: oneChanged.notes.ingested === 1 && oneChanged.notes.failed === 0,
    },
  ];
}

interface Row {
  stage: string;
  sample: Sample;
  perNote: boolean;
  note: string;
}

export function formatReport(result: BenchResult): string {
  const { machine, corpus, bareParse, extract, workers, store } = result;
  const medianOf = (timing: RepeatedTiming): Sample => ({
    seconds: timing.medianSeconds,
    cpuSeconds: timing.medianCpuSeconds,
    loadAfter: Math.max(...timing.runs.map((run) => run.loadAfter)),
  });
  const runs = (timing: RepeatedTiming) => timing.runs.map((run) => run.seconds.toFixed(2)).join(" / ");
  const rows: Row[] = [
    {
      stage: "(a) bare remark+GFM parse, 1 thread",
      sample: medianOf(bareParse),
      perNote: true,
      note: `median of ${runs(bareParse)}`,
    },
    {
      stage: "(b) parse + extract, 1 thread",
      sample: medianOf(extract),
      perNote: true,
      note: `median of ${runs(extract)}; ${extract.ratioToBareParse.toFixed(2)}x (a), ${(extract.medianCpuSeconds / bareParse.medianCpuSeconds).toFixed(2)}x in CPU s`,
    },
    { stage: "(c) ingest, no store, 0 workers", sample: workers.inline, perNote: true, note: "" },
    {
      stage: `    ingest, no store, ${workers.workers} workers`,
      sample: workers.pooled,
      perNote: true,
      note: `speed-up ${workers.speedup.toFixed(2)}x`,
    },
    {
      stage: "(d) full ingest into fresh Kuzu",
      sample: store.full,
      perNote: true,
      note: `${(store.full.seconds / extract.medianSeconds).toFixed(2)}x (b); opening the store ${store.openSeconds.toFixed(2)} s, not included`,
    },
    {
      stage: "(e) re-ingest, nothing changed",
      sample: store.unchanged,
      perNote: false,
      note: `${formatNumber(store.unchanged.notes.unchanged)} skipped`,
    },
    {
      stage: "(f) re-ingest, one note changed",
      sample: store.oneChanged,
      perNote: false,
      note: `${store.oneChanged.notes.ingested} re-extracted`,
    },
    ...("skipped" in store.neo4j
      ? []
      : [
          {
            stage: "(g) full ingest into Neo4j",
            sample: store.neo4j,
            perNote: true,
            note: `${(store.neo4j.seconds / extract.medianSeconds).toFixed(2)}x (b)`,
          },
        ]),
  ];
  const stats = store.full.stats;
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([name, count]) => `${name} ${formatNumber(count)}`)
      .join(", ");
  return [
    `notegraph benchmark, ${result.startedAt}`,
    `corpus:  ${formatNumber(corpus.notes)} notes, ${(corpus.bytes / 1048576).toFixed(1)} MB (${formatNumber(corpus.averageNoteBytes)} B/note), ${corpus.dir}` +
      (corpus.generatedSeconds === null
        ? " (cached)"
        : ` (generated in ${corpus.generatedSeconds.toFixed(1)} s)`),
    `machine: ${machine.cpuModel} x ${machine.cpuCount} (available parallelism ${machine.availableParallelism}), ${machine.totalMemoryGiB} GiB RAM`,
    `         node ${machine.node}, ${machine.os}${machine.gcExposed ? "" : ", WITHOUT --expose-gc"}`,
    `         load average at start ${machine.loadAverage.join(" / ")}`,
    `parallel: two threads do ${result.parallelScaling.busyLoop.scaling.toFixed(2)}x the work of one on a busy loop, ` +
      `${result.parallelScaling.markdownParse.scaling.toFixed(2)}x on the bare Markdown parse (the ceiling for (c))`,
    "",
    ...formatTable(rows, corpus),
    "  CPU s: CPU time of the whole process (all threads) in the stage; load: 1-min load average at its end",
    "  (this run alone accounts for about 1 per busy thread; more means other processes competed for the CPUs)",
    "",
    `graph after (d): ${formatNumber(stats.totalNodes)} nodes, ${formatNumber(stats.totalRelationships)} relationships`,
    `  nodes:         ${counts(stats.nodes)}`,
    `  relationships: ${counts(stats.relationships)}`,
    `  ingest problems: (d) ${store.full.errors} errors, ${store.full.warnings} warnings; (b) ${extract.failed} failed notes, ${extract.problems} problems`,
    "",
    "aims:",
    ...result.aims.map(
      (aim) =>
        `  ${aim.pass ? "PASS" : "MISS"}  ${aim.name.padEnd(58)} ${aim.target.padStart(16)}  measured ${aim.measured}`,
    ),
    "",
    `peak RSS ${formatNumber(result.peakRssMiB)} MiB; whole run ${result.totalSeconds.toFixed(1)} s`,
  ].join("\n");
}

function formatTable(rows: Row[], corpus: BenchResult["corpus"]): string[] {
  const header = `${"stage".padEnd(38)} ${"seconds".padStart(8)} ${"CPU s".padStart(8)} ${"notes/s".padStart(8)} ${"MB/s".padStart(6)} ${"load".padStart(5)}  note`;
  return [
    header,
    ...rows.map(({ stage, sample, perNote, note }) => {
      const rate = perNote ? formatNumber(Math.round(corpus.notes / sample.seconds)) : "";
      const mb = perNote ? (corpus.bytes / 1048576 / sample.seconds).toFixed(2) : "";
      return [
        stage.padEnd(38),
        sample.seconds.toFixed(2).padStart(8),
        sample.cpuSeconds.toFixed(2).padStart(8),
        rate.padStart(8),
        mb.padStart(6),
        sample.loadAfter.toFixed(2).padStart(5),
        ` ${note}`,
      ].join(" ");
    }),
  ];
}

export const formatNumber = (value: number): string => value.toLocaleString("en-US");
