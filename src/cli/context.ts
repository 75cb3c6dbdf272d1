/**
 * What every command shares: the global options, opening the store, and printing
 * problems to stderr like a compiler. stdout is for results only.
 */
import { formatProblem, type Problem } from "../problems.js";
import { KuzuStore } from "../store/kuzu.js";
import { DEFAULT_DATA_DIR, openStore, type StoreOptions } from "../store/open.js";
import type { GraphStore } from "../store/types.js";
import { holdWriter } from "./closed-output.js";
import { explainLocked } from "./holders.js";

export interface GlobalOptions {
  dataDir: string;
  neo4jUri?: string;
  neo4jUser?: string;
  neo4jPassword?: string;
  neo4jDatabase?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function resolveGlobals(raw: Partial<GlobalOptions>): GlobalOptions {
  return {
    dataDir: raw.dataDir ?? process.env.KG_DATA_DIR ?? DEFAULT_DATA_DIR,
    ...((raw.neo4jUri ?? process.env.NEO4J_URI) ? { neo4jUri: raw.neo4jUri ?? process.env.NEO4J_URI } : {}),
    ...(raw.neo4jUser ? { neo4jUser: raw.neo4jUser } : {}),
    ...(raw.neo4jPassword ? { neo4jPassword: raw.neo4jPassword } : {}),
    ...(raw.neo4jDatabase ? { neo4jDatabase: raw.neo4jDatabase } : {}),
    quiet: raw.quiet ?? false,
    verbose: raw.verbose ?? false,
  };
}

export function withStore<T>(
  globals: GlobalOptions,
  readOnly: boolean,
  run: (store: GraphStore) => Promise<T>,
  extra: Pick<StoreOptions, "sharedReads" | "bufferPoolHint"> & { command?: string } = {},
): Promise<T> {
  const { command, ...options } = extra;
  const opened = openStore({ ...storeOptions(globals, readOnly), ...options }).catch((error: unknown) => {
    throw explainLocked(error, globals.dataDir, command ?? "kg");
  });
  return opened.then(async (store) => {
    const release = readOnly ? () => undefined : holdWriter();
    if (store instanceof KuzuStore && store.recovery) {
      info(
        globals,
        store.recovery.kind === "rolled-back"
          ? `kg: a run that started ${store.recovery.since} was interrupted before it finished; the graph was rolled back to that run's last savepoint (its start, or at most about a minute before it stopped). Run that command again to finish it.`
          : "kg: a run was interrupted before it wrote anything; its leftovers were cleared.",
      );
    }
    try {
      return await run(store);
    } finally {
      await store.close();
      release();
    }
  });
}

/** Where the global options point: the embedded store in the data dir, or Neo4j. */
export function storeOptions(globals: GlobalOptions, readOnly: boolean): StoreOptions {
  return {
    dataDir: globals.dataDir,
    neo4jUri: globals.neo4jUri,
    neo4jUser: globals.neo4jUser,
    neo4jPassword: globals.neo4jPassword,
    neo4jDatabase: globals.neo4jDatabase,
    readOnly,
  };
}

export function printProblem(problem: Problem): void {
  process.stderr.write(`${formatProblem(problem)}\n`);
}

export function info(globals: GlobalOptions, message: string): void {
  if (!globals.quiet) process.stderr.write(`${message}\n`);
}
