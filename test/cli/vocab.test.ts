/**
 * `kg vocab suggest`: what a vault names that the vocabulary lacks, as a vocabulary file with
 * each candidate's evidence; passed back with --vocab, the same candidates are no longer new.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseVocabulary } from "../../ingest/markdown/vocabulary.js";
import { kg } from "../helpers/cli.js";
import { FIXTURES, tempDir } from "../helpers/extract.js";

const VAULT = join(FIXTURES, "eval/obsidian-papers");

describe("kg vocab suggest", () => {
  it("lists the models and losses the vocabulary lacks, with counts and places", async () => {
    const result = await kg(["vocab", "suggest", VAULT]);
    expect(result.code, result.stderr).toBe(0);
    const file = parse(result.stdout) as { models: { name: string }[]; losses: { name: string }[] };
    expect(file.models.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Mask2Former", "SimCLR", "MoCo", "Chinchilla", "MaskFormer"]),
    );
    expect(file.losses.map((l) => l.name)).toEqual(expect.arrayContaining(["captioning loss", "dice loss"]));
    // Known names are not suggested; each entry says how often and where.
    expect(file.models.map((m) => m.name)).not.toContain("CLIP");
    expect(result.stdout).toMatch(
      /# 1 use \(loss\/phrase\)\n\s*# +Papers\/CoCa\.md:25: - Captioning loss on the multimodal decoder/,
    );
    // The output is a vocabulary file kg reads.
    expect(() => parseVocabulary(result.stdout, "suggested.yaml")).not.toThrow();
  });

  it("suggests nothing already in a vocabulary given with --vocab", async () => {
    const first = await kg(["vocab", "suggest", VAULT]);
    const mine = join(tempDir(), "mine.yaml");
    writeFileSync(mine, first.stdout);
    const second = await kg(["vocab", "suggest", VAULT, "--vocab", mine]);
    expect(second.code, second.stderr).toBe(0);
    type Suggested = { models: { name: string }[]; losses: { name: string }[] };
    const names = (file: Suggested) => [...file.models, ...file.losses].map((entry) => entry.name);
    const before = names(parse(first.stdout) as Suggested);
    const after = names(parse(second.stdout) as Suggested);
    expect(before.length).toBeGreaterThan(0);
    expect(after.filter((name) => before.includes(name))).toEqual([]);
  });

  it("refuses an unknown action", async () => {
    const result = await kg(["vocab", "add", VAULT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown action 'add'/);
  });
});
