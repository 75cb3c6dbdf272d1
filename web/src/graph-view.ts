/**
 * The Sigma renderer: settings, the reducers (reducers.ts) fed by the viewer state, pointer
 * events turned into state transitions, and camera moves. Sigma draws its first frame inside
 * its constructor, so once `createGraphView` returns the graph is on screen.
 */
import Sigma from "sigma";
import { createGraph, type EdgeAttributes, type KnowledgeGraph, type NodeAttributes } from "./graph-data.js";
import { type DisplayContext, deriveContext, edgeDisplay, nodeDisplay } from "./reducers.js";
import type { ViewerSettings } from "./settings.js";
import { hover, type Store, select } from "./state.js";

export type GraphSigma = Sigma<NodeAttributes, EdgeAttributes>;

export interface GraphView {
  sigma: GraphSigma;
  /** Animates the camera onto a node. */
  focus(key: string): Promise<void>;
  /** Fits the whole graph. */
  fit(): Promise<void>;
  /**
   * Keeps the graph's framing as it is now, so nodes added or removed later do not rescale
   * the picture under the user (sigma normalises positions to the graph's extent); "Fit"
   * frames the whole graph again.
   */
  keepFraming(): void;
  /**
   * Runs many graph changes as one: sigma re-indexes the whole graph on every node or edge
   * dropped (a refresh that drops 2,000 edges of a 2,000-node graph froze the page for 38 s),
   * so it is pointed at an empty graph meanwhile and re-reads the real one once at the end.
   */
  batch(update: () => void): void;
  kill(): void;
}

export function createGraphView(
  container: HTMLElement,
  graph: KnowledgeGraph,
  store: Store,
  settings: ViewerSettings,
): GraphView {
  let context: DisplayContext = deriveContext(graph, store.get(), settings);
  const recompute = () => {
    context = deriveContext(graph, store.get(), settings);
  };
  const crowded = () => graph.size > settings.hideOnMoveAboveEdges;
  // Registered before Sigma's own listeners, so the context is fresh when it re-renders.
  const structural = ["nodeAdded", "nodeDropped", "edgeAdded", "edgeDropped", "cleared"] as const;
  for (const event of structural) graph.on(event, recompute);

  const sigma: GraphSigma = new Sigma(graph, container, {
    allowInvalidContainer: true,
    renderEdgeLabels: false,
    zIndex: true,
    labelFont: settings.labelFont,
    labelSize: settings.labelSize,
    labelWeight: "500",
    labelColor: { color: "#1f2329" },
    labelDensity: settings.labelDensity,
    labelGridCellSize: settings.labelGridCellSize,
    labelRenderedSizeThreshold: settings.labelRenderedSizeThreshold,
    defaultEdgeColor: settings.edgeColor,
    minCameraRatio: 0.02,
    maxCameraRatio: 20,
    hideEdgesOnMove: crowded(),
    hideLabelsOnMove: crowded(),
    nodeReducer: (key, attributes) => nodeDisplay(graph, key, attributes, context),
    edgeReducer: (key, attributes) => edgeDisplay(graph, key, attributes, context),
  });

  // Expanding or collapsing can cross the threshold either way.
  const followCrowding = () => {
    if (sigma.getSetting("hideEdgesOnMove") === crowded()) return;
    sigma.setSetting("hideEdgesOnMove", crowded());
    sigma.setSetting("hideLabelsOnMove", crowded());
  };
  const edgeCountEvents = ["edgeAdded", "edgeDropped", "cleared"] as const;
  for (const event of edgeCountEvents) graph.on(event, followCrowding);

  sigma.on("enterNode", ({ node }) => {
    store.apply(hover(node));
    container.style.cursor = "pointer";
  });
  sigma.on("leaveNode", () => {
    store.apply(hover(null));
    container.style.cursor = "";
  });
  sigma.on("clickNode", ({ node }) => store.apply(select(node)));
  sigma.on("clickStage", () => store.apply(select(null)));

  const unsubscribe = store.subscribe(() => {
    recompute();
    sigma.refresh();
  });

  return {
    sigma,
    async focus(key) {
      if (!graph.hasNode(key)) return;
      // New nodes may not be processed yet: their display data (framed coordinates) comes from a refresh.
      sigma.refresh();
      const data = sigma.getNodeDisplayData(key);
      if (!data) return;
      const camera = sigma.getCamera();
      // Zoom in to the focus ratio, never out: a user who zoomed closer stays close.
      const ratio = Math.min(camera.ratio, settings.focusRatio);
      await camera.animate({ x: data.x, y: data.y, ratio }, { duration: 500 });
    },
    async fit() {
      sigma.setCustomBBox(null);
      await sigma.getCamera().animatedReset({ duration: 300 });
    },
    batch(update) {
      for (const event of structural) graph.off(event, recompute);
      for (const event of edgeCountEvents) graph.off(event, followCrowding);
      sigma.setGraph(createGraph());
      try {
        update();
      } finally {
        for (const event of structural) graph.on(event, recompute);
        for (const event of edgeCountEvents) graph.on(event, followCrowding);
        recompute();
        followCrowding();
        sigma.setGraph(graph);
      }
    },
    keepFraming() {
      if (!sigma.getCustomBBox()) sigma.setCustomBBox(sigma.getBBox());
    },
    kill() {
      unsubscribe();
      for (const event of structural) graph.off(event, recompute);
      for (const event of edgeCountEvents) graph.off(event, followCrowding);
      sigma.kill();
    },
  };
}
