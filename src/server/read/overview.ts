/**
 * `GET /api/graph`: what the viewer opens with. Within a node budget, the nodes of highest
 * degree (whole-graph degree), optionally only some labels, or only one note's or one tag's
 * neighbourhood; then the relationships among the chosen nodes.
 */
import type { NodeLabel } from "../../graph/schema.js";
import { NODE_LABELS } from "../../graph/schema.js";
import type { GraphStore } from "../../store/types.js";
import type { SerializedGraph } from "../api-types.js";
import type { Adjacency } from "./adjacency.js";
import { UnknownNodeError } from "./errors.js";
import { labelOfId } from "./labels.js";
import {
  allDegrees,
  byDegree,
  type Degrees,
  degreesOf,
  describeNodes,
  READ,
  serialize,
  typesInUse,
} from "./subgraph.js";
import { topicsOf } from "./topics.js";
import { graphWalk } from "./walk.js";

export interface OverviewOptions {
  /** Node budget. */
  limit: number;
  /** Only nodes of these labels (a focus note or tag is always kept). */
  labels?: readonly NodeLabel[] | undefined;
  /** A note id: that note and its neighbours. */
  note?: string | undefined;
  /** A tag id: the tag, the notes tagged with it, and their neighbours. */
  tag?: string | undefined;
  /** Whole-graph degrees when the caller has them cached; else they are counted. */
  degrees?: (() => Promise<Degrees>) | undefined;
  /** Rows per relationship pair when collecting a note's or tag's neighbours (through the store). */
  maxNeighbours?: number | undefined;
  /** The graph's relationships in memory when the caller has them cached; else the store is asked. */
  adjacency?: (() => Promise<Adjacency>) | undefined;
  /** Each node's topic, when the caller computes topics: nodes carry it as `topic`. */
  topics?: (() => Promise<ReadonlyMap<string, number>>) | undefined;
}

export async function overview(store: GraphStore, options: OverviewOptions): Promise<SerializedGraph> {
  if (options.note !== undefined || options.tag !== undefined) return focused(store, options);
  const labels = new Set<NodeLabel>(options.labels ?? NODE_LABELS);
  const degrees = await (options.degrees ?? (() => allDegrees(store)))();
  const ranked = [...degrees.keys()].filter((id) => {
    const label = labelOfId(id);
    return label !== null && labels.has(label);
  });
  const chosen = ranked.sort(byDegree(degrees)).slice(0, options.limit);
  const stats = await store.stats();
  const totalNodes = [...labels].reduce((sum, label) => sum + (stats.nodes[label] ?? 0), 0);
  if (chosen.length < options.limit && chosen.length < totalNodes) {
    chosen.push(...(await isolatedNodes(store, labels, new Set(chosen), options.limit - chosen.length)));
  }
  const nodes = await describeNodes(store, chosen);
  const walk = await graphWalk(store, options.adjacency, options.maxNeighbours ?? 10_000);
  const edges = await walk.edgesAmong(nodes.keys());
  const ordered = chosen.flatMap((id) => nodes.get(id) ?? []);
  return serialize(
    ordered,
    degrees,
    edges,
    { totalNodes, truncated: ordered.length < totalNodes },
    await topicsOf(options),
  );
}

/** Up to `count` nodes with no relationship (not among `taken`), label by label, by id. */
async function isolatedNodes(
  store: GraphStore,
  labels: ReadonlySet<NodeLabel>,
  taken: ReadonlySet<string>,
  count: number,
): Promise<string[]> {
  const found: string[] = [];
  for (const label of labels) {
    if (found.length >= count) break;
    const { rows } = await store.query(
      `MATCH (n:\`${label}\`) RETURN n.id AS id ORDER BY id LIMIT $limit`,
      { limit: taken.size + count },
      READ,
    );
    for (const row of rows) {
      const id = String(row.id);
      if (!taken.has(id) && found.length < count) found.push(id);
    }
  }
  return found;
}

async function focused(store: GraphStore, options: OverviewOptions): Promise<SerializedGraph> {
  const maxRows = options.maxNeighbours ?? 10_000;
  const focus = options.note ?? options.tag ?? "";
  const expected = options.note !== undefined ? "Note" : "Tag";
  if (labelOfId(focus) !== expected || !(await describeNodes(store, [focus])).has(focus)) {
    throw new UnknownNodeError(`no ${expected.toLowerCase()} '${focus}' in the graph`);
  }
  // Seeds come first in the budget: the focus, then (for a tag) its notes.
  const seeds = [focus];
  let capped = false;
  if (options.tag !== undefined && (await typesInUse(store))?.has("TAGGED") !== false) {
    const { rows } = await store.query(
      "MATCH (n:Note)-[:TAGGED]->(t:Tag {id: $id}) RETURN n.id AS id LIMIT $limit",
      { id: focus, limit: maxRows + 1 },
      READ,
    );
    capped = rows.length > maxRows;
    seeds.push(...rows.slice(0, maxRows).map((row) => String(row.id)));
  }
  const noteSeeds = options.tag !== undefined ? seeds.slice(1) : seeds;
  const walk = await graphWalk(store, options.adjacency, maxRows);
  const around = await walk.neighbours(noteSeeds);
  const labels = options.labels ? new Set<NodeLabel>(options.labels) : null;
  const seedSet = new Set(seeds);
  const rest = [...around.ids].filter((id) => {
    if (seedSet.has(id)) return false;
    const label = labelOfId(id);
    return label !== null && (labels === null || labels.has(label));
  });
  const keptSeeds = seeds.filter((id, index) => {
    const label = labelOfId(id);
    return index === 0 || labels === null || (label !== null && labels.has(label));
  });
  const degrees = options.degrees ? await options.degrees() : await degreesOf(store, [...keptSeeds, ...rest]);
  const [first, ...others] = keptSeeds;
  const chosen = [
    ...(first === undefined ? [] : [first]),
    ...others.sort(byDegree(degrees)),
    ...rest.sort(byDegree(degrees)),
  ].slice(0, options.limit);
  const totalNodes = keptSeeds.length + rest.length;
  const nodes = await describeNodes(store, chosen);
  const edges = await walk.edgesAmong(nodes.keys());
  const ordered = chosen.flatMap((id) => nodes.get(id) ?? []);
  return serialize(
    ordered,
    degrees,
    edges,
    { totalNodes, truncated: capped || around.capped || ordered.length < totalNodes },
    await topicsOf(options),
  );
}
