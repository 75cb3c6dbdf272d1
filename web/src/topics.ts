/**
 * The topics panel: colour by label or by topic, and the topics the server found (GET
 * /api/topics), each with its colour, its name (from its most central nodes) and its size.
 * Clicking a topic shows only it (and colours by topic); clicking it again, or "All topics",
 * shows every topic. The list is read again when the graph changes (a watching server).
 */
import type { TopicsResponse } from "../../src/server/api-types.js";
import type { ApiClient } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { type ColorBy, type Store, setColorBy, setTopic } from "./state.js";
import { colorForTopic } from "./topic-colors.js";

export interface TopicsPanel {
  /** Reads the topics again. */
  reload(): Promise<void>;
  current(): TopicsResponse | null;
}

export function createTopicsPanel(
  root: HTMLElement,
  api: ApiClient,
  store: Store,
  onError: (message: string) => void,
): TopicsPanel {
  let topics: TopicsResponse | null = null;
  const colorLabel = h("label", { class: "color-by" });
  const select = h(
    "select",
    { id: "color-by", name: "color-by" },
    h("option", { value: "label" }, "labels"),
    h("option", { value: "topic" }, "topics"),
  );
  select.addEventListener("change", () => store.apply(setColorBy(select.value as ColorBy)));
  replaceChildren(colorLabel, "Colour by ", select);
  const list = h("ol", { class: "topics legend", attrs: { "aria-label": "Topics" } });
  const all = h(
    "button",
    { type: "button", class: "link-button", dataset: { action: "all-topics" } },
    "All topics",
  );
  all.addEventListener("click", () => store.apply(setTopic(null)));
  const summary = h("p", { class: "muted topics-summary" });
  replaceChildren(root, h("h3", {}, "Topics"), colorLabel, list, all, summary);

  function render(): void {
    const state = store.get();
    select.value = state.colorBy;
    all.hidden = state.topic === null;
    if (!topics) return;
    replaceChildren(
      list,
      ...topics.topics.map((topic) => {
        const swatch = h("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
        swatch.style.background = colorForTopic(topic.id);
        const button = h(
          "button",
          {
            type: "button",
            class: "topic",
            title: topic.top.map((member) => member.name).join(", "),
            dataset: { topic: String(topic.id) },
            attrs: { "aria-pressed": String(state.topic === topic.id) },
          },
          swatch,
          h("span", { class: "name" }, topic.name || `topic ${topic.id}`),
          h("span", { class: "count muted" }, String(topic.size)),
        );
        button.addEventListener("click", () =>
          store.apply(setTopic(store.get().topic === topic.id ? null : topic.id)),
        );
        return h("li", {}, button);
      }),
    );
    summary.textContent = `${topics.topics.length} topics over ${topics.nodes} notes, models, papers and concepts`;
  }

  store.subscribe((state, previous) => {
    if (state.colorBy !== previous.colorBy || state.topic !== previous.topic) render();
  });
  render();

  return {
    async reload() {
      try {
        topics = await api.topics();
        render();
      } catch (error) {
        onError(`Could not load the topics: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    current: () => topics,
  };
}
