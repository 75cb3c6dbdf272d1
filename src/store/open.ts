/**
 * Store selection (DESIGN.md): a Neo4j URI selects Neo4j; otherwise the embedded Kuzu
 * database under the data directory, created on first use.
 */
import { UsageError } from "../errors.js";
import { openKuzuStore } from "./kuzu.js";
import type { GraphStore } from "./types.js";

export interface StoreOptions {
  dataDir: string;
  neo4jUri?: string | undefined;
  readOnly?: boolean;
}

export const DEFAULT_DATA_DIR = ".kg";

export async function openStore(options: StoreOptions): Promise<GraphStore> {
  if (options.neo4jUri) {
    throw new UsageError(
      `the Neo4j store is not built yet (got --neo4j-uri ${options.neo4jUri}); leave it unset to use the embedded store in ${options.dataDir}`,
    );
  }
  return openKuzuStore({ dataDir: options.dataDir, readOnly: options.readOnly ?? false });
}
