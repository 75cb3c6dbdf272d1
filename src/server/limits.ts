/**
 * The server's limits in four parts (STYLE.md, habit 6): the type, the defaults, a check,
 * and `resolveLimits` that merges what a caller gives over the defaults.
 */
import { UsageError } from "../errors.js";

export interface ServerLimits {
  /** `/api/graph` node budget when `limit` is not given, and the most it may ask for. */
  graphNodes: number;
  graphNodesMax: number;
  /** `/api/nodes/:id/neighbors` node budget, default and most. */
  neighbourNodes: number;
  neighbourNodesMax: number;
  /** Neighbours collected per relationship pair while building a subgraph. */
  neighbourRows: number;
  /** `/api/nodes/:id` neighbours listed per group, default and most. */
  groupLimit: number;
  groupLimitMax: number;
  /** `/api/search` and `/api/figures/search` results, default and most. */
  searchK: number;
  searchKMax: number;
  /** `POST /api/cypher`: time limit, row cap, queries in flight, body size. */
  cypherTimeoutMs: number;
  cypherMaxRows: number;
  cypherConcurrency: number;
  bodyBytes: number;
  /** How long computed subgraphs, degrees and counts are reused; Infinity: until restart. */
  cacheTtlMs: number;
  cacheEntries: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  graphNodes: 500,
  graphNodesMax: 20_000,
  neighbourNodes: 200,
  neighbourNodesMax: 5000,
  neighbourRows: 10_000,
  groupLimit: 50,
  groupLimitMax: 1000,
  searchK: 20,
  searchKMax: 100,
  cypherTimeoutMs: 10_000,
  cypherMaxRows: 1000,
  cypherConcurrency: 4,
  bodyBytes: 64 * 1024,
  cacheTtlMs: Number.POSITIVE_INFINITY,
  cacheEntries: 64,
};

/** Problems with `limits`, one message each; empty when they are usable. */
export function checkLimits(limits: ServerLimits): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(limits)) {
    const ok = name === "cacheTtlMs" ? value >= 0 : Number.isInteger(value) && value > 0;
    if (!ok) problems.push(`${name} must be a whole number > 0, got ${value}`);
  }
  const pairs = [
    ["graphNodes", "graphNodesMax"],
    ["neighbourNodes", "neighbourNodesMax"],
    ["groupLimit", "groupLimitMax"],
    ["searchK", "searchKMax"],
  ] as const;
  for (const [value, max] of pairs) {
    if (limits[value] > limits[max])
      problems.push(`${value} (${limits[value]}) is above ${max} (${limits[max]})`);
  }
  return problems;
}

export function resolveLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...defined };
  const problems = checkLimits(limits);
  if (problems.length > 0) throw new UsageError(`server limits: ${problems.join("; ")}`);
  return limits;
}
