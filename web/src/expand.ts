/**
 * Expanding and collapsing neighbourhoods on the live graph: fetches
 * `/api/nodes/:id/neighbors`, merges what is missing, and undoes it on collapse following
 * the plan from expansions.ts.
 */
import type { SerializedGraph } from "../../src/server/api-types.js";
import { type ApiClient, ApiError } from "./api.js";
import { addExpansion, type Expansions, planCollapse } from "./expansions.js";
import { type KnowledgeGraph, mergeSubgraph, removeElements } from "./graph-data.js";
import { placementAround } from "./seed.js";
import type { ViewerSettings } from "./settings.js";

export interface ExpansionController {
  isExpanded(key: string): boolean;
  /** Adds the node's neighbours; resolves to how many nodes were added. */
  expand(key: string): Promise<number>;
  /** Removes what expanding `key` added (and expansions made from inside it); returns the nodes removed. */
  collapse(key: string): string[];
  /** Called after every expand or collapse. */
  onChange(listener: () => void): void;
  /** Each expansion's subgraph as the server answers now, in the order they were made; roots now gone are left out. */
  refetch(): Promise<{ root: string; graph: SerializedGraph }[]>;
  /** Takes the bookkeeping a refresh rebuilt (expansions.ts, rebuildExpansions). */
  replace(next: Expansions): void;
}

export function createExpansionController(
  graph: KnowledgeGraph,
  api: ApiClient,
  settings: ViewerSettings,
): ExpansionController {
  let expansions: Expansions = new Map();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const pending = new Map<string, Promise<number>>();

  return {
    isExpanded: (key) => expansions.has(key),
    expand(key) {
      if (expansions.has(key)) return Promise.resolve(0);
      const running = pending.get(key);
      if (running) return running;
      const job = (async () => {
        const subgraph = await api.neighbors(key, { depth: "1", limit: String(settings.expandLimit) });
        const added = mergeSubgraph(graph, subgraph, placementAround(graph, key));
        expansions = addExpansion(expansions, { root: key, ...added });
        notify();
        return added.nodes.length;
      })().finally(() => pending.delete(key));
      pending.set(key, job);
      return job;
    },
    collapse(key) {
      const plan = planCollapse(expansions, key);
      removeElements(graph, plan.elements);
      expansions = plan.remaining;
      notify();
      return plan.elements.nodes;
    },
    onChange(listener) {
      listeners.add(listener);
    },
    async refetch() {
      const parts: { root: string; graph: SerializedGraph }[] = [];
      for (const root of expansions.keys()) {
        try {
          parts.push({
            root,
            graph: await api.neighbors(root, { depth: "1", limit: String(settings.expandLimit) }),
          });
        } catch (error) {
          // The root is gone from the graph: so is its expansion.
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        }
      }
      return parts;
    },
    replace(next) {
      expansions = next;
      notify();
    },
  };
}
