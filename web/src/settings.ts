/**
 * Viewer settings in four parts, as sigma does: the type, the defaults, `validateSettings`
 * and `resolveSettings`. Rendering choices (sizes, label legibility, layout) live here, not
 * scattered through the modules that use them.
 */
export interface ViewerSettings {
  /** Nodes asked of `/api/graph` at start (the page's `?limit=` overrides it). */
  graphLimit: number;
  /** Nodes asked of `/api/nodes/:id/neighbors` per expansion. */
  expandLimit: number;
  /** Rendered node size for degree 0 and for the highest degree in the graph. */
  minNodeSize: number;
  maxNodeSize: number;
  /** Sigma label settings: keep labels legible rather than drawing them all. */
  labelDensity: number;
  labelGridCellSize: number;
  labelRenderedSizeThreshold: number;
  labelSize: number;
  labelFont: string;
  /** Longer names are cut on the graph (the details panel shows them whole). */
  maxLabelLength: number;
  /** Colours for what is not in focus (hover, selection, Cypher highlight). */
  dimmedNodeColor: string;
  dimmedEdgeColor: string;
  edgeColor: string;
  focusEdgeColor: string;
  /** ForceAtlas2 runs in a worker this long after the first render (0: wait for the button). */
  layoutAutoRunMs: number;
  /** Search box: wait this long after typing, ask for this many hits. */
  searchDebounceMs: number;
  searchLimit: number;
  /** Camera zoom (sigma ratio, 1 = whole graph) when a node is revealed by search or a link. */
  focusRatio: number;
  /**
   * Above this many relationships on screen, edges and labels are not drawn while the user
   * drags or zooms: drawing them dominates a frame (a software-WebGL frame at 60,000 edges
   * takes seconds), and the graph's shape is readable from its nodes while it moves.
   */
  hideOnMoveAboveEdges: number;
}

export const DEFAULT_SETTINGS: ViewerSettings = {
  graphLimit: 2000,
  expandLimit: 100,
  minNodeSize: 3,
  maxNodeSize: 16,
  labelDensity: 0.5,
  labelGridCellSize: 90,
  labelRenderedSizeThreshold: 7,
  labelSize: 13,
  maxLabelLength: 36,
  labelFont: "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif",
  dimmedNodeColor: "#e2e4e8",
  dimmedEdgeColor: "#f0f1f3",
  edgeColor: "#c9ced6",
  focusEdgeColor: "#5b6270",
  layoutAutoRunMs: 3000,
  searchDebounceMs: 150,
  searchLimit: 10,
  focusRatio: 0.5,
  hideOnMoveAboveEdges: 5000,
};

export function validateSettings(settings: ViewerSettings): void {
  const positive: (keyof ViewerSettings)[] = [
    "graphLimit",
    "expandLimit",
    "minNodeSize",
    "maxNodeSize",
    "labelSize",
    "labelGridCellSize",
    "maxLabelLength",
    "searchLimit",
    "focusRatio",
    "hideOnMoveAboveEdges",
  ];
  for (const key of positive) {
    const value = settings[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw new Error(`Viewer settings: "${key}" must be a positive number, got ${String(value)}.`);
  }
  if (settings.maxNodeSize < settings.minNodeSize)
    throw new Error(`Viewer settings: "maxNodeSize" must be at least "minNodeSize".`);
}

export function resolveSettings(overrides: Partial<ViewerSettings> = {}): ViewerSettings {
  const settings = { ...DEFAULT_SETTINGS, ...overrides };
  validateSettings(settings);
  return settings;
}

/** Overrides the page's query string may carry: `?limit=200&layout=0&edgesOnMove=1`. */
export function settingsFromQuery(search: string): Partial<ViewerSettings> {
  const query = new URLSearchParams(search);
  const overrides: Partial<ViewerSettings> = {};
  const limit = Number(query.get("limit"));
  if (query.has("limit") && Number.isInteger(limit) && limit > 0) overrides.graphLimit = limit;
  // `?edgesOnMove=1` draws every edge while moving, whatever the size (the bench compares both).
  if (query.get("edgesOnMove") === "1") overrides.hideOnMoveAboveEdges = Number.MAX_SAFE_INTEGER;
  const layout = query.get("layout");
  if (layout === "0" || layout === "off") overrides.layoutAutoRunMs = 0;
  return overrides;
}
