/**
 * The HTTP API of `kg serve` as one typed map (DESIGN.md, "HTTP API contract"), shared by
 * the Express routes (src/server/) and the viewer's client (web/src/api.ts): a route's
 * parameters and response type are written once. Type-only: nothing here runs.
 */
import type { JsonValue } from "../store/types.js";

/** graphology's serialised node: `graph.import()` takes these as they are. */
export interface SerializedNode {
  key: string;
  attributes: {
    /** The node label (Note, Paper, Model, ...). */
    label: string;
    /** Display name. */
    name: string;
    /** Degree in the whole graph (not only in this subgraph), for sizing. */
    degree: number;
    /** Layout position when the server has one (cached ForceAtlas2), else absent. */
    x?: number;
    y?: number;
    /** The node's topic (`GET /api/topics`): notes, models, papers and concepts with relationships. */
    topic?: number;
    [property: string]: JsonValue | undefined;
  };
}

export interface SerializedEdge {
  key: string;
  source: string;
  target: string;
  attributes: { type: string; [property: string]: JsonValue | undefined };
}

export interface SerializedGraph {
  attributes?: { truncated?: boolean; totalNodes?: number };
  nodes: SerializedNode[];
  edges: SerializedEdge[];
}

export interface Provenance {
  type: string;
  direction: "out" | "in";
  other: string;
  source: string | null;
  sources: string[];
  line: number | null;
  extractor: string | null;
  confidence: number | null;
}

export interface NeighbourGroup {
  type: string;
  direction: "out" | "in";
  /** Up to the group limit; `total` says how many there are. */
  nodes: { id: string; label: string; name: string }[];
  total: number;
}

export interface NodeDetails {
  id: string;
  label: string;
  properties: Record<string, JsonValue>;
  /** Every relationship's evidence: which note (or arXiv record), line, extractor. */
  provenance: Provenance[];
  neighbours: NeighbourGroup[];
  /** For notes and figures: the note text around the evidence line, as plain text. */
  excerpt?: { note: string; line: number; text: string } | null;
}

export interface SearchHit {
  id: string;
  label: string;
  name: string;
  score: number;
}

export interface FigureSearchHit {
  id: string;
  src: string | null;
  score: number;
  /** `/api/figures/<id>/image` when the server has the figure's bytes, else null. */
  image?: string | null;
  alt?: string | null;
  caption?: string | null;
  /** Ids of the notes that show the figure. */
  notes?: string[];
  /** Names of the concepts and models the figure depicts (DEPICTS), best first. */
  depicts?: string[];
}

export interface CypherRequest {
  query: string;
  params?: Record<string, JsonValue>;
  /** A shorter time limit than the server's (never a longer one). */
  timeoutMs?: number;
  /** A lower row cap than the server's (never a higher one). */
  maxRows?: number;
}

export interface CypherResponse {
  columns: string[];
  rows: JsonValue[][];
  /** True when the query had more rows than `maxRows`. */
  truncated: boolean;
  /** The row cap that applied: the request's, or the server's when that is lower. */
  maxRows: number;
}

export interface ErrorBody {
  error: string;
}

/** One topic: a community of notes, models, papers and concepts (src/topics/communities.ts). */
export interface TopicSummary {
  /** 0 is the largest. */
  id: number;
  /** From its most central models, concepts or papers: `BLIP-2 · Q-Former · contrastive learning`. */
  name: string;
  size: number;
  labels: Record<string, number>;
  /** Its most central members. */
  top: { id: string; label: string; name: string }[];
}

export interface TopicsResponse {
  topics: TopicSummary[];
  /** Nodes with a topic. */
  nodes: number;
  modularity: number;
  /** How long the communities took to compute, in ms (cached until the graph changes). */
  computeMs: number;
}

/** A problem with a note, as `kg ingest` prints it (src/problems.ts). */
export interface LiveProblem {
  file: string;
  line?: number;
  column?: number;
  rule: string;
  severity: "error" | "warning";
  message: string;
}

/** One batch a watching server ingested (`kg serve --watch`; src/watch/session.ts). */
export interface LiveBatch {
  seq: number;
  /** When it was stored, ISO 8601. */
  at: string;
  /** `start`: the first full ingest; `change`: files changed. */
  trigger: "start" | "change";
  files: number;
  durationMs: number;
  notes: { ingested: number; unchanged: number; failed: number; pruned: number };
  /** Note ids stored, and removed, by the batch. */
  ingested: string[];
  removed: string[];
  /** Set when the batch failed as a whole (it is tried again). */
  error: string | null;
}

/** A note that fails now: its earlier contribution is kept until it is fixed. */
export interface LiveNoteError {
  note: string;
  file: string;
  problems: LiveProblem[];
}

export interface LiveStatus {
  /** False for a plain `kg serve`: the graph does not change under it. */
  watching: boolean;
  /** The first ingest is done and changes are followed. */
  ready: boolean;
  paths: string[];
  last: LiveBatch | null;
  errors: LiveNoteError[];
}

/**
 * What `GET /api/events` sends (server-sent events, the event name is `type`): `status` once
 * on connecting, then `change` after each stored batch (the server's caches are already fresh).
 */
export type LiveEvent =
  | { type: "status"; status: LiveStatus }
  | { type: "change"; status: LiveStatus; batch: LiveBatch };

/** Every route: method, path (as Express writes it), query parameters and response. */
export interface ApiRoutes {
  "GET /healthz": { query: Record<string, never>; response: { ok: true; store: "kuzu" | "neo4j" } };
  "GET /api/stats": {
    query: Record<string, never>;
    response: {
      nodes: Record<string, number>;
      relationships: Record<string, number>;
      totalNodes: number;
      totalRelationships: number;
    };
  };
  "GET /api/graph": {
    query: { limit?: string; labels?: string; note?: string; tag?: string };
    response: SerializedGraph;
  };
  /** `limit`: neighbours listed per (type, direction) group. */
  "GET /api/nodes/:id": { query: { limit?: string }; response: NodeDetails };
  "GET /api/nodes/:id/neighbors": { query: { depth?: string; limit?: string }; response: SerializedGraph };
  "GET /api/search": { query: { q: string; k?: string }; response: SearchHit[] };
  "GET /api/figures/search": { query: { q: string; k?: string }; response: FigureSearchHit[] };
  "GET /api/figures/:id/image": { query: Record<string, never>; response: Blob };
  "POST /api/cypher": { query: Record<string, never>; body: CypherRequest; response: CypherResponse };
  "GET /api/topics": { query: Record<string, never>; response: TopicsResponse };
  /** A `text/event-stream` of LiveEvents, kept open. */
  "GET /api/events": { query: Record<string, never>; response: LiveEvent };
}
