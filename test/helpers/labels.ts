/** Test helper: a labelled collection (docs/eval.md) loses nothing labelled and shows nothing labelled absent. */
import { expect } from "vitest";
import { type CollectionRun, evaluateCollection } from "../../src/eval/collection.js";

export function expectLabelsHold(folder: string): CollectionRun {
  const run = evaluateCollection(folder);
  expect(run.extraction.failed).toEqual([]);
  expect(run.score.falseNegatives).toEqual([]);
  expect(run.score.factsMissing).toEqual([]);
  expect(run.score.absentPresent).toEqual([]);
  return run;
}
