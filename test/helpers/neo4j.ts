/**
 * The Neo4j server the test files share, as the global setup (test/setup/global.ts) provides
 * it: the user's NEO4J_URI, or the project's local Neo4j it started for the run. Importing this
 * module is what asks the setup for that server (test/setup/needs.ts). Files that empty the
 * database here must not run beside others that keep data in it: use test/helpers/own-neo4j.ts.
 */
import { inject } from "vitest";
import "../setup/provided.js";
import { skippedName } from "../setup/skips.js";

const provided = inject("neo4j");

/** The shared server's URI; undefined when there is none (see NEO4J_SKIP). */
export const NEO4J_URI: string | undefined = provided?.uri ?? undefined;
/** The password for the user's own server; undefined with the local one (no auth). */
export const NEO4J_PASSWORD: string | undefined = provided?.password ?? undefined;
/** Why there is no shared server; null when there is one. */
export const NEO4J_SKIP: string | null = NEO4J_URI
  ? null
  : (provided?.skip ?? "no Neo4j: run the tests through vitest.config.ts, whose global setup provides it");

/** A suite's name that says why it is skipped when there is no server. */
export const neo4jSuite = (name: string): string => skippedName(name, NEO4J_SKIP);
