/**
 * Issue 13 through the CLI on the embedded store: a paper one note knows only by its title and
 * the arXiv paper of that title are one node, whichever arrives first and in whichever run
 * (another note's arXiv citation, or `kg arxiv`), and stay one when the note changes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kg, queryJson } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";

const ARXIV = "paper:arxiv:1512.03385";
const TITLE_KEY = "deep-residual-learning-for-image-recognition";

/** Cites the paper by title only: no arXiv id, no DOI. */
const NOTE_A = `# Residual networks

Very deep networks became trainable with identity shortcuts.

## References

[3] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," CVPR 2016.
`;

/** The same paper, cited with its arXiv id in an IEEE reference line. */
const NOTE_B = `# Shortcut connections

## References

[1] K. He, X. Zhang, S. Ren, and J. Sun, "Deep Residual Learning for Image Recognition," arXiv:1512.03385, 2015.
`;

/**
 * One line in the metadata snapshot's format (see test/fixtures/arxiv/snapshot/multimodal.jsonl)
 * for 1512.03385: title, authors, category and first version as arXiv lists them, the
 * abstract cut to its first two sentences.
 */
const SNAPSHOT_LINE = {
  id: "1512.03385",
  submitter: "Kaiming He",
  authors: "Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
  title: "Deep Residual Learning for Image Recognition",
  comments: "Tech report",
  "journal-ref": null,
  doi: null,
  "report-no": null,
  categories: "cs.CV",
  license: null,
  abstract:
    "  Deeper neural networks are more difficult to train. We present a residual learning\nframework to ease the training of networks that are substantially deeper than those\nused previously.\n",
  versions: [{ version: "v1", created: "Thu, 10 Dec 2015 19:51:55 GMT" }],
  update_date: "2015-12-11",
  authors_parsed: [
    ["He", "Kaiming", ""],
    ["Zhang", "Xiangyu", ""],
    ["Ren", "Shaoqing", ""],
    ["Sun", "Jian", ""],
  ],
};

async function run(args: string[]): Promise<string> {
  const result = await kg(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

/** A vault folder with the given notes (name -> text), written now. */
function vault(notes: Record<string, string>, dir = join(tempDir(), "vault")): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(notes)) writeFileSync(join(dir, name), text);
  return dir;
}

function snapshotFile(): string {
  const file = join(tempDir(), "resnet.jsonl");
  writeFileSync(file, `${JSON.stringify(SNAPSHOT_LINE)}\n`);
  return file;
}

const papers = (dir: string) =>
  queryJson<{ id: string; title: string; titleKey: string }>(
    dir,
    "MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.titleKey AS titleKey ORDER BY id",
  );

const citations = (dir: string) =>
  queryJson<{ note: string; paper: string; line: number; sources: string[] }>(
    dir,
    "MATCH (n:Note)-[r:CITES]->(p:Paper) RETURN n.id AS note, p.id AS paper, r.line AS line, r.sources AS sources ORDER BY note",
  );

async function fingerprint(dir: string): Promise<string> {
  const result = await kg(["stats", "--format", "json", "--fingerprint", "--data-dir", dir]);
  expect(result.code, result.stderr).toBe(0);
  return String(JSON.parse(result.stdout).fingerprint);
}

describe("a note citing a paper by title, then a note citing it by arXiv id", () => {
  const notes = vault({ "a.md": NOTE_A });
  const dir = join(tempDir(), "kg");

  it("(i) makes one Paper node that both notes cite, each citation with its own note's evidence", async () => {
    const first = await run(["ingest", notes, "--data-dir", dir]);
    expect(first).not.toContain("papers:");
    expect((await papers(dir)).map((p) => p.id)).toEqual([`paper:title:${TITLE_KEY}`]);

    writeFileSync(join(notes, "b.md"), NOTE_B);
    const second = await run(["ingest", notes, "--data-dir", dir]);
    expect(second).toContain("papers: 1 known only by title joined to its arXiv or DOI record");
    expect(await papers(dir)).toEqual([
      { id: ARXIV, title: "Deep Residual Learning for Image Recognition", titleKey: TITLE_KEY },
    ]);
    expect(await citations(dir)).toEqual([
      { note: "note:a.md", paper: ARXIV, line: 7, sources: ["note:a.md"] },
      { note: "note:b.md", paper: ARXIV, line: 5, sources: ["note:b.md"] },
    ]);
    // Both notes' author lists are one list on the one paper.
    const authors = await queryJson(
      dir,
      "MATCH (p:Paper)-[r:AUTHORED_BY]->(a:Author) RETURN a.name AS name, r.sources AS sources ORDER BY r.position",
    );
    expect(authors).toEqual(
      ["K. He", "X. Zhang", "S. Ren", "J. Sun"].map((name) => ({
        name,
        sources: ["note:a.md", "note:b.md"],
      })),
    );
  }, 60_000);

  it("(ii) gives the same graph when the notes come the other way round, into a fresh store", async () => {
    const reversedNotes = vault({ "b.md": NOTE_B });
    const reversed = join(tempDir(), "kg");
    await run(["ingest", reversedNotes, "--data-dir", reversed]);
    writeFileSync(join(reversedNotes, "a.md"), NOTE_A);
    expect(await run(["ingest", reversedNotes, "--data-dir", reversed])).toContain(
      "papers: 1 known only by title joined to its arXiv or DOI record",
    );
    expect(await fingerprint(reversed)).toBe(await fingerprint(dir));
  }, 60_000);

  it("(iv) keeps one node when the title-only note is edited and ingested again", async () => {
    writeFileSync(
      join(notes, "a.md"),
      NOTE_A.replace("## References", "A second paragraph.\n\n## References"),
    );
    expect(await run(["ingest", notes, "--data-dir", dir])).toContain(
      "papers: 1 known only by title joined to its arXiv or DOI record",
    );
    expect((await papers(dir)).map((p) => p.id)).toEqual([ARXIV]);
    expect(await citations(dir)).toEqual([
      { note: "note:a.md", paper: ARXIV, line: 9, sources: ["note:a.md"] },
      { note: "note:b.md", paper: ARXIV, line: 5, sources: ["note:b.md"] },
    ]);
    // Unchanged now: nothing is joined again.
    expect(await run(["ingest", notes, "--data-dir", dir])).not.toContain("papers:");
  }, 60_000);
});

describe("a note citing a paper by title, and the arXiv snapshot holding it", () => {
  const notes = vault({ "a.md": NOTE_A });
  const snapshot = snapshotFile();
  const dir = join(tempDir(), "kg");

  it("(iii) joins the note's title-only paper to the imported record, and its authors to arXiv's", async () => {
    await run(["ingest", notes, "--data-dir", dir]);
    const imported = await run(["arxiv", snapshot, "--data-dir", dir]);
    expect(imported).toContain("1 papers written");
    expect(imported).toContain("papers: 1 known only by title joined to its arXiv or DOI record");
    expect(await papers(dir)).toEqual([
      { id: ARXIV, title: "Deep Residual Learning for Image Recognition", titleKey: TITLE_KEY },
    ]);
    expect(await citations(dir)).toEqual([
      { note: "note:a.md", paper: ARXIV, line: 7, sources: ["note:a.md"] },
    ]);
    // The note's "K. He" came with its title-only paper and is now arXiv's Kaiming He.
    const authors = await queryJson(
      dir,
      "MATCH (p:Paper)-[r:AUTHORED_BY]->(a:Author) RETURN a.name AS name, a.aliases AS aliases, r.sources AS sources ORDER BY r.position",
    );
    expect(authors[0]).toEqual({
      name: "Kaiming He",
      aliases: ["K. He"],
      sources: ["arxiv:1512.03385", "note:a.md"],
    });
    expect(authors.map((a) => a.name)).toEqual(["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]);
  }, 60_000);

  it("(iii) gives the same graph when the snapshot comes first", async () => {
    const reversed = join(tempDir(), "kg");
    await run(["arxiv", snapshot, "--data-dir", reversed]);
    expect(await run(["ingest", notes, "--data-dir", reversed])).toContain(
      "papers: 1 known only by title joined to its arXiv or DOI record",
    );
    expect(await fingerprint(reversed)).toBe(await fingerprint(dir));
  }, 60_000);

  it("joins an arXiv paper an older notegraph stored without a title key", async () => {
    const older = join(tempDir(), "kg");
    await run(["arxiv", snapshot, "--data-dir", older]);
    // As a version before the key wrote it; the unchanged record is not written again.
    await run(["query", "--write", "--data-dir", older, "MATCH (p:Paper) SET p.titleKey = NULL"]);
    expect(await run(["arxiv", snapshot, "--data-dir", older])).toContain("0 papers written, 1 unchanged");
    expect(await run(["ingest", notes, "--data-dir", older])).toContain(
      "papers: 1 known only by title joined to its arXiv or DOI record",
    );
    expect(await papers(older)).toEqual([
      { id: ARXIV, title: "Deep Residual Learning for Image Recognition", titleKey: TITLE_KEY },
    ]);
  }, 60_000);
});

describe("a note citing a paper by title, and another citing it by DOI", () => {
  it("joins the title-only paper to the paper the DOI identifies: one node", async () => {
    const notes = vault({
      "ctc.md": `# Alignment-free training

## References

- Connectionist Temporal Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks
`,
      "speech.md": `# Speech notes

## References

[1] A. Graves, S. Fernández, F. Gomez, and J. Schmidhuber, "Connectionist temporal classification: Labelling unsegmented sequence data with recurrent neural networks," in Proc. ICML, 2006, doi: 10.1145/1143844.1143891.
`,
    });
    const dir = join(tempDir(), "kg");
    expect(await run(["ingest", notes, "--data-dir", dir])).toContain(
      "papers: 1 known only by title joined to its arXiv or DOI record",
    );
    expect((await papers(dir)).map((p) => p.id)).toEqual(["paper:doi:10.1145/1143844.1143891"]);
    expect((await citations(dir)).map((c) => c.note)).toEqual(["note:ctc.md", "note:speech.md"]);
  }, 60_000);
});
