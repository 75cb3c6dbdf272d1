/**
 * The Neo4j server's own ceiling for an arXiv import, measured on the same records: the graph
 * the import writes (nodes merged by id, relationships by their endpoints), written with the
 * plainest statements a client has (UNWIND batches of 10,000 rows that CREATE every node, then
 * CREATE every relationship between nodes found by their unique id), with nothing read,
 * checked, looked up first or merged during the timed write. No import can write this graph
 * faster on the same server, so the bench reports the import's papers/s beside this one: an
 * aim above the ceiling is out of reach on that machine whatever the client does.
 *
 * Runs in the snapshot bench's child process (bench/snapshot-child.ts, job `neo4j-ceiling`),
 * on a database the bench has emptied; the schema (the unique `id` constraints the MATCHes
 * use) is the store's own.
 */
import neo4j, { type Driver } from "neo4j-driver";
import { readSnapshot } from "../ingest/arxiv/snapshot.js";
import { toArxivDelta } from "../ingest/arxiv/to-delta.js";
import type { EdgeRecord, PropertyValue } from "../src/graph/delta.js";
import { openStore } from "../src/store/open.js";
import { loadAverageNow, type Sample } from "./measure.js";

/** `seconds` and `cpuSeconds` (this client's) are the write's alone: reading the records and building the graph come before. */
export interface CeilingResult extends Sample {
  records: number;
  nodes: number;
  relationships: number;
  papersPerSecond: number;
}

const ROWS = 10_000;

type Row = Record<string, PropertyValue | readonly string[]>;

interface CeilingGraph {
  /** Rows per label, each with its id, name and sources. */
  nodes: Map<string, Map<string, Row>>;
  /** Rows per `type|fromLabel|toLabel`, keyed by their endpoints. */
  edges: Map<string, Map<string, { from: string; to: string; props: Row }>>;
}

/** The graph of the first `limit` records, merged as the store merges it (first values, sources added up). */
export async function ceilingGraph(
  file: string,
  limit: number,
): Promise<{ graph: CeilingGraph; records: number }> {
  const graph: CeilingGraph = { nodes: new Map(), edges: new Map() };
  let records = 0;
  for await (const item of readSnapshot(file)) {
    if ("error" in item) continue;
    if (records >= limit) break;
    records++;
    const delta = toArxivDelta(item.record, "arxiv/snapshot");
    for (const node of delta.nodes) {
      const table = graph.nodes.get(node.label) ?? new Map<string, Row>();
      graph.nodes.set(node.label, table);
      const row = table.get(node.id);
      if (row) (row.sources as string[]).push(delta.source);
      else
        table.set(node.id, {
          ...present(node.props),
          id: node.id,
          name: String(node.props.name ?? node.id),
          sources: [delta.source],
        });
    }
    for (const edge of delta.edges) {
      const group = `${edge.type}|${edge.fromLabel}|${edge.toLabel}`;
      const table = graph.edges.get(group) ?? new Map();
      graph.edges.set(group, table);
      const key = `${edge.from}\u0000${edge.to}`;
      const row = table.get(key);
      if (row) (row.props.sources as string[]).push(delta.source);
      else
        table.set(key, {
          from: edge.from,
          to: edge.to,
          props: { ...edgeProps(edge), sources: [delta.source] },
        });
    }
  }
  return { graph, records };
}

function present(props: Record<string, PropertyValue>): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(props))
    if (value !== null && value !== undefined) row[key] = value;
  return row;
}

function edgeProps(edge: EdgeRecord): Row {
  const { type: _t, fromLabel: _fl, from: _f, toLabel: _tl, to: _to, ...props } = edge;
  return present(props as Record<string, PropertyValue>);
}

async function writeGraph(driver: Driver, graph: CeilingGraph): Promise<void> {
  const session = driver.session();
  try {
    for (const [label, table] of graph.nodes) {
      const rows = [...table.values()];
      for (let i = 0; i < rows.length; i += ROWS) {
        await session.executeWrite((tx) =>
          tx.run(`UNWIND $rows AS r CREATE (n:\`${label}\`) SET n = r`, { rows: rows.slice(i, i + ROWS) }),
        );
      }
    }
    for (const [group, table] of graph.edges) {
      const [type, fromLabel, toLabel] = group.split("|");
      const rows = [...table.values()];
      for (let i = 0; i < rows.length; i += ROWS) {
        await session.executeWrite((tx) =>
          tx.run(
            `UNWIND $rows AS r MATCH (a:\`${fromLabel}\` {id: r.from}) MATCH (b:\`${toLabel}\` {id: r.to})
             CREATE (a)-[e:\`${type}\`]->(b) SET e = r.props`,
            { rows: rows.slice(i, i + ROWS) },
          ),
        );
      }
    }
  } finally {
    await session.close();
  }
}

/** Reads the records, applies the store's schema, then times the plain write of their graph. */
export async function measureCeiling(file: string, limit: number, uri: string): Promise<CeilingResult> {
  const { graph, records } = await ceilingGraph(file, limit);
  const store = await openStore({ dataDir: ".kg/bench-unused", neo4jUri: uri });
  try {
    await store.applySchema();
  } finally {
    await store.close();
  }
  // As the store connects: credentials only when a password is set (the local server runs without).
  const password = process.env.NEO4J_PASSWORD;
  const driver = neo4j.driver(
    uri,
    password ? neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", password) : undefined,
  );
  try {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await writeGraph(driver, graph);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const count = (tables: Map<string, Map<string, unknown>>) =>
      [...tables.values()].reduce((sum, table) => sum + table.size, 0);
    return {
      records,
      nodes: count(graph.nodes),
      relationships: count(graph.edges),
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loadAfter: loadAverageNow(),
      papersPerSecond: records / seconds,
    };
  } finally {
    await driver.close();
  }
}
