/**
 * The viewer's entry point: loads the graph, draws it, and wires the panels to one store.
 * Each feature lives in its own module; this file only connects them and keeps the URL
 * (url-state.ts) in step with the state, both ways.
 */
import { ApiError, createApiClient } from "./api.js";
import { createConsole } from "./console.js";
import { byId } from "./dom.js";
import { createExpansionController } from "./expand.js";
import { rebuildExpansions } from "./expansions.js";
import { createExportControls } from "./export/controls.js";
import { exportSettingsFromQuery, resolveExportSettings } from "./export/settings.js";
import { createFilters } from "./filters.js";
import { createGraph, mergeSubgraph } from "./graph-data.js";
import { createGraphView } from "./graph-view.js";
import { installHook } from "./hook.js";
import { createLayoutControl } from "./layout.js";
import { connectLive } from "./live.js";
import { createLiveStatus } from "./live-status.js";
import { createDetailsPanel } from "./panels/details.js";
import { applyRefresh, isEmptyPlan, planRefresh, touches, unionOf } from "./refresh.js";
import { createSearchBox } from "./search.js";
import { initialPlacement } from "./seed.js";
import { resolveSettings, settingsFromQuery } from "./settings.js";
import { createStore, fromUrl, highlight, INITIAL_STATE, select, setQuery, toUrl } from "./state.js";
import { createStatusLine } from "./status.js";
import { loadToken } from "./token.js";
import { createTopicsPanel } from "./topics.js";
import { formatHash, parseHash, sameUrlState } from "./url-state.js";

const NARROW = window.matchMedia("(max-width: 600px)");

function describe(error: unknown): string {
  if (error instanceof ApiError && error.status === 403)
    return `${error.message} (open the page with ?token=<your token>)`;
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const settings = resolveSettings(settingsFromQuery(window.location.search));
  const page = window.location.href;
  const exportSettings = resolveExportSettings(exportSettingsFromQuery(window.location.search, page), page);
  const token = loadToken();
  const api = createApiClient(token);
  const graph = createGraph();
  const hooked = installHook(graph);
  const status = createStatusLine(byId("status"));
  const store = createStore(fromUrl(parseHash(window.location.hash))(INITIAL_STATE));

  // Narrow windows: panels start folded under the graph.
  if (NARROW.matches) for (const id of ["filters-panel", "console-panel"]) byId(id).removeAttribute("open");

  let loaded: Awaited<ReturnType<typeof api.graph>>;
  try {
    loaded = await api.graph({ limit: String(settings.graphLimit) });
  } catch (error) {
    status.error(`Could not load the graph: ${describe(error)}`);
    hooked.reject(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  mergeSubgraph(graph, loaded, initialPlacement(loaded.nodes.length));
  const view = createGraphView(byId("graph"), graph, store, settings);
  hooked.resolve(view.sigma);

  // Counts in the toolbar.
  const stats = byId("graph-stats");
  const updateStats = () => {
    const total = loaded.attributes?.totalNodes;
    const truncated = loaded.attributes?.truncated && total ? ` (of ${total})` : "";
    stats.textContent = `${graph.order} nodes${truncated} · ${graph.size} edges`;
  };
  updateStats();
  for (const event of ["nodeAdded", "nodeDropped", "edgeAdded", "edgeDropped"] as const)
    graph.on(event, updateStats);

  // ForceAtlas2 in a worker, with its button.
  const layout = createLayoutControl(graph);
  const layoutButton = byId<HTMLButtonElement>("layout-toggle");
  layout.onChange((running) => {
    layoutButton.textContent = running ? "Stop layout" : "Run layout";
    layoutButton.setAttribute("aria-pressed", String(running));
  });
  let autoStop: ReturnType<typeof setTimeout> | undefined;
  layoutButton.addEventListener("click", () => {
    clearTimeout(autoStop);
    if (layout.isRunning()) layout.stop();
    else layout.start();
  });
  if (settings.layoutAutoRunMs > 0 && graph.order > 1) {
    layout.start();
    autoStop = setTimeout(() => layout.stop(), settings.layoutAutoRunMs);
  }
  byId("fit").addEventListener("click", () => void view.fit());

  const expansions = createExpansionController(graph, api, settings);

  /** Puts a node on the graph (its neighbourhood, as an expansion) when it is not there yet. */
  async function ensureNode(id: string): Promise<boolean> {
    if (graph.hasNode(id)) return true;
    try {
      await expansions.expand(id);
    } catch (error) {
      status.error(`Could not load ${id}: ${describe(error)}`);
      return false;
    }
    return graph.hasNode(id);
  }

  /** Selects a node and moves the camera to it (search, links, console, deep links). */
  async function reveal(id: string): Promise<void> {
    store.apply(select(id));
    if (await ensureNode(id)) await view.focus(id);
  }

  const details = createDetailsPanel(byId("details"), api, {
    reveal: (id) => void reveal(id),
    isExpanded: (id) => expansions.isExpanded(id),
    async toggleExpansion(id) {
      try {
        if (expansions.isExpanded(id)) {
          const removed = expansions.collapse(id);
          const selected = store.get().selected;
          if (selected && removed.includes(selected)) store.apply(select(null));
        } else {
          const added = await expansions.expand(id);
          status.info(
            added === 0 ? "No new neighbours: they are all on the graph." : `Added ${added} nodes.`,
          );
        }
      } catch (error) {
        status.error(`Could not expand ${id}: ${describe(error)}`);
      }
    },
    focus: (id) => void view.focus(id),
    close: () => store.apply(select(null)),
  });
  expansions.onChange(() => details.refreshActions());

  const search = createSearchBox(
    byId<HTMLInputElement>("search-input"),
    byId<HTMLUListElement>("search-results"),
    api,
    settings,
    {
      onQuery: (text) => store.apply(setQuery(text)),
      onSelect: (hit) => void reveal(hit.id),
      onError: (error) => status.error(`Search failed: ${describe(error)}`),
    },
  );
  search.setText(store.get().query);

  createFilters(byId("filters"), graph, store);

  const topics = createTopicsPanel(byId("topics"), api, store, (message) => status.error(message));
  void topics.reload();

  // A watching server (`kg serve --watch`): each stored batch is applied here in place, the
  // camera, the selection and the filters as they are. One refresh at a time; batches that
  // arrive meanwhile are folded into one more.
  const liveStatus = createLiveStatus(byId("live-status"), byId("live-errors"));
  let refreshing: Promise<void> | null = null;
  let pending: { seq: number; notes: Set<string> } | null = null;
  async function refresh(seq: number, notes: ReadonlySet<string>): Promise<void> {
    const started = performance.now();
    const base = await api.graph({ limit: String(settings.graphLimit) });
    const parts = await expansions.refetch();
    const fetched = performance.now();
    const plan = planRefresh(graph, unionOf([base, ...parts.map((part) => part.graph)]));
    const planned = performance.now();
    const selected = store.get().selected;
    const stale = selected !== null && (notes.has(selected) || touches(plan, graph, selected));
    if (!isEmptyPlan(plan)) {
      view.keepFraming();
      view.batch(() => applyRefresh(graph, plan));
    }
    const applied = performance.now();
    expansions.replace(rebuildExpansions(base, parts));
    loaded = base;
    updateStats();
    if (selected && !graph.hasNode(selected)) store.apply(select(null));
    else if (stale) void details.show(selected);
    await topics.reload();
    hooked.hook.live.applied++;
    hooked.hook.live.lastSeq = seq;
    const ended = performance.now();
    hooked.hook.live.lastApplyMs = Math.round(ended - started);
    hooked.hook.live.lastSteps = {
      fetch: Math.round(fetched - started),
      plan: Math.round(planned - fetched),
      apply: Math.round(applied - planned),
      after: Math.round(ended - applied),
    };
  }
  function follow(seq: number, notes: readonly string[]): void {
    pending = { seq, notes: new Set([...(pending?.notes ?? []), ...notes]) };
    if (refreshing) return;
    refreshing = (async () => {
      while (pending) {
        const next = pending;
        pending = null;
        try {
          await refresh(next.seq, next.notes);
        } catch (error) {
          status.error(`Could not update the graph: ${describe(error)}`);
        }
      }
      refreshing = null;
    })();
  }
  connectLive(token, {
    status: (live) => liveStatus.show(live),
    change(live, batch) {
      liveStatus.show(live);
      if (!batch.error) follow(batch.seq, [...batch.ingested, ...batch.removed]);
    },
    lost: () => liveStatus.lost(),
  });

  createExportControls(byId<HTMLDetailsElement>("export-menu"), {
    graph,
    store,
    settings,
    exportSettings,
    api,
    status,
  });

  createConsole(byId<HTMLFormElement>("console"), api, {
    highlight(ids) {
      store.apply(highlight(ids));
      return ids.filter((id) => graph.hasNode(id)).length;
    },
    clearHighlight: () => store.apply(highlight([])),
    reveal: (id) => void reveal(id),
  });

  // State -> URL: a new selection is a history entry, the rest replaces the current one.
  store.subscribe((state, previous) => {
    if (state.selected !== previous.selected) void details.show(state.selected);
    const hash = formatHash(toUrl(state));
    if (hash === window.location.hash || (hash === "" && window.location.hash === "")) return;
    const url = `${window.location.pathname}${window.location.search}${hash}`;
    if (state.selected !== previous.selected) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  });
  // URL -> state: back/forward, an edited or pasted link.
  const followUrl = () => {
    const url = parseHash(window.location.hash);
    if (sameUrlState(url, toUrl(store.get()))) return;
    store.apply(fromUrl(url));
    search.setText(url.q);
    if (url.node) void reveal(url.node);
  };
  window.addEventListener("hashchange", followUrl);
  window.addEventListener("popstate", followUrl);

  // A deep link's selection.
  const selected = store.get().selected;
  if (selected) {
    void details.show(selected);
    await reveal(selected);
  }
}

void main();
