/**
 * The legend, which is also the label filter: one checkbox per label on the graph, with its
 * colour and count. Unticking a label hides its nodes through the reducers; the graph's data
 * stays as it is.
 */
import { h, replaceChildren } from "./dom.js";
import { type KnowledgeGraph, labelCounts } from "./graph-data.js";
import { colorForLabel, orderLabels } from "./palette.js";
import { isLabelVisible, type Store, setLabelVisible, showAllLabels } from "./state.js";

export interface Filters {
  /** Re-reads the labels and counts (it also follows the graph and the store by itself). */
  update(): void;
}

export function createFilters(root: HTMLElement, graph: KnowledgeGraph, store: Store): Filters {
  let labels: string[] = [];
  const rows = new Map<string, { input: HTMLInputElement; count: HTMLElement }>();
  const list = h("ul", { class: "legend" });
  const all = h("button", { type: "button", class: "link-button" }, "Show all");
  all.addEventListener("click", () => store.apply(showAllLabels));
  replaceChildren(root, list, all);

  function build(): void {
    rows.clear();
    replaceChildren(list);
    for (const label of labels) {
      const input = h("input", { type: "checkbox", value: label, name: "label" });
      input.addEventListener("change", () => store.apply(setLabelVisible(label, input.checked, labels)));
      const swatch = h("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
      swatch.style.background = colorForLabel(label);
      const count = h("span", { class: "count muted" });
      list.append(h("li", {}, h("label", {}, input, swatch, h("span", { class: "name" }, label), count)));
      rows.set(label, { input, count });
    }
  }

  function update(): void {
    const counts = labelCounts(graph);
    const state = store.get();
    // Labels a deep link asked for stay listed (unticked or ticked) even when absent.
    const present = orderLabels([...counts.keys(), ...(state.visibleLabels ?? [])]);
    if (present.join(",") !== labels.join(",")) {
      labels = present;
      build();
    }
    for (const [label, row] of rows) {
      row.input.checked = isLabelVisible(state, label);
      row.count.textContent = String(counts.get(label) ?? 0);
    }
    all.hidden = state.visibleLabels === null;
  }

  update();
  store.subscribe((state, previous) => {
    if (state.visibleLabels !== previous.visibleLabels) update();
  });
  for (const event of ["nodeAdded", "nodeDropped", "cleared"] as const) graph.on(event, () => queueUpdate());

  let queued = false;
  function queueUpdate(): void {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      update();
    });
  }

  return { update };
}
