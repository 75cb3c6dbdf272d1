/** The names and lines that keep a suite skipped for a missing tool from going unnoticed. */
import { describe, expect, it } from "vitest";
import { missingToolLine, skippedName, skipSummary, type TaskNode, toolSkips } from "./skips.js";

const suite = (name: string, skipped: boolean, children: TaskNode[] = []): TaskNode => ({
  name,
  skipped,
  children,
});
const test = (name: string, skipped: boolean): TaskNode => suite(name, skipped);

describe("skippedName", () => {
  it("adds the reason only when there is one", () => {
    expect(skippedName("viewer", null)).toBe("viewer");
    expect(skippedName("viewer", "chromium not found")).toBe("viewer (skipped: chromium not found)");
  });
});

describe("toolSkips", () => {
  const tree = [
    suite(skippedName("contract: neo4j", "no java"), true, [test("upserts", true)]),
    suite("kg doctor on Neo4j", false, [
      test("says an unreachable server is unreachable", false),
      test(skippedName("reports the server's version", "no java"), true),
    ]),
    suite("kill -9", false, [test("needs the local Neo4j: node scripts/neo4j.mjs build", true)]),
    // Left out by -t or .only: skipped, but not for a tool.
    suite("filtered out", true, [test("a test", true)]),
    test("another filtered test", true),
  ];

  it("finds each skipped suite or test that names a reason, not the tests inside a skipped suite", () => {
    expect(toolSkips("test/x.test.ts", tree)).toEqual([
      { where: "test/x.test.ts > contract: neo4j", reason: "no java" },
      { where: "test/x.test.ts > kg doctor on Neo4j > reports the server's version", reason: "no java" },
      {
        where: "test/x.test.ts > kill -9 > needs the local Neo4j: node scripts/neo4j.mjs build",
        reason: "needs the local Neo4j: node scripts/neo4j.mjs build",
      },
    ]);
  });

  it("finds nothing when nothing was skipped for a tool", () => {
    expect(toolSkips("test/x.test.ts", [suite("s", false, [test("t", false)]), test("u", true)])).toEqual([]);
  });
});

describe("skipSummary", () => {
  it("names every suite under its reason", () => {
    const lines = skipSummary([
      { where: "a.test.ts > neo4j", reason: "no java" },
      { where: "b.test.ts > viewer", reason: "no chromium" },
      { where: "c.test.ts > doctor", reason: "no java" },
    ]);
    expect(lines).toEqual([
      "skipped for a missing tool (3):",
      "  no java",
      "    a.test.ts > neo4j",
      "    c.test.ts > doctor",
      "  no chromium",
      "    b.test.ts > viewer",
    ]);
  });

  it("says nothing when nothing was skipped", () => {
    expect(skipSummary([])).toEqual([]);
  });
});

describe("missingToolLine", () => {
  it("is one line naming the files and the reason", () => {
    const line = missingToolLine("Neo4j", ["a.test.ts", "b.test.ts"], "cannot run `java` (ENOENT)");
    expect(line).toBe("Neo4j suites of a.test.ts, b.test.ts will be skipped: cannot run `java` (ENOENT)");
    expect(line).not.toContain("\n");
  });
});
