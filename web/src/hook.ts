/**
 * The test hook: `window.__notegraph = { sigma, graph, ready }`. Browser tests and the bench
 * `await window.__notegraph.ready`, which resolves right after `new Sigma()` (whose
 * constructor draws the first frame) and rejects when the graph cannot be loaded. `sigma` is
 * null until then. Read-only use: tests inspect the display data (`sigma.getNodeDisplayData`)
 * and the graph (`graph.order`), they do not drive the app through it.
 */
import type { KnowledgeGraph } from "./graph-data.js";
import type { GraphSigma } from "./graph-view.js";

export interface NotegraphHook {
  sigma: GraphSigma | null;
  graph: KnowledgeGraph;
  ready: Promise<NotegraphHook>;
  /** Updates from a watching server (`kg serve --watch`) the page has applied. */
  live: {
    /** Batches applied in place. */
    applied: number;
    /** The last batch's sequence number, and how long applying it took (fetch + graph), ms. */
    lastSeq: number | null;
    lastApplyMs: number | null;
    /** Where the last update's time went, ms: waiting for the server, planning, changing the graph (and sigma), the rest. */
    lastSteps: { fetch: number; plan: number; apply: number; after: number } | null;
  };
}

declare global {
  interface Window {
    __notegraph?: NotegraphHook;
  }
}

export function installHook(graph: KnowledgeGraph): {
  hook: NotegraphHook;
  resolve(sigma: GraphSigma): void;
  reject(error: Error): void;
} {
  let resolve!: (hook: NotegraphHook) => void;
  let reject!: (error: Error) => void;
  const ready = new Promise<NotegraphHook>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting; an unobserved rejection must not add a second error to the console.
  ready.catch(() => {});
  const hook: NotegraphHook = {
    sigma: null,
    graph,
    ready,
    live: { applied: 0, lastSeq: null, lastApplyMs: null, lastSteps: null },
  };
  window.__notegraph = hook;
  return {
    hook,
    resolve(sigma) {
      hook.sigma = sigma;
      resolve(hook);
    },
    reject,
  };
}
