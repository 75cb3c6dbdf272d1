/**
 * Every labelled collection under test/fixtures/eval/ (notes and labels written by hand,
 * docs/eval.md): extraction must find every labelled model, paper, loss and figure link, every
 * stated fact, and none of the facts labelled absent. A missing `expected.json` fails, saying
 * to write it; nothing here writes one.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCollection } from "../../src/eval/collection.js";
import { FIXTURES, tempDir } from "../helpers/extract.js";
import { expectLabelsHold } from "../helpers/labels.js";

const EVAL = join(FIXTURES, "eval");
const collections = readdirSync(EVAL, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("hand-labelled collections", () => {
  it("there are at least five, with at least twelve labelled notes", () => {
    const notes = collections.map(
      (name) => Object.keys(evaluateCollection(join(EVAL, name)).labels.notes).length,
    );
    expect(collections.length).toBeGreaterThanOrEqual(5);
    expect(notes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12);
  });

  for (const name of collections) {
    it(`${name}: nothing labelled is lost, nothing labelled absent is found`, () => {
      expectLabelsHold(join(EVAL, name));
    });
  }

  it("a collection without expected.json fails, saying to write it by hand", () => {
    const folder = tempDir();
    mkdirSync(join(folder, "notes"));
    writeFileSync(join(folder, "notes/a.md"), "# A\n");
    expect(() => evaluateCollection(folder)).toThrow(/expected\.json is missing: write it by hand/);
  });
});
