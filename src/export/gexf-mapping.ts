/**
 * How a knowledge-graph node or relationship becomes a GEXF element, shared by `kg export`
 * (src/export/formats.ts) and the viewer's "Download visible graph" (web/src/export/): GEXF's
 * `label` is the display name, the node label travels as `nodeLabel`, a relationship's type
 * is its GEXF label, and lists travel as prefixed JSON text. Layout and appearance (`x`, `y`,
 * `size`, `color`), when a node has them, become GEXF's `viz` elements.
 * Pure and runtime-free (no graphology-gexf, no Node API), so the browser bundle can take it.
 */

/** A value as graphology attributes hold it here: plain JSON. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Attributes = Record<string, Json | undefined>;
type Scalar = string | number | boolean;

/** The shape graphology-gexf's `formatNode`/`formatEdge` return (its `FormattedNode`). */
export interface GexfElement {
  label: string;
  attributes: Record<string, Scalar>;
  viz?: { x?: number; y?: number; size?: number; color?: string };
}

/** Lists and objects as JSON text, prefixed so that reading back knows what to parse. */
export const JSON_PREFIX = "json:";

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Only characters XML 1.0 can hold (control characters are dropped, even escaping cannot keep them). */
export const xmlSafe = (text: string): string => text.replace(XML_FORBIDDEN, "");

/** Scalars only, XML-safe; lists and objects as prefixed JSON text; null and absent values left out. */
export function scalars(attributes: Attributes): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "object") out[key] = `${JSON_PREFIX}${JSON.stringify(value)}`;
    else out[key] = typeof value === "string" ? xmlSafe(value) : value;
  }
  return out;
}

/** The inverse of `scalars`: prefixed JSON text parsed back, other scalars kept, the rest dropped. */
export function unscalars(attributes: Record<string, unknown>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === "string" && value.startsWith(JSON_PREFIX))
      out[key] = JSON.parse(value.slice(JSON_PREFIX.length)) as Json;
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      out[key] = value;
  }
  return out;
}

/** Splits GEXF's visual attributes from the data ones; a visual name holding the wrong type stays data. */
function splitViz(attributes: Attributes): { viz: GexfElement["viz"]; data: Attributes } {
  const { x, y, size, color, ...data } = attributes;
  const viz: NonNullable<GexfElement["viz"]> = {};
  const keep = (name: string, value: Json | undefined, ok: boolean) => {
    if (value === undefined) return;
    if (ok) Object.assign(viz, { [name]: value });
    else data[name] = value;
  };
  keep("x", x, typeof x === "number");
  keep("y", y, typeof y === "number");
  keep("size", size, typeof size === "number");
  keep("color", color, typeof color === "string");
  return { viz: Object.keys(viz).length > 0 ? viz : undefined, data };
}

/** A node (`label` = node label, `name` = display name) as a GEXF node. */
export function gexfNode(key: string, attributes: Attributes): GexfElement {
  const { label, ...rest } = attributes;
  const { viz, data } = splitViz(rest);
  const element: GexfElement = {
    label: xmlSafe(String(data.name ?? key)),
    attributes: scalars({ ...data, nodeLabel: label }),
  };
  if (viz) element.viz = viz;
  return element;
}

/** A relationship (`type` = relationship type) as a GEXF edge labelled with its type. */
export function gexfEdge(_key: string, attributes: Attributes): GexfElement {
  const { viz, data } = splitViz(attributes);
  const element: GexfElement = { label: String(data.type), attributes: scalars(data) };
  if (viz) element.viz = viz;
  return element;
}
