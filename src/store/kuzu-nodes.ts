/**
 * Writing a batch's nodes into Kuzu (inside the store's transaction). A non-null new value
 * wins over the stored one, a default only fills a null; `sources` becomes the union.
 *
 * MERGE is avoided: in Kuzu 0.11.3 `UNWIND ... MERGE` runs at ~3,500 new nodes/s where
 * looking the ids up, CREATE-ing the missing ones and MATCH ... SET-ing the rest is ~10x
 * faster. Statements are grouped per label and per "shape" (the set of non-null
 * properties), because Kuzu types a list-of-maps parameter from its first row and cannot
 * type a null or an empty list; DOUBLE values travel as strings and are cast back, since the
 * binding types a whole-number JS double as INT64.
 */
import type { PropertyValue } from "../graph/delta.js";
import type { NodeLabel, PropertyType } from "../graph/schema.js";
import type { BatchNode } from "./batch.js";
import { chunks, groupBy } from "./collections.js";
import { nodePropertyType, quoteIdent } from "./kuzu-schema.js";
import type { KuzuParam, KuzuParams, KuzuSession } from "./kuzu-session.js";
import { nodeIdentity } from "./retraction-plan.js";

/**
 * `settled` names nodes (`label|id`) whose stored `sources` already hold the batch's: their
 * update leaves `sources` alone, so a hub's long list is not rewritten for nothing.
 */
export async function writeNodes(
  session: KuzuSession,
  nodes: readonly BatchNode[],
  settled: ReadonlySet<string> = new Set(),
): Promise<void> {
  for (const [label, ofLabel] of groupBy(nodes, (node) => node.label)) {
    const existing = await storedIds(session, label as NodeLabel, ofLabel);
    await createNodes(
      session,
      ofLabel.filter((node) => !existing.has(node.id)),
    );
    const stored = ofLabel.filter((node) => existing.has(node.id));
    const keepsSources = (node: BatchNode): boolean => settled.has(nodeIdentity(node));
    await updateNodes(
      session,
      stored.filter((node) => !keepsSources(node)),
    );
    await writeGrouped(session, stored.filter(keepsSources), (nodeLabel, shape) =>
      updateStatement(nodeLabel, shape, false),
    );
  }
}

/** Creates nodes the store does not hold yet. */
export async function createNodes(session: KuzuSession, nodes: readonly BatchNode[]): Promise<void> {
  await writeGrouped(session, nodes, createStatement);
}

/** Updates nodes the store holds: properties overwrite, defaults fill, `sources` unite. */
export async function updateNodes(session: KuzuSession, nodes: readonly BatchNode[]): Promise<void> {
  await writeGrouped(session, nodes, updateStatement);
}

async function writeGrouped(
  session: KuzuSession,
  nodes: readonly BatchNode[],
  statementFor: (label: NodeLabel, shape: Shape) => string | null,
): Promise<void> {
  const groups = groupBy(
    nodes,
    (node) => `${node.label}|${shapeOf(node.props).join(",")}|${shapeOf(node.defaults).join(",")}`,
  );
  for (const group of groups.values()) {
    const first = group[0] as BatchNode;
    const shape = { props: shapeOf(first.props), defaults: shapeOf(first.defaults) };
    const statement = statementFor(first.label, shape);
    // Nothing to write: a node the batch only names again, with no property.
    if (statement === null) continue;
    for (const part of chunks(group)) {
      await session.run(statement, { rows: part.map((node) => nodeRow(node, shape)) });
    }
  }
}

async function storedIds(
  session: KuzuSession,
  label: NodeLabel,
  nodes: readonly BatchNode[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(nodes.map((node) => node.id))) {
    const rows = await session.run(
      `UNWIND $ids AS i MATCH (n:${quoteIdent(label)} {id: i}) RETURN n.id AS id`,
      {
        ids: part,
      },
    );
    for (const row of rows) found.add(String(row.id));
  }
  return found;
}

/** Which properties and defaults a statement writes (the non-null ones, sorted). */
interface Shape {
  props: string[];
  defaults: string[];
}

/** The non-null values, sorted by name; empty lists count as null (Kuzu cannot type them). */
function shapeOf(values: Record<string, PropertyValue> | undefined): string[] {
  return Object.entries(values ?? {})
    .filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    )
    .map(([name]) => name)
    .sort();
}

/** A node created with no name is named by its id until some source names it. */
function createStatement(label: NodeLabel, shape: Shape): string {
  const properties = ["id: r.id", "sources: r.sources"];
  for (const name of shape.props) properties.push(`${quoteIdent(name)}: ${readRowValue(label, name)}`);
  for (const name of shape.defaults) {
    properties.push(`${quoteIdent(name)}: ${readRowValue(label, name, DEFAULT_PREFIX)}`);
  }
  if (!shape.props.includes("name") && !shape.defaults.includes("name")) properties.push("name: r.id");
  return `UNWIND $rows AS r CREATE (n:${quoteIdent(label)} {${properties.join(", ")}})`;
}

/** Properties overwrite; defaults fill what is null (a name: null or still the id placeholder). */
function updateStatement(label: NodeLabel, shape: Shape, withSources = true): string | null {
  const assignments = withSources
    ? [
        "n.sources = CASE WHEN n.sources IS NULL THEN r.sources ELSE list_sort(list_distinct(list_concat(n.sources, r.sources))) END",
      ]
    : [];
  for (const name of shape.props) assignments.push(`n.${quoteIdent(name)} = ${readRowValue(label, name)}`);
  for (const name of shape.defaults) {
    const value = readRowValue(label, name, DEFAULT_PREFIX);
    const column = `n.${quoteIdent(name)}`;
    assignments.push(
      name === "name"
        ? `${column} = CASE WHEN ${column} IS NULL OR ${column} = n.id THEN ${value} ELSE ${column} END`
        : `${column} = coalesce(${column}, ${value})`,
    );
  }
  if (assignments.length === 0) return null;
  return `UNWIND $rows AS r MATCH (n:${quoteIdent(label)} {id: r.id}) SET ${assignments.join(", ")}`;
}

/** Row fields carrying defaults are prefixed, so a property and a default never share a field. */
const DEFAULT_PREFIX = "default:";

function readRowValue(label: NodeLabel, name: string, prefix = ""): string {
  const field = `r.${quoteIdent(prefix + name)}`;
  const type = nodePropertyType(label, name);
  if (type === "DOUBLE") return `cast(${field} AS DOUBLE)`;
  if (type === "DOUBLE[]") return `cast(${field} AS DOUBLE[])`;
  return field;
}

function nodeRow(node: BatchNode, shape: Shape): KuzuParams {
  const row: KuzuParams = { id: node.id, sources: node.sources };
  for (const name of shape.props) {
    const type = nodePropertyType(node.label, name) as PropertyType;
    row[name] = encodeValue(node.props[name] as PropertyValue, type);
  }
  for (const name of shape.defaults) {
    const type = nodePropertyType(node.label, name) as PropertyType;
    row[DEFAULT_PREFIX + name] = encodeValue(node.defaults?.[name] as PropertyValue, type);
  }
  return row;
}

function encodeValue(value: PropertyValue, type: PropertyType): KuzuParam {
  if (type === "DOUBLE") return String(value);
  if (type === "DOUBLE[]" && Array.isArray(value)) return value.map((item) => String(item));
  return value;
}
