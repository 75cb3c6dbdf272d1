/**
 * arXiv data in the graph, through the CLI on the embedded store: the snapshot importer,
 * `kg ingest --arxiv` against a local stand-in for the API, author merging in either order,
 * citation data, and bad input.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArxivTestServer, startArxivServer } from "../helpers/arxiv-server.js";
import { kg, queryJson } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";

const SNAPSHOTS = resolve(import.meta.dirname, "../fixtures/arxiv/snapshot");
const MULTIMODAL = join(SNAPSHOTS, "multimodal.jsonl");
const EDGE_CASES = join(SNAPSHOTS, "edge-cases.jsonl");
/** 200 real snapshot lines (see the README there). */
const SAMPLE = join(SNAPSHOTS, "sample.jsonl");
const CLIP = "paper:arxiv:2103.00020";

async function run(args: string[]): Promise<string> {
  const result = await kg(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

const stats = async (dir: string) =>
  JSON.parse((await kg(["stats", "--format", "json", "--data-dir", dir])).stdout);

/** Every node and relationship with its properties, lists sorted: two graphs equal iff these are. */
async function dump(dir: string) {
  const nodes = await queryJson<{ n: { id: string; properties: Record<string, unknown> } }>(
    dir,
    "MATCH (n) RETURN n",
  );
  const rels = await queryJson<{
    r: { type: string; from: string; to: string; properties: Record<string, unknown> };
  }>(dir, "MATCH ()-[r]->() RETURN r");
  const sortLists = (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));
  return {
    nodes: nodes
      .map(({ n }) => ({ id: n.id, ...sortLists(n.properties) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    rels: rels
      .map(({ r }) => ({ key: `${r.type} ${r.from} ${r.to}`, ...sortLists(r.properties) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

async function clipAuthors(dir: string) {
  return queryJson<{ position: number; name: string; aliases: string[] | null }>(
    dir,
    "MATCH (p:Paper {id: $id})-[r:AUTHORED_BY]->(a:Author) RETURN r.position AS position, a.name AS name, a.aliases AS aliases ORDER BY position",
    [`id=${CLIP}`],
  );
}

const CLIP_AUTHORS = [
  "Alec Radford",
  "Jong Wook Kim",
  "Chris Hallacy",
  "Aditya Ramesh",
  "Gabriel Goh",
  "Sandhini Agarwal",
  "Girish Sastry",
  "Amanda Askell",
  "Pamela Mishkin",
  "Jack Clark",
  "Gretchen Krueger",
  "Ilya Sutskever",
];

describe("notes, then the snapshot holding their three papers", () => {
  const dir = join(tempDir(), "kg");
  beforeAll(async () => {
    await run(["ingest", EXAMPLES, "--data-dir", dir]);
    const stderr = await run(["arxiv", MULTIMODAL, "--data-dir", dir]);
    expect(stderr).toContain("3 papers written");
  }, 120_000);

  it("gives CLIP's paper its twelve authors in arXiv's order, its abstract and categories", async () => {
    expect((await clipAuthors(dir)).map((a) => a.name)).toEqual(CLIP_AUTHORS);
    expect((await clipAuthors(dir)).map((a) => a.position)).toEqual(CLIP_AUTHORS.map((_, i) => i + 1));
    const [paper] = await queryJson(
      dir,
      "MATCH (p:Paper {id: $id})-[:IN_CATEGORY]->(c:Category) RETURN p.abstract AS abstract, p.published AS published, p.primaryCategory AS primaryCategory, collect(c.name) AS categories",
      [`id=${CLIP}`],
    );
    expect(String(paper?.abstract)).toMatch(
      /^State-of-the-art computer vision systems .* https:\/\/github.com\/OpenAI\/CLIP\.$/,
    );
    expect(paper).toMatchObject({ published: "2021-02-26T17:57:52Z", primaryCategory: "cs.CV" });
    expect(((paper?.categories ?? []) as string[]).sort()).toEqual(["cs.CV", "cs.LG"]);
  });

  it('makes "A. Radford" and "Alec Radford" one Author, keeping the note\'s spelling as an alias', async () => {
    const radfords = await queryJson(
      dir,
      "MATCH (a:Author) WHERE a.name CONTAINS 'Radford' RETURN a.id AS id, a.name AS name, a.aliases AS aliases",
    );
    expect(radfords).toEqual([{ id: "author:alec-radford", name: "Alec Radford", aliases: ["A. Radford"] }]);
    // "J. Li" is Junnan Li in both BLIP papers; no abbreviated author is left anywhere.
    const abbreviated = await queryJson(
      dir,
      "MATCH (a:Author) WHERE a.name =~ '^[A-Z][.] .*' RETURN a.name AS name",
    );
    expect(abbreviated).toEqual([]);
    const junnan = await queryJson(
      dir,
      "MATCH (p:Paper)-[:AUTHORED_BY]->(a:Author {name: 'Junnan Li'}) RETURN p.arxivId AS paper, a.aliases AS aliases ORDER BY paper",
    );
    expect(junnan).toEqual([
      { paper: "2201.12086", aliases: ["J. Li"] },
      { paper: "2301.12597", aliases: ["J. Li"] },
    ]);
    expect((await stats(dir)).nodes.Author).toBe(12 + 4 + 1);
  });

  it("keeps the note as evidence on the merged authorship and the citation", async () => {
    const [first] = await queryJson(
      dir,
      "MATCH (p:Paper {id: $id})-[r:AUTHORED_BY]->(a:Author {name: 'Alec Radford'}) RETURN r.sources AS sources, r.extractor AS extractor",
      [`id=${CLIP}`],
    );
    expect(first).toEqual({
      sources: ["arxiv:2103.00020", "note:examples/multimodal/index.md"],
      extractor: "arxiv/snapshot",
    });
  });

  it("changes no count when either command runs again", async () => {
    const before = await dump(dir);
    expect(await run(["arxiv", MULTIMODAL, "--data-dir", dir])).toContain("0 papers written, 3 unchanged");
    await run(["ingest", EXAMPLES, "--force", "--data-dir", dir]);
    expect(await dump(dir)).toEqual(before);
  });

  it("is the same graph when the snapshot comes before the notes", async () => {
    const reversed = join(tempDir(), "kg");
    await run(["arxiv", MULTIMODAL, "--data-dir", reversed]);
    await run(["ingest", EXAMPLES, "--data-dir", reversed]);
    expect(await dump(reversed)).toEqual(await dump(dir));
  });
});

describe("a snapshot with bad lines", () => {
  const dir = join(tempDir(), "kg");

  it("reports each bad line with its number, skips it, goes on, and exits 1", async () => {
    const result = await kg(["arxiv", EDGE_CASES, "--data-dir", dir]);
    expect(result.code).toBe(1);
    for (const line of [5, 6, 7, 9, 11]) {
      expect(result.stderr).toMatch(new RegExp(`edge-cases\\.jsonl:${line}: error: .*line skipped`));
    }
    expect(result.stderr).toMatch(/edge-cases\.jsonl:8: warning: hep-th\/9901001 appeared already on line 1/);
    expect(result.stderr).toContain("3 papers written");
    const papers = await queryJson(
      dir,
      "MATCH (p:Paper) RETURN p.arxivId AS id, p.version AS version ORDER BY id",
    );
    // The later line for hep-th/9901001 (one version) replaced the first (three).
    expect(papers).toEqual([
      { id: "0704.9001", version: null },
      { id: "0704.9005", version: null },
      { id: "hep-th/9901001", version: 1 },
    ]);
  });

  it("imports nothing new on a re-run, from the plain file or its gzip copy", async () => {
    const before = await dump(dir);
    const again = await kg(["arxiv", EDGE_CASES, "--data-dir", dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("0 papers written, 3 unchanged");
    const gz = join(tempDir(), "edge-cases.jsonl.gz");
    writeFileSync(gz, gzipSync(readFileSync(EDGE_CASES)));
    expect((await kg(["arxiv", gz, "--data-dir", dir])).stderr).toContain("0 papers written, 3 unchanged");
    expect(await dump(dir)).toEqual(before);
  });

  it("refuses a missing file and bad flags with a clear message", async () => {
    const missing = await kg(["arxiv", join(dir, "nope.jsonl"), "--data-dir", dir]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("nope.jsonl");
    const since = await kg(["arxiv", EDGE_CASES, "--since", "2020/01/01", "--data-dir", dir]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("--since expects YYYY-MM-DD");
    expect((await kg(["arxiv", "--data-dir", dir])).code).toBe(2);
  });
});

describe("snapshot filters on 200 real lines", () => {
  const sampleIds = async (args: string[]) => {
    const dir = join(tempDir(), "kg");
    await run(["arxiv", SAMPLE, ...args, "--data-dir", dir]);
    return (await queryJson<{ id: string }>(dir, "MATCH (p:Paper) RETURN p.arxivId AS id ORDER BY id")).map(
      (r) => r.id,
    );
  };
  const lines = readFileSync(SAMPLE, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

  it("imports every line, with authors from authors_parsed", async () => {
    const dir = join(tempDir(), "kg");
    await run(["arxiv", SAMPLE, "--data-dir", dir]);
    expect((await stats(dir)).nodes.Paper).toBe(200);
    const [first] = await queryJson(
      dir,
      "MATCH (p:Paper {arxivId: '0704.0001'})-[r:AUTHORED_BY]->(a:Author) RETURN p.title AS title, collect(a.name) AS authors",
    );
    expect(first?.title).toBe(
      "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
    );
    expect(((first?.authors ?? []) as string[]).sort()).toEqual([
      "C. -P. Yuan",
      "C. Balázs",
      "E. L. Berger",
      "P. M. Nadolsky",
    ]);
  });

  it("--category is a prefix match on any category, repeatable", async () => {
    const cs = lines
      .filter((l) =>
        String(l.categories)
          .split(" ")
          .some((c: string) => c.startsWith("cs.")),
      )
      .map((l) => l.id);
    expect(cs.length).toBeGreaterThan(0);
    expect(await sampleIds(["--category", "cs"])).toEqual(cs.sort());
    const both = lines
      .filter((l) =>
        String(l.categories)
          .split(" ")
          .some((c: string) => c.startsWith("cs.") || c.startsWith("math.CO")),
      )
      .map((l) => l.id);
    expect(await sampleIds(["--category", "cs", "math.CO"])).toEqual(both.sort());
  });

  it("--since/--until bound the first version's date, --limit the number of papers", async () => {
    const firstDay = (l: { versions: { created: string }[] }) =>
      new Date(l.versions[0]?.created ?? "").toISOString().slice(0, 10);
    const onApril2 = lines.filter((l) => firstDay(l) === "2007-04-02").map((l) => l.id);
    expect(onApril2.length).toBeGreaterThan(0);
    expect(await sampleIds(["--since", "2007-04-02", "--until", "2007-04-02"])).toEqual(onApril2.sort());
    expect(await sampleIds(["--limit", "7"])).toEqual(lines.slice(0, 7).map((l) => l.id));
  });
});

describe("citation data and what notes cite", () => {
  const dir = join(tempDir(), "kg");
  beforeAll(async () => {
    await run(["ingest", EXAMPLES, "--data-dir", dir]);
    await run(["arxiv", MULTIMODAL, "--data-dir", dir]);
  }, 120_000);

  it("links papers in the graph, counts citations outside it, and warns about ids that are not arXiv ids", async () => {
    const file = join(tempDir(), "citations.json");
    writeFileSync(
      file,
      JSON.stringify({
        "2301.12597v3": ["2103.00020", "2201.12086", "1706.03762"],
        "2201.12086": ["2103.00020", "not an id"],
        "9999.99999": ["2103.00020"],
      }),
    );
    const stderr = await run(["arxiv", "--citations", file, "--data-dir", dir]);
    expect(stderr).toContain(
      "3 citing papers, 3 CITES links written, 2 citations to or from papers not in the graph",
    );
    expect(stderr).toMatch(/"not an id" \(cited by 2201\.12086\) is not an arXiv id/);
    const cites = await queryJson(
      dir,
      "MATCH (a:Paper)-[r:CITES]->(b:Paper) RETURN a.arxivId AS citing, b.arxivId AS cited, r.source AS source ORDER BY citing, cited",
    );
    expect(cites).toEqual([
      { citing: "2201.12086", cited: "2103.00020", source: "citations:2201.12086" },
      { citing: "2301.12597", cited: "2103.00020", source: "citations:2301.12597" },
      { citing: "2301.12597", cited: "2201.12086", source: "citations:2301.12597" },
    ]);
    const count = (await stats(dir)).relationships.CITES;
    await run(["arxiv", "--citations", file, "--data-dir", dir]);
    expect((await stats(dir)).relationships.CITES).toBe(count);
  });

  it("answers which imported papers the notes cite (cypher/queries/)", async () => {
    const result = await kg([
      "query",
      "-f",
      resolve(import.meta.dirname, "../../cypher/queries/imported-papers-cited-by-notes.cypher"),
      "--param",
      "category=cs",
      "--format",
      "json",
      "--data-dir",
      dir,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { arxivId: string }[];
    expect(rows.map((r) => r.arxivId)).toEqual(["2103.00020", "2201.12086", "2301.12597"]);
  });

  it("a malformed citations file is an error naming it; what came before it is kept", async () => {
    const file = join(tempDir(), "broken.json");
    writeFileSync(file, '{"2103.00020": ["2201.12086"], "2301.12597": ["2103');
    const result = await kg(["arxiv", "--citations", file, "--data-dir", dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.json: error: not a JSON object of id -> \[ids\]/);
    const kept = await queryJson(
      dir,
      "MATCH (:Paper {arxivId: '2103.00020'})-[r:CITES]->(b:Paper) RETURN b.arxivId AS cited, r.source AS source",
    );
    expect(kept).toEqual([{ cited: "2201.12086", source: "citations:2103.00020" }]);
  });
});

describe("kg ingest --arxiv against a local stand-in for the API", () => {
  let server: ArxivTestServer;
  beforeAll(async () => {
    server = await startArxivServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("asks once for the three cited papers, then never again; offline uses the cache", async () => {
    const dir = join(tempDir(), "kg");
    const args = ["ingest", EXAMPLES, "--arxiv", "--arxiv-url", server.url, "--data-dir", dir];
    const first = await kg(args);
    expect(first.code, first.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.query.id_list?.split(",").sort()).toEqual([
      "2103.00020",
      "2201.12086",
      "2301.12597",
    ]);
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/^notegraph\//);
    expect(first.stderr).toContain(
      "3 cited papers without arXiv data, 3 completed (1 requests, 0 from the cache)",
    );
    expect((await clipAuthors(dir)).map((a) => a.name)).toEqual(CLIP_AUTHORS);
    expect((await clipAuthors(dir))[0]?.aliases).toEqual(["A. Radford"]);
    const counts = await stats(dir);

    const again = await kg(args);
    expect(again.code, again.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(await stats(dir)).toEqual(counts);

    // A second graph from the same cache, offline: no request, the same graph.
    const other = join(tempDir(), "kg");
    cpSync(join(dir, "arxiv-cache"), join(other, "arxiv-cache"), { recursive: true });
    const offline = await kg(["ingest", EXAMPLES, "--arxiv", "--offline", "--data-dir", other]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(await stats(other)).toEqual(counts);
  });

  it("offline with nothing cached: notes are stored, the unresolved ids are listed, exit 0", async () => {
    const dir = join(tempDir(), "kg");
    const result = await kg(["ingest", EXAMPLES, "--arxiv", "--offline", "--data-dir", dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "arxiv: not resolved (offline and not in the cache): 2103.00020, 2201.12086, 2301.12597",
    );
    expect((await stats(dir)).nodes.Note).toBe(1);
  });

  it("an API that keeps failing leaves the notes stored and exits 1 naming the ids", async () => {
    const dir = join(tempDir(), "kg");
    const failing = await startArxivServer();
    failing.script(...Array.from({ length: 10 }, () => ({ kind: "status" as const, status: 503 })));
    try {
      const result = await kg(
        ["ingest", EXAMPLES, "--arxiv", "--arxiv-url", failing.url, "--data-dir", dir],
        {
          env: { KG_ARXIV_RETRIES: "1", KG_ARXIV_MIN_INTERVAL_MS: "100" },
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /not resolved \(the API did not answer\): 2103\.00020, 2201\.12086, 2301\.12597/,
      );
      expect((await stats(dir)).nodes.Note).toBe(1);
    } finally {
      await failing.close();
    }
  }, 120_000);
});
