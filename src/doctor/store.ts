/**
 * Is the selected store usable? Kuzu: the database opens read-only (or is not created yet and
 * `kg ingest` can create it). Neo4j: the server answers within a short timeout, its version,
 * and whether cypher/schema.cypher is applied. Nothing is written, the schema is not applied.
 */
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";
import neo4j from "neo4j-driver";
import { KUZU_FILE, openKuzuStore } from "../store/kuzu.js";
import { schemaStatements } from "../store/neo4j.js";

export type StoreCheck =
  | {
      kind: "kuzu";
      status: "ok";
      path: string;
      nodes: number;
      relationships: number;
      recovered: string | null;
    }
  | { kind: "kuzu"; status: "not-created"; path: string; writable: boolean }
  | { kind: "kuzu"; status: "unavailable"; path: string; reason: string }
  | {
      kind: "neo4j";
      status: "ok";
      uri: string;
      database: string | null;
      serverVersion: string;
      edition: string;
      schema: { applied: number; missing: string[] };
    }
  | { kind: "neo4j"; status: "unreachable"; uri: string; reason: string };

export interface StoreTarget {
  dataDir: string;
  neo4jUri?: string | undefined;
  neo4jUser?: string | undefined;
  neo4jPassword?: string | undefined;
  neo4jDatabase?: string | undefined;
}

export const DEFAULT_NEO4J_TIMEOUT_MS = 5000;

/** Whether commands can use the store; "not created yet" counts when `kg ingest` could create it. */
export function storeUsable(check: StoreCheck): boolean {
  if (check.status === "not-created") return check.writable;
  return check.status === "ok";
}

export function checkStore(target: StoreTarget, timeoutMs = DEFAULT_NEO4J_TIMEOUT_MS): Promise<StoreCheck> {
  return target.neo4jUri
    ? checkNeo4j({ ...target, neo4jUri: target.neo4jUri }, timeoutMs)
    : checkKuzu(target.dataDir);
}

async function checkKuzu(dataDir: string): Promise<StoreCheck> {
  const file = path.resolve(dataDir, KUZU_FILE);
  if (!existsSync(file))
    return { kind: "kuzu", status: "not-created", path: file, writable: creatable(file) };
  try {
    const store = await openKuzuStore({ dataDir, readOnly: true });
    try {
      const stats = await store.stats();
      return {
        kind: "kuzu",
        status: "ok",
        path: file,
        nodes: stats.totalNodes,
        relationships: stats.totalRelationships,
        recovered:
          store.recovery?.kind === "rolled-back"
            ? `a run started ${store.recovery.since} had been interrupted; the graph was rolled back to before it`
            : store.recovery
              ? "an interrupted run that wrote nothing had left files behind; they were cleared"
              : null,
      };
    } finally {
      await store.close();
    }
  } catch (error) {
    return { kind: "kuzu", status: "unavailable", path: file, reason: (error as Error).message };
  }
}

/** The nearest existing folder on the way to `file` is writable: `kg ingest` can create the rest. */
function creatable(file: string): boolean {
  let dir = path.dirname(file);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Names the schema file creates: constraints and indexes. */
export function schemaNames(): string[] {
  return schemaStatements().flatMap((statement) => {
    const name = /^CREATE\s+(?:CONSTRAINT|(?:FULLTEXT|VECTOR|RANGE|TEXT|POINT)?\s*INDEX)\s+(\w+)/i.exec(
      statement,
    )?.[1];
    return name ? [name] : [];
  });
}

async function checkNeo4j(
  target: StoreTarget & { neo4jUri: string },
  timeoutMs: number,
): Promise<StoreCheck> {
  const uri = target.neo4jUri;
  const auth = target.neo4jPassword
    ? neo4j.auth.basic(target.neo4jUser ?? "neo4j", target.neo4jPassword)
    : undefined;
  let driver: ReturnType<typeof neo4j.driver> | undefined;
  try {
    driver = neo4j.driver(uri, auth, {
      userAgent: "notegraph-doctor",
      connectionTimeout: timeoutMs,
      connectionAcquisitionTimeout: timeoutMs,
      maxTransactionRetryTime: 0,
    });
    const opened = driver;
    return await withTimeout(
      (async (): Promise<StoreCheck> => {
        await opened.verifyConnectivity(target.neo4jDatabase ? { database: target.neo4jDatabase } : {});
        const session = opened.session({
          defaultAccessMode: neo4j.session.READ,
          ...(target.neo4jDatabase ? { database: target.neo4jDatabase } : {}),
        });
        try {
          const components = await session.run(
            "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition",
          );
          const first = components.records[0];
          const names = new Set<string>();
          for (const query of ["SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"]) {
            for (const record of (await session.run(query)).records) names.add(String(record.get("name")));
          }
          const expected = schemaNames();
          const missing = expected.filter((name) => !names.has(name));
          return {
            kind: "neo4j",
            status: "ok",
            uri,
            database: target.neo4jDatabase ?? null,
            serverVersion: String(first?.get("version") ?? "unknown"),
            edition: String(first?.get("edition") ?? "unknown"),
            schema: { applied: expected.length - missing.length, missing },
          };
        } finally {
          await session.close();
        }
      })(),
      timeoutMs,
      `no answer within ${timeoutMs} ms`,
    );
  } catch (error) {
    return { kind: "neo4j", status: "unreachable", uri, reason: explainNeo4jFailure(error) };
  } finally {
    await driver?.close().catch(() => undefined);
  }
}

/** The driver's message, shortened to its cause, with what to do about it. */
function explainNeo4jFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === "Neo.ClientError.Security.Unauthorized") {
    return `authentication failed (${message}): check NEO4J_USER / NEO4J_PASSWORD or neo4jUser / neo4jPassword`;
  }
  const cause = /Caused by: (.*)$/s.exec(message)?.[1]?.trim();
  const what = cause ? `cannot connect: ${cause}` : message;
  return `${what}. Start a server (\`npm run neo4j\`, \`docker compose up -d\`) or leave NEO4J_URI unset for the embedded store`;
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
