/**
 * The toolbar's "Export" menu: download the visible graph as GEXF or graphology JSON, or
 * open it in Gephi Lite (over the broadcast channel when Gephi Lite is served from this
 * origin; else Gephi Lite opens and the GEXF is downloaded for its "Open graph file").
 * The graph is taken at the moment of the click: filters, expansions and positions as shown.
 */
import type { SerializedGraph } from "graphology-types";
import type { ApiClient } from "../api.js";
import type { KnowledgeGraph } from "../graph-data.js";
import type { ViewerSettings } from "../settings.js";
import type { Store } from "../state.js";
import type { StatusLine } from "../status.js";
import { downloadText } from "./download.js";
import { DOWNLOAD_FORMATS, type DownloadFormat, fileName, serialize, toGephiLite } from "./formats.js";
import { GephiLiteTimeoutError, sendToGephiLite } from "./gephi-lite.js";
import { type ExportSettings, gephiLiteRoute, gephiLiteUrl } from "./settings.js";
import { addStoredProperties } from "./stored-properties.js";
import { type ExportGraph, visibleGraph } from "./visible-graph.js";

export interface ExportControlsDeps {
  graph: KnowledgeGraph;
  store: Store;
  settings: ViewerSettings;
  exportSettings: ExportSettings;
  api: ApiClient;
  status: StatusLine;
}

const isFormat = (value: string | undefined): value is DownloadFormat =>
  value !== undefined && Object.hasOwn(DOWNLOAD_FORMATS, value);

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `menu` is a <details> whose buttons carry `data-format` (gexf, json) or `data-action="gephi-lite"`. */
export function createExportControls(menu: HTMLDetailsElement, deps: ExportControlsDeps): void {
  const { graph, store, settings, exportSettings, api, status } = deps;

  /**
   * The visible graph, taken now (what the click saw), with the stored properties and
   * evidence the server has for it. Without them (no answer, a refused query) the export
   * still goes out, with what the viewer holds, and the status line says so.
   */
  async function current(): Promise<{ exported: ExportGraph; note: string }> {
    const exported = visibleGraph(graph, store.get(), settings);
    try {
      const added = await addStoredProperties(exported, api);
      return {
        exported,
        note: added.truncated ? " (some relationships without their evidence: row cap)" : "",
      };
    } catch (error) {
      return {
        exported,
        note: ` (names and labels only: could not read the stored properties: ${describe(error)})`,
      };
    }
  }

  async function download(format: DownloadFormat): Promise<string> {
    const { exported, note } = await current();
    const now = new Date();
    const name = fileName(format, now);
    downloadText(name, serialize(exported, format, now), DOWNLOAD_FORMATS[format].type);
    status.info(`Downloaded ${name}: ${exported.order} nodes, ${exported.size} edges${note}.`);
    return name;
  }

  async function openGephiLite(): Promise<void> {
    const route = gephiLiteRoute(gephiLiteUrl(exportSettings, window.location.href), window.location.origin);
    if (route.kind === "file") {
      // Opened before any await: a click's user activation is what lets a new tab through.
      window.open(route.url.href, "_blank", "noopener");
      const name = await download("gexf");
      status.info(
        `Gephi Lite at ${route.url.host} cannot receive a graph from this page (a broadcast stays within one ` +
          `origin): open ${name} there with "Open graph file".`,
      );
      return;
    }
    status.info("Opening Gephi Lite…");
    let counts = "";
    let note = "";
    const graphToSend: Promise<SerializedGraph> = current().then((taken) => {
      counts = `${taken.exported.order} nodes, ${taken.exported.size} edges`;
      note = taken.note;
      return toGephiLite(taken.exported);
    });
    try {
      await sendToGephiLite(route.url, graphToSend, { timeoutMs: exportSettings.gephiLiteTimeoutMs });
      status.info(`Gephi Lite has the graph: ${counts}${note}.`);
    } catch (error) {
      status.error(
        error instanceof GephiLiteTimeoutError
          ? error.message
          : `Could not open Gephi Lite: ${describe(error)}`,
      );
    }
  }

  menu.addEventListener("click", (event) => {
    const button = (event.target as Element).closest("button");
    if (!button || !menu.contains(button)) return;
    menu.open = false;
    const format = button.dataset.format;
    const done =
      button.dataset.action === "gephi-lite"
        ? openGephiLite()
        : isFormat(format)
          ? download(format)
          : Promise.resolve();
    done.catch((error: unknown) => status.error(`Export failed: ${describe(error)}`));
  });
  // Escape or a click elsewhere folds the menu, as other menus do.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) menu.open = false;
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
  });
}
