/**
 * `kg export` round-trips through graphology: what is written as JSON, GEXF or GraphML
 * parses back (with graphology's own parsers) into the graph that was stored, labels,
 * relationship types, provenance and figure metadata included, and writes out identically.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXPORT_FORMATS, readGraph, writeGraph, xmlSafe } from "../../src/export/formats.js";
import { type KnowledgeGraph, loadGraph } from "../../src/export/load-graph.js";
import { openKuzuStore } from "../../src/store/kuzu.js";
import { assignTopics, storeTopics } from "../../src/topics/store-topics.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";

const SNAPSHOT = resolve(import.meta.dirname, "../fixtures/arxiv/snapshot/multimodal.jsonl");
let dir: string;
let stored: KnowledgeGraph;

/** Nodes and edges by key; `xml` drops the control characters XML 1.0 cannot hold, as the XML writers do. */
function plain(graph: KnowledgeGraph, xml = false) {
  const clean = (value: unknown): unknown => (xml && typeof value === "string" ? xmlSafe(value) : value);
  const nodes: Record<string, unknown> = {};
  graph.forEachNode((key, attributes) => {
    nodes[key] = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, clean(v)]));
  });
  const edges: Record<string, unknown> = {};
  graph.forEachEdge((key, attributes, source, target) => {
    edges[key] = { source, target, ...attributes };
  });
  return { nodes, edges };
}

beforeAll(async () => {
  dir = join(tempDir(), "kg");
  const notes = tempDir();
  writeFileSync(
    join(notes, "hostile.md"),
    '---\ntitle: "<b>bold</b> & \\"quotes\\" \'apos\' \\u0007bell"\ntags: [a&b, "<tag>"]\n---\n# CLIP\n\nCLIP 使用对比学习 (contrastive learning).\n',
  );
  for (const args of [
    ["ingest", EXAMPLES, notes],
    ["arxiv", SNAPSHOT],
  ]) {
    const result = await kg([...args, "--data-dir", dir]);
    expect(result.code, result.stderr).toBe(0);
  }
  const store = await openKuzuStore({ dataDir: dir, readOnly: true });
  try {
    stored = await loadGraph(store);
    // What kg export adds to the stored graph: each node's topic (src/topics/).
    assignTopics(stored, await storeTopics(store));
  } finally {
    await store.close();
  }
}, 120_000);

describe("kg export", () => {
  it("holds every node and relationship, with labels, types, provenance and lists", () => {
    expect(stored.order).toBeGreaterThan(70);
    const clip = stored.getNodeAttributes("paper:arxiv:2103.00020");
    expect(clip.label).toBe("Paper");
    expect(clip.categories).toEqual(["cs.CV", "cs.LG"]);
    const authored = stored.getEdgeAttributes("AUTHORED_BY|paper:arxiv:2103.00020|author:alec-radford");
    expect(authored).toMatchObject({
      type: "AUTHORED_BY",
      position: 1,
      sources: ["arxiv:2103.00020", "note:examples/multimodal/index.md"],
      extractor: "arxiv/snapshot",
    });
    const figure = stored.findNode((_, a) => a.label === "Figure" && a.width !== undefined);
    expect(figure && stored.getNodeAttributes(figure)).toMatchObject({ format: "png" });
  });

  it.each(EXPORT_FORMATS)("round-trips %s through graphology and re-exports identically", async (format) => {
    const file = join(dir, `graph.${format}`);
    const result = await kg(["export", "--format", format, "-o", file, "--data-dir", dir]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(file, "utf8");
    const back = readGraph(text, format);
    expect(plain(back)).toEqual(plain(stored, format !== "json"));
    expect(writeGraph(back, format)).toBe(text);
  });

  it("keeps XML-hostile text intact and drops only what XML cannot hold", () => {
    const gexf = readGraph(writeGraph(stored, "gexf"), "gexf");
    const note = gexf.getNodeAttributes("note:hostile.md");
    expect(note.title).toBe("<b>bold</b> & \"quotes\" 'apos' bell");
    expect(gexf.hasNode("tag:<tag>")).toBe(true);
  });

  it("exports only the labels asked for, and refuses unknown ones", async () => {
    const result = await kg(["export", "--label", "Paper", "Author", "--format", "json", "--data-dir", dir]);
    expect(result.code, result.stderr).toBe(0);
    const graph = readGraph(result.stdout, "json");
    const labels = new Set<string>();
    graph.forEachNode((_, a) => labels.add(a.label));
    expect([...labels].sort()).toEqual(["Author", "Paper"]);
    expect(graph.size).toBe(20);
    const bad = await kg(["export", "--label", "Papers", "--data-dir", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown label 'Papers'");
  });
});
