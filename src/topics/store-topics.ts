/**
 * Topics of a stored graph, for `kg export` and `kg stats --topics`: the same relationships
 * the server reads (its adjacency loader), the same communities, the same names.
 */
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
