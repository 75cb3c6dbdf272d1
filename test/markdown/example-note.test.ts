/**
 * The example note (a real Hugo page bundle, examples/multimodal) must give the graph the
 * issue asks for.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  EXAMPLE_NOTE,
  type Extracted,
  edgeStrings,
  extractFolder,
  node,
  tempCopy,
} from "../helpers/extract.js";

const NOTE = "note:index.md";
let graph: Extracted;

beforeAll(() => {
  graph = extractFolder([tempCopy(EXAMPLE_NOTE)]);
});

describe("the example note", () => {
  it("extracts without problems", () => {
    expect(graph.failed).toEqual([]);
    expect(graph.problems).toEqual([]);
  });

  it("reads the TOML front matter", () => {
    expect(node(graph, NOTE)?.props).toMatchObject({
      title: "多模态",
      date: "2025-07-06",
      author: "Yubao",
      description: "多模态",
      lang: "zh",
      series: ["series_robotics"],
      aliases: ["aliases_robotics"],
      draft: false,
    });
    expect(edgeStrings(graph, "TAGGED")).toEqual([
      `TAGGED ${NOTE} -> tag:多模态`,
      `TAGGED ${NOTE} -> tag:机器人`,
    ]);
    expect(edgeStrings(graph, "IN_CATEGORY")).toEqual([`IN_CATEGORY ${NOTE} -> category:机器人`]);
    expect(edgeStrings(graph, "IN_SERIES")).toEqual([`IN_SERIES ${NOTE} -> series:series_robotics`]);
  });

  it("finds the four model sections", () => {
    expect(edgeStrings(graph, "DESCRIBES")).toEqual(
      ["model:blip", "model:blip-2", "model:clip", "model:visualglm"].map((m) => `DESCRIBES ${NOTE} -> ${m}`),
    );
    expect(node(graph, "model:blip-2")?.props.name).toBe("BLIP-2");
  });

  it("links the three papers with their titles and authors", () => {
    expect(edgeStrings(graph, "INTRODUCED_IN")).toEqual([
      "INTRODUCED_IN model:blip -> paper:arxiv:2201.12086",
      "INTRODUCED_IN model:blip-2 -> paper:arxiv:2301.12597",
      "INTRODUCED_IN model:clip -> paper:arxiv:2103.00020",
    ]);
    expect(node(graph, "paper:arxiv:2103.00020")?.props.title).toBe(
      "Learning Transferable Visual Models From Natural Language Supervision",
    );
    expect(node(graph, "paper:arxiv:2201.12086")?.props.title).toBe(
      "BLIP: Bootstrapping Language-Image Pre-training for Unified Vision-Language Understanding and Generation",
    );
    expect(node(graph, "paper:arxiv:2301.12597")?.props.title).toBe(
      "BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image Encoders and Large Language Models",
    );
    const authors = graph.nodes.filter((n) => n.label === "Author").map((n) => n.props.name);
    expect(authors.sort()).toEqual(["A. Radford", "C. Xiong", "D. Li", "J. Li", "S. Hoi", "S. Savarese"]);
    const blip2Authors = graph.edges
      .filter((e) => e.type === "AUTHORED_BY" && e.from === "paper:arxiv:2301.12597")
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((e) => e.to);
    expect(blip2Authors).toEqual(["author:j-li", "author:d-li", "author:s-savarese", "author:s-hoi"]);
    expect(graph.nodes.some((n) => /et al/i.test(String(n.props.name)))).toBe(false);
  });

  it("attaches losses to their models, IGT read as ITG", () => {
    expect(edgeStrings(graph, "USES_LOSS")).toEqual([
      "USES_LOSS model:blip -> loss:itc",
      "USES_LOSS model:blip -> loss:itm",
      "USES_LOSS model:blip -> loss:lm",
      "USES_LOSS model:blip-2 -> loss:itc",
      "USES_LOSS model:blip-2 -> loss:itg",
      "USES_LOSS model:blip-2 -> loss:itm",
    ]);
  });

  it("attaches bilingual concepts to their models", () => {
    const uses = edgeStrings(graph, "USES_CONCEPT");
    for (const [model, concept] of [
      ["clip", "contrastive-learning"],
      ["clip", "weak-supervision"],
      ["blip", "cross-attention"],
      ["blip", "natural-language-understanding"],
      ["blip", "natural-language-generation"],
      ["blip-2", "q-former"],
      ["blip-2", "instruction-tuning"],
      ["blip-2", "large-language-model"],
    ]) {
      expect(uses).toContain(`USES_CONCEPT model:${model} -> concept:${concept}`);
    }
    expect(node(graph, "concept:contrastive-learning")?.props).toMatchObject({
      name: "contrastive learning",
      nameZh: "对比学习",
    });
    expect(node(graph, "concept:weak-supervision")?.props).toMatchObject({
      name: "weak supervision",
      nameZh: "弱监督",
    });
    expect(node(graph, "concept:cross-attention")?.props).toMatchObject({ nameZh: "交叉注意力" });
  });

  it("finds the code repositories", () => {
    expect(edgeStrings(graph, "HAS_CODE")).toEqual([
      "HAS_CODE model:clip -> repo:github.com/openai/clip",
      "HAS_CODE model:visualglm -> repo:github.com/thudm/visualglm-6b",
    ]);
    expect(node(graph, "repo:github.com/thudm/visualglm-6b")?.props).toMatchObject({
      url: "https://github.com/THUDM/VisualGLM-6B",
      owner: "THUDM",
      repo: "VisualGLM-6B",
    });
  });

  it("records the seven body figures, local ones hashed and measured", () => {
    const figures = graph.nodes.filter((n) => n.label === "Figure");
    expect(figures).toHaveLength(7);
    const local = figures.filter((f) => f.props.localPath);
    expect(local).toHaveLength(4);
    for (const figure of local) {
      expect(figure.id).toMatch(/^figure:[0-9a-f]{64}$/);
      expect(figure.props.bytes).toBeGreaterThan(60_000);
      expect(figure.props).toMatchObject({ format: "png" });
      expect(figure.props.width).toBeGreaterThan(0);
    }
    expect(figures.filter((f) => String(f.props.src).startsWith("https://"))).toHaveLength(3);
    expect(edgeStrings(graph, "HAS_FIGURE")).toHaveLength(7);
    const perModel: Record<string, number> = {};
    for (const edge of graph.edges.filter((e) => e.type === "ILLUSTRATES"))
      perModel[edge.to] = (perModel[edge.to] ?? 0) + 1;
    expect(perModel).toEqual({ "model:clip": 1, "model:blip": 2, "model:blip-2": 3, "model:visualglm": 1 });
  });

  it("keeps the two reference links as web resources", () => {
    const web = graph.nodes.filter((n) => n.label === "WebResource");
    expect(web.map((w) => w.props.title).sort()).toEqual([
      "VisualGLM技术讲解",
      "多模态+知识图谱 完全自学从零构建知识图谱",
    ]);
    expect(web.every((w) => w.props.host === "www.bilibili.com")).toBe(true);
    expect(edgeStrings(graph, "REFERENCES")).toHaveLength(2);
  });

  it("gives every edge provenance", () => {
    for (const edge of graph.edges) {
      expect(edge.source).toBe(NOTE);
      expect(edge.extractor).toMatch(/^markdown\//);
      expect(edge.confidence).toBeGreaterThan(0);
      expect(edge.confidence).toBeLessThanOrEqual(1);
      if (!edge.extractor.endsWith("front-matter")) expect(edge.line).toBeGreaterThan(0);
    }
    const lossLine = graph.edges.find((e) => e.type === "USES_LOSS" && e.to === "loss:itg")?.line;
    expect(lossLine).toBe(71);
  });
});
