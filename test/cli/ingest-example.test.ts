/**
 * End to end on the embedded store, through the built CLI: `kg ingest` of the example note,
 * then `kg query --format json` must show the graph the issue lists; a second ingest
 * changes nothing; editing the note replaces only its own contributions.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kg, queryJson } from "../helpers/cli.js";
import { EXAMPLE_NOTE, tempDir } from "../helpers/extract.js";

const NOTE = "note:multimodal/index.md";

async function counts(dataDir: string) {
  const stats = await kg(["stats", "--data-dir", dataDir, "--format", "json"]);
  expect(stats.code, stats.stderr).toBe(0);
  return JSON.parse(stats.stdout) as { nodes: Record<string, number>; relationships: Record<string, number> };
}

describe("kg ingest + kg query on the example note", () => {
  const dataDir = join(tempDir(), "kg");
  const notes = tempDir();

  beforeAll(async () => {
    cpSync(EXAMPLE_NOTE, join(notes, "multimodal"), {
      recursive: true,
    });
    const result = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(result.stderr).toMatch(/notes: 1 found, 1 ingested, 0 unchanged \(skipped\), 0 failed/);
    expect(result.code, result.stderr).toBe(0);
  }, 60_000);

  it("stores the note with its front matter", async () => {
    const [note] = await queryJson(
      dataDir,
      "MATCH (n:Note {id: $id}) OPTIONAL MATCH (n)-[:TAGGED]->(t:Tag) OPTIONAL MATCH (n)-[:IN_CATEGORY]->(c:Category) OPTIONAL MATCH (n)-[:IN_SERIES]->(s:Series) RETURN n.title AS title, n.date AS date, n.author AS author, collect(DISTINCT t.name) AS tags, collect(DISTINCT c.name) AS categories, collect(DISTINCT s.name) AS series",
      [`id=${NOTE}`],
    );
    expect(note).toMatchObject({
      title: "多模态",
      date: "2025-07-06",
      author: "Yubao",
      categories: ["机器人"],
      series: ["series_robotics"],
    });
    expect([...((note?.tags as string[] | undefined) ?? [])].sort()).toEqual(["多模态", "机器人"]);
  });

  it("links models to papers, authors, losses, concepts and code", async () => {
    const models = await queryJson(
      dataDir,
      "MATCH (:Note)-[:DESCRIBES]->(m:Model) RETURN m.name AS name ORDER BY name",
    );
    expect(models.map((m) => m.name)).toEqual(["BLIP", "BLIP-2", "CLIP", "VisualGLM"]);
    const rows = await queryJson<{
      model: string;
      arxiv: string;
      title: string;
      position: number;
      author: string;
    }>(
      dataDir,
      "MATCH (m:Model)-[:INTRODUCED_IN]->(p:Paper)-[r:AUTHORED_BY]->(a:Author) RETURN m.name AS model, p.arxivId AS arxiv, p.title AS title, r.position AS position, a.name AS author ORDER BY model, position",
    );
    const papers = new Map<string, { arxiv: string; title: string; authors: string[] }>();
    for (const row of rows) {
      const paper = papers.get(row.model) ?? { arxiv: row.arxiv, title: row.title, authors: [] };
      paper.authors.push(row.author);
      papers.set(row.model, paper);
    }
    expect(Object.fromEntries(papers)).toEqual({
      BLIP: {
        arxiv: "2201.12086",
        title:
          "BLIP: Bootstrapping Language-Image Pre-training for Unified Vision-Language Understanding and Generation",
        authors: ["J. Li", "D. Li", "C. Xiong", "S. Hoi"],
      },
      "BLIP-2": {
        arxiv: "2301.12597",
        title:
          "BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image Encoders and Large Language Models",
        authors: ["J. Li", "D. Li", "S. Savarese", "S. Hoi"],
      },
      CLIP: {
        arxiv: "2103.00020",
        title: "Learning Transferable Visual Models From Natural Language Supervision",
        authors: ["A. Radford"],
      },
    });
    expect(await queryJson(dataDir, "MATCH (a:Author) RETURN count(a) AS n")).toEqual([{ n: 6 }]);
    const losses = await queryJson(
      dataDir,
      "MATCH (m:Model)-[:USES_LOSS]->(l:Loss) RETURN m.name AS model, l.name AS loss ORDER BY model, loss",
    );
    expect(losses.map((row) => `${row.model} ${row.loss}`)).toEqual([
      "BLIP ITC",
      "BLIP ITM",
      "BLIP LM",
      "BLIP-2 ITC",
      "BLIP-2 ITG",
      "BLIP-2 ITM",
    ]);
    const concepts = await queryJson(
      dataDir,
      "MATCH (m:Model {name: 'CLIP'})-[:USES_CONCEPT]->(c:Concept) RETURN c.name AS name, c.nameZh AS zh ORDER BY name",
    );
    expect(concepts).toEqual(
      expect.arrayContaining([
        { name: "contrastive learning", zh: "对比学习" },
        { name: "weak supervision", zh: "弱监督" },
      ]),
    );
    const code = await queryJson(
      dataDir,
      "MATCH (m:Model)-[:HAS_CODE]->(r:Repository) RETURN m.name AS model, r.url AS url ORDER BY model",
    );
    expect(code).toEqual([
      { model: "CLIP", url: "https://github.com/openai/CLIP" },
      { model: "VisualGLM", url: "https://github.com/THUDM/VisualGLM-6B" },
    ]);
  });

  it("stores figures, web resources and provenance on every edge", async () => {
    const figures = await queryJson(
      dataDir,
      "MATCH (:Note)-[:HAS_FIGURE]->(f:Figure) OPTIONAL MATCH (f)-[:ILLUSTRATES]->(m:Model) RETURN m.name AS model, count(f) AS figures, sum(CASE WHEN f.localPath IS NULL THEN 0 ELSE 1 END) AS local ORDER BY model",
    );
    expect(figures).toEqual([
      { model: "BLIP", figures: 2, local: 0 },
      { model: "BLIP-2", figures: 3, local: 3 },
      { model: "CLIP", figures: 1, local: 0 },
      { model: "VisualGLM", figures: 1, local: 1 },
    ]);
    expect(
      await queryJson(dataDir, "MATCH (:Note)-[:REFERENCES]->(w:WebResource) RETURN count(w) AS n"),
    ).toEqual([{ n: 2 }]);
    const missing = await queryJson(
      dataDir,
      "MATCH ()-[r]->() WHERE r.source IS NULL OR r.extractor IS NULL OR r.sources IS NULL RETURN count(r) AS n",
    );
    expect(missing).toEqual([{ n: 0 }]);
    const textual = await queryJson(
      dataDir,
      "MATCH ()-[r:USES_LOSS|USES_CONCEPT|DESCRIBES|HAS_FIGURE|CITES]->() WHERE r.line IS NULL RETURN count(r) AS n",
    );
    expect(textual).toEqual([{ n: 0 }]);
  });

  it("changes nothing when run again", { timeout: 60_000 }, async () => {
    const before = await counts(dataDir);
    const ids = await queryJson(dataDir, "MATCH (n) RETURN n.id AS id ORDER BY id");
    const again = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/1 found, 0 ingested, 1 unchanged/);
    expect(await counts(dataDir)).toEqual(before);
    expect(await queryJson(dataDir, "MATCH (n) RETURN n.id AS id ORDER BY id")).toEqual(ids);
    const forced = await kg(["ingest", notes, "--data-dir", dataDir, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await counts(dataDir)).toEqual(before);
  });
});

describe("re-ingest after edits", () => {
  it("replaces only the edited note's contributions, and --prune removes vanished notes", async () => {
    const dataDir = join(tempDir(), "kg");
    const notes = tempDir();
    cpSync(EXAMPLE_NOTE, join(notes, "multimodal"), { recursive: true });
    writeFileSync(join(notes, "blip.md"), "# BLIP\n\nBLIP trains with ITC and ITM; see [[index]].\n");
    expect((await kg(["ingest", notes, "--data-dir", dataDir])).code).toBe(0);
    const blipLosses = async () =>
      queryJson(
        dataDir,
        "MATCH (:Model {name: 'BLIP'})-[r:USES_LOSS]->(l:Loss) RETURN l.name AS loss, r.sources AS sources ORDER BY loss",
      );
    expect(await blipLosses()).toEqual([
      { loss: "ITC", sources: ["note:blip.md", NOTE] },
      { loss: "ITM", sources: ["note:blip.md", NOTE] },
      { loss: "LM", sources: [NOTE] },
    ]);

    // The example note loses its BLIP section: the shared edges keep the other note's evidence.
    const index = join(notes, "multimodal/index.md");
    const text = readFileSync(index, "utf8");
    writeFileSync(index, text.slice(0, text.indexOf("## BLIP\n")) + text.slice(text.indexOf("## BLIP2")));
    const edited = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(edited.stderr).toMatch(/2 found, 1 ingested, 1 unchanged/);
    expect(await blipLosses()).toEqual([
      { loss: "ITC", sources: ["note:blip.md"] },
      { loss: "ITM", sources: ["note:blip.md"] },
    ]);
    expect(await queryJson(dataDir, "MATCH (p:Paper {arxivId: '2201.12086'}) RETURN count(p) AS n")).toEqual([
      { n: 0 },
    ]);
    expect(
      (await queryJson(dataDir, "MATCH (a:Author) RETURN a.name AS name ORDER BY name")).map((a) => a.name),
    ).toEqual(["A. Radford", "D. Li", "J. Li", "S. Hoi", "S. Savarese"]);

    rmSync(join(notes, "blip.md"));
    const kept = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(kept.stderr).toMatch(/1 no longer on disk \(use --prune to remove them\)/);
    expect(await queryJson(dataDir, "MATCH (n:Note {id: 'note:blip.md'}) RETURN count(n) AS n")).toEqual([
      { n: 1 },
    ]);
    const pruned = await kg(["ingest", notes, "--data-dir", dataDir, "--prune"]);
    expect(pruned.stderr).toMatch(/1 pruned/);
    expect(await queryJson(dataDir, "MATCH (n:Note {id: 'note:blip.md'}) RETURN count(n) AS n")).toEqual([
      { n: 0 },
    ]);
    expect(await blipLosses()).toEqual([]);
    // BLIP stays only as what BLIP-2 is a version of.
    expect(await queryJson(dataDir, "MATCH (m:Model {name: 'BLIP'})-[r]-() RETURN count(r) AS n")).toEqual([
      { n: 1 },
    ]);
    expect(
      await queryJson(
        dataDir,
        "MATCH (m:Model {name: 'BLIP'})<-[:VARIANT_OF]-(x:Model) RETURN x.name AS other",
      ),
    ).toEqual([{ other: "BLIP-2" }]);
  }, 120_000);
});

describe("a batch with bad notes", () => {
  it("stores the good notes, exits 1, and keeps the last good version of a note that broke", async () => {
    const dataDir = join(tempDir(), "kg");
    const notes = tempDir();
    writeFileSync(join(notes, "good.md"), "# CLIP\n\nCLIP 使用对比学习。\n");
    writeFileSync(
      join(notes, "later-broken.md"),
      "---\ntitle: Fine for now\n---\n# BLIP\n\nBLIP uses ITM.\n",
    );
    expect((await kg(["ingest", notes, "--data-dir", dataDir])).code).toBe(0);

    writeFileSync(join(notes, "later-broken.md"), "---\ntitle: [oops\n---\n# BLIP\n\nBLIP uses ITC now.\n");
    writeFileSync(join(notes, "binary.md"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    mkdirSync(join(notes, "more"));
    writeFileSync(join(notes, "more/new.md"), "# BLIP-2\n\nBLIP-2 trains a Q-Former.\n");
    const result = await kg(["ingest", notes, "--data-dir", dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^later-broken\.md:2:\d+: error: malformed YAML front matter/m);
    expect(result.stderr).toMatch(/^binary\.md: error: not a text file/m);
    expect(result.stderr).toMatch(/4 found, 1 ingested, 1 unchanged \(skipped\), 2 failed/);
    const titles = await queryJson(
      dataDir,
      "MATCH (n:Note) RETURN n.path AS path, n.title AS title ORDER BY path",
    );
    expect(titles).toEqual([
      { path: "good.md", title: "CLIP" },
      { path: "later-broken.md", title: "Fine for now" },
      { path: "more/new.md", title: "BLIP-2" },
    ]);
    // The broken edit wrote nothing: BLIP still uses ITM only.
    expect(
      await queryJson(dataDir, "MATCH (:Model {name: 'BLIP'})-[:USES_LOSS]->(l) RETURN l.name AS l"),
    ).toEqual([{ l: "ITM" }]);
  }, 60_000);
});

describe("kg ingest --dry-run --format json", () => {
  it("prints the graph delta and stores nothing", { timeout: 30_000 }, async () => {
    const dataDir = join(tempDir(), "kg");
    const result = await kg(["ingest", EXAMPLE_NOTE, "--dry-run", "--format", "json", "--data-dir", dataDir]);
    expect(result.code, result.stderr).toBe(0);
    const delta = JSON.parse(result.stdout) as {
      nodes: { id: string }[];
      edges: { type: string; source: string }[];
    };
    expect(delta.nodes.some((n) => n.id === "model:blip-2")).toBe(true);
    expect(delta.edges.filter((e) => e.type === "USES_LOSS")).toHaveLength(6);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe("usage errors", () => {
  it("exit 2 with a message", { timeout: 30_000 }, async () => {
    const missing = await kg(["ingest", "/no/such/folder"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder: \/no\/such\/folder/);
    expect((await kg(["query"])).code).toBe(2);
    expect((await kg(["frobnicate"])).code).toBe(2);
    expect((await kg(["query", "RETURN 1", "--format", "xml"])).code).toBe(2);
  });

  it("refuses to query a store that does not exist", { timeout: 30_000 }, async () => {
    const result = await kg(["query", "--data-dir", join(tempDir(), "none"), "RETURN 1 AS x"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/kg ingest/);
  });
});
