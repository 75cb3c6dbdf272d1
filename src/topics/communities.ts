/**
 * Topics: communities of the graph of notes, models, papers and concepts, found by Louvain
 * (graphology-communities-louvain) with a seeded random generator, so the same graph always
 * gives the same topics, in either store. Pure: relationships in, topics out.
 *
 * The graph is undirected and weighted (two nodes joined by DESCRIBES and MENTIONS weigh 2),
 * built in sorted order so the input's order does not matter. Topics are numbered by size
 * (largest first, ties by their first member's id); a topic's members are ordered by how
 * central they are inside it (weighted degree within the topic), which is what names it.
 */
import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";
import seedrandom from "seedrandom";
import type { NodeLabel } from "../graph/schema.js";
import { labelOfId } from "../server/read/labels.js";

/**
 * The package is CommonJS (`module.exports = louvain`) with ES-style typings: under Node's ESM
 * the default import is the function itself, which the typings call `.default`.
 */
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** The labels topics are computed over (the "notes, models, papers and concepts"). */
export const TOPIC_LABELS: readonly NodeLabel[] = ["Note", "Model", "Paper", "Concept"];
/** The random generator's seed: fixed, so topics are reproducible. */
export const TOPIC_SEED = "notegraph-topics-1";

export interface Link {
  from: string;
  to: string;
}

export interface Topic {
  /** 0 is the largest topic. */
  id: number;
  /** Member ids, most central first. */
  members: string[];
  /** Members by label. */
  labels: Partial<Record<NodeLabel, number>>;
}

export interface Topics {
  topics: Topic[];
  /** Each member's topic; nodes without a relationship among the topic labels have none. */
  byNode: ReadonlyMap<string, number>;
  modularity: number;
}

export function computeTopics(links: Iterable<Link>, seed: string = TOPIC_SEED): Topics {
  const wanted = new Set<NodeLabel>(TOPIC_LABELS);
  const weights = new Map<string, number>();
  for (const { from, to } of links) {
    if (from === to) continue;
    const a = labelOfId(from);
    const b = labelOfId(to);
    if (!a || !b || !wanted.has(a) || !wanted.has(b)) continue;
    const key = from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  }
  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  const pairs = [...weights.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const nodes = new Set<string>();
  for (const [key] of pairs) for (const id of key.split("\u0000")) nodes.add(id);
  for (const id of [...nodes].sort()) graph.addNode(id);
  for (const [key, weight] of pairs) {
    const [a, b] = key.split("\u0000") as [string, string];
    graph.addEdge(a, b, { weight });
  }
  if (graph.order === 0) return { topics: [], byNode: new Map(), modularity: 0 };

  const detailed = louvain.detailed(graph, { getEdgeWeight: "weight", rng: seedrandom(seed) });
  const groups = new Map<number, string[]>();
  for (const id of graph.nodes()) {
    const community = detailed.communities[id] ?? -1;
    const members = groups.get(community) ?? [];
    members.push(id);
    groups.set(community, members);
  }
  const inside = (id: string, members: ReadonlySet<string>): number => {
    let sum = 0;
    graph.forEachEdge(id, (_edge, attributes, source, target) => {
      if (members.has(source === id ? target : source)) sum += attributes.weight;
    });
    return sum;
  };
  const ordered = [...groups.values()]
    .map((members) => {
      const set = new Set(members);
      const centrality = new Map(members.map((id) => [id, inside(id, set)]));
      return members.sort((a, b) => (centrality.get(b) ?? 0) - (centrality.get(a) ?? 0) || (a < b ? -1 : 1));
    })
    .sort((a, b) => b.length - a.length || (minimum(a) < minimum(b) ? -1 : 1));
  const byNode = new Map<string, number>();
  const topics = ordered.map((members, id): Topic => {
    const labels: Partial<Record<NodeLabel, number>> = {};
    for (const member of members) {
      byNode.set(member, id);
      const label = labelOfId(member);
      if (label) labels[label] = (labels[label] ?? 0) + 1;
    }
    return { id, members, labels };
  });
  return { topics, byNode, modularity: detailed.modularity };
}

/** The first id in code-point order (strings: Math.min does not apply). */
function minimum(ids: readonly string[]): string {
  let first = ids[0] ?? "";
  for (const id of ids) if (id < first) first = id;
  return first;
}

/** Labels whose members name a topic, before notes (a note's title is rarely a topic's name). */
const NAMING_LABELS: readonly NodeLabel[] = ["Model", "Concept", "Paper"];

/**
 * A topic's name: its three most central models, concepts or papers (`BLIP-2 · Q-Former ·
 * contrastive learning`), or its most central notes when it has none of those.
 */
export function topicName(topic: Topic, names: ReadonlyMap<string, string>, count = 3): string {
  const naming = topic.members.filter((id) => {
    const label = labelOfId(id);
    return label !== null && NAMING_LABELS.includes(label);
  });
  const chosen = (naming.length > 0 ? naming : topic.members).slice(0, count);
  return chosen.map((id) => names.get(id) ?? id).join(" · ");
}
