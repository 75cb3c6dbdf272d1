/**
 * DOM building without HTML strings: text becomes Text nodes, properties are assigned, and
 * links only ever point at http(s). Nothing from a note or the server is parsed as markup.
 */
export type Child = Node | string | number | null | undefined | false;

type Props<K extends keyof HTMLElementTagNameMap> = Omit<
  Partial<HTMLElementTagNameMap[K]>,
  "innerHTML" | "outerHTML" | "style" | "dataset"
> & {
  class?: string;
  attrs?: Record<string, string>;
  dataset?: Record<string, string>;
};

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {} as Props<K>,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { class: className, attrs, dataset, ...rest } = props;
  if (className) element.className = className;
  Object.assign(element, rest);
  for (const [name, value] of Object.entries(attrs ?? {})) element.setAttribute(name, value);
  for (const [name, value] of Object.entries(dataset ?? {})) element.dataset[name] = value;
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? text(String(child)) : child);
  }
}

export function text(value: string): Text {
  return document.createTextNode(value);
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** The URL when it is http(s), else null: a note's `javascript:` link must not become a link. */
export function safeHref(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An external link (new tab, no opener), or the text alone when the URL is not http(s). */
export function externalLink(url: unknown, label?: string): HTMLElement {
  const href = safeHref(url);
  const shown = label ?? String(url);
  if (!href) return h("span", {}, shown);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, shown);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}: web/index.html and the modules disagree.`);
  return element as T;
}
