/**
 * The toolbar's "Export" menu: download the visible graph as GEXF or graphology JSON, or
 * open it in Gephi Lite (over the broadcast channel when Gephi Lite is served from this
 * origin; else Gephi Lite opens and the GEXF is downloaded for its "Open graph file").
 * The graph is taken at the moment of the click: filters, expansions and positions as shown.
 */
import type { KnowledgeGraph } from "../graph-data.js";
import type { ViewerSettings } from "../settings.js";
import type { Store } from "../state.js";
import type { StatusLine } from "../status.js";
import { downloadText } from "./download.js";
import { DOWNLOAD_FORMATS, type DownloadFormat, fileName, serialize, toGephiLite } from "./formats.js";
import { GephiLiteTimeoutError, sendToGephiLite } from "./gephi-lite.js";
import { type ExportSettings, gephiLiteRoute, gephiLiteUrl } from "./settings.js";
import { visibleGraph } from "./visible-graph.js";

export interface ExportControlsDeps {
  graph: KnowledgeGraph;
  store: Store;
  settings: ViewerSettings;
  exportSettings: ExportSettings;
  status: StatusLine;
}

const isFormat = (value: string | undefined): value is DownloadFormat =>
  value !== undefined && Object.hasOwn(DOWNLOAD_FORMATS, value);

/** `menu` is a <details> whose buttons carry `data-format` (gexf, json) or `data-action="gephi-lite"`. */
export function createExportControls(menu: HTMLDetailsElement, deps: ExportControlsDeps): void {
  const { graph, store, settings, exportSettings, status } = deps;
  const current = () => visibleGraph(graph, store.get(), settings);

  function download(format: DownloadFormat): string {
    const exported = current();
    const now = new Date();
    const name = fileName(format, now);
    downloadText(name, serialize(exported, format, now), DOWNLOAD_FORMATS[format].type);
    status.info(`Downloaded ${name}: ${exported.order} nodes, ${exported.size} edges.`);
    return name;
  }

  function openGephiLite(): void {
    const route = gephiLiteRoute(gephiLiteUrl(exportSettings, window.location.href), window.location.origin);
    if (route.kind === "file") {
      window.open(route.url.href, "_blank", "noopener");
      const name = download("gexf");
      status.info(
        `Gephi Lite at ${route.url.host} cannot receive a graph from this page (a broadcast stays within one ` +
          `origin): open ${name} there with "Open graph file".`,
      );
      return;
    }
    const exported = current();
    status.info(`Opening Gephi Lite with ${exported.order} nodes…`);
    sendToGephiLite(route.url, toGephiLite(exported), { timeoutMs: exportSettings.gephiLiteTimeoutMs }).then(
      () => status.info(`Gephi Lite has the graph: ${exported.order} nodes, ${exported.size} edges.`),
      (error: unknown) =>
        status.error(
          error instanceof GephiLiteTimeoutError
            ? error.message
            : `Could not open Gephi Lite: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  }

  menu.addEventListener("click", (event) => {
    const button = (event.target as Element).closest("button");
    if (!button || !menu.contains(button)) return;
    menu.open = false;
    try {
      if (button.dataset.action === "gephi-lite") openGephiLite();
      else if (isFormat(button.dataset.format)) download(button.dataset.format);
    } catch (error) {
      status.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  // Escape or a click elsewhere folds the menu, as other menus do.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) menu.open = false;
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
  });
}
