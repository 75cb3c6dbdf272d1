/**
 * Attempts to write (to the graph, its schema, settings or files) through the read-only
 * doors: `kg query` without --write and `POST /api/cypher`. Run on both stores through both
 * doors by test/security/bypass-kuzu.test.ts and test/store/neo4j.test.ts.
 *
 * What each must do:
 * - `refused`: 403 from the API, exit code 1 from the CLI, and a message naming what was found
 *   ("read-only query refused: <found> <why>").
 * - `invalid`: a statement neither engine accepts as written (a keyword in backticks is a name):
 *   400 from the API, a non-zero exit code from the CLI, the engine's syntax error.
 * - `data`: parameters are values, never Cypher; the query runs and the value comes back as it was.
 * In every case nothing is written: the graph's fingerprint is unchanged and no file appears.
 */
import { join } from "node:path";
import type { JsonValue } from "../../src/store/types.js";

export type StoreKind = "kuzu" | "neo4j";
type PerStore<T> = T | { kuzu: T; neo4j: T };

export type BypassExpectation =
  | { refused: PerStore<RegExp> }
  | { invalid: PerStore<RegExp> }
  | { data: Record<string, JsonValue>[] };

export interface BypassAttempt {
  name: string;
  cypher: string;
  params?: Record<string, JsonValue>;
  /** The stores whose dialect it is written in; both when not given. */
  stores?: readonly StoreKind[];
  expect: BypassExpectation;
}

/** Smuggled text: Cypher that would write if it were ever pasted into the query. */
export const SMUGGLED =
  "x'}) CREATE (:Tag {id: 'tag:pwn', name: 'pwn'}) WITH 1 AS one MATCH (m) DETACH DELETE m //";

/**
 * The corpus, with file paths under `dir` (an empty temporary folder holding only `in.csv`,
 * which the file-reading attempts point at).
 */
export function bypassCorpus(dir: string): BypassAttempt[] {
  const file = (name: string) => join(dir, name);
  const refused = (pattern: PerStore<RegExp>): BypassExpectation => ({ refused: pattern });
  return [
    // Write clauses in every case and spacing.
    {
      name: "CREATE",
      cypher: "CREATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(/CREATE writes/),
    },
    {
      name: "mixed case",
      cypher: "cReAtE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(/CREATE writes/),
    },
    {
      name: "lower-case MERGE",
      cypher: "merge (t:Tag {id: 'tag:pwn'}) RETURN t.id",
      expect: refused(/MERGE writes/),
    },
    {
      name: "after a read, across lines",
      cypher: "MATCH (n:Note)\nWITH n LIMIT 1\n   CREATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(/CREATE writes/),
    },
    { name: "tabs", cypher: "MATCH (m:Model)\tSET\tm.name = 'pwn'", expect: refused(/SET writes/) },
    {
      name: "comments as spaces",
      cypher: "MATCH (m:Model)/*x*/SET/**/m.name='pwn'",
      expect: refused(/SET writes/),
    },
    {
      name: "after a line comment",
      cypher: "MATCH (m:Model) // only reading here\nDETACH DELETE m",
      expect: refused(/DETACH deletes/),
    },
    { name: "REMOVE", cypher: "MATCH (m:Model) REMOVE m.description", expect: refused(/REMOVE writes/) },
    {
      name: "DELETE a relationship",
      cypher: "MATCH ()-[r:USES_LOSS]->() DELETE r",
      expect: refused(/DELETE writes/),
    },
    // String, name and escape tricks.
    {
      // Kuzu's lexer steps over `**` inside a comment, so slash-star-star-star-slash does not
      // close it there: a guard reading the first star-slash would see a string where Kuzu sees COPY.
      name: "a comment the engines end in different places",
      cypher: `/***/ ' */ COPY (MATCH (m:Model) RETURN m.name) TO '${file("leak.csv")}' //'`,
      expect: refused(/comment holding `\*\*`/),
    },
    {
      name: "a comment that never closes",
      cypher: "MATCH (m:Model) RETURN m /* SET m.name = 'pwn'",
      expect: refused(/opens a comment that never closes/),
    },
    {
      name: "a string that never closes",
      cypher: "MATCH (m:Model) RETURN 'x SET m.name = 1",
      expect: refused(/opens a literal that never closes/),
    },
    {
      name: "a doubled backtick closing a name",
      cypher: "MATCH (m:Model) RETURN m.name AS `a``` SET m.name = 'pwn'",
      expect: refused(/SET writes/),
    },
    {
      name: "a string ending in an escaped backslash",
      cypher: "MATCH (m:Model) WHERE m.name <> 'x\\\\' SET m.name = 'pwn'",
      expect: refused(/SET writes/),
    },
    {
      name: "a Unicode escape spelling CREATE",
      cypher: "\\u0043REATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(/\\ stands outside a string literal/),
    },
    {
      name: "a keyword in backticks is a name, not a clause",
      cypher: "MATCH (m:Model) `SET` m.name = 'pwn'",
      expect: { invalid: { kuzu: /Parser exception/, neo4j: /SyntaxError|Invalid input/ } },
    },
    // More than one statement.
    {
      name: "a second statement",
      cypher: "MATCH (n:Model) RETURN count(n) AS c; MATCH (m:Model) DETACH DELETE m",
      expect: refused(/; starts a second statement/),
    },
    {
      name: "a string holding ';' before a second statement",
      cypher: "RETURN 'a;b' AS s; CREATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(/; starts a second statement/),
    },
    // Subqueries, FOREACH.
    {
      name: "CALL { } IN TRANSACTIONS",
      cypher: "CALL { MATCH (m:Model) RETURN m.name AS name } IN TRANSACTIONS OF 1 ROWS RETURN name",
      expect: refused({ neo4j: /IN TRANSACTIONS commits batches/, kuzu: /CALL is only allowed/ }),
    },
    {
      name: "a write inside a subquery",
      cypher: "MATCH (m:Model) CALL (m) { SET m.name = 'pwn' } RETURN count(*) AS n",
      expect: refused({ neo4j: /SET writes/, kuzu: /CALL is only allowed/ }),
    },
    {
      name: "FOREACH",
      cypher: "MATCH (m:Model) FOREACH (x IN [1] | SET m.name = 'pwn')",
      expect: refused(/FOREACH writes/),
    },
    // Files.
    {
      name: "LOAD CSV",
      cypher: `LOAD CSV FROM 'file://${file("in.csv")}' AS row RETURN row`,
      expect: refused(/LOAD reads files/),
    },
    {
      name: "LOAD FROM",
      cypher: `LOAD FROM '${file("in.csv")}' RETURN *`,
      expect: refused(/LOAD reads files/),
    },
    {
      name: "COPY TO a file",
      cypher: `COPY (MATCH (m:Model) RETURN m.name) TO '${file("leak.csv")}'`,
      expect: refused(/COPY reads or writes files/),
    },
    {
      name: "COPY FROM a file",
      cypher: `COPY Tag FROM '${file("in.csv")}'`,
      expect: refused(/COPY reads or writes files/),
    },
    {
      name: "EXPORT DATABASE",
      cypher: `EXPORT DATABASE '${file("export")}'`,
      expect: refused(/EXPORT reads or writes files/),
    },
    {
      name: "IMPORT DATABASE",
      cypher: `IMPORT DATABASE '${file("export")}'`,
      expect: refused(/IMPORT reads or writes files/),
    },
    {
      name: "ATTACH a database",
      cypher: `ATTACH '${file("other.kuzu")}' AS other (dbtype kuzu)`,
      expect: refused(/ATTACH attaches/),
    },
    { name: "USE another database", cypher: "USE system SHOW USERS", expect: refused(/USE switches/) },
    { name: "INSTALL an extension", cypher: "INSTALL httpfs", expect: refused(/INSTALL installs/) },
    {
      name: "LOAD an extension",
      cypher: `LOAD EXTENSION '${file("evil.kuzu_extension")}'`,
      expect: refused(/LOAD reads files/),
    },
    // Schema and administration.
    {
      name: "CREATE INDEX",
      cypher: "CREATE INDEX pwn FOR (n:Tag) ON (n.name)",
      stores: ["neo4j"],
      expect: refused(/CREATE writes/),
    },
    {
      name: "CREATE CONSTRAINT",
      cypher: "CREATE CONSTRAINT pwn FOR (n:Tag) REQUIRE n.name IS UNIQUE",
      stores: ["neo4j"],
      expect: refused(/CREATE writes/),
    },
    {
      name: "DROP INDEX",
      cypher: "DROP INDEX node_text",
      stores: ["neo4j"],
      expect: refused(/DROP changes the schema/),
    },
    {
      name: "CREATE NODE TABLE",
      cypher: "CREATE NODE TABLE Pwn(id STRING, PRIMARY KEY(id))",
      stores: ["kuzu"],
      expect: refused(/CREATE writes/),
    },
    {
      name: "DROP TABLE",
      cypher: "DROP TABLE Tag",
      stores: ["kuzu"],
      expect: refused(/DROP changes the schema/),
    },
    {
      name: "ALTER TABLE",
      cypher: "ALTER TABLE Tag ADD pwn STRING",
      stores: ["kuzu"],
      expect: refused(/ALTER changes the schema/),
    },
    {
      name: "ALTER DATABASE",
      cypher: "ALTER DATABASE neo4j SET ACCESS READ ONLY",
      stores: ["neo4j"],
      expect: refused(/ALTER changes the schema/),
    },
    {
      name: "COMMENT ON TABLE",
      cypher: "COMMENT ON TABLE Tag IS 'pwn'",
      stores: ["kuzu"],
      expect: refused(/COMMENT is an administration command/),
    },
    { name: "CHECKPOINT", cypher: "CHECKPOINT", expect: refused(/CHECKPOINT writes the database files/) },
    { name: "COMMIT", cypher: "COMMIT", expect: refused(/COMMIT controls transactions/) },
    {
      name: "TERMINATE TRANSACTIONS",
      cypher: "TERMINATE TRANSACTIONS 'neo4j-transaction-999999'",
      stores: ["neo4j"],
      expect: refused(/TERMINATE stops/),
    },
    {
      name: "SHOW TRANSACTIONS (other users' queries)",
      cypher: "SHOW TRANSACTIONS",
      stores: ["neo4j"],
      expect: refused(/SHOW is an administration command/),
    },
    // Procedures and functions.
    {
      name: "a procedure that writes",
      cypher: "CALL db.createLabel('Pwn')",
      stores: ["neo4j"],
      expect: refused(/CALL db.createLabel is not on the allow-list/),
    },
    {
      name: "a procedure that reads the server's configuration",
      cypher: "CALL dbms.listConfig() YIELD name RETURN name",
      stores: ["neo4j"],
      expect: refused(/CALL dbms.listConfig is not on the allow-list/),
    },
    {
      name: "a procedure inside a subquery",
      cypher: "CALL { CALL dbms.listConfig() YIELD name RETURN name } RETURN name",
      stores: ["neo4j"],
      expect: refused(/CALL dbms.listConfig is not on the allow-list/),
    },
    {
      name: "a setting",
      cypher: "CALL threads=1",
      stores: ["kuzu"],
      expect: refused(/CALL threads changes a setting/),
    },
    {
      name: "a function that writes an index",
      cypher: "CALL create_fts_index('Concept', 'pwn', ['name'])",
      stores: ["kuzu"],
      expect: refused(/CALL create_fts_index is not one of the read-only functions/),
    },
    // Parameters are values.
    {
      name: "a parameter holding Cypher",
      cypher: "WITH $p AS p OPTIONAL MATCH (m:Model) WHERE m.name = p RETURN m.name AS found, p AS echoed",
      params: { p: SMUGGLED },
      expect: { data: [{ found: null, echoed: SMUGGLED }] },
    },
    {
      name: "a list parameter holding Cypher",
      cypher: "UNWIND $items AS item RETURN item",
      params: { items: [SMUGGLED, "}) MERGE (x:Tag {id: 'tag:pwn'}) //"] },
      expect: { data: [{ item: SMUGGLED }, { item: "}) MERGE (x:Tag {id: 'tag:pwn'}) //" }] },
    },
    {
      name: "a parameter name holding Cypher",
      cypher: "RETURN 1 AS one",
      params: { "x}) CREATE (:Tag {id: 'tag:pwn'}) //": 1 },
      expect: { invalid: /expected name=value|parameter names are letters/ },
    },
  ];
}

/** The attempts written for `store`. */
export function corpusFor(store: StoreKind, dir: string): BypassAttempt[] {
  return bypassCorpus(dir).filter((attempt) => !attempt.stores || attempt.stores.includes(store));
}

export function forStore<T>(value: PerStore<T>, store: StoreKind): T {
  return value && typeof value === "object" && "kuzu" in value ? value[store] : (value as T);
}

/** `--param` arguments for the CLI: every value as JSON. */
export function cliParams(params: Record<string, JsonValue> | undefined): string[] {
  return Object.entries(params ?? {}).flatMap(([name, value]) => [
    "--param",
    `${name}:=${JSON.stringify(value)}`,
  ]);
}
