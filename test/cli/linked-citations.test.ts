/**
 * Issue 13 through the CLI on the embedded store: a note that links, under a paper's title, to
 * a note about that paper cites the paper (src/graph/linked-citations.ts). The citation follows
 * the linked note when its paper changes, goes with the link, and an unchanged vault writes nothing.
 * On Kuzu, and on a Neo4j of this file's own (its database is emptied first).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kuzuAt, neo4jAt, type StoreFlags } from "../../bench/kill-resume.js";
import { kg } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";
import { type LocalNeo4j, OWN_NEO4J_SKIP, startOwnNeo4j } from "../helpers/own-neo4j.js";

const MOCO_NOTE = "Momentum Contrast for Unsupervised Visual Representation Learning.md";
const mocoNote = (arxiv: string) =>
  `---\nurl: https://arxiv.org/abs/${arxiv}\n---\nMomentum Contrast (MoCo) builds a dynamic dictionary with a queue.\n`;

const SIMCLR = `---
link: https://arxiv.org/abs/2002.05709
---
# SimCLR

No memory bank, unlike [[Momentum Contrast for Unsupervised Visual Representation Learning]].
Read after [[MoCo]] and [[Momentum Contrast for Unsupervised Visual Representation Learning|the MoCo note]].
`;

async function run(args: string[]): Promise<string> {
  const result = await kg(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

async function citations(store: StoreFlags) {
  const result = await kg([
    "query",
    ...store,
    "--format",
    "json",
    "MATCH (n:Note)-[r:CITES]->(p:Paper) RETURN n.id AS note, p.id AS paper, r.extractor AS rule, r.line AS line, r.confidence AS confidence ORDER BY note, paper",
  ]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    note: string;
    paper: string;
    rule: string;
    line: number;
    confidence: number;
  }[];
}

function linkedCitationSuite(name: string, store: () => StoreFlags, skip: string | null = null): void {
  describe.skipIf(skip !== null)(
    `a link shown as a paper's title, to the note about that paper (${name})`,
    () => {
      const notes = join(tempDir(), "vault");
      mkdirSync(notes, { recursive: true });
      writeFileSync(join(notes, MOCO_NOTE), mocoNote("1911.05722"));
      writeFileSync(join(notes, "MoCo.md"), "---\nlink: https://arxiv.org/abs/1911.05722\n---\n# MoCo\n");
      writeFileSync(join(notes, "SimCLR.md"), SIMCLR);
      writeFileSync(
        join(notes, "README.md"),
        `# Reading list\n\n- [[${MOCO_NOTE.replace(/\.md$/, "")}]]\n- [[SimCLR]]\n`,
      );

      it("cites the linked note's paper, at the link's line, with its rule; a name, an alias or an index cites nothing", async () => {
        const stderr = await run(["ingest", notes, ...store()]);
        expect(stderr).toContain("citations: 1 added, 0 removed through links to paper notes");
        expect(await citations(store())).toEqual([
          {
            note: "note:SimCLR.md",
            paper: "paper:arxiv:1911.05722",
            rule: "markdown/citation-linked-note",
            line: 6,
            confidence: 0.7,
          },
        ]);
      }, 60_000);

      it("writes nothing when nothing changed", async () => {
        const stderr = await run(["ingest", notes, ...store()]);
        expect(stderr).toContain("0 ingested");
        expect(stderr).not.toContain("citations:");
      }, 60_000);

      it("follows the linked note to its new paper, though the citing note did not change", async () => {
        writeFileSync(join(notes, MOCO_NOTE), mocoNote("2003.04297"));
        const stderr = await run(["ingest", notes, ...store()]);
        expect(stderr).toContain("1 ingested");
        expect(stderr).toContain("citations: 1 added, 1 removed through links to paper notes");
        expect((await citations(store())).map((c) => `${c.note} -> ${c.paper}`)).toEqual([
          "note:SimCLR.md -> paper:arxiv:2003.04297",
        ]);
      }, 60_000);

      it("goes with the link", async () => {
        writeFileSync(join(notes, "SimCLR.md"), SIMCLR.replace(/, unlike \[\[[^\]]+\]\]/, ""));
        await run(["ingest", notes, ...store()]);
        expect(await citations(store())).toEqual([]);
      }, 60_000);
    },
  );
}

const kuzuDir = join(tempDir(), "kg");
linkedCitationSuite("kuzu", () => kuzuAt(kuzuDir));

let server: LocalNeo4j | null = null;
beforeAll(async () => {
  if (OWN_NEO4J_SKIP !== null) return;
  server = await startOwnNeo4j();
  const driver = neo4j.driver(server.uri);
  try {
    await driver.executeQuery("MATCH (n) DETACH DELETE n");
  } finally {
    await driver.close();
  }
}, 300_000);
afterAll(async () => {
  await server?.dispose();
});
linkedCitationSuite(
  "neo4j",
  () => {
    if (!server) throw new Error("no Neo4j server");
    return neo4jAt(server.uri);
  },
  OWN_NEO4J_SKIP,
);
