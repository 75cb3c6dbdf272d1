/**
 * The named queries on the embedded store return the rows written by hand for them
 * (test/fixtures/named-queries/); test/store/neo4j.test.ts runs the same suite on Neo4j.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/extract.js";
import { comparable, describeNamedQueries, loadExpectations, namedQueries } from "./named-queries.js";

describe("test/fixtures/named-queries/expected.json", () => {
  it("has non-empty rows for every query in cypher/queries/, and nothing else", () => {
    const expectations = loadExpectations();
    expect(Object.keys(expectations).sort()).toEqual(namedQueries());
    for (const [name, { rows }] of Object.entries(expectations)) expect(rows.length, name).toBeGreaterThan(0);
  });

  it("compares rows cell by cell, lists in any order, `between` cells by range", () => {
    const same = (actual: Record<string, unknown>[], expected: Record<string, unknown>[]) => {
      const rows = comparable(actual, expected);
      return JSON.stringify(rows.actual) === JSON.stringify(rows.expected);
    };
    expect(same([{ a: ["x", "y"], n: 1 }], [{ a: ["y", "x"], n: 1 }])).toBe(true);
    expect(same([{ a: ["x"], n: 1 }], [{ a: ["x", "y"], n: 1 }])).toBe(false);
    expect(same([{ n: 2 }], [{ n: 1 }])).toBe(false);
    expect(same([{ n: 1 }, { n: 2 }], [{ n: 2 }, { n: 1 }])).toBe(false);
    expect(same([{ n: 1 }], [{ n: 1 }, { n: 2 }])).toBe(false);
    expect(same([{ s: 0.95 }], [{ s: { between: [0.9, 1] } }])).toBe(true);
    expect(same([{ s: 0.5 }], [{ s: { between: [0.9, 1] } }])).toBe(false);
    expect(same([{ s: "0.95" }], [{ s: { between: [0.9, 1] } }])).toBe(false);
  });
});

describeNamedQueries("kuzu", async () => ["--data-dir", join(tempDir(), "kg")]);
