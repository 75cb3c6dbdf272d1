/**
 * What is drawn, derived from the graph and the viewer state (sigma's nodeReducer and
 * edgeReducer call these): colour by label, size by degree, filters hide, hover and
 * selection bring a node and its neighbours forward, a Cypher result is highlighted.
 * The graph's attributes are read, never written.
 */

import type { EdgeAttributes, KnowledgeGraph, NodeAttributes } from "./graph-data.js";
import { colorForLabel } from "./palette.js";
import type { ViewerSettings } from "./settings.js";
import { isLabelVisible, isTopicVisible, type ViewerState } from "./state.js";
import { colorForTopic } from "./topic-colors.js";

/** The part of sigma's display data we set (structurally sigma's NodeDisplayData). */
export interface NodeDisplay {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string | null;
  hidden: boolean;
  forceLabel: boolean;
  highlighted: boolean;
  zIndex: number;
  type: string;
}

export interface EdgeDisplay {
  size: number;
  color: string;
  label: string | null;
  hidden: boolean;
  zIndex: number;
  type: string;
}

/** Computed once per state or graph change, then read for every node and edge. */
export interface DisplayContext {
  state: ViewerState;
  settings: ViewerSettings;
  maxDegree: number;
  /** The node whose neighbourhood is in focus: the hovered one, else the selected one. */
  center: string | null;
  /** Nodes drawn in colour when something is in focus; null: nothing is, all are. */
  emphasis: ReadonlySet<string> | null;
}

/** More labels than this in focus and sigma's label grid decides, as usual. */
const MAX_FORCED_LABELS = 40;

function degreeOf(graph: KnowledgeGraph, key: string, attributes: NodeAttributes): number {
  return typeof attributes.degree === "number" ? attributes.degree : graph.degree(key);
}

export function deriveContext(
  graph: KnowledgeGraph,
  state: ViewerState,
  settings: ViewerSettings,
): DisplayContext {
  let maxDegree = 1;
  graph.forEachNode((key, attributes) => {
    maxDegree = Math.max(maxDegree, degreeOf(graph, key, attributes));
  });
  const present = (key: string | null): key is string => key !== null && graph.hasNode(key);
  const hovered = present(state.hovered) ? state.hovered : null;
  const selected = present(state.selected) ? state.selected : null;
  const highlighted = [...state.highlighted].filter((key) => graph.hasNode(key));

  let center: string | null = null;
  let emphasis: Set<string> | null = null;
  if (hovered) {
    center = hovered;
    emphasis = new Set([hovered, ...graph.neighbors(hovered)]);
  } else if (highlighted.length > 0) {
    emphasis = new Set(highlighted);
    if (selected) emphasis.add(selected);
  } else if (selected) {
    center = selected;
    emphasis = new Set([selected, ...graph.neighbors(selected)]);
  }
  return { state, settings, maxDegree, center, emphasis };
}

/** A name cut to `max` characters (by code point, so CJK and emoji stay whole), with an ellipsis. */
export function shortLabel(name: string, max: number): string {
  const chars = [...name];
  return chars.length <= max
    ? name
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

export function nodeSize(degree: number, context: DisplayContext): number {
  const { minNodeSize, maxNodeSize } = context.settings;
  const share = Math.sqrt(Math.max(0, degree) / context.maxDegree);
  return minNodeSize + (maxNodeSize - minNodeSize) * Math.min(1, share);
}

/** The node's colour: its label's, or its topic's when colouring by topic. */
export function nodeColor(attributes: NodeAttributes, state: ViewerState): string {
  return state.colorBy === "topic" ? colorForTopic(attributes.topic) : colorForLabel(attributes.label);
}

/** Shown by the filters: its label is ticked and it is in the chosen topic (if any). */
export function isNodeVisible(state: ViewerState, attributes: NodeAttributes): boolean {
  return isLabelVisible(state, attributes.label) && isTopicVisible(state, attributes.topic);
}

export function nodeDisplay(
  graph: KnowledgeGraph,
  key: string,
  attributes: NodeAttributes,
  context: DisplayContext,
): NodeDisplay {
  const { state, settings, emphasis } = context;
  const selected = key === state.selected;
  const highlighted = state.highlighted.has(key);
  const inFocus = emphasis === null || emphasis.has(key);
  const size = nodeSize(degreeOf(graph, key, attributes), context);
  return {
    x: attributes.x,
    y: attributes.y,
    size: selected ? size * 1.25 : size,
    color: inFocus ? nodeColor(attributes, state) : settings.dimmedNodeColor,
    label: !inFocus
      ? null
      : selected
        ? attributes.name
        : shortLabel(attributes.name, settings.maxLabelLength),
    // A filter hides a label's (or another topic's) nodes, except the selected one (it stays
    // where the user is looking).
    hidden: !selected && !isNodeVisible(state, attributes),
    forceLabel:
      selected || highlighted || (emphasis !== null && inFocus && emphasis.size <= MAX_FORCED_LABELS),
    highlighted: selected || highlighted,
    zIndex: selected ? 3 : highlighted ? 2 : emphasis !== null && inFocus ? 1 : 0,
    type: "circle",
  };
}

export function edgeDisplay(
  graph: KnowledgeGraph,
  key: string,
  attributes: EdgeAttributes,
  context: DisplayContext,
): EdgeDisplay {
  const { state, settings, emphasis, center } = context;
  const [source, target] = graph.extremities(key);
  const visible = (node: string) =>
    node === state.selected || isNodeVisible(state, graph.getNodeAttributes(node));
  const hidden = !visible(source) || !visible(target);
  let focused = false;
  if (emphasis !== null) {
    focused =
      center !== null
        ? (source === center || target === center) && emphasis.has(source) && emphasis.has(target)
        : emphasis.has(source) && emphasis.has(target);
  }
  const dimmed = emphasis !== null && !focused;
  return {
    size: focused ? 2 : 1,
    color: focused ? settings.focusEdgeColor : dimmed ? settings.dimmedEdgeColor : settings.edgeColor,
    label: attributes.type,
    hidden,
    zIndex: focused ? 1 : 0,
    // The attribute `type` is the relationship type; sigma's `type` is the edge program.
    type: focused ? "arrow" : "line",
  };
}
