/**
 * The lexical guard for read-only Cypher: the first of three layers for `kg query` without
 * `--write` and for `POST /api/cypher` (docs/read-only.md). It refuses a clause keyword that
 * writes, touches files, settings, transactions or other databases, a second statement, and
 * anything it cannot read with certainty (a backslash outside a string). Keywords inside
 * strings, comments and quoted names are data.
 *
 * The dialects differ where the later layers differ:
 * - Neo4j: `CALL db.labels()` and `CALL { ... }` subqueries pass, since every read-only
 *   Neo4j query is also checked with EXPLAIN (neo4j-plan-check.ts: plan operators and a
 *   procedure allow-list); `CALL { ... } IN TRANSACTIONS` is refused here already.
 * - Kuzu: `CALL` only for the table functions in KUZU_READ_FUNCTIONS. This guard is Kuzu's
 *   only check of COPY TO, EXPORT DATABASE, LOAD FROM and `CALL <setting>=...`: its
 *   read-only database and transactions accept those (they write files or settings, not
 *   the graph).
 */
import { WriteRefusedError } from "../errors.js";
import { type CypherToken, cypherTokens } from "./cypher-tokens.js";

export type CypherDialect = "kuzu" | "neo4j";

export interface GuardRefusal {
  /** What was found, e.g. `CREATE`, `CALL threads`, `;`. */
  found: string;
  /** Why that is refused, completing "<found> ...". */
  reason: string;
}

const WRITES = "writes to the graph";
const SCHEMA = "changes the schema";
const FILES = "reads or writes files";

/** Clause keywords refused wherever they stand as a clause (not as a name). */
const REFUSED_CLAUSES = new Map<string, string>([
  ["CREATE", WRITES],
  ["MERGE", WRITES],
  ["SET", WRITES],
  ["DELETE", WRITES],
  ["DETACH", "deletes (DETACH DELETE) or detaches a database"],
  ["REMOVE", WRITES],
  ["FOREACH", WRITES],
  ["DROP", SCHEMA],
  ["ALTER", SCHEMA],
  ["COPY", FILES],
  ["LOAD", "reads files (LOAD CSV, LOAD FROM) or loads an extension"],
  ["INSTALL", "installs an extension"],
  ["ATTACH", "attaches another database"],
  ["USE", "switches to another database"],
  ["IMPORT", FILES],
  ["EXPORT", FILES],
  ["BEGIN", "controls transactions"],
  ["COMMIT", "controls transactions"],
  ["ROLLBACK", "controls transactions"],
  ["CHECKPOINT", "writes the database files"],
  ["TERMINATE", "stops other users' transactions"],
]);

/** Administration commands, refused as the first word of a statement. */
const ADMIN_COMMANDS = new Set([
  "SHOW",
  "START",
  "STOP",
  "GRANT",
  "DENY",
  "REVOKE",
  "RENAME",
  "ENABLE",
  "DEALLOCATE",
  "REALLOCATE",
  "DRYRUN",
  "COMMENT",
]);

/**
 * Kuzu table functions that only read the catalogue, and so may follow CALL in a read-only
 * query. Every other function (create_fts_index, project_graph, ...) and every
 * `CALL <setting>=<value>` is refused.
 */
export const KUZU_READ_FUNCTIONS: readonly string[] = [
  "show_tables",
  "table_info",
  "show_connection",
  "show_indexes",
  "db_version",
  "current_setting",
];

/** Words that only prefix a statement, so the word after them is still its first. */
const PREFIXES = new Set(["EXPLAIN", "PROFILE"]);

/** The first reason `cypher` may not run read-only in `dialect`, or null. */
export function screenReadOnly(cypher: string, dialect: CypherDialect): GuardRefusal | null {
  const tokens = cypherTokens(cypher);
  let statementStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as CypherToken;
    if (token.kind === "unclear") return { found: token.text, reason: token.reason };
    if (token.kind === "symbol" && token.text === "\\") {
      return {
        found: "\\",
        reason:
          "stands outside a string literal (escapes belong in strings; names are quoted with backticks)",
      };
    }
    if (token.kind === "symbol" && token.text === ";") {
      if (i < tokens.length - 1)
        return { found: ";", reason: "starts a second statement: send one at a time" };
      continue;
    }
    if (token.kind !== "word") {
      statementStart = false;
      continue;
    }
    if (dialect === "neo4j") {
      const plugin = screenNamespacedCall(tokens, i);
      if (plugin) return plugin;
    }
    const refusal = screenWord(tokens, i, dialect, statementStart);
    if (refusal) return refusal;
    statementStart = statementStart && PREFIXES.has(token.upper);
  }
  return null;
}

function screenWord(
  tokens: CypherToken[],
  i: number,
  dialect: CypherDialect,
  statementStart: boolean,
): GuardRefusal | null {
  const token = tokens[i] as CypherToken & { kind: "word" };
  if (isName(tokens, i)) return null;
  if (statementStart && ADMIN_COMMANDS.has(token.upper)) {
    return { found: token.upper, reason: "is an administration command" };
  }
  const reason = REFUSED_CLAUSES.get(token.upper);
  if (reason) return { found: token.upper, reason };
  if (token.upper === "CALL") return screenCall(tokens, i, dialect);
  if (token.upper === "IN" && symbolAt(tokens, i - 1) === "}" && transactionsFollow(tokens, i)) {
    return { found: "CALL { ... } IN TRANSACTIONS", reason: "commits batches of its own" };
  }
  return null;
}

function screenCall(tokens: CypherToken[], i: number, dialect: CypherDialect): GuardRefusal | null {
  const next = tokens[i + 1];
  if (dialect === "neo4j") {
    // Subqueries and procedures: the plan check decides (procedure allow-list, write operators).
    return null;
  }
  if (next?.kind !== "word")
    return { found: "CALL", reason: "is only allowed for Kuzu's catalogue functions" };
  const name = next.text.toLowerCase();
  if (symbolAt(tokens, i + 2) === "=") return { found: `CALL ${next.text}`, reason: "changes a setting" };
  if (symbolAt(tokens, i + 2) !== "(" || !KUZU_READ_FUNCTIONS.includes(name)) {
    return {
      found: `CALL ${next.text}`,
      reason: `is not one of the read-only functions allowed here (${KUZU_READ_FUNCTIONS.join(", ")})`,
    };
  }
  return null;
}

/**
 * Neo4j's own namespaced functions (`point.distance`, `date.truncate`, `vector.similarity.cosine`,
 * `db.nameFromElementId`, ...) only compute. A function in any other namespace comes from a
 * plugin, and plugin functions (`apoc.cypher.runFirstColumnSingle`, say) can run procedures
 * inside an expression, where the plan shows no procedure call for the plan check to see.
 */
const NEO4J_FUNCTION_NAMESPACES = new Set([
  "point",
  "date",
  "datetime",
  "localdatetime",
  "time",
  "localtime",
  "duration",
  "vector",
  "db",
]);

/** `ns.name(` (a dotted name called as a function, not after CALL) outside Neo4j's namespaces. */
function screenNamespacedCall(tokens: CypherToken[], i: number): GuardRefusal | null {
  if (symbolAt(tokens, i + 1) !== "(" || symbolAt(tokens, i - 1) !== ".") return null;
  let start = i;
  while (symbolAt(tokens, start - 1) === "." && tokens[start - 2]?.kind !== "symbol" && start >= 2)
    start -= 2;
  const before = tokens[start - 1];
  if (before?.kind === "word" && before.upper === "CALL") return null;
  const first = tokens[start];
  const namespace = first?.kind === "word" ? first.text.toLowerCase() : null;
  if (namespace !== null && NEO4J_FUNCTION_NAMESPACES.has(namespace)) return null;
  const name = tokens
    .slice(start, i + 1)
    .map((token) => (token.kind === "word" || token.kind === "symbol" ? token.text : "`...`"))
    .join("");
  return {
    found: `${name}()`,
    reason: `is a function from outside Neo4j's own namespaces (${[...NEO4J_FUNCTION_NAMESPACES].join(", ")}); plugin functions can run procedures the plan check cannot see`,
  };
}

/** `IN [n] [CONCURRENT] TRANSACTIONS` after a subquery's closing brace. */
function transactionsFollow(tokens: CypherToken[], i: number): boolean {
  for (let j = i + 1; j <= i + 4 && j < tokens.length; j++) {
    const token = tokens[j];
    if (token?.kind === "word" && /^TRANSACTIONS?$/.test(token.upper)) return true;
  }
  return false;
}

/**
 * Words after `.` (properties, namespaces), `:` (labels, types), `$` (parameters) and
 * before `:` (map keys) are names, not clauses: `n.set`, `:Create` and `{delete: 1}` pass.
 */
function isName(tokens: CypherToken[], i: number): boolean {
  const before = symbolAt(tokens, i - 1);
  return before === "." || before === ":" || before === "$" || symbolAt(tokens, i + 1) === ":";
}

function symbolAt(tokens: CypherToken[], i: number): string | undefined {
  const token = tokens[i];
  return token?.kind === "symbol" ? token.text : undefined;
}

/** The error a refusal becomes, whichever layer found it. */
export function writeRefused(refusal: GuardRefusal, options?: ErrorOptions): WriteRefusedError {
  return new WriteRefusedError(
    `read-only query refused: ${refusal.found} ${refusal.reason} (writes need \`kg query --write\`)`,
    options,
  );
}

/** Throws WriteRefusedError when the lexical guard refuses `cypher`. */
export function refuseUnlessReadOnly(cypher: string, dialect: CypherDialect): void {
  const refusal = screenReadOnly(cypher, dialect);
  if (refusal) throw writeRefused(refusal);
}
