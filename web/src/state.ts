/**
 * Viewer state: what is selected, hovered, filtered, searched and highlighted. Transitions
 * are pure functions of the state; a tiny store applies them and tells subscribers. What is
 * drawn is derived from this state by the reducers (reducers.ts), never written into the graph.
 */
import type { UrlState } from "./url-state.js";

export interface ViewerState {
  selected: string | null;
  hovered: string | null;
  /** Labels shown; null: every label (no filter). */
  visibleLabels: ReadonlySet<string> | null;
  /** Search box text. */
  query: string;
  /** Nodes a Cypher result pointed at. */
  highlighted: ReadonlySet<string>;
  /** Colour nodes by their label or by their topic (GET /api/topics). */
  colorBy: ColorBy;
  /** Show only this topic's nodes; null: every topic. */
  topic: number | null;
}

export type ColorBy = "label" | "topic";

export const INITIAL_STATE: ViewerState = {
  selected: null,
  hovered: null,
  visibleLabels: null,
  query: "",
  highlighted: new Set(),
  colorBy: "label",
  topic: null,
};

export type Transition = (state: ViewerState) => ViewerState;

export const select =
  (id: string | null): Transition =>
  (state) =>
    state.selected === id ? state : { ...state, selected: id };

export const hover =
  (id: string | null): Transition =>
  (state) =>
    state.hovered === id ? state : { ...state, hovered: id };

export const setQuery =
  (query: string): Transition =>
  (state) =>
    state.query === query ? state : { ...state, query };

export const highlight =
  (ids: Iterable<string>): Transition =>
  (state) => ({ ...state, highlighted: new Set(ids) });

export const setColorBy =
  (colorBy: ColorBy): Transition =>
  (state) =>
    state.colorBy === colorBy ? state : { ...state, colorBy };

/** Filters to one topic (null: all); colouring follows topics while a topic is chosen. */
export const setTopic =
  (topic: number | null): Transition =>
  (state) =>
    state.topic === topic ? state : { ...state, topic, colorBy: topic === null ? state.colorBy : "topic" };

export function isTopicVisible(state: ViewerState, topic: unknown): boolean {
  return state.topic === null || topic === state.topic;
}

export function isLabelVisible(state: ViewerState, label: string): boolean {
  return state.visibleLabels === null || state.visibleLabels.has(label);
}

/** Shows or hides one label; `allLabels` are the labels present, so "all shown" becomes null again. */
export const setLabelVisible =
  (label: string, visible: boolean, allLabels: readonly string[]): Transition =>
  (state) => {
    const next = new Set(state.visibleLabels ?? allLabels);
    if (visible) next.add(label);
    else next.delete(label);
    const everything = allLabels.every((l) => next.has(l));
    return { ...state, visibleLabels: everything ? null : next };
  };

export const showAllLabels: Transition = (state) => ({ ...state, visibleLabels: null });

export const fromUrl =
  (url: UrlState): Transition =>
  (state) => ({
    ...state,
    selected: url.node,
    visibleLabels: url.labels === null ? null : new Set(url.labels),
    query: url.q,
    colorBy: url.color,
    topic: url.topic,
  });

export function toUrl(state: ViewerState): UrlState {
  return {
    node: state.selected,
    labels: state.visibleLabels === null ? null : [...state.visibleLabels].sort(),
    q: state.query,
    color: state.colorBy,
    topic: state.topic,
  };
}

export type Listener = (state: ViewerState, previous: ViewerState) => void;

export interface Store {
  get(): ViewerState;
  apply(transition: Transition): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(initial: ViewerState = INITIAL_STATE): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    apply(transition) {
      const previous = state;
      state = transition(state);
      if (state === previous) return;
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
