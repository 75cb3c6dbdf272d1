/**
 * The snapshot section of the benchmark report: aims with PASS/MISS and the plain-text table.
 */
import { relative } from "node:path";
import type { Sample } from "./measure.js";
import { type Aim, formatNumber } from "./report.js";
import type { ImportRun } from "./snapshot-child.js";
import type { ReadTiming, SnapshotResults, StoreImport } from "./snapshot-stages.js";

/** Peak RSS reading 4x the records may exceed the smaller read's by this factor at most. */
const STREAMING_RSS_TOLERANCE = 1.1;

export function evaluateSnapshotAims(result: SnapshotResults): Aim[] {
  const { memory, corpus, smallCorpus } = result;
  const streaming = (kind: "plain" | "gzip"): Aim => {
    const { small, full } = memory[kind];
    return {
      name: `streaming (${kind}): peak RSS reading ${formatNumber(corpus.records)} vs ${formatNumber(smallCorpus.records)} records`,
      target: `<= ${STREAMING_RSS_TOLERANCE.toFixed(2)}x`,
      measured: `${full.peakRssMiB} vs ${small.peakRssMiB} MiB (${(full.peakRssMiB / small.peakRssMiB).toFixed(2)}x)`,
      pass: full.peakRssMiB <= small.peakRssMiB * STREAMING_RSS_TOLERANCE,
    };
  };
  const rerun = (store: StoreImport): Aim => {
    const again = store.result.rerun;
    const expected = store.result.first.summary.matched;
    return {
      name: `${store.store} re-run of the same import skips every record`,
      target: `${formatNumber(expected)} unchanged`,
      measured: again
        ? `${formatNumber(again.summary.unchanged)} unchanged, ${formatNumber(again.summary.written)} written`
        : "not run",
      pass: again !== null && again.summary.unchanged === expected && again.summary.written === 0,
    };
  };
  const { kuzu, neo4j, noStore } = result;
  const aims: Aim[] = [
    {
      name: "generated snapshot of at least 200,000 records",
      target: ">= 200,000",
      measured: formatNumber(corpus.records),
      pass: corpus.records >= 200_000,
    },
    streaming("plain"),
    streaming("gzip"),
    {
      name: `Kuzu import of ${formatNumber(kuzu.records)} into a fresh store / (s5)`,
      target: "<= 5.00x",
      measured: `${kuzu.ratioToNoStore.toFixed(2)}x (${kuzu.result.first.seconds.toFixed(1)} s / ${noStore.seconds.toFixed(2)} s)`,
      pass: kuzu.ratioToNoStore <= 5,
    },
    {
      name: "Kuzu re-run, nothing changed / first import",
      target: "< 0.20x",
      measured:
        kuzu.rerunRatio === null
          ? "not run"
          : `${kuzu.rerunRatio.toFixed(2)}x (${kuzu.result.rerun?.seconds.toFixed(1)} s)`,
      pass: kuzu.rerunRatio !== null && kuzu.rerunRatio < 0.2,
    },
    rerun(kuzu),
  ];
  if (kuzu.large) {
    const { large } = kuzu;
    const growth = large.records / kuzu.records;
    aims.push(
      {
        name: `Kuzu import of ${formatNumber(large.records)} / of ${formatNumber(kuzu.records)} (linear: ${growth.toFixed(1)}x)`,
        target: `<= ${(growth * 1.1).toFixed(2)}x`,
        measured: `${large.ratioToMain.toFixed(2)}x (${large.result.first.seconds.toFixed(1)} s, ${formatNumber(large.result.first.summary.written)} written)`,
        pass: large.ratioToMain <= growth * 1.1 && large.result.first.summary.written === large.records,
      },
      {
        name: `Kuzu import of ${formatNumber(large.records)}: peak RSS`,
        target: "< 2,048 MiB",
        measured: `${formatNumber(large.result.first.peakRssMiB)} MiB`,
        pass: large.result.first.peakRssMiB < 2048,
      },
    );
  }
  if ("store" in neo4j) {
    aims.push(
      {
        name: `Neo4j import of ${formatNumber(neo4j.records)}`,
        target: ">= 10,000 papers/s",
        measured: `${formatNumber(Math.round(neo4j.papersPerSecond))} papers/s (${neo4j.result.first.seconds.toFixed(1)} s)`,
        pass: neo4j.papersPerSecond >= 10_000,
      },
      rerun(neo4j),
    );
  }
  return aims;
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
const perSecond = (count: number, seconds: number): string => formatNumber(Math.round(count / seconds));

interface Row {
  stage: string;
  sample: Sample;
  /** Records (or papers) per second, and MB/s when it applies. */
  rate: string;
  mbPerSecond: string;
  note: string;
}

function readRow(stage: string, timing: ReadTiming, note: string): Row {
  return {
    stage,
    sample: {
      seconds: timing.medianSeconds,
      cpuSeconds: timing.medianCpuSeconds,
      loadAfter: Math.max(...timing.runs.map((run) => run.loadAfter)),
    },
    rate: formatNumber(Math.round(timing.recordsPerSecond)),
    mbPerSecond: timing.mbPerSecond.toFixed(1),
    note: `median of ${timing.runs.map((run) => run.seconds.toFixed(2)).join(" / ")}${note ? `; ${note}` : ""}`,
  };
}

function importRows(store: StoreImport, name: string): Row[] {
  const { first, rerun } = store.result;
  const written = first.summary.written;
  const stages = Object.entries(first.summary.seconds)
    .map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)}`)
    .join(", ");
  const rows: Row[] = [
    {
      stage: `${name} import, ${formatNumber(store.records)}`,
      sample: first,
      rate: perSecond(written, first.seconds),
      mbPerSecond: "",
      note:
        `${formatNumber(written)} written; seconds: ${stages}; store ${share(first.storeSeconds, first.seconds)}` +
        (first.commitSeconds === null ? "" : `, of it COMMIT ${share(first.commitSeconds, first.seconds)}`) +
        `; peak RSS ${formatNumber(first.peakRssMiB)} MiB, JS heap after ${first.heapUsedMiB} MiB`,
    },
  ];
  if (rerun) rows.push(rerunRow(`${name} re-run, nothing changed`, rerun));
  return rows;
}

function rerunRow(stage: string, run: ImportRun): Row {
  return {
    stage,
    sample: run,
    rate: perSecond(run.summary.unchanged, run.seconds),
    mbPerSecond: "",
    note: `${formatNumber(run.summary.unchanged)} skipped, ${formatNumber(run.summary.written)} written; store ${share(run.storeSeconds, run.seconds)}; after the batches ${run.afterBatchesSeconds.toFixed(1)} s; peak RSS ${run.peakRssMiB} MiB`,
  };
}

const share = (part: number, whole: number): string =>
  `${part.toFixed(1)} s (${Math.round((part / whole) * 100)}%)`;

function formatTable(rows: Row[]): string[] {
  const header = `${"stage".padEnd(40)} ${"seconds".padStart(8)} ${"CPU s".padStart(8)} ${"rec/s".padStart(8)} ${"MB/s".padStart(6)} ${"load".padStart(5)}  note`;
  return [
    header,
    ...rows.map(({ stage, sample, rate, mbPerSecond, note }) =>
      [
        stage.padEnd(40),
        sample.seconds.toFixed(2).padStart(8),
        sample.cpuSeconds.toFixed(2).padStart(8),
        rate.padStart(8),
        mbPerSecond.padStart(6),
        sample.loadAfter.toFixed(2).padStart(5),
        ` ${note}`,
      ].join(" "),
    ),
  ];
}

export function formatSnapshotReport(result: SnapshotResults, aims: Aim[]): string {
  const { corpus, smallCorpus, read, memory, kuzu, neo4j, noStore } = result;
  const rows: Row[] = [
    readRow("(s1) baseline: split + JSON.parse", read.baseline, "baseline"),
    readRow("(s2) readSnapshot, plain", read.plain, `${read.plain.ratioToBaseline.toFixed(2)}x (s1)`),
    readRow("(s3) baseline on .gz: gunzip+split+parse", read.baselineGzip, ""),
    readRow(
      "(s4) readSnapshot, gzip",
      read.gzip,
      `${read.gzip.ratioToGzipBaseline.toFixed(2)}x (s3), ${read.gzip.ratioToBaseline.toFixed(2)}x (s1)`,
    ),
    {
      stage: "(s5) importSnapshot, no store",
      sample: noStore,
      rate: perSecond(noStore.records, noStore.seconds),
      mbPerSecond: "",
      note: `${formatNumber(noStore.records)} records: read, parse, batch (no deltas, no store)`,
    },
    ...importRows(kuzu, "(s6) Kuzu"),
    ...(kuzu.large ? importRows(kuzu.large, "(s6) Kuzu, larger") : []),
  ];
  if ("store" in neo4j) {
    const { ceiling } = neo4j;
    rows.push(...importRows(neo4j, "(s7) Neo4j"), {
      stage: "(s7) Neo4j ceiling: plain CREATE",
      sample: ceiling,
      rate: perSecond(ceiling.records, ceiling.seconds),
      mbPerSecond: "",
      note:
        `the import's graph (${formatNumber(ceiling.nodes)} nodes, ${formatNumber(ceiling.relationships)} relationships) ` +
        `written by UNWIND ... CREATE alone; the import runs at ${((neo4j.papersPerSecond / ceiling.papersPerSecond) * 100).toFixed(0)}% of it`,
    });
  }
  const memoryLine = (kind: "plain" | "gzip") => {
    const { small, full } = memory[kind];
    return (
      `  ${kind.padEnd(5)}: ${formatNumber(smallCorpus.records)} records ${small.peakRssMiB} MiB (heap max ${small.maxHeapUsedMiB}), ` +
      `${formatNumber(corpus.records)} records ${full.peakRssMiB} MiB (heap max ${full.maxHeapUsedMiB}, ${full.heapAfterGcMiB} after GC): ${(full.peakRssMiB / small.peakRssMiB).toFixed(2)}x`
    );
  };
  const { capped } = memory;
  const graph = (store: StoreImport) => {
    const { nodes, relationships } = store.result.stats;
    return `  ${store.store} graph: Paper ${formatNumber(nodes.Paper ?? 0)}, Author ${formatNumber(nodes.Author ?? 0)}, Category ${formatNumber(nodes.Category ?? 0)}; AUTHORED_BY ${formatNumber(relationships.AUTHORED_BY ?? 0)}, IN_CATEGORY ${formatNumber(relationships.IN_CATEGORY ?? 0)}`;
  };
  const dir = relative(process.cwd(), corpus.dir) || corpus.dir;
  return [
    `arXiv snapshot import: ${formatNumber(corpus.records)} records, ${mb(corpus.bytes)} MB (${formatNumber(Math.round(corpus.bytes / corpus.records))} B/record; gzip ${mb(corpus.gzBytes)} MB), ${dir}` +
      (corpus.generatedSeconds === null
        ? " (cached)"
        : ` (generated in ${corpus.generatedSeconds.toFixed(1)} s)`),
    `  ${formatNumber(corpus.oldStyleIds)} old-style ids; ${formatNumber(corpus.authorships)} authorships of ${formatNumber(corpus.distinctAuthors)} distinct authors; ` +
      `cs.* primary ${Math.round((corpus.csPrimary / corpus.records) * 100)}%, any cs.* ${Math.round((corpus.withCsCategory / corpus.records) * 100)}%`,
    "",
    ...formatTable(rows),
    "  rec/s: records read per second, papers written per second, or (re-runs) records checked and skipped per second",
    "  store: seconds inside the store's query/upsert/mergeAuthors (a bulk load's add and finish not included); the rest is read, parse, deltas",
    "  seconds: read (reading and parsing), stage (checking and staging records), load (COPY and updates), commit, after (replacements, author merging)",
    "  CPU s: this process's CPU (Kuzu's threads included; the Neo4j server's not)",
    "",
    `streaming memory, peak RSS of a child process reading the whole file (node with the reader loaded: ${memory.idleRssMiB} MiB):`,
    memoryLine("plain"),
    memoryLine("gzip"),
    `  gzip with V8's old space capped at ${capped.oldSpaceMiB} MiB: all ${formatNumber(capped.records)} records read in ${capped.seconds.toFixed(1)} s, peak RSS ${capped.peakRssMiB} MiB (heap max ${capped.maxHeapUsedMiB})`,
    "",
    "store imports (a bulk load each; see bench/README.md):",
    ...("store" in neo4j ? [] : [`  neo4j: skipped (${neo4j.skipped})`]),
    graph(kuzu),
    ...(kuzu.large ? [graph(kuzu.large)] : []),
    ...("store" in neo4j ? [graph(neo4j)] : []),
    "",
    "aims:",
    ...aims.map(
      (aim) =>
        `  ${aim.pass ? "PASS" : "MISS"}  ${aim.name.padEnd(64)} ${aim.target.padStart(16)}  measured ${aim.measured}`,
    ),
  ].join("\n");
}
