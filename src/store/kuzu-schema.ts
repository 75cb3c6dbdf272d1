/**
 * Kuzu DDL derived from the graph schema (src/graph/schema.ts): one node table per label,
 * one relationship table per type listing every FROM/TO pair it allows. Pure functions, so
 * the schema has a single source of truth and the DDL can be checked without a database.
 */
import {
  NODE_LABELS,
  NODE_PROPERTIES,
  type NodeLabel,
  type PropertyType,
  REL_ENDPOINTS,
  REL_PROPERTIES,
  REL_TYPES,
  type RelType,
} from "../graph/schema.js";

/** Backtick-quotes an identifier: property names such as `date` or `path` collide with Cypher words. */
export function quoteIdent(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

export function nodePropertyType(label: NodeLabel, property: string): PropertyType | undefined {
  const properties: Readonly<Record<string, PropertyType>> = NODE_PROPERTIES[label];
  return Object.hasOwn(properties, property) ? properties[property] : undefined;
}

export interface RelPair {
  type: RelType;
  fromLabel: NodeLabel;
  toLabel: NodeLabel;
}

/**
 * Every (type, from label, to label) the schema allows: Kuzu keeps one physical table per
 * pair, and the store's own scans address them one at a time (see kuzu-remove.ts for why).
 */
export const REL_PAIRS: readonly RelPair[] = REL_TYPES.flatMap((type) =>
  REL_ENDPOINTS[type].map(([fromLabel, toLabel]) => ({ type, fromLabel, toLabel })),
);

export function nodeTableDdl(label: NodeLabel): string {
  const columns = Object.entries(NODE_PROPERTIES[label]).map(([name, type]) =>
    name === "id" ? `${quoteIdent(name)} STRING PRIMARY KEY` : `${quoteIdent(name)} ${type}`,
  );
  return `CREATE NODE TABLE IF NOT EXISTS ${quoteIdent(label)}(${columns.join(", ")})`;
}

export function relTableDdl(type: RelType): string {
  const pairs = REL_ENDPOINTS[type].map(([from, to]) => `FROM ${quoteIdent(from)} TO ${quoteIdent(to)}`);
  const columns = Object.entries(REL_PROPERTIES).map(
    ([name, propertyType]) => `${quoteIdent(name)} ${propertyType}`,
  );
  return `CREATE REL TABLE IF NOT EXISTS ${quoteIdent(type)}(${[...pairs, ...columns].join(", ")})`;
}

/** Every statement, node tables first (relationship tables reference them). */
export function schemaStatements(): string[] {
  return [...NODE_LABELS.map(nodeTableDdl), ...REL_TYPES.map(relTableDdl)];
}

/** What a database already has: columns per table, and `from|to` pairs per relationship table. */
export interface ExistingSchema {
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  pairs: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * ALTER statements bringing a database made by an older notegraph up to the schema: new
 * columns (null in existing rows) and new endpoint pairs. `CREATE ... IF NOT EXISTS` leaves
 * an existing table as it is, so without this an upgrade would fail on the first new property.
 */
export function migrationStatements(existing: ExistingSchema): string[] {
  const statements: string[] = [];
  const addColumns = (table: string, columns: Record<string, string>): void => {
    const have = existing.columns.get(table);
    if (!have) return;
    for (const [name, type] of Object.entries(columns)) {
      if (!have.has(name))
        statements.push(`ALTER TABLE ${quoteIdent(table)} ADD ${quoteIdent(name)} ${type}`);
    }
  };
  for (const label of NODE_LABELS) addColumns(label, NODE_PROPERTIES[label]);
  for (const type of REL_TYPES) {
    addColumns(type, REL_PROPERTIES);
    const have = existing.pairs.get(type);
    if (!have) continue;
    for (const [from, to] of REL_ENDPOINTS[type]) {
      if (!have.has(`${from}|${to}`)) {
        statements.push(`ALTER TABLE ${quoteIdent(type)} ADD FROM ${quoteIdent(from)} TO ${quoteIdent(to)}`);
      }
    }
  }
  return statements;
}
