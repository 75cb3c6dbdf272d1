/**
 * Attempts to write (to the graph, its schema, settings or files) through the read-only
 * doors: `kg query` without --write and `POST /api/cypher`. Run on both stores through both
 * doors by test/security/run-corpus.ts (from bypass-kuzu.test.ts and test/store/neo4j.test.ts).
 *
 * Each attempt names what must happen, written here by hand (never captured from a run):
 * - `refused`: the layer that refuses it and its exact message. `guard` is the lexical guard
 *   (src/store/cypher-guard.ts), the first layer on both stores; `plan` is Neo4j's EXPLAIN
 *   check (src/store/neo4j-plan-check.ts), which only sees what the guard let through. Either
 *   way the message is "read-only query refused: <found> <reason> (writes need ...)", with a
 *   403 from the API and exit code 1 from the CLI.
 * - `invalid`: refused before it is run. `parser`: a statement the engine's parser rejects (a
 *   keyword in backticks is a name), its syntax error; `params`: a parameter name that is not
 *   a name, refused by each door's own validation.
 * - `data`: parameters are values, never Cypher; the query runs and the value comes back as it was.
 * In every case nothing is written: `kg stats --fingerprint` is unchanged and no file appears.
 */
import { join } from "node:path";
import type { JsonValue } from "../../src/store/types.js";

export type StoreKind = "kuzu" | "neo4j";
type PerStore<T> = T | { kuzu: T; neo4j: T };

/** Who refuses an attempt, and what it says it found and why. */
export interface Refusal {
  by: "guard" | "plan";
  found: string;
  reason: string;
}

export type Invalid =
  /** The engine's syntax error: the lexical guard let the text through, the parser did not. */
  | { by: "parser"; message: PerStore<RegExp> }
  /** Refused by the door before any query: the CLI's --param parsing (exit 2), the API's body check (400). */
  | { by: "params"; cli: string; api: string };

export type BypassExpectation =
  | { refused: PerStore<Refusal> }
  | { invalid: Invalid }
  | { data: Record<string, JsonValue>[] };

export interface BypassAttempt {
  name: string;
  cypher: string;
  params?: Record<string, JsonValue>;
  /** The stores whose dialect it is written in; both when not given. */
  stores?: readonly StoreKind[];
  expect: BypassExpectation;
}

/** The whole message a refusal gives, through either door (the CLI prefixes "kg: "). */
export const refusalMessage = (refusal: Refusal): string =>
  `read-only query refused: ${refusal.found} ${refusal.reason} (writes need \`kg query --write\`)`;

// The reasons the layers give, as the docs promise them (docs/read-only.md).
const WRITES = "writes to the graph";
const SCHEMA = "changes the schema";
const FILES = "reads or writes files";
const LOADS = "reads files (LOAD CSV, LOAD FROM) or loads an extension";
const ADMIN = "is an administration command";
const SECOND_STATEMENT = "starts a second statement: send one at a time";
const KUZU_CALL = "is only allowed for Kuzu's catalogue functions";
const KUZU_FUNCTIONS =
  "is not one of the read-only functions allowed here (show_tables, table_info, show_connection, show_indexes, db_version, current_setting)";
const NEO4J_PROCEDURES =
  "is not on the allow-list of read-only procedures (db.labels, db.relationshipTypes, db.propertyKeys, db.schema.visualization, db.schema.nodeTypeProperties, db.schema.relTypeProperties, db.index.fulltext.queryNodes, db.index.fulltext.queryRelationships, db.index.vector.queryNodes)";

const guard = (found: string, reason: string): Refusal => ({ by: "guard", found, reason });
const plan = (found: string, reason: string): Refusal => ({ by: "plan", found, reason });

/** Smuggled text: Cypher that would write if it were ever pasted into the query. */
export const SMUGGLED =
  "x'}) CREATE (:Tag {id: 'tag:pwn', name: 'pwn'}) WITH 1 AS one MATCH (m) DETACH DELETE m //";

/** A parameter name that is Cypher. */
const SMUGGLED_NAME = "x}) CREATE (:Tag {id: 'tag:pwn'}) //";

/**
 * The corpus, with file paths under `dir` (an empty temporary folder holding only `in.csv`,
 * which the file-reading attempts point at).
 */
export function bypassCorpus(dir: string): BypassAttempt[] {
  const file = (name: string) => join(dir, name);
  const refused = (refusal: PerStore<Refusal>): BypassExpectation => ({ refused: refusal });
  return [
    // Write clauses in every case and spacing.
    {
      name: "CREATE",
      cypher: "CREATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(guard("CREATE", WRITES)),
    },
    {
      name: "mixed case",
      cypher: "cReAtE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(guard("CREATE", WRITES)),
    },
    {
      name: "lower-case MERGE",
      cypher: "merge (t:Tag {id: 'tag:pwn'}) RETURN t.id",
      expect: refused(guard("MERGE", WRITES)),
    },
    {
      name: "after a read, across lines",
      cypher: "MATCH (n:Note)\nWITH n LIMIT 1\n   CREATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(guard("CREATE", WRITES)),
    },
    { name: "tabs", cypher: "MATCH (m:Model)\tSET\tm.name = 'pwn'", expect: refused(guard("SET", WRITES)) },
    {
      name: "comments as spaces",
      cypher: "MATCH (m:Model)/*x*/SET/**/m.name='pwn'",
      expect: refused(guard("SET", WRITES)),
    },
    {
      name: "after a line comment",
      cypher: "MATCH (m:Model) // only reading here\nDETACH DELETE m",
      expect: refused(guard("DETACH", "deletes (DETACH DELETE) or detaches a database")),
    },
    {
      name: "REMOVE",
      cypher: "MATCH (m:Model) REMOVE m.description",
      expect: refused(guard("REMOVE", WRITES)),
    },
    {
      name: "DELETE a relationship",
      cypher: "MATCH ()-[r:USES_LOSS]->() DELETE r",
      expect: refused(guard("DELETE", WRITES)),
    },
    // String, name and escape tricks.
    {
      // Kuzu's lexer steps over `**` inside a comment, so slash-star-star-star-slash does not
      // close it there: a guard reading the first star-slash would see a string where Kuzu sees COPY.
      name: "a comment the engines end in different places",
      cypher: `/***/ ' */ COPY (MATCH (m:Model) RETURN m.name) TO '${file("leak.csv")}' //'`,
      expect: refused(
        guard("/* ** */", "is a comment holding `**`, which the engines end in different places"),
      ),
    },
    {
      name: "a comment that never closes",
      cypher: "MATCH (m:Model) RETURN m /* SET m.name = 'pwn'",
      expect: refused(guard("/*", "opens a comment that never closes")),
    },
    {
      name: "a string that never closes",
      cypher: "MATCH (m:Model) RETURN 'x SET m.name = 1",
      expect: refused(guard("'", "opens a literal that never closes")),
    },
    {
      name: "a doubled backtick closing a name",
      cypher: "MATCH (m:Model) RETURN m.name AS `a``` SET m.name = 'pwn'",
      expect: refused(guard("SET", WRITES)),
    },
    {
      name: "a string ending in an escaped backslash",
      cypher: "MATCH (m:Model) WHERE m.name <> 'x\\\\' SET m.name = 'pwn'",
      expect: refused(guard("SET", WRITES)),
    },
    {
      name: "a Unicode escape spelling CREATE",
      cypher: "\\u0043REATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(
        guard(
          "\\",
          "stands outside a string literal (escapes belong in strings; names are quoted with backticks)",
        ),
      ),
    },
    {
      name: "a keyword in backticks is a name, not a clause",
      cypher: "MATCH (m:Model) `SET` m.name = 'pwn'",
      expect: {
        invalid: {
          by: "parser",
          message: {
            kuzu: /^Parser exception: Invalid input <MATCH \(m:Model\) `SET`>/,
            neo4j: /^Invalid input '`SET`'.*\(Neo\.ClientError\.Statement\.SyntaxError\)$/s,
          },
        },
      },
    },
    // More than one statement.
    {
      name: "a second statement",
      cypher: "MATCH (n:Model) RETURN count(n) AS c; MATCH (m:Model) DETACH DELETE m",
      expect: refused(guard(";", SECOND_STATEMENT)),
    },
    {
      name: "a string holding ';' before a second statement",
      cypher: "RETURN 'a;b' AS s; CREATE (:Tag {id: 'tag:pwn', name: 'pwn'})",
      expect: refused(guard(";", SECOND_STATEMENT)),
    },
    // Subqueries, FOREACH.
    {
      name: "CALL { } IN TRANSACTIONS",
      cypher: "CALL { MATCH (m:Model) RETURN m.name AS name } IN TRANSACTIONS OF 1 ROWS RETURN name",
      expect: refused({
        neo4j: guard("CALL { ... } IN TRANSACTIONS", "commits batches of its own"),
        kuzu: guard("CALL", KUZU_CALL),
      }),
    },
    {
      name: "a write inside a subquery",
      cypher: "MATCH (m:Model) CALL (m) { SET m.name = 'pwn' } RETURN count(*) AS n",
      expect: refused({ neo4j: guard("SET", WRITES), kuzu: guard("CALL", KUZU_CALL) }),
    },
    {
      name: "FOREACH",
      cypher: "MATCH (m:Model) FOREACH (x IN [1] | SET m.name = 'pwn')",
      expect: refused(guard("FOREACH", WRITES)),
    },
    // Files.
    {
      name: "LOAD CSV",
      cypher: `LOAD CSV FROM 'file://${file("in.csv")}' AS row RETURN row`,
      expect: refused(guard("LOAD", LOADS)),
    },
    {
      name: "LOAD FROM",
      cypher: `LOAD FROM '${file("in.csv")}' RETURN *`,
      expect: refused(guard("LOAD", LOADS)),
    },
    {
      name: "COPY TO a file",
      cypher: `COPY (MATCH (m:Model) RETURN m.name) TO '${file("leak.csv")}'`,
      expect: refused(guard("COPY", FILES)),
    },
    {
      name: "COPY FROM a file",
      cypher: `COPY Tag FROM '${file("in.csv")}'`,
      expect: refused(guard("COPY", FILES)),
    },
    {
      name: "EXPORT DATABASE",
      cypher: `EXPORT DATABASE '${file("export")}'`,
      expect: refused(guard("EXPORT", FILES)),
    },
    {
      name: "IMPORT DATABASE",
      cypher: `IMPORT DATABASE '${file("export")}'`,
      expect: refused(guard("IMPORT", FILES)),
    },
    {
      name: "ATTACH a database",
      cypher: `ATTACH '${file("other.kuzu")}' AS other (dbtype kuzu)`,
      expect: refused(guard("ATTACH", "attaches another database")),
    },
    {
      name: "USE another database",
      cypher: "USE system SHOW USERS",
      expect: refused(guard("USE", "switches to another database")),
    },
    {
      name: "INSTALL an extension",
      cypher: "INSTALL httpfs",
      expect: refused(guard("INSTALL", "installs an extension")),
    },
    {
      name: "LOAD an extension",
      cypher: `LOAD EXTENSION '${file("evil.kuzu_extension")}'`,
      expect: refused(guard("LOAD", LOADS)),
    },
    // Schema and administration.
    {
      name: "CREATE INDEX",
      cypher: "CREATE INDEX pwn FOR (n:Tag) ON (n.name)",
      stores: ["neo4j"],
      expect: refused(guard("CREATE", WRITES)),
    },
    {
      name: "CREATE CONSTRAINT",
      cypher: "CREATE CONSTRAINT pwn FOR (n:Tag) REQUIRE n.name IS UNIQUE",
      stores: ["neo4j"],
      expect: refused(guard("CREATE", WRITES)),
    },
    {
      name: "DROP INDEX",
      cypher: "DROP INDEX node_text",
      stores: ["neo4j"],
      expect: refused(guard("DROP", SCHEMA)),
    },
    {
      name: "CREATE NODE TABLE",
      cypher: "CREATE NODE TABLE Pwn(id STRING, PRIMARY KEY(id))",
      stores: ["kuzu"],
      expect: refused(guard("CREATE", WRITES)),
    },
    {
      name: "DROP TABLE",
      cypher: "DROP TABLE Tag",
      stores: ["kuzu"],
      expect: refused(guard("DROP", SCHEMA)),
    },
    {
      name: "ALTER TABLE",
      cypher: "ALTER TABLE Tag ADD pwn STRING",
      stores: ["kuzu"],
      expect: refused(guard("ALTER", SCHEMA)),
    },
    {
      name: "ALTER DATABASE",
      cypher: "ALTER DATABASE neo4j SET ACCESS READ ONLY",
      stores: ["neo4j"],
      expect: refused(guard("ALTER", SCHEMA)),
    },
    {
      name: "COMMENT ON TABLE",
      cypher: "COMMENT ON TABLE Tag IS 'pwn'",
      stores: ["kuzu"],
      expect: refused(guard("COMMENT", ADMIN)),
    },
    {
      name: "CHECKPOINT",
      cypher: "CHECKPOINT",
      expect: refused(guard("CHECKPOINT", "writes the database files")),
    },
    { name: "COMMIT", cypher: "COMMIT", expect: refused(guard("COMMIT", "controls transactions")) },
    {
      name: "TERMINATE TRANSACTIONS",
      cypher: "TERMINATE TRANSACTIONS 'neo4j-transaction-999999'",
      stores: ["neo4j"],
      expect: refused(guard("TERMINATE", "stops other users' transactions")),
    },
    {
      name: "SHOW TRANSACTIONS (other users' queries)",
      cypher: "SHOW TRANSACTIONS",
      stores: ["neo4j"],
      expect: refused(guard("SHOW", ADMIN)),
    },
    // Procedures and functions. On Neo4j the guard lets CALL through: the plan check decides.
    {
      name: "a procedure that writes",
      cypher: "CALL db.createLabel('Pwn')",
      stores: ["neo4j"],
      expect: refused(plan("CALL db.createLabel", NEO4J_PROCEDURES)),
    },
    {
      name: "a procedure that reads the server's configuration",
      cypher: "CALL dbms.listConfig() YIELD name RETURN name",
      stores: ["neo4j"],
      expect: refused(plan("CALL dbms.listConfig", NEO4J_PROCEDURES)),
    },
    {
      name: "a procedure inside a subquery",
      cypher: "CALL { CALL dbms.listConfig() YIELD name RETURN name } RETURN name",
      stores: ["neo4j"],
      expect: refused(plan("CALL dbms.listConfig", NEO4J_PROCEDURES)),
    },
    {
      name: "a setting",
      cypher: "CALL threads=1",
      stores: ["kuzu"],
      expect: refused(guard("CALL threads", "changes a setting")),
    },
    {
      name: "a function that writes an index",
      cypher: "CALL create_fts_index('Concept', 'pwn', ['name'])",
      stores: ["kuzu"],
      expect: refused(guard("CALL create_fts_index", KUZU_FUNCTIONS)),
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
      params: { [SMUGGLED_NAME]: 1 },
      expect: {
        invalid: {
          by: "params",
          cli: `--param ${SMUGGLED_NAME}:=1: expected name=value (text) or name:=json`,
          api: `params.${SMUGGLED_NAME}: invalid name (parameter names are letters, digits and _)`,
        },
      },
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
