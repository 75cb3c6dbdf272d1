/**
 * Notes in other styles than the example: an Obsidian vault (YAML, wikilinks, embeds,
 * inline tags, APA references), a plain note with no front matter, and a note mixing
 * Chinese and English. Each fixture's `expected.json` holds labels a person wrote from
 * reading the notes (docs/eval.md); code never writes them and a missing one fails. The key
 * facts are also asserted one by one below. Fixtures are read from temporary copies, so
 * their ids do not depend on the repository they sit in.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edgeStrings, extractFolder, FIXTURES, node, tempCopy } from "../helpers/extract.js";
import { expectLabelsHold } from "../helpers/labels.js";

/** Nothing the labels say is lost, nothing they call absent is there. */
const matchesLabels = (name: string) => expectLabelsHold(join(FIXTURES, name));

describe("Obsidian vault", () => {
  const graph = extractFolder([tempCopy(join(FIXTURES, "obsidian/vault"))]);
  const paper = "note:Papers/Attention Is All You Need.md";

  it("matches its hand-written labels", () => matchesLabels("obsidian"));

  it("reads YAML front matter and inline tags", () => {
    expect(node(graph, paper)?.props).toMatchObject({
      title: "Attention Is All You Need",
      date: "2023-03-14",
      lang: "en",
    });
    expect(edgeStrings(graph, "TAGGED")).toEqual([
      `TAGGED ${paper} -> tag:architecture`,
      `TAGGED ${paper} -> tag:nlp`,
      `TAGGED ${paper} -> tag:to-revisit`,
      "TAGGED note:Transformer Notes.md -> tag:transformer",
    ]);
  });

  it("resolves wikilinks and relative links both ways, and warns about broken ones", () => {
    expect(edgeStrings(graph, "LINKS_TO")).toEqual([
      `LINKS_TO ${paper} -> note:Transformer Notes.md`,
      `LINKS_TO note:Transformer Notes.md -> ${paper}`,
    ]);
    const broken = graph.problems.filter((p) => p.rule === "link/broken");
    expect(broken.map((p) => [p.file, p.line])).toEqual([
      ["Papers/Attention Is All You Need.md", 13],
      ["Transformer Notes.md", 7],
    ]);
  });

  it("parses the APA reference and the inline arXiv and DOI citations (BERT's arXiv id and its DOI on one line are one paper)", () => {
    expect(edgeStrings(graph, "INTRODUCED_IN")).toEqual([
      "INTRODUCED_IN model:bert -> paper:arxiv:1810.04805",
      "INTRODUCED_IN model:transformer -> paper:arxiv:1706.03762",
    ]);
    expect(node(graph, "paper:arxiv:1706.03762")?.props).toMatchObject({
      title: "Attention is all you need",
      year: 2017,
    });
    const authors = graph.edges.filter((e) => e.type === "AUTHORED_BY").map((e) => `${e.position} ${e.to}`);
    expect(authors).toEqual([
      "1 author:a-vaswani",
      "2 author:n-shazeer",
      "3 author:n-parmar",
      "4 author:i-polosukhin",
    ]);
    expect(edgeStrings(graph, "CITES")).toEqual([
      `CITES ${paper} -> paper:arxiv:1706.03762`,
      `CITES ${paper} -> paper:arxiv:1810.04805`,
    ]);
    expect(graph.nodes.filter((n) => n.id === "paper:arxiv:1810.04805").map((n) => n.props.doi)).toContain(
      "10.18653/v1/N19-1423",
    );
  });

  it("embeds the attachment figure and ties terms to the section's model", () => {
    const figure = graph.nodes.find((n) => n.label === "Figure");
    expect(figure?.props).toMatchObject({ src: "arch diagram.png", format: "png", width: 407, height: 225 });
    expect(edgeStrings(graph, "ILLUSTRATES")).toEqual([`ILLUSTRATES ${figure?.id} -> model:transformer`]);
    expect(edgeStrings(graph, "USES_CONCEPT")).toEqual(
      expect.arrayContaining([
        "USES_CONCEPT model:transformer -> concept:multi-head-attention",
        "USES_CONCEPT model:transformer -> concept:positional-encoding",
      ]),
    );
    expect(edgeStrings(graph, "USES_LOSS")).toEqual(
      expect.arrayContaining([
        "USES_LOSS model:bert -> loss:mlm",
        "USES_LOSS model:transformer -> loss:cross-entropy",
      ]),
    );
    expect(edgeStrings(graph, "BUILDS_ON")).toEqual(["BUILDS_ON model:bert -> model:transformer"]);
    expect(edgeStrings(graph, "HAS_CODE")).toEqual([
      "HAS_CODE model:transformer -> repo:github.com/tensorflow/tensor2tensor",
    ]);
  });
});

describe("a plain note with no front matter", () => {
  const graph = extractFolder([tempCopy(join(FIXTURES, "plain/notes"))]);

  it("matches its hand-written labels", () => matchesLabels("plain"));

  it("takes its title from the first heading, which also names the model, introduced by the PDF link", () => {
    expect(node(graph, "note:vit.md")?.props).toMatchObject({
      title: "ViT reading notes",
      date: null,
      lang: "en",
    });
    expect(edgeStrings(graph, "CITES")).toEqual(["CITES note:vit.md -> paper:arxiv:2010.11929"]);
    // The arXiv link right under the title is the paper the note is about.
    expect(edgeStrings(graph, "DESCRIBES")).toEqual([
      "DESCRIBES note:vit.md -> model:vit",
      "DESCRIBES note:vit.md -> paper:arxiv:2010.11929",
    ]);
    expect(edgeStrings(graph, "INTRODUCED_IN")).toEqual([
      "INTRODUCED_IN model:vit -> paper:arxiv:2010.11929",
    ]);
  });

  it("keeps HTML images, strips tracking parameters, and links the repository to the model", () => {
    expect(graph.nodes.find((n) => n.label === "Figure")?.props).toMatchObject({
      src: "https://example.org/vit.png",
      alt: "ViT architecture",
    });
    expect(graph.nodes.filter((n) => n.label === "WebResource").map((n) => n.id)).toEqual([
      "url:https://example.org/blog/vit",
    ]);
    expect(edgeStrings(graph, "HAS_CODE")).toEqual([
      "HAS_CODE model:vit -> repo:github.com/google-research/vision_transformer",
    ]);
  });
});

describe("a note mixing Chinese and English", () => {
  const graph = extractFolder([tempCopy(join(FIXTURES, "mixed/notes"))]);

  it("matches its hand-written labels", () => matchesLabels("mixed"));

  it("finds models, the quoted IEEE title, and lineage phrases in Chinese", () => {
    expect(node(graph, "paper:arxiv:2304.08485")?.props).toMatchObject({
      title: "Visual Instruction Tuning",
      venue: "Proc. NeurIPS",
    });
    expect(edgeStrings(graph, "DESCRIBES")).toEqual([
      "DESCRIBES note:llava.md -> model:llava",
      "DESCRIBES note:llava.md -> model:minigpt-4",
    ]);
    expect(edgeStrings(graph, "BUILDS_ON")).toEqual([
      "BUILDS_ON model:llava -> model:clip",
      "BUILDS_ON model:minigpt-4 -> model:blip-2",
    ]);
  });

  it("reads a term once whether written in Chinese or English", () => {
    const llava = edgeStrings(graph, "USES_CONCEPT").filter((e) => e.startsWith("USES_CONCEPT model:llava"));
    expect(llava).toEqual(
      expect.arrayContaining([
        "USES_CONCEPT model:llava -> concept:instruction-tuning",
        "USES_CONCEPT model:llava -> concept:large-language-model",
      ]),
    );
    expect(new Set(llava).size).toBe(llava.length);
    // `支持视觉问答（VQA）` says what LLaVA can do, not what it is built with.
    expect(llava).not.toContain("USES_CONCEPT model:llava -> concept:visual-question-answering");
    // The summary section is about no model: its terms are mentions only.
    expect(edgeStrings(graph, "MENTIONS")).toContain(
      "MENTIONS note:llava.md -> concept:contrastive-learning",
    );
    expect(edgeStrings(graph, "USES_CONCEPT").some((e) => e.endsWith("concept:contrastive-learning"))).toBe(
      false,
    );
  });
});
