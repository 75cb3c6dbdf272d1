/** One colour per node label (schema.ts): the graph, the legend and the details panel agree. */
import { NODE_LABELS, type NodeLabel } from "../../src/graph/schema.js";

export const LABEL_COLORS: Record<NodeLabel, string> = {
  Note: "#4e79a7",
  Tag: "#9c755f",
  Category: "#bab0ac",
  Series: "#8c6d31",
  Paper: "#e15759",
  Author: "#f28e2b",
  Model: "#59a14f",
  Concept: "#76b7b2",
  Loss: "#b07aa1",
  Figure: "#edc948",
  Repository: "#3b3b3b",
  WebResource: "#ff9da7",
};

const UNKNOWN_COLOR = "#999999";

export function colorForLabel(label: string): string {
  return (LABEL_COLORS as Record<string, string>)[label] ?? UNKNOWN_COLOR;
}

/** Schema labels first, in schema order, then any label the server sent that we do not know. */
export function orderLabels(labels: Iterable<string>): string[] {
  const present = new Set(labels);
  const known = NODE_LABELS.filter((label) => present.has(label));
  const extra = [...present].filter((label) => !(NODE_LABELS as readonly string[]).includes(label));
  return [...known, ...extra.sort()];
}
