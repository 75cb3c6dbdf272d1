/**
 * A Neo4j of a test file's own, for suites that empty or kill their server: bench/local-neo4j.ts
 * starts the project's local Neo4j on a free port with a throw-away data directory. The global
 * setup (test/setup/global.ts) has built it when Java and Maven are here; OWN_NEO4J_SKIP says
 * why a file cannot have one otherwise. Importing this module is what asks the setup to build it.
 */
import { inject } from "vitest";
import "../setup/provided.js";

export { type LocalNeo4j, startLocalNeo4j as startOwnNeo4j } from "../../bench/local-neo4j.js";

const provided = inject("neo4j");

/** Why this machine cannot start a local Neo4j; null when it can. */
export const OWN_NEO4J_SKIP: string | null = provided
  ? provided.ownSkip
  : "no Neo4j: run the tests through vitest.config.ts, whose global setup builds the local one";
