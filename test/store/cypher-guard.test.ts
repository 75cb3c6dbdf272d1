import { describe, expect, it } from "vitest";
import { type CypherDialect, screenReadOnly } from "../../src/store/cypher-guard.js";

/** What the guard found in `cypher`, or null when it passes. */
function findWriteClause(cypher: string, dialect: CypherDialect = "kuzu"): string | null {
  return screenReadOnly(cypher, dialect)?.found ?? null;
}

describe("screenReadOnly, both dialects", () => {
  it("passes reads", () => {
    expect(
      findWriteClause("MATCH (n:Model)-[:USES_LOSS]->(l) RETURN n.name, count(l) ORDER BY n.name"),
    ).toBeNull();
    expect(findWriteClause("MATCH p = (a)-[*1..3]->(b) WHERE a.id = $id RETURN p LIMIT 10")).toBeNull();
    expect(findWriteClause("UNWIND [1, 2] AS x WITH x WHERE x > 1 RETURN x")).toBeNull();
    expect(findWriteClause("MATCH (a)-->(b)<--(c) RETURN a, b, c")).toBeNull();
  });

  it("finds each write clause, in any case", () => {
    expect(findWriteClause("CREATE (:Tag {id: 'x'})")).toBe("CREATE");
    expect(findWriteClause("merge (n:Tag {id: 'x'})")).toBe("MERGE");
    expect(findWriteClause("MATCH (n) sEt n.name = 'x'")).toBe("SET");
    expect(findWriteClause("MATCH (n) DETACH DELETE n")).toBe("DETACH");
    expect(findWriteClause("MATCH (n) DELETE n")).toBe("DELETE");
    expect(findWriteClause("MATCH (n) REMOVE n.name")).toBe("REMOVE");
    expect(findWriteClause("DROP TABLE Tag")).toBe("DROP");
    expect(findWriteClause("ALTER TABLE Tag ADD x STRING")).toBe("ALTER");
    expect(findWriteClause("COPY Tag FROM 'x.csv'")).toBe("COPY");
    expect(findWriteClause("LOAD FROM 'x.csv' RETURN *")).toBe("LOAD");
    expect(findWriteClause("INSTALL json")).toBe("INSTALL");
    expect(findWriteClause("ATTACH 'x' AS y")).toBe("ATTACH");
    expect(findWriteClause("IMPORT DATABASE 'x'")).toBe("IMPORT");
    expect(findWriteClause("EXPORT DATABASE 'x'")).toBe("EXPORT");
    expect(findWriteClause("FOREACH (x IN [1] | CREATE (:Tag {id: 'x'}))")).toBe("FOREACH");
    expect(findWriteClause("BEGIN TRANSACTION")).toBe("BEGIN");
    expect(findWriteClause("COMMIT")).toBe("COMMIT");
    expect(findWriteClause("CHECKPOINT")).toBe("CHECKPOINT");
  });

  it("finds a write clause after a read part and across lines", () => {
    expect(findWriteClause("MATCH (n:Note)\nWITH n\n  CREATE (m:Tag {id: n.id})")).toBe("CREATE");
    expect(findWriteClause("MATCH (n)\tSET\tn.x = 1")).toBe("SET");
    expect(findWriteClause("MATCH (n)/*c*/SET n.x = 1")).toBe("SET");
  });

  it("ignores keywords inside string literals, with escapes", () => {
    expect(findWriteClause("MATCH (n) WHERE n.name = 'CREATE (x)' RETURN n")).toBeNull();
    expect(findWriteClause('MATCH (n) WHERE n.name = "DETACH DELETE n" RETURN n')).toBeNull();
    expect(findWriteClause("RETURN 'it\\'s SET here' AS s")).toBeNull();
    expect(findWriteClause('RETURN "a \\" MERGE" AS s')).toBeNull();
    expect(findWriteClause("RETURN 'x\\\\' AS s, 1 AS t")).toBeNull();
    expect(findWriteClause("RETURN 'x\\\\' AS s SET")).toBe("SET");
  });

  it("ignores keywords inside comments", () => {
    expect(findWriteClause("MATCH (n) // DELETE n\nRETURN n")).toBeNull();
    expect(findWriteClause("MATCH (n) /* CREATE\n MERGE */ RETURN n")).toBeNull();
    expect(findWriteClause("MATCH (n) RETURN n // SET")).toBeNull();
  });

  it("refuses text the engines may read differently", () => {
    expect(findWriteClause("MATCH (n) /* unterminated CREATE")).toBe("/*");
    expect(findWriteClause("RETURN 'unterminated")).toBe("'");
    expect(findWriteClause("/***/ ' */ COPY (RETURN 1 AS a) TO 'x.csv' //'")).toBe("/* ** */");
    expect(findWriteClause("MATCH (n) /* a * b */ RETURN n")).toBeNull();
  });

  it("ignores keywords in backtick-quoted names", () => {
    expect(findWriteClause("MATCH (n) RETURN n.`set` AS `CREATE`")).toBeNull();
    expect(findWriteClause("MATCH (n) RETURN n.name AS `a``DELETE`")).toBeNull();
    expect(findWriteClause("MATCH (n) RETURN n.name AS `a``` SET n.x = 1")).toBe("SET");
  });

  it("treats properties, labels, parameters and map keys as names", () => {
    expect(findWriteClause("MATCH (n:Create) RETURN n.delete, n. merge, $set")).toBeNull();
    expect(findWriteClause("RETURN {create: 1, set : 2} AS m")).toBeNull();
    expect(findWriteClause("MATCH (n)-[:Set]->(m) RETURN m")).toBeNull();
  });

  it("does not mistake words containing keywords for keywords", () => {
    expect(
      findWriteClause("MATCH (n) WHERE n.created_at > 1 RETURN n.settings AS settings, n AS deleted_n"),
    ).toBeNull();
    expect(findWriteClause("MATCH (setting:Tag) RETURN setting")).toBeNull();
  });
});

describe("screenReadOnly: statements, escapes and administration", () => {
  it.each(["kuzu", "neo4j"] as const)(
    "refuses a second statement, and allows one trailing ';' (%s)",
    (dialect) => {
      expect(findWriteClause("MATCH (n) RETURN n;", dialect)).toBeNull();
      expect(findWriteClause("MATCH (n) RETURN n ;  // done\n", dialect)).toBeNull();
      expect(findWriteClause("RETURN 1; RETURN 2", dialect)).toBe(";");
      expect(findWriteClause("RETURN 1;;", dialect)).toBe(";");
      expect(findWriteClause("RETURN 'a;b' AS s, `c;d` AS t;", dialect)).toBeNull();
    },
  );

  it("refuses a backslash outside strings (a Unicode escape spelling a keyword)", () => {
    expect(findWriteClause("\\u0043REATE (:Tag {id: 'x'})")).toBe("\\");
    expect(findWriteClause("RETURN 'C\\u0052EATE' AS s")).toBeNull();
  });

  it("refuses administration commands as the first word, not as names later", () => {
    expect(findWriteClause("SHOW TRANSACTIONS", "neo4j")).toBe("SHOW");
    expect(findWriteClause("EXPLAIN STOP DATABASE neo4j", "neo4j")).toBe("STOP");
    expect(findWriteClause("COMMENT ON TABLE Tag IS 'x'")).toBe("COMMENT");
    expect(findWriteClause("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "neo4j")).toBe("TERMINATE");
    expect(findWriteClause("MATCH (start:Model) WITH start AS show RETURN show", "neo4j")).toBeNull();
  });
});

describe("screenReadOnly: CALL", () => {
  it("Neo4j: passes procedures and subqueries to the plan check", () => {
    expect(findWriteClause("CALL db.labels()", "neo4j")).toBeNull();
    expect(findWriteClause("CALL db.labels() YIELD label RETURN label", "neo4j")).toBeNull();
    expect(
      findWriteClause("MATCH (m:Model) CALL (m) { MATCH (m)--(x) RETURN count(x) AS d } RETURN d", "neo4j"),
    ).toBeNull();
    expect(findWriteClause("CALL { MATCH (n) RETURN n } RETURN n", "neo4j")).toBeNull();
  });

  it("Neo4j: refuses CALL { ... } IN TRANSACTIONS, however spaced", () => {
    expect(findWriteClause("CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n", "neo4j")).toBe(
      "CALL { ... } IN TRANSACTIONS",
    );
    expect(findWriteClause("CALL{MATCH (n) RETURN n}in\n 3 concurrent transactions", "neo4j")).toBe(
      "CALL { ... } IN TRANSACTIONS",
    );
    expect(
      findWriteClause(
        "UNWIND [1] AS x CALL (x) { RETURN x AS y } IN TRANSACTIONS OF 10 ROWS RETURN y",
        "neo4j",
      ),
    ).toBe("CALL { ... } IN TRANSACTIONS");
    expect(findWriteClause("MATCH (n) WHERE n.id IN $transactions RETURN n", "neo4j")).toBeNull();
  });

  it("Kuzu: allows only the catalogue functions", () => {
    expect(findWriteClause("CALL show_tables() RETURN *")).toBeNull();
    expect(findWriteClause("call TABLE_INFO('Model') RETURN name")).toBeNull();
    expect(findWriteClause("CALL threads=1")).toBe("CALL threads");
    expect(findWriteClause("CALL create_fts_index('Concept', 'i', ['name'])")).toBe("CALL create_fts_index");
    expect(findWriteClause("CALL { MATCH (n) RETURN n } RETURN n")).toBe("CALL");
    expect(findWriteClause("CALL db.labels()")).toBe("CALL db");
  });
});

describe("screenReadOnly, Neo4j functions", () => {
  const neo4j = (cypher: string) => findWriteClause(cypher, "neo4j");
  it("refuses functions from outside Neo4j's own namespaces, however the name is quoted", () => {
    expect(neo4j("RETURN apoc.cypher.runFirstColumnSingle('CALL apoc.export.csv.all(\"x\", {})', {})")).toBe(
      "apoc.cypher.runFirstColumnSingle()",
    );
    expect(neo4j("RETURN `apoc`.text.join(['a'], ',') AS s")).toBe("`...`.text.join()");
    expect(neo4j("RETURN my.plugin.fn ( 1 )")).toBe("my.plugin.fn()");
  });

  it("passes Neo4j's own namespaced functions, procedures for the plan check, and properties", () => {
    expect(neo4j("RETURN point.distance(point({x: 0, y: 0}), point({x: 1, y: 1})) AS d")).toBeNull();
    expect(
      neo4j("RETURN date.truncate('month', date()) AS d, duration.between(date(), date()) AS x"),
    ).toBeNull();
    expect(neo4j("RETURN vector.similarity.cosine([1.0, 0.0], [0.0, 1.0]) AS s")).toBeNull();
    expect(neo4j("CALL db.index.fulltext.queryNodes('node_text', 'blip') YIELD node RETURN node")).toBeNull();
    expect(neo4j("MATCH (n:Model) RETURN n.name, n {.name, .aliases} AS m")).toBeNull();
    // Kuzu has no namespaced functions; its dialect is screened by its own rules.
    expect(findWriteClause("RETURN my.plugin.fn(1)", "kuzu")).toBeNull();
  });
});
