/**
 * The search box: `/api/search` as the user types (debounced, stale answers dropped), a
 * listbox of hits navigated with ↑/↓, Enter to select (the first hit when none is active),
 * Escape to close. Selecting hands the id to the app, which reveals the node.
 */
import type { SearchHit } from "../../src/server/api-types.js";
import type { ApiClient } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { colorForLabel } from "./palette.js";
import type { ViewerSettings } from "./settings.js";

export interface SearchBox {
  /** Sets the text (from a deep link) without opening the list. */
  setText(text: string): void;
}

export function createSearchBox(
  input: HTMLInputElement,
  list: HTMLUListElement,
  api: ApiClient,
  settings: ViewerSettings,
  handlers: { onQuery(text: string): void; onSelect(hit: SearchHit): void; onError(error: Error): void },
): SearchBox {
  let hits: SearchHit[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  list.setAttribute("role", "listbox");

  function open(isOpen: boolean): void {
    list.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
  }

  function setActive(index: number): void {
    active = index;
    for (const [i, item] of [...list.children].entries())
      item.setAttribute("aria-selected", String(i === index));
    const item = index >= 0 ? list.children[index] : undefined;
    if (item) {
      input.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  function render(): void {
    replaceChildren(list);
    if (hits.length === 0) {
      list.append(h("li", { class: "muted", attrs: { role: "presentation" } }, "No matches"));
    }
    for (const [index, hit] of hits.entries()) {
      const swatch = h("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
      swatch.style.background = colorForLabel(hit.label);
      const item = h(
        "li",
        {
          id: `search-hit-${index}`,
          attrs: { role: "option", "aria-selected": "false" },
          dataset: { id: hit.id },
        },
        swatch,
        h("span", { class: "hit-name" }, hit.name),
        h("span", { class: "hit-label muted" }, hit.label),
      );
      // mousedown, not click: it comes before the input's blur closes the list.
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(index);
      });
      list.append(item);
    }
    active = -1;
    input.removeAttribute("aria-activedescendant");
    open(true);
  }

  function choose(index: number): void {
    const hit = hits[index];
    if (!hit) return;
    open(false);
    handlers.onSelect(hit);
  }

  async function run(text: string): Promise<void> {
    controller?.abort();
    if (text.trim() === "") {
      hits = [];
      open(false);
      return;
    }
    const current = new AbortController();
    controller = current;
    try {
      const result = await api.search({ q: text.trim(), k: String(settings.searchLimit) }, current.signal);
      if (controller !== current) return;
      hits = result;
      if (document.activeElement === input) render();
    } catch (error) {
      if ((error as Error).name === "AbortError") return;
      handlers.onError(error as Error);
    }
  }

  /** Runs now and resolves when the hits are shown (Enter before the debounce fires). */
  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    return run(input.value);
  }

  input.addEventListener("input", () => {
    handlers.onQuery(input.value);
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), settings.searchDebounceMs);
  });
  input.addEventListener("focus", () => {
    if (input.value.trim() !== "") void flush();
  });
  input.addEventListener("blur", () => open(false));
  input.addEventListener("keydown", async (event) => {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        event.preventDefault();
        if (list.hidden) {
          await flush();
          return;
        }
        if (hits.length === 0) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + hits.length) % hits.length);
        return;
      }
      case "Enter": {
        event.preventDefault();
        if (timer !== undefined || list.hidden) await flush();
        choose(Math.max(active, 0));
        return;
      }
      case "Escape":
        open(false);
        return;
    }
  });

  return {
    setText(text) {
      input.value = text;
    },
  };
}
