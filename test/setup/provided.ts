/**
 * What the global setup (test/setup/global.ts) hands the test files through vitest's
 * provide/inject: the Neo4j server they share, and whether a file may start one of its own.
 */

export interface Neo4jForTests {
  /** The server the test files share: the user's NEO4J_URI, or the local one the setup started. */
  uri: string | null;
  /** NEO4J_PASSWORD, with the user's own server; null with the local one (it runs without auth). */
  password: string | null;
  /** Why there is no shared server; null when there is one. */
  skip: string | null;
  /** Why a file cannot start a local Neo4j of its own (bench/local-neo4j.ts); null when it can. */
  ownSkip: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: Neo4jForTests;
  }
}
