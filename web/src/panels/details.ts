/**
 * The details panel: what `/api/nodes/:id` says about the selected node. A paper's title,
 * abstract and arXiv link; a figure's thumbnail; a model's paper and losses; the note
 * excerpt with its line; neighbours grouped by relationship; the provenance of each edge.
 * Everything from the server is set as text.
 */
import type { NeighbourGroup, NodeDetails, Provenance } from "../../../src/server/api-types.js";
import type { JsonValue } from "../../../src/store/types.js";
import type { ApiClient } from "../api.js";
import { type Child, externalLink, h, replaceChildren } from "../dom.js";
import { colorForLabel } from "../palette.js";

export interface DetailsActions {
  /** Select a node (a neighbour in the panel): reveals it on the graph. */
  reveal(id: string): void;
  isExpanded(id: string): boolean;
  toggleExpansion(id: string): Promise<void>;
  focus(id: string): void;
  close(): void;
}

export interface DetailsPanel {
  show(id: string | null): Promise<void>;
  /** Re-draws the action buttons (expanded or not) without reloading. */
  refreshActions(): void;
}

/** Properties shown in their own place, keys for matching (hash, arxivHash, titleKey), or too large to show. */
const HIDDEN_PROPERTIES = new Set(["id", "name", "embedding", "hash", "arxivHash", "titleKey", "sources"]);
const PROVENANCE_SHOWN = 30;

const ARXIV_ID = /^paper:arxiv:(.+)$/;

export function arxivIdOf(nodeId: string, properties: Record<string, JsonValue> = {}): string | null {
  if (typeof properties.arxivId === "string" && properties.arxivId) return properties.arxivId;
  return ARXIV_ID.exec(nodeId)?.[1] ?? null;
}

function arxivLink(arxivId: string): HTMLElement {
  const link = externalLink(`https://arxiv.org/abs/${encodeURI(arxivId)}`, `arXiv:${arxivId}`);
  link.classList.add("arxiv-link");
  return link;
}

function formatValue(value: JsonValue): string {
  if (value === null) return "—";
  if (Array.isArray(value)) return value.map((item) => formatValue(item)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function str(properties: Record<string, JsonValue>, key: string): string | null {
  const value = properties[key];
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.length > 0) return formatValue(value);
  return null;
}

function field(term: string, ...value: Child[]): HTMLElement[] {
  return [h("dt", {}, term), h("dd", {}, ...value)];
}

function labelBadge(label: string): HTMLElement {
  const swatch = h("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
  swatch.style.background = colorForLabel(label);
  return h("span", { class: "badge" }, swatch, label);
}

export function createDetailsPanel(root: HTMLElement, api: ApiClient, actions: DetailsActions): DetailsPanel {
  let current: NodeDetails | null = null;
  let request = 0;
  const actionBar = h("div", { class: "details-actions" });

  function renderActions(): void {
    if (!current) {
      replaceChildren(actionBar);
      return;
    }
    const id = current.id;
    const expanded = actions.isExpanded(id);
    const toggle = h(
      "button",
      { type: "button", dataset: { action: "expand" }, attrs: { "aria-pressed": String(expanded) } },
      expanded ? "Collapse neighbours" : "Expand neighbours",
    );
    toggle.addEventListener("click", async () => {
      toggle.disabled = true;
      try {
        await actions.toggleExpansion(id);
      } finally {
        toggle.disabled = false;
        renderActions();
      }
    });
    const centre = h("button", { type: "button", dataset: { action: "focus" } }, "Centre");
    centre.addEventListener("click", () => actions.focus(id));
    const close = h("button", { type: "button", dataset: { action: "close" }, title: "Deselect" }, "Close");
    close.addEventListener("click", () => actions.close());
    replaceChildren(actionBar, toggle, centre, close);
  }

  function nodeButton(node: { id: string; label: string; name: string }): HTMLElement {
    const swatch = h("span", { class: "swatch", title: node.label, attrs: { "aria-label": node.label } });
    swatch.style.background = colorForLabel(node.label);
    const button = h(
      "button",
      { type: "button", class: "node-link", title: node.id },
      swatch,
      h("span", { class: "name" }, node.name),
    );
    button.addEventListener("click", () => actions.reveal(node.id));
    const arxiv = node.label === "Paper" ? arxivIdOf(node.id) : null;
    return h("li", {}, button, arxiv ? " " : null, arxiv ? arxivLink(arxiv) : null);
  }

  function groupSection(group: NeighbourGroup): HTMLElement {
    const arrow = group.direction === "out" ? "→" : "←";
    const more =
      group.total > group.nodes.length
        ? h("li", { class: "muted" }, `… ${group.total - group.nodes.length} more`)
        : null;
    return h(
      "section",
      { class: "group", dataset: { type: group.type, direction: group.direction } },
      h("h4", {}, `${arrow} ${group.type} `, h("span", { class: "muted" }, `(${group.total})`)),
      h("ul", { class: "node-list" }, ...group.nodes.map(nodeButton), more),
    );
  }

  function provenanceItem(item: Provenance): HTMLElement {
    const arrow = item.direction === "out" ? "→" : "←";
    const where = [item.source ?? item.sources.join(", "), item.line !== null ? `line ${item.line}` : null]
      .filter(Boolean)
      .join(", ");
    const how = [item.extractor, item.confidence !== null ? `confidence ${item.confidence}` : null]
      .filter(Boolean)
      .join(" · ");
    return h(
      "li",
      {},
      h("code", {}, `${arrow} ${item.type}`),
      " ",
      item.other,
      h("div", { class: "muted" }, [where, how].filter(Boolean).join(" — ")),
    );
  }

  function summary(details: NodeDetails): HTMLElement {
    const p = details.properties;
    const dl = h("dl", { class: "facts" });
    const add = (term: string, ...value: Child[]) => dl.append(...field(term, ...value));
    const arxiv = details.label === "Paper" ? arxivIdOf(details.id, p) : null;
    const title = str(p, "title");
    if (title && title !== str(p, "name")) add("Title", title);
    if (arxiv) add("arXiv", arxivLink(arxiv));
    for (const key of [
      "fullName",
      "nameZh",
      "aliases",
      "published",
      "year",
      "venue",
      "date",
      "author",
      "path",
    ]) {
      const value = str(p, key);
      if (value) add(key, value);
    }
    const doi = str(p, "doi");
    if (doi) add("DOI", externalLink(`https://doi.org/${doi}`, doi));
    const url = str(p, "url");
    if (url && !arxiv) add("URL", externalLink(url));
    for (const key of ["caption", "alt", "src", "section"]) {
      const value = str(p, key);
      if (value) add(key, value);
    }
    const description = str(p, "abstract") ?? str(p, "description");
    return h(
      "div",
      {},
      dl.childElementCount > 0 ? dl : null,
      description ? h("p", { class: "abstract" }, description) : null,
    );
  }

  function figure(details: NodeDetails): HTMLElement | null {
    if (details.label !== "Figure") return null;
    const img = h("img", {
      class: "thumbnail",
      alt: str(details.properties, "alt") ?? details.id,
      loading: "lazy",
    });
    const wrapper = h("figure", { class: "figure" }, img);
    api
      .figureImage(details.id)
      .then((src) => {
        img.src = src;
      })
      .catch(() => wrapper.append(h("figcaption", { class: "muted" }, "The image is not available.")));
    img.addEventListener("error", () => {
      img.hidden = true;
      wrapper.append(h("figcaption", { class: "muted" }, "The image is not available."));
    });
    return wrapper;
  }

  function excerpt(details: NodeDetails): HTMLElement | null {
    if (!details.excerpt) return null;
    const { note, line, text } = details.excerpt;
    return h(
      "section",
      { class: "excerpt" },
      h("h3", {}, "Note excerpt"),
      h("div", { class: "muted" }, `${note}, line ${line}`),
      h("pre", {}, text),
    );
  }

  function otherProperties(details: NodeDetails): HTMLElement | null {
    const entries = Object.entries(details.properties).filter(
      ([key, value]) => !HIDDEN_PROPERTIES.has(key) && value !== null && value !== "",
    );
    if (entries.length === 0) return null;
    const dl = h("dl", { class: "facts" });
    for (const [key, value] of entries) dl.append(...field(key, formatValue(value)));
    return h("details", { class: "properties" }, h("summary", {}, "All properties"), dl);
  }

  function render(details: NodeDetails): void {
    const sources = details.properties.sources;
    const provenance = details.provenance.slice(0, PROVENANCE_SHOWN);
    replaceChildren(
      root,
      h(
        "header",
        { class: "details-header" },
        labelBadge(details.label),
        h("h2", { id: "details-title" }, str(details.properties, "name") ?? details.id),
        h("code", { class: "node-id" }, details.id),
      ),
      actionBar,
      figure(details),
      summary(details),
      excerpt(details),
      details.neighbours.length > 0
        ? h(
            "section",
            { class: "neighbours" },
            h("h3", {}, "Neighbours"),
            ...details.neighbours.map(groupSection),
          )
        : null,
      provenance.length > 0
        ? h(
            "details",
            { class: "provenance" },
            h("summary", {}, `Provenance (${details.provenance.length})`),
            h("ul", {}, ...provenance.map(provenanceItem)),
            details.provenance.length > PROVENANCE_SHOWN
              ? h("p", { class: "muted" }, `… ${details.provenance.length - PROVENANCE_SHOWN} more`)
              : null,
          )
        : null,
      Array.isArray(sources) && sources.length > 0
        ? h("p", { class: "muted sources" }, `Sources: ${formatValue(sources)}`)
        : null,
      otherProperties(details),
    );
    renderActions();
  }

  return {
    async show(id) {
      const ticket = ++request;
      if (id === null) {
        current = null;
        root.hidden = true;
        replaceChildren(root);
        return;
      }
      root.hidden = false;
      root.setAttribute("aria-busy", "true");
      try {
        const details = await api.node(id);
        if (ticket !== request) return;
        current = details;
        render(details);
      } catch (error) {
        if (ticket !== request) return;
        current = null;
        replaceChildren(
          root,
          h("p", { class: "error" }, `Could not load ${id}: ${(error as Error).message}`),
        );
      } finally {
        if (ticket === request) root.removeAttribute("aria-busy");
      }
    },
    refreshActions: renderActions,
  };
}
