/**
 * Topics on a generated vault (`--only topics`): the corpus ingested into two fresh Kuzu stores
 * (the ingest time is the baseline the topics are set beside), then the topics computed three
 * times from each store as `kg stats --topics` and the server do (adjacency read, Louvain,
 * names). Reported: ingest seconds, adjacency read, the communities' compute time (median),
 * the number of topics and their modularity, and whether every run, on both stores, gave the
 * same topics.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingest } from "../src/pipeline/ingest.js";
import { loadAdjacency } from "../src/server/read/adjacency.js";
import { linksOf } from "../src/server/read/topics.js";
import { openKuzuStore } from "../src/store/kuzu.js";
import { computeTopics } from "../src/topics/communities.js";
import { storeTopics } from "../src/topics/store-topics.js";

export const DEFAULT_TOPIC_NOTES = 2000;
const RUNS = 3;

export interface TopicsBench {
  notes: number;
  nodes: number;
  relationships: number;
  /** Seconds of each fresh ingest (two stores). */
  ingestSeconds: number[];
  /** Reading the relationships (the server's adjacency), ms, median. */
  adjacencyMs: number;
  /** Louvain and the ordering of topics, ms, each run. */
  computeMs: number[];
  /** storeTopics whole (read + compute + names), ms, median. */
  totalMs: number;
  topics: number;
  largest: number;
  modularity: number;
  /** Every run on both stores gave the same node -> topic map and the same names. */
  stable: boolean;
  names: string[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export async function measureTopics(
  corpusDir: string,
  notes: number,
  log: (line: string) => void,
): Promise<TopicsBench> {
  const ingestSeconds: number[] = [];
  const computeMs: number[] = [];
  const adjacencyMs: number[] = [];
  const totalMs: number[] = [];
  const answers: string[] = [];
  let last: Awaited<ReturnType<typeof storeTopics>> | null = null;
  let counts = { nodes: 0, relationships: 0 };
  for (const copy of [1, 2]) {
    const dir = mkdtempSync(join(tmpdir(), "notegraph-bench-topics-"));
    try {
      const store = await openKuzuStore({ dataDir: dir });
      try {
        await store.applySchema();
        const started = performance.now();
        await ingest(store, { paths: [corpusDir] });
        ingestSeconds.push((performance.now() - started) / 1000);
        log(`topics: ingest ${copy} of ${notes} notes in ${ingestSeconds.at(-1)?.toFixed(1)} s`);
        const stats = await store.stats();
        counts = { nodes: stats.totalNodes, relationships: stats.totalRelationships };
        for (let run = 0; run < RUNS; run++) {
          const readStarted = performance.now();
          const adjacency = await loadAdjacency(store);
          adjacencyMs.push(performance.now() - readStarted);
          const computeStarted = performance.now();
          computeTopics(linksOf(adjacency));
          computeMs.push(performance.now() - computeStarted);
          const wholeStarted = performance.now();
          last = await storeTopics(store);
          totalMs.push(performance.now() - wholeStarted);
          answers.push(
            JSON.stringify({
              byNode: [...last.topics.byNode].sort(),
              names: last.summary.topics.map((topic) => topic.name),
            }),
          );
        }
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const summary = last?.summary;
  return {
    notes,
    ...counts,
    ingestSeconds,
    adjacencyMs: median(adjacencyMs),
    computeMs,
    totalMs: median(totalMs),
    topics: summary?.topics.length ?? 0,
    largest: summary?.topics[0]?.size ?? 0,
    modularity: summary?.modularity ?? 0,
    stable: answers.every((answer) => answer === answers[0]),
    names: (summary?.topics ?? []).slice(0, 5).map((topic) => `${topic.name} (${topic.size})`),
  };
}

export function formatTopics(result: TopicsBench): string {
  const ingest = result.ingestSeconds.map((s) => `${s.toFixed(1)} s`).join(", ");
  const compute = median(result.computeMs);
  return [
    `Topics on ${result.notes.toLocaleString("en")} generated notes (${result.nodes.toLocaleString("en")} nodes, ${result.relationships.toLocaleString("en")} relationships), Kuzu:`,
    `  ingest into a fresh store (baseline): ${ingest}`,
    `  communities (Louvain, seeded): median ${compute.toFixed(0)} ms (${result.computeMs.map((ms) => ms.toFixed(0)).join(", ")}), ${((compute / 1000 / median(result.ingestSeconds)) * 100).toFixed(2)}% of the ingest`,
    `  reading the relationships: median ${result.adjacencyMs.toFixed(0)} ms; whole kg stats --topics computation: median ${result.totalMs.toFixed(0)} ms`,
    `  ${result.topics} topics, largest ${result.largest} nodes, modularity ${result.modularity.toFixed(3)}; the same in all ${result.computeMs.length} runs on 2 stores: ${result.stable ? "yes" : "NO"}`,
    `  largest: ${result.names.join("; ")}`,
  ].join("\n");
}
