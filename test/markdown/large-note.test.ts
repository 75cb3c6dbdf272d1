/** A 5 MB note ingests, with one warning saying it is large; its terms are all found. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { formatProblem } from "../../src/problems.js";
import { edgeStrings, extractFolder, tempDir } from "../helpers/extract.js";

it("ingests a 5 MB note with one warning", { timeout: 120_000 }, () => {
  const root = tempDir();
  writeFileSync(
    join(root, "big.md"),
    `# Big\n\n${"BLIP 使用 ITC 和 ITM。对比学习很重要。\n\n".repeat(100_000)}`,
  );
  const graph = extractFolder([root]);
  expect(graph.failed).toEqual([]);
  expect(graph.problems.map(formatProblem)).toEqual([
    expect.stringMatching(/^big\.md: warning: large note \(5\.\d MB\)/),
  ]);
  expect(edgeStrings(graph, "MENTIONS")).toEqual([
    "MENTIONS note:big.md -> concept:contrastive-learning",
    "MENTIONS note:big.md -> loss:itc",
    "MENTIONS note:big.md -> loss:itm",
    "MENTIONS note:big.md -> model:blip",
  ]);
});
