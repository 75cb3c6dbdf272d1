/**
 * ForceAtlas2 in a web worker (graphology-layout-forceatlas2/worker), started and stopped by
 * the user: it never runs on the main thread. It moves the positions seed.ts gave.
 */
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2LayoutSupervisor from "graphology-layout-forceatlas2/worker.js";
import type { KnowledgeGraph } from "./graph-data.js";

export interface LayoutControl {
  start(): void;
  stop(): void;
  isRunning(): boolean;
  /** Called when the layout starts or stops. */
  onChange(listener: (running: boolean) => void): void;
  kill(): void;
}

export function createLayoutControl(graph: KnowledgeGraph): LayoutControl {
  const supervisor = new FA2LayoutSupervisor(graph, {
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 },
  });
  const listeners = new Set<(running: boolean) => void>();
  const notify = () => {
    for (const listener of listeners) listener(supervisor.isRunning());
  };
  return {
    start() {
      if (supervisor.isRunning()) return;
      supervisor.start();
      notify();
    },
    stop() {
      if (!supervisor.isRunning()) return;
      supervisor.stop();
      notify();
    },
    isRunning: () => supervisor.isRunning(),
    onChange: (listener) => {
      listeners.add(listener);
    },
    kill() {
      supervisor.kill();
      notify();
    },
  };
}
