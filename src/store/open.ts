/**
 * Store selection (DESIGN.md): a Neo4j URI (`--neo4j-uri` or NEO4J_URI, with NEO4J_USER,
 * NEO4J_PASSWORD, NEO4J_DATABASE) selects Neo4j; otherwise the embedded Kuzu database under
 * the data directory, created on first use.
 */
import { openKuzuStore } from "./kuzu.js";
import { openNeo4jStore } from "./neo4j.js";
import type { GraphStore } from "./types.js";

export interface StoreOptions {
  dataDir: string;
  neo4jUri?: string | undefined;
  neo4jUser?: string | undefined;
  neo4jPassword?: string | undefined;
  neo4jDatabase?: string | undefined;
  readOnly?: boolean;
  /** Embedded store, writable: also read on reader connections beside the writes (`kg serve --watch`). */
  sharedReads?: boolean;
  /** Embedded store: the buffer pool a large write expects to need (`bufferPoolBytes`). */
  bufferPoolHint?: number;
}

export const DEFAULT_DATA_DIR = ".kg";

export async function openStore(options: StoreOptions): Promise<GraphStore> {
  if (options.neo4jUri) {
    return openNeo4jStore({
      uri: options.neo4jUri,
      user: options.neo4jUser ?? process.env.NEO4J_USER,
      password: options.neo4jPassword ?? process.env.NEO4J_PASSWORD,
      database: options.neo4jDatabase ?? process.env.NEO4J_DATABASE,
    });
  }
  return openKuzuStore({
    dataDir: options.dataDir,
    readOnly: options.readOnly ?? false,
    sharedReads: options.sharedReads ?? false,
    ...(options.bufferPoolHint ? { bufferPoolHint: options.bufferPoolHint } : {}),
  });
}
