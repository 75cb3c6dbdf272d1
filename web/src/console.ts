/**
 * The Cypher console: POST /api/cypher, the rows as a table, and the nodes the rows contain
 * (nodes, relationships' ends, paths) highlighted on the graph. Ctrl/⌘+Enter runs.
 */
import type { CypherResponse } from "../../src/server/api-types.js";
import type { JsonValue } from "../../src/store/types.js";
import type { ApiClient } from "./api.js";
import {
  isNodeValue,
  isPathValue,
  isRelationshipValue,
  nodeIdsInRows,
  nodeValueName,
} from "./cypher-values.js";
import { h, replaceChildren } from "./dom.js";
import { colorForLabel } from "./palette.js";

export interface ConsoleActions {
  /** Highlights these ids; returns how many of them are on the graph. */
  highlight(ids: string[]): number;
  clearHighlight(): void;
  reveal(id: string): void;
}

function part<T>(element: T | null, what: string): T {
  if (!element) throw new Error(`The Cypher console form needs ${what} (web/index.html).`);
  return element;
}

export const EXAMPLE_QUERY = "MATCH (m:Model)-[r:USES_LOSS]->(l:Loss) RETURN m, l ORDER BY m.name LIMIT 25";

export function createConsole(
  form: HTMLFormElement,
  api: ApiClient,
  actions: ConsoleActions,
): { run(query: string): Promise<void> } {
  const textarea = part(form.querySelector("textarea"), "a textarea");
  const status = part(form.querySelector<HTMLElement>("[data-role=status]"), "a [data-role=status]");
  const results = part(form.querySelector<HTMLElement>("[data-role=results]"), "a [data-role=results]");
  const clear = part(
    form.querySelector<HTMLButtonElement>("[data-action=clear-highlight]"),
    "a [data-action=clear-highlight] button",
  );

  function cell(value: JsonValue): HTMLElement {
    if (isNodeValue(value)) {
      const swatch = h("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
      swatch.style.background = colorForLabel(value.label);
      const button = h(
        "button",
        { type: "button", class: "node-link", title: value.id },
        swatch,
        nodeValueName(value),
      );
      button.addEventListener("click", () => actions.reveal(value.id));
      return h("td", {}, button);
    }
    if (isRelationshipValue(value))
      return h("td", {}, h("code", {}, `(${value.from})-[:${value.type}]->(${value.to})`));
    if (isPathValue(value)) return h("td", {}, value.nodes.map((node) => nodeValueName(node)).join(" → "));
    if (value === null) return h("td", { class: "muted" }, "null");
    if (typeof value === "object") return h("td", {}, h("code", {}, JSON.stringify(value)));
    return h("td", {}, String(value));
  }

  function table(response: CypherResponse): HTMLElement {
    return h(
      "table",
      {},
      h("thead", {}, h("tr", {}, ...response.columns.map((column) => h("th", { scope: "col" }, column)))),
      h("tbody", {}, ...response.rows.map((row) => h("tr", {}, ...row.map(cell)))),
    );
  }

  async function run(query: string): Promise<void> {
    if (query.trim() === "") return;
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (button) button.disabled = true;
    status.textContent = "Running…";
    status.classList.remove("error");
    try {
      const response = await api.cypher({ query });
      replaceChildren(results, table(response));
      const ids = nodeIdsInRows(response.rows);
      const shown = ids.length > 0 ? actions.highlight(ids) : 0;
      if (ids.length === 0) actions.clearHighlight();
      const rows = `${response.rows.length} row${response.rows.length === 1 ? "" : "s"}${response.truncated ? ` (stopped at the row cap of ${response.maxRows})` : ""}`;
      const nodes =
        ids.length === 0
          ? ""
          : ` · ${shown} node${shown === 1 ? "" : "s"} highlighted${ids.length > shown ? ` (${ids.length - shown} not on the graph)` : ""}`;
      status.textContent = rows + nodes;
      clear.hidden = shown === 0;
    } catch (error) {
      status.textContent = (error as Error).message;
      status.classList.add("error");
    } finally {
      if (button) button.disabled = false;
    }
  }

  textarea.placeholder = EXAMPLE_QUERY;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (textarea.value.trim() === "") textarea.value = EXAMPLE_QUERY;
    void run(textarea.value);
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  clear.addEventListener("click", () => {
    actions.clearHighlight();
    clear.hidden = true;
    status.textContent = "";
  });
  return { run };
}
