#!/usr/bin/env node
/**
 * `npm run eval [-- <collection folder> ...] [--misses] [--json]`: extraction scored against
 * hand-written labels (docs/eval.md). Without folders, every collection under
 * test/fixtures/eval/.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { evaluateCollection } from "./collection.js";
import { LABELS_FILE } from "./labels.js";
import { formatReport, totals } from "./report.js";

/** The fixtures folder of this checkout, found from here whether run from src/ (tsx) or dist/src/. */
function defaultRoot(): string {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "test/fixtures/eval");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("test/fixtures/eval not found above this script");
}

function collections(args: readonly string[]): string[] {
  const given = args.filter((arg) => !arg.startsWith("--"));
  if (given.length) return given.map((folder) => resolve(folder));
  const root = defaultRoot();
  // The eval collections, and the style fixtures labelled the same way.
  const styles = ["plain", "obsidian", "mixed"].map((name) => join(root, "..", name));
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .concat(styles.filter((folder) => existsSync(join(folder, LABELS_FILE))))
    .sort();
}

const args = process.argv.slice(2);
try {
  const runs = collections(args).map((folder) => evaluateCollection(folder));
  const scores = runs.map((run) => run.score);
  if (args.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ total: totals(scores), collections: scores }, null, 2)}\n`);
  } else {
    process.stdout.write(formatReport(scores, { misses: args.includes("--misses") }));
  }
} catch (error) {
  process.stderr.write(
    `eval: ${(error as Error).message}\n(each collection folder needs an ${LABELS_FILE}; see docs/eval.md)\n`,
  );
  process.exit(2);
}
