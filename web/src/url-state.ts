/**
 * The part of the viewer state a link carries, in the URL's hash:
 * `#node=<id>&labels=Paper,Model&q=<search text>&color=topic&topic=3`. Parsing is lenient (unknown keys are
 * ignored); formatting leaves out what is at its default, so a fresh view has no hash.
 */
export interface UrlState {
  /** The selected node's id. */
  node: string | null;
  /** The labels shown; null when no filter is set (every label shows). */
  labels: string[] | null;
  /** The search box text. */
  q: string;
  /** What colours the nodes: `label` (the default) or `topic`. */
  color: "label" | "topic";
  /** The one topic shown; null: all. */
  topic: number | null;
}

export function parseHash(hash: string): UrlState {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const node = params.get("node");
  const labels = params.get("labels");
  return {
    node: node ? node : null,
    labels:
      labels === null
        ? null
        : labels
            .split(",")
            .map((label) => label.trim())
            .filter((label) => label !== ""),
    q: params.get("q") ?? "",
    color: params.get("color") === "topic" ? "topic" : "label",
    topic: wholeNumber(params.get("topic")),
  };
}

function wholeNumber(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** The hash for a state, with its `#`, or "" for the default state. */
export function formatHash(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.node) params.set("node", state.node);
  if (state.labels) params.set("labels", state.labels.join(","));
  if (state.q) params.set("q", state.q);
  if (state.color === "topic") params.set("color", "topic");
  if (state.topic !== null) params.set("topic", String(state.topic));
  // URLSearchParams writes spaces as "+" and escapes ":" and ","; keep ids and lists readable.
  const text = params.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",");
  return text ? `#${text}` : "";
}

export function sameUrlState(a: UrlState, b: UrlState): boolean {
  return formatHash(a) === formatHash(b);
}
