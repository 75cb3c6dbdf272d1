/** What every route module is handed: the store, the limits and the shared per-server state. */
import type { Logger } from "pino";
import type { GraphStore } from "../store/types.js";
import type { AnswerCache } from "./cache.js";
import type { SharedClip } from "./clip.js";
import type { ServerLimits } from "./limits.js";
import type { LiveFeed } from "./live.js";
import type { Adjacency } from "./read/adjacency.js";
import type { Degrees } from "./read/subgraph.js";
import type { ServedTopics } from "./read/topics.js";
import type { InFlightLimit } from "./security.js";

export interface ServerContext {
  store: GraphStore;
  limits: ServerLimits;
  cache: AnswerCache;
  /** Whole-graph degrees, counted once per cache period. */
  degrees: () => Promise<Degrees>;
  /** The graph's relationships in memory, read once per cache period; none when nothing is cached. */
  adjacency: (() => Promise<Adjacency>) | undefined;
  /** Topics of the whole graph, computed once per cache period. */
  topics: () => Promise<ServedTopics>;
  /** The real paths image files must lie under. */
  figureRoots: () => Promise<string[]>;
  clip: SharedClip;
  cypher: InFlightLimit;
  logger: Logger;
  /** What a watching server last ingested, and each batch as it is stored (routes/events.ts). */
  live: LiveFeed;
}
