/** The README's table of extraction rules is the registry's, printed (`npm run rules`). */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { RULES, rulesTable } from "../../ingest/markdown/rules/registry.js";
import { EXAMPLE_NOTE, extractFolder, FIXTURES } from "../helpers/extract.js";

it("the README holds the rule table as the registry prints it", () => {
  const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
  const table = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
  expect(table, "README.md has no <!-- rules:start --> ... <!-- rules:end --> table").toBeDefined();
  expect(table).toBe(rulesTable());
});

it("every rule has an id of its own", () => {
  const ids = RULES.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
});

it("every extractor the Markdown ingestor writes on an edge is a registered rule", () => {
  const graph = extractFolder([
    EXAMPLE_NOTE,
    join(FIXTURES, "eval"),
    join(FIXTURES, "obsidian"),
    join(FIXTURES, "plain"),
    join(FIXTURES, "mixed"),
  ]);
  const registered = new Set<string>(RULES.map((rule) => rule.id));
  const used = new Set(graph.edges.map((edge) => edge.extractor.replace(/^markdown\//, "")));
  expect([...used].filter((id) => !registered.has(id))).toEqual([]);
  expect(used.size).toBeGreaterThan(30);
});
