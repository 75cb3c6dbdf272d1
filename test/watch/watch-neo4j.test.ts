/**
 * The watch session on Neo4j, on a server of this file's own (the suite empties its database
 * before each test): test/helpers/own-neo4j.ts.
 */
import { afterAll, beforeAll } from "vitest";
import { openNeo4jStore } from "../../src/store/neo4j.js";
import { type LocalNeo4j, OWN_NEO4J_SKIP, startOwnNeo4j } from "../helpers/own-neo4j.js";
import { watchSuite } from "./watch-suite.js";

let server: LocalNeo4j | null = null;

beforeAll(async () => {
  if (OWN_NEO4J_SKIP === null) server = await startOwnNeo4j();
}, 300_000);

afterAll(async () => {
  await server?.dispose();
});

watchSuite(
  "neo4j",
  async () => {
    if (!server) throw new Error("no Neo4j server");
    const store = await openNeo4jStore({ uri: server.uri });
    await store.query("MATCH (n) DETACH DELETE n");
    return store;
  },
  OWN_NEO4J_SKIP,
);
