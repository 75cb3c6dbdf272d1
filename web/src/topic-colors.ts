/** One colour per topic (topics are numbered by size, so the largest get the most distinct ones). */
export const TOPIC_COLORS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
  "#393b79",
  "#ad494a",
] as const;

/** Nodes without a topic (tags, authors, figures, ...): drawn quietly. */
export const NO_TOPIC_COLOR = "#c8ccd2";

export function colorForTopic(topic: unknown): string {
  if (typeof topic !== "number" || !Number.isInteger(topic) || topic < 0) return NO_TOPIC_COLOR;
  const fixed = TOPIC_COLORS[topic];
  if (fixed) return fixed;
  // Past the palette: a hue from the number, kept away from the palette's greys.
  const hue = (topic * 137.508) % 360;
  return hslToHex(hue, 0.55, 0.48);
}

function hslToHex(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number) =>
    Math.round(x * 255)
      .toString(16)
      .padStart(2, "0");
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}
