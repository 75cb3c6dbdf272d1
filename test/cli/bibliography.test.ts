/**
 * A note that cites by key (`[@he2020momentum]`) depends on the bibliography file its front
 * matter names: an unchanged vault and bibliography write nothing on a re-run, and an edited
 * bibliography re-extracts the note (its hash folds the file in) with the entry's new id.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";

const entry = (eprint: string) =>
  `@inproceedings{he2020momentum,\n  title = {Momentum Contrast for Unsupervised Visual Representation Learning},\n  year = {2020},${eprint}\n}\n`;

async function ingest(vault: string, data: string): Promise<string> {
  const result = await kg(["ingest", vault, "--data-dir", data]);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

async function cited(data: string): Promise<string[]> {
  const result = await kg([
    "query",
    "--data-dir",
    data,
    "--format",
    "json",
    "MATCH (:Note)-[:CITES]->(p:Paper) RETURN p.id AS id ORDER BY id",
  ]);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { id: string }[]).map((row) => row.id);
}

describe("kg ingest: a note's bibliography is part of the note", () => {
  it("re-extracts the note when its .bib changes, and only then", async () => {
    const vault = tempDir("notegraph-bib-vault-");
    const data = join(tempDir("notegraph-bib-data-"), "kg");
    writeFileSync(
      join(vault, "moco.md"),
      "---\nbibliography: refs.bib\n---\n\nMoCo [@he2020momentum] uses a queue.\n",
    );
    writeFileSync(join(vault, "refs.bib"), entry(""));
    expect(await ingest(vault, data)).toContain("1 found, 1 ingested, 0 unchanged");
    expect(await cited(data)).toEqual([
      "paper:title:momentum-contrast-for-unsupervised-visual-representation-learning",
    ]);
    expect(await ingest(vault, data)).toContain("1 found, 0 ingested, 1 unchanged");
    writeFileSync(join(vault, "refs.bib"), entry("\n  eprint = {1911.05722},"));
    expect(await ingest(vault, data)).toContain("1 found, 1 ingested, 0 unchanged");
    expect(await cited(data)).toEqual(["paper:arxiv:1911.05722"]);
  }, 60_000);
});
