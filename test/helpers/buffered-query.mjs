/**
 * What `kg query --format csv` did before it streamed, for the memory comparison in
 * test/cli/query-stream.test.ts: the whole result from query(), then formatted at once.
 * Usage: node buffered-query.mjs <data dir | bolt URI> <cypher> <max rows>
 */
import { formatResult } from "../../dist/src/cli/format.js";
import { openStore } from "../../dist/src/store/open.js";

const [where = "", cypher = "", maxRows = "1000"] = process.argv.slice(2);
const store = await openStore(
  where.includes("://")
    ? { dataDir: ".kg", neo4jUri: where, readOnly: true }
    : { dataDir: where, readOnly: true },
);
try {
  const result = await store.query(cypher, {}, { readOnly: true, maxRows: Number(maxRows) });
  process.stdout.write(formatResult(result, "csv"));
} finally {
  await store.close();
}
