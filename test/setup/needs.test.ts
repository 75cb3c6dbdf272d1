/**
 * The global setup finds what a run needs from what its test files import, and the test files
 * reach the shared Neo4j only through test/helpers/neo4j.ts (so a server the setup starts is
 * the one they use).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { toolNeeds } from "./needs.js";

const REPO = resolve(import.meta.dirname, "../..");

function testFiles(dir = join(REPO, "test")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(REPO, path)] : [];
  });
}

const read = (path: string) => ({ path, source: readFileSync(join(REPO, path), "utf8") });

describe("toolNeeds", () => {
  it("reads the project's test files: who shares the Neo4j, who starts one of their own, who drives Chromium", () => {
    const needs = toolNeeds(
      [
        "test/store/neo4j.test.ts",
        "test/cli/doctor.test.ts",
        "test/server/neo4j-parity.test.ts",
        "test/resilience/kill-resume-neo4j.test.ts",
        "test/web/viewer.test.ts",
        "test/store/kuzu.test.ts",
      ].map(read),
    );
    expect(needs).toEqual({
      sharedNeo4j: ["test/store/neo4j.test.ts", "test/cli/doctor.test.ts"],
      ownNeo4j: ["test/server/neo4j-parity.test.ts", "test/resilience/kill-resume-neo4j.test.ts"],
      chromium: ["test/web/viewer.test.ts"],
    });
  });

  it("goes by import statements, not by mentions", () => {
    const needs = toolNeeds([
      { path: "a.test.ts", source: 'import { NEO4J_URI } from "../helpers/neo4j.js";' },
      { path: "b.test.ts", source: 'import { startOwnNeo4j } from "../helpers/own-neo4j.js";' },
      { path: "c.test.ts", source: "// see test/helpers/neo4j.js and helpers/browser.js" },
      { path: "d.test.ts", source: 'export {\n  launchBrowser,\n} from "./helpers/browser.js";' },
      { path: "e.test.ts", source: "const text = 'import { x } from \"../helpers/neo4j.js\"';" },
    ]);
    expect(needs).toEqual({ sharedNeo4j: ["a.test.ts"], ownNeo4j: ["b.test.ts"], chromium: ["d.test.ts"] });
  });
});

describe("test files and the shared Neo4j", () => {
  it("no test file reads NEO4J_URI from the environment: the global setup provides the server", () => {
    const readers = testFiles().filter((path) =>
      /process\.env(?:\.|\[["'])NEO4J_URI\b/.test(read(path).source),
    );
    expect(readers).toEqual([]);
  });
});
