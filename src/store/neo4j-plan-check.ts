/**
 * The second layer for read-only Cypher on Neo4j (docs/read-only.md): before a read-only
 * query runs, it is planned with EXPLAIN (nothing executes) and refused unless
 * - the planner classes it as read-only (`queryType` 'r'),
 * - no plan operator writes, loads files, runs its own transactions or administers the
 *   database (TerminateTransactions and SHOW commands are 'r' to the planner), and
 * - every procedure it calls is on NEO4J_READ_PROCEDURES.
 * A query that cannot be planned is not run either: the planner's error goes back as it is.
 */
import type { ManagedTransaction, Plan, ResultSummary, Transaction } from "neo4j-driver";
import type { GuardRefusal } from "./cypher-guard.js";

/**
 * Procedures a read-only query may call: the catalogue, the schema and the full-text and
 * vector index searches the viewer and `kg search` use. All of them only read.
 */
export const NEO4J_READ_PROCEDURES: readonly string[] = [
  "db.labels",
  "db.relationshipTypes",
  "db.propertyKeys",
  "db.schema.visualization",
  "db.schema.nodeTypeProperties",
  "db.schema.relTypeProperties",
  "db.index.fulltext.queryNodes",
  "db.index.fulltext.queryRelationships",
  "db.index.vector.queryNodes",
];

/** Operators that change something or reach outside the graph, by what they do. */
const REFUSED_OPERATORS: readonly [RegExp, string][] = [
  [/^LoadCSV$/, "reads files"],
  [/^Transaction(Foreach|Apply)$/, "commits batches of its own (CALL { ... } IN TRANSACTIONS)"],
  [/^(Show|Terminate)/, "is an administration command"],
  [
    /^(Create|Merge|LockingMerge|Set|Remove|Delete|DetachDelete|Foreach|Drop|Alter|Grant|Deny|Revoke|Start|Stop|Rename|Enable|DoNothingIfExists|AssertAllowed|Ensure|LockNodes)/,
    "writes or changes the database",
  ],
];

/** The first reason the planned query may not run read-only, or null. */
export function planRefusal(summary: Pick<ResultSummary, "queryType" | "plan">): GuardRefusal | null {
  if (!summary.plan)
    return { found: "no plan", reason: "came back from EXPLAIN, so the query cannot be checked" };
  for (const operator of operators(summary.plan)) {
    const name = operatorName(operator);
    if (name === "ProcedureCall") {
      const refusal = procedureRefusal(operator.arguments.Details ?? "");
      if (refusal) return refusal;
      continue;
    }
    const refused = REFUSED_OPERATORS.find(([pattern]) => pattern.test(name));
    if (refused) return { found: `the plan operator ${name}`, reason: refused[1] };
  }
  if (summary.queryType !== "r") {
    return {
      found: `query type '${summary.queryType}'`,
      reason:
        "is what the planner gives a query that writes ('rw', 'w') or changes the schema ('s'); only 'r' runs here",
    };
  }
  return null;
}

/** Plans `cypher` with EXPLAIN inside `tx` and returns why it may not run read-only, or null. */
export async function checkPlan(
  tx: Transaction | ManagedTransaction,
  cypher: string,
  params: Record<string, unknown>,
): Promise<GuardRefusal | null> {
  // A query may say EXPLAIN or PROFILE itself (the guard lets both through); planning it
  // needs the bare query after our own EXPLAIN.
  const bare = cypher.replace(/^\s*(?:EXPLAIN|PROFILE)\b/i, "");
  const explained = await tx.run(`EXPLAIN ${bare}`, params);
  return planRefusal(explained.summary);
}

function* operators(plan: Plan): Generator<Plan> {
  yield plan;
  for (const child of plan.children) yield* operators(child);
}

/** `NodeUniqueIndexSeek(Locking)@neo4j` -> `NodeUniqueIndexSeek`. */
function operatorName(plan: Plan): string {
  return plan.operatorType.replace(/@.*$/, "").replace(/\(.*\)$/, "");
}

/** Details read `db.labels() :: (label :: STRING)`; a name that cannot be read is refused. */
function procedureRefusal(details: string): GuardRefusal | null {
  const name = /^\s*`?([A-Za-z_][\w.]*)`?\s*\(/.exec(details)?.[1];
  if (name && NEO4J_READ_PROCEDURES.includes(name)) return null;
  return {
    found: `CALL ${name ?? details}`,
    reason: `is not on the allow-list of read-only procedures (${NEO4J_READ_PROCEDURES.join(", ")})`,
  };
}
