/**
 * Topics as the server serves them: communities (src/topics/communities.ts) of the graph's
 * relationships, read from the adjacency in memory, with each topic named from its most
 * central members. Computed once per cache period (until the graph changes under a watching
 * server), and the same on both stores for the same graph.
 */
import type { GraphStore } from "../../store/types.js";
import { computeTopics, type Topics, topicName } from "../../topics/communities.js";
import type { TopicSummary, TopicsResponse } from "../api-types.js";
import type { Adjacency } from "./adjacency.js";
import { describeNodes } from "./subgraph.js";

/** Members listed per topic (the name uses the first three models, concepts or papers). */
const TOP_MEMBERS = 8;

export interface ServedTopics {
  answer: TopicsResponse;
  byNode: ReadonlyMap<string, number>;
}

export function linksOf(adjacency: Adjacency): { from: string; to: string }[] {
  const links: { from: string; to: string }[] = [];
  for (const [from, edges] of adjacency.outgoing) for (const edge of edges) links.push({ from, to: edge.to });
  return links;
}

export async function readTopics(store: GraphStore, adjacency: Adjacency): Promise<ServedTopics> {
  const started = performance.now();
  const topics = computeTopics(linksOf(adjacency));
  const computeMs = Math.round(performance.now() - started);
  return { answer: { ...(await summarise(store, topics)), computeMs }, byNode: topics.byNode };
}

/** Names and top members of each topic (names read from the store). */
export async function summarise(
  store: GraphStore,
  topics: Topics,
): Promise<Omit<TopicsResponse, "computeMs">> {
  const wanted = topics.topics.flatMap((topic) => topic.members.slice(0, TOP_MEMBERS * 2));
  const described = await describeNodes(store, wanted);
  const names = new Map([...described].map(([id, node]) => [id, node.name]));
  const summaries = topics.topics.map(
    (topic): TopicSummary => ({
      id: topic.id,
      name: topicName(topic, names),
      size: topic.members.length,
      labels: { ...topic.labels },
      top: topic.members.slice(0, TOP_MEMBERS).flatMap((id) => {
        const node = described.get(id);
        return node ? [{ id, label: node.label, name: node.name }] : [];
      }),
    }),
  );
  return { topics: summaries, nodes: topics.byNode.size, modularity: topics.modularity };
}

/** The node -> topic map an overview or neighbourhood answer labels its nodes with. */
export async function topicsOf(options: {
  topics?: (() => Promise<ReadonlyMap<string, number>>) | undefined;
}): Promise<ReadonlyMap<string, number>> {
  return options.topics ? options.topics() : new Map();
}
