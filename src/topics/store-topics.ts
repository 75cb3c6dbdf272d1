/**
 * Topics of a stored graph, for `kg export` and `kg stats --topics`: the same relationships
 * the server reads (its adjacency loader), the same communities, the same names.
 */
import type { KnowledgeGraph } from "../export/load-graph.js";
import type { TopicsResponse } from "../server/api-types.js";
import { loadAdjacency } from "../server/read/adjacency.js";
import { linksOf, summarise } from "../server/read/topics.js";
import type { GraphStore } from "../store/types.js";
import { computeTopics, type Topics } from "./communities.js";

export interface StoredTopics {
  topics: Topics;
  summary: TopicsResponse;
}

export async function storeTopics(store: GraphStore): Promise<StoredTopics> {
  const adjacency = await loadAdjacency(store);
  const started = performance.now();
  const topics = computeTopics(linksOf(adjacency));
  const computeMs = Math.round(performance.now() - started);
  return { topics, summary: { ...(await summarise(store, topics)), computeMs } };
}

/** Gives each node of `graph` with a topic its `topic` number and `topicName` (what `kg export` writes). */
export function assignTopics(graph: KnowledgeGraph, stored: StoredTopics): void {
  const names = new Map(stored.summary.topics.map((topic) => [topic.id, topic.name]));
  for (const [id, topic] of stored.topics.byNode) {
    if (graph.hasNode(id))
      graph.mergeNodeAttributes(id, { topic, topicName: names.get(topic) ?? String(topic) });
  }
}
