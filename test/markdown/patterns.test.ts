/**
 * The patterns extraction must hold on notes nobody here wrote (issue 13), one `describe` per
 * pattern, each with small notes in the style where it was seen. Notes are written inline so
 * that what each test asserts stands next to the text it reads.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/problems.js";
import { EXAMPLES, type Extracted, edgeStrings, extractFolder, node, tempDir } from "../helpers/extract.js";

/** Writes the files under a fresh folder (no vault marker above it) and returns the folder. */
function vault(files: Record<string, string | Buffer>): string {
  const root = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const noteVault = (files: Record<string, string | Buffer>): Extracted => extractFolder([vault(files)]);

/** Edges as `TYPE from -> to` with their rule, for one type. */
const ruled = (graph: Extracted, type: string) =>
  graph.edges
    .filter((e) => e.type === type)
    .map((e) => `${e.from} -> ${e.to} [${e.extractor}]`)
    .sort();

/** `from -> to` without the rule: for assertions about what is linked, not which rule linked it. */
const linked = (graph: Extracted, type: string) => ruled(graph, type).map((e) => e.replace(/ \[.*$/, ""));
/** The models the note's figures illustrate, each as `-> model:id` (figure ids are content hashes). */
const illustrated = (graph: Extracted) =>
  linked(graph, "ILLUSTRATES").map((e) => e.replace(/^figure:\w+ /, ""));

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108020000009077530de0000000c4944415478da63f8cfc0000003010100c9fe92ef0000000049454e44ae426082",
  "hex",
);

describe("1. one note per file, whatever the roots", () => {
  const root = vault({
    "blog/post/CLIP/index.md": "# CLIP\n\narXiv:2103.00020\n",
    "blog/post/DALL-E/index.md": "# DALL-E\n\narXiv:2102.12092\n",
  });
  const ids = (paths: string[]) =>
    extractFolder(paths)
      .nodes.filter((n) => n.label === "Note")
      .map((n) => n.id)
      .sort();

  it("two roots holding the same relative path give two notes", () => {
    expect(ids([join(root, "blog/post/CLIP"), join(root, "blog/post/DALL-E")])).toEqual([
      "note:CLIP/index.md",
      "note:DALL-E/index.md",
    ]);
  });

  it("one root inside another, or the same folder twice, reads each file once", () => {
    const graph = extractFolder([join(root, "blog"), join(root, "blog/post/CLIP"), join(root, "blog/")]);
    expect(
      graph.nodes
        .filter((n) => n.label === "Note")
        .map((n) => n.id)
        .sort(),
    ).toEqual(["note:post/CLIP/index.md", "note:post/DALL-E/index.md"]);
    expect(edgeStrings(graph, "CITES")).toHaveLength(2);
  });

  it("a vault marker fixes the ids, so a sub-folder gives the same id as the whole vault", () => {
    mkdirSync(join(root, "blog/.obsidian"), { recursive: true });
    const whole = ids([join(root, "blog")]);
    const part = ids([join(root, "blog/post/CLIP")]);
    const dotted = ids([`${join(root, "blog/post")}/`]);
    expect(whole).toEqual(["note:post/CLIP/index.md", "note:post/DALL-E/index.md"]);
    expect(part).toEqual(["note:post/CLIP/index.md"]);
    expect(dotted).toEqual(whole);
  });
});

describe("2. prose after HTML reaches the extractors", () => {
  const graph = noteVault({
    "images/vilt.png": PNG,
    "images/cost.png": Buffer.concat([PNG, Buffer.from([0])]),
    "summaries/vilt.md": [
      "# ViLT: Vision-and-Language Transformer Without Convolution or Region Supervision",
      "",
      "## Model",
      "",
      '<img src="../images/vilt.png" width="600">',
      "ViLT is pre-trained with the image-text matching (ITM) loss and masked language modeling (MLM).",
      'It builds on ViT, with <img src="../images/cost.png" width="100"> an inline figure.',
      "",
    ].join("\n"),
  });

  it("finds the losses in the text that CommonMark keeps inside the HTML block", () => {
    expect(edgeStrings(graph, "USES_LOSS")).toEqual([
      "USES_LOSS model:vilt -> loss:itm",
      "USES_LOSS model:vilt -> loss:mlm",
    ]);
    expect(edgeStrings(graph, "BUILDS_ON")).toEqual(["BUILDS_ON model:vilt -> model:vit"]);
  });

  it("keeps the block's image and the inline one as figures of the section's model", () => {
    const figures = graph.edges.filter((e) => e.type === "HAS_FIGURE").map((e) => e.line);
    expect(figures.sort()).toEqual([5, 7]);
    expect(edgeStrings(graph, "ILLUSTRATES")).toEqual(
      expect.arrayContaining([expect.stringMatching(/-> model:vilt$/)]),
    );
  });
});

describe("3. a paper link in the front matter", () => {
  const keys = {
    link: "https://arxiv.org/pdf/2205.01917",
    url: "https://arxiv.org/abs/2204.14198v2",
    arxiv: "2002.05709",
    paper: "https://doi.org/10.48550/arXiv.2112.01527",
    source: "https://www.alphaxiv.org/abs/1911.05722",
  };
  for (const [key, value] of Object.entries(keys)) {
    it(`\`${key}:\` says which paper the note describes`, () => {
      const graph = noteVault({
        "Papers/Note.md": `---\n${key}: ${value}\ntags: [paper]\n---\n\nSome notes.\n`,
      });
      expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("paper:"))).toEqual([
        expect.stringMatching(
          /^note:Papers\/Note\.md -> paper:arxiv:\d{4}\.\d{5} \[markdown\/paper\/front-matter\]$/,
        ),
      ]);
    });
  }
});

describe("3b. a note named by its paper, or numbered", () => {
  it("`2103.00020.md` describes that paper, and so CLIP, whose paper it is; `01-ViLT.md` is about ViLT", () => {
    const graph = noteVault({ "2103.00020.md": "Contrastive pairs.\n", "01-ViLT.md": "No convolutions.\n" });
    expect(ruled(graph, "DESCRIBES")).toEqual([
      "note:01-ViLT.md -> model:vilt [markdown/model/file-name]",
      "note:2103.00020.md -> model:clip [markdown/model/paper-id]",
      "note:2103.00020.md -> paper:arxiv:2103.00020 [markdown/paper/file-name]",
    ]);
  });
});

describe("4. arXiv ids in every spelling", () => {
  const spellings = [
    "arxiv 2206.11251",
    "arXiv 2206.11251v2",
    "arXiv:2206.11251",
    "arXiv：2206.11251",
    "<https://arxiv.org/pdf/2206.11251.pdf>",
    "<https://www.alphaxiv.org/abs/2206.11251>",
    "<https://huggingface.co/papers/2206.11251>",
    "<https://paperswithcode.com/paper/2206.11251>",
    "<https://doi.org/10.48550/arXiv.2206.11251>",
    "[2206.11251](https://arxiv.org/abs/2206.11251v3)",
    "`@article{x, archivePrefix = {arXiv}, eprint = {2206.11251}}`",
  ];
  for (const spelling of spellings) {
    it(spelling, () => {
      const graph = noteVault({ "a.md": `# Notes\n\nRead ${spelling} today.\n` });
      expect(edgeStrings(graph, "CITES")).toEqual(["CITES note:a.md -> paper:arxiv:2206.11251"]);
    });
  }

  it("a four-digit number after 2015 is a typo, not an id", () => {
    const graph = noteVault({ "a.md": "[arXiv 2003.0429](https://arxiv.org/pdf/2003.04297)\n" });
    expect(edgeStrings(graph, "CITES")).toEqual(["CITES note:a.md -> paper:arxiv:2003.04297"]);
  });
});

describe("5. models the vocabulary does not know", () => {
  const describes = (graph: Extracted) => ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"));

  it("from the file name, the title, a page bundle's folder and the title's prefix", () => {
    const graph = noteVault({
      "SimCLR.md": "Contrastive learning with two augmented views.\n",
      "Papers/Flamingo.md":
        "---\ntags: [paper]\n---\n\nFlamingo links a frozen vision encoder to Chinchilla. Flamingo is few-shot.\n",
      "Mask2Former.md": "Masked attention.\n",
      "vilt.md": "# ViLT\n\nA transformer without convolutions.\n",
      "post/CoCa/index.md": "Contrastive captioners.\n",
      "Octo - An Open-Source Generalist Robot Policy.md": "A robot policy.\n",
    });
    expect(describes(graph)).toEqual([
      "note:Mask2Former.md -> model:mask2former [markdown/model/file-name]",
      "note:Octo - An Open-Source Generalist Robot Policy.md -> model:octo [markdown/model/title-prefix]",
      "note:Papers/Flamingo.md -> model:flamingo [markdown/model/file-name]",
      "note:SimCLR.md -> model:simclr [markdown/model/file-name]",
      "note:post/CoCa/index.md -> model:coca [markdown/model/file-name]",
      "note:vilt.md -> model:vilt [markdown/model/vocabulary-heading]",
    ]);
  });

  it("a survey's headings, one model each, without reference lines; structure is not a model", () => {
    const graph = noteVault({
      "survey.md": [
        "# Vision-language pre-training",
        "## Introduction",
        "Ten recipes.",
        "## BYOL",
        "Two networks.",
        "## LiT",
        "Locked-image tuning.",
        "## PaLI",
        "A multilingual model.",
        "## Perceiver",
        "Perceiver reads inputs with a latent array. Perceiver scales.",
        "## Datasets",
        "COCO.",
        "## Limitations",
        "Compute.",
        "## 总结",
        "完。",
        "## Contrastive Learning",
        "Pairs.",
        "",
      ].join("\n\n"),
    });
    expect(describes(graph).map((e) => e.split(" [")[0])).toEqual([
      "note:survey.md -> model:byol",
      "note:survey.md -> model:lit",
      "note:survey.md -> model:pali",
      "note:survey.md -> model:perceiver",
    ]);
  });

  it("a README's title names its folder's topic; `CLIP 相关工作` is about what surrounds CLIP", () => {
    const graph = noteVault({
      "CV-CNN/README.md":
        "# CV-CNN\n\n## CLIP 相关工作\n\n| 笔记 | 名字 |\n| --- | --- |\n| [notes](a.md) | [ActionCLIP](https://arxiv.org/pdf/2109.08472.pdf) |\n",
      "CV-CNN/a.md": "# ActionCLIP notes\n",
    });
    expect(describes(graph).filter((e) => e.startsWith("note:CV-CNN/README.md"))).toEqual([]);
    expect(node(graph, "model:clip@2109.08472")).toBeUndefined();
    // The index row says the linked note is about ActionCLIP's paper.
    expect(ruled(graph, "DESCRIBES")).toContain(
      "note:CV-CNN/a.md -> paper:arxiv:2109.08472 [markdown/paper/index-row]",
    );
  });

  it("a definition that introduces the model, and a paper title's name before the colon", () => {
    const graph = noteVault({
      "Momentum Contrast for Unsupervised Visual Representation Learning.md": [
        "# Momentum Contrast for Unsupervised Visual Representation Learning",
        "",
        "> We present Momentum Contrast (MoCo) for unsupervised visual representation learning.",
        "",
        "MoCo keeps a queue of keys.",
        "",
      ].join("\n"),
      "refs.md":
        "# Reading list\n\n[1] J. Li et al., BLIP-2: Bootstrapping Language-Image Pre-training, 2023, arXiv:2301.12597.\n",
    });
    expect(describes(graph)).toEqual([
      "note:Momentum Contrast for Unsupervised Visual Representation Learning.md -> model:moco [markdown/model/definition]",
    ]);
    expect(ruled(graph, "INTRODUCED_IN")).toEqual([
      "model:blip-2 -> paper:arxiv:2301.12597 [markdown/model/reference-title-prefix]",
    ]);
    const confidence = graph.edges.find((e) => e.type === "DESCRIBES" && e.to === "model:moco")?.confidence;
    expect(confidence).toBeGreaterThan(0.5);
    expect(confidence).toBeLessThan(1);
  });
});

describe("6. the right entity", () => {
  it("a heading naming a longer name is that name's section", () => {
    const graph = noteVault({
      "blip.md": [
        "## BLIP",
        "[1] J. Li et al., BLIP: Bootstrapping Language-Image Pre-training, 2022, arXiv:2201.12086.",
        "## BLIP-Diffusion",
        "[2] D. Li et al., BLIP-Diffusion: Pre-trained Subject Representation, 2023, arXiv:2305.14720.",
        "",
      ].join("\n\n"),
    });
    expect(edgeStrings(graph, "INTRODUCED_IN")).toEqual([
      "INTRODUCED_IN model:blip -> paper:arxiv:2201.12086",
      "INTRODUCED_IN model:blip-diffusion -> paper:arxiv:2305.14720",
    ]);
    expect(edgeStrings(graph, "BUILDS_ON")).toEqual(["BUILDS_ON model:blip-diffusion -> model:blip"]);
  });

  it("a model and its numbered successors are separate nodes, linked as versions", () => {
    const graph = noteVault({
      "yolo.md": "## YOLO\n\nOne stage.\n\n## YOLO v3\n\nThree scales.\n\n## SAM 2\n\nVideo.\n",
    });
    expect(edgeStrings(graph, "DESCRIBES")).toEqual([
      "DESCRIBES note:yolo.md -> model:sam2",
      "DESCRIBES note:yolo.md -> model:yolo",
      "DESCRIBES note:yolo.md -> model:yolov3",
    ]);
    expect(edgeStrings(graph, "VARIANT_OF")).toEqual([
      "VARIANT_OF model:sam2 -> model:sam",
      "VARIANT_OF model:yolov3 -> model:yolo",
    ]);
  });

  it("one acronym for two models: the paper tells them apart", () => {
    const graph = noteVault({
      "ssl.md":
        "## DINO\n\n[1] M. Caron et al., Emerging Properties in Self-Supervised Vision Transformers, 2021, arXiv:2104.14294.\n",
      "det.md":
        "## DINO\n\n[1] H. Zhang et al., DINO: DETR with Improved DeNoising Anchor Boxes, 2022, arXiv:2203.03605.\n",
    });
    expect(edgeStrings(graph, "INTRODUCED_IN")).toEqual([
      "INTRODUCED_IN model:dino -> paper:arxiv:2104.14294",
      "INTRODUCED_IN model:dino@2203.03605 -> paper:arxiv:2203.03605",
    ]);
    expect(node(graph, "model:dino@2203.03605")?.props.name).toBe("DINO");
  });
});

describe("7. co-occurrence is not use", () => {
  const graph = noteVault({
    "resnet.md": [
      "## ResNet",
      "",
      "ResNet does not use self-attention, and it is trained with cross-entropy.",
      "",
      "We report MAE (mean absolute error) on the counting benchmark.",
      "",
      "We plug the frozen LM into a captioner. The LM's outputs are tokens.",
      "",
      "See `clip.load()` and https://github.com/openai/CLIP for the code.",
      "",
      "It also mentions batch normalization in passing.",
      "",
    ].join("\n"),
  });

  it("a negation keeps the mention and drops the use", () => {
    expect(ruled(graph, "USES_CONCEPT")).not.toContainEqual(expect.stringContaining("self-attention"));
    expect(ruled(graph, "MENTIONS")).toContainEqual(
      "note:resnet.md -> concept:self-attention [markdown/relation/negated]",
    );
    expect(ruled(graph, "USES_LOSS")).toEqual([
      "model:resnet -> loss:cross-entropy [markdown/uses/loss-context]",
    ]);
  });

  it("a local expansion that names another sense overrides the vocabulary", () => {
    expect(node(graph, "model:mae")).toBeUndefined();
  });

  it("LM meaning a language model is not the LM loss", () => {
    expect(node(graph, "loss:lm")).toBeUndefined();
  });

  it("a name inside code or a URL counts as nothing", () => {
    expect(node(graph, "model:clip")).toBeUndefined();
  });

  it("a plain mention in a model's section is a MENTIONS, not a USES", () => {
    expect(ruled(graph, "MENTIONS")).toContainEqual(
      "note:resnet.md -> concept:batch-normalization [markdown/term]",
    );
    expect(ruled(graph, "USES_CONCEPT")).toEqual([]);
  });

  it("a clause about another model is not the section model's use", () => {
    const other = noteVault({
      "bert.md": [
        "## BERT",
        "",
        "GPT-3 is trained with the LM objective on a large corpus; BERT is trained with MLM.",
        "",
        "CLIP 用 InfoNCE 损失训练图文两个编码器。",
        "",
      ].join("\n"),
    });
    expect(ruled(other, "USES_LOSS")).toEqual(["model:bert -> loss:mlm [markdown/uses/loss-context]"]);
    expect(ruled(other, "MENTIONS")).toEqual(
      expect.arrayContaining([
        "note:bert.md -> loss:lm [markdown/relation/other-model]",
        "note:bert.md -> loss:infonce [markdown/relation/other-model]",
      ]),
    );
  });
});

describe("8. figures keep their model", () => {
  it("in a note about one model, a figure outside any model section illustrates it", () => {
    const graph = noteVault({
      "attachments/arch.png": PNG,
      "Papers/SimCLR.md": "# A Simple Framework for Contrastive Learning\n\n## Method\n\n![[arch.png]]\n",
    });
    expect(ruled(graph, "ILLUSTRATES")).toEqual([
      expect.stringMatching(/^figure:[0-9a-f]{64} -> model:simclr \[markdown\/figure-note-subject\]$/),
    ]);
  });
});

describe("9. papers without an arXiv id", () => {
  it("a first heading that is a title, with an author line under it, describes that paper", () => {
    const graph = noteVault({
      "alexnet.md": [
        "# ImageNet Classification with Deep Convolutional Neural Networks",
        "",
        "*Alex Krizhevsky, Ilya Sutskever, Geoffrey E. Hinton*",
        "",
        "AlexNet won ImageNet. AlexNet uses ReLU.",
        "",
        '[1] V. Nair and G. E. Hinton, "Rectified linear units improve restricted Boltzmann machines," ICML 2010.',
        "[2] Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun. Deep Residual Learning for Image Recognition. CVPR 2016.",
        "",
      ].join("\n"),
    });
    const described = "paper:title:imagenet-classification-with-deep-convolutional-neural-networks";
    expect(edgeStrings(graph, "DESCRIBES")).toContain(`DESCRIBES note:alexnet.md -> ${described}`);
    const authors = graph.edges
      .filter((e) => e.type === "AUTHORED_BY" && e.from === described)
      .map((e) => `${e.position} ${e.to}`);
    expect(authors).toEqual([
      "1 author:alex-krizhevsky",
      "2 author:ilya-sutskever",
      "3 author:geoffrey-e-hinton",
    ]);
    expect(edgeStrings(graph, "CITES")).toEqual([
      "CITES note:alexnet.md -> paper:title:deep-residual-learning-for-image-recognition",
      "CITES note:alexnet.md -> paper:title:rectified-linear-units-improve-restricted-boltzmann-machines",
    ]);
  });
});

describe("10. one bad front-matter key does not drop the note", () => {
  it("a duplicated YAML key warns, keeps the last value, and stores the note", () => {
    const graph = noteVault({
      "a.md": "---\ntitle: First\ndraft: true\ntitle: Second\ndraft: false\n---\n\nText.\n",
    });
    expect(graph.failed).toEqual([]);
    expect(node(graph, "note:a.md")?.props).toMatchObject({ title: "Second", draft: false });
    expect(graph.problems.map(formatProblem)).toEqual([
      "a.md:4: warning: front matter key 'title' is given twice (lines 2 and 4); the last value is kept [frontmatter/duplicate-key]",
      "a.md:5: warning: front matter key 'draft' is given twice (lines 3 and 5); the last value is kept [frontmatter/duplicate-key]",
    ]);
  });

  it("a value with `: ` in it (`description: Mamba: Linear-Time ...`) is read as text, with a warning; a broken value still fails", () => {
    const graph = noteVault({
      "slides.md": [
        "---",
        "title: Reading group",
        "description: Mamba: Linear-Time Sequence Modeling (Gu & Dao, 2023)",
        "slideOptions:",
        "  theme: white",
        "---",
        "",
        "# Mamba",
        "",
        "[arXiv:2312.00752](https://arxiv.org/abs/2312.00752)",
        "",
      ].join("\n"),
      "broken.md": "---\ntitle: [oops: here\n---\n\nText.\n",
    });
    expect(graph.failed).toEqual(["broken.md"]);
    expect(node(graph, "note:slides.md")?.props).toMatchObject({ title: "Reading group" });
    expect(graph.problems.map(formatProblem).filter((line) => line.startsWith("slides.md"))).toEqual([
      "slides.md:3: warning: the value of front matter key 'description' holds ': ', which YAML reads as a nested mapping; it is read as text [frontmatter/colon-in-value]",
    ]);
    expect(edgeStrings(graph, "CITES")).toEqual(["CITES note:slides.md -> paper:arxiv:2312.00752"]);
  });
});

describe("11. the same rules in Chinese", () => {
  const graph = noteVault({
    "MAE 论文笔记.md": [
      "# MAE 论文笔记",
      "",
      "论文：arxiv 2111.06377",
      "",
      "## 方法",
      "",
      "编码器基于 ViT，损失是均方误差（MSE）。",
      "",
      "## 实验",
      "",
      "![图 1](./assets/mae.png)",
      "",
    ].join("\n"),
    "assets/mae.png": PNG,
  });

  it("the title names the model, the structural headings do not", () => {
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:MAE 论文笔记.md -> model:mae [markdown/model/vocabulary-heading]",
    ]);
  });

  it("the arXiv id, the lineage phrase, the loss and the figure", () => {
    expect(edgeStrings(graph, "CITES")).toEqual(["CITES note:MAE 论文笔记.md -> paper:arxiv:2111.06377"]);
    expect(edgeStrings(graph, "BUILDS_ON")).toEqual(["BUILDS_ON model:mae -> model:vit"]);
    expect(edgeStrings(graph, "USES_LOSS")).toEqual(["USES_LOSS model:mae -> loss:mse"]);
    expect(edgeStrings(graph, "ILLUSTRATES")).toEqual([expect.stringMatching(/-> model:mae$/)]);
  });
});

describe("12. losses written in prose, without a list or a loss heading", () => {
  const graph = noteVault({
    "SketchVAE.md": [
      "# SketchVAE",
      "",
      "A small variational autoencoder for line drawings. It is trained with a per-stroke",
      "log-likelihood, and we optimise the error only on held-out strokes.",
      "",
    ].join("\n"),
    "位姿网络.md": [
      "# PoseNet2",
      "",
      "训练时我们优化每个关键点的重投影误差，但不直接优化定位误差。",
      "",
    ].join("\n"),
  });

  it("an error, bound or likelihood the model is trained on or optimises is a loss, named as written", () => {
    expect(ruled(graph, "MENTIONS").filter((e) => e.includes("loss:"))).toEqual([
      "note:SketchVAE.md -> loss:per-stroke-log-likelihood [markdown/loss/optimised-quantity]",
      "note:位姿网络.md -> loss:重投影误差 [markdown/loss/optimised-quantity]",
    ]);
  });

  it("each such MENTIONS carries its rule's registered confidence, not a vocabulary term's 1.0", () => {
    const confidences = graph.edges
      .filter((e) => e.type === "MENTIONS" && e.toLabel === "Loss")
      .map((e) => e.confidence);
    expect(confidences).toEqual([0.7, 0.7]);
  });

  it("a head alone (`the error`) or a quantity named by what it measures (`定位误差`) is not one", () => {
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).toEqual([
      "loss:per-stroke-log-likelihood",
      "loss:重投影误差",
    ]);
  });
});

describe("13. a loss named in brackets after the word loss", () => {
  const graph = noteVault({
    "BoxNet.md": [
      "# BoxNet",
      "",
      "Box offsets are regressed with a loss function (smooth L1) on positive anchors only. The",
      "classification loss ($L_{cls}$) is a softmax over classes, and the total loss (Eq. 2) adds",
      "both with a loss weight (weights 1.0 and 0.5).",
      "",
      "中文摘要：边框回归用鲁棒的损失函数（平滑 $L_{1}$），见上文的损失函数（式 3）。总损失是定位损失（loc）",
      "与排序损失（ranking loss）之和。",
      "",
    ].join("\n"),
  });

  it("the name in brackets is the loss, math read as its letters", () => {
    expect(ruled(graph, "USES_LOSS")).toEqual([
      "model:boxnet -> loss:smooth-l1 [markdown/uses/loss-context]",
      "model:boxnet -> loss:平滑-l1 [markdown/uses/loss-context]",
      "model:boxnet -> loss:排序损失 [markdown/uses/loss-context]",
    ]);
    expect(ruled(graph, "MENTIONS").filter((e) => e.includes("loss:"))).toEqual([
      "note:BoxNet.md -> loss:smooth-l1 [markdown/loss/bracketed-name]",
      "note:BoxNet.md -> loss:平滑-l1 [markdown/loss/bracketed-name]",
      "note:BoxNet.md -> loss:排序损失 [markdown/loss/phrase]",
    ]);
  });

  it("a symbol, a pointer, a setting, a subscript tag or the same loss restated names nothing more", () => {
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).toEqual([
      "loss:smooth-l1",
      "loss:平滑-l1",
      "loss:排序损失",
    ]);
  });
});

describe("14. a task heading beside a known loss heading names a loss", () => {
  const graph = noteVault({
    "TinyLM.md": [
      "# TinyLM",
      "",
      "TinyLM is a small encoder, pre-trained on two tasks.",
      "",
      "## Pre-training",
      "",
      "### Masked Language Modeling (MLM)",
      "",
      "Fifteen percent of the tokens are hidden; the MLM loss is computed on them.",
      "",
      "### Replaced Token Detection (RTD)",
      "",
      "A small discriminator guesses which tokens a generator swapped.",
      "",
    ].join("\n"),
    "小模型.md": [
      "# WordNet2",
      "",
      "## 预训练任务",
      "",
      "### 词序还原（Word Order Recovery，WOR）",
      "",
      "把打乱的词序复原。",
      "",
    ].join("\n"),
    "GatedNet.md": [
      "# GatedNet",
      "",
      "## Architecture",
      "",
      "### Gated Linear Unit (GLU)",
      "",
      "The feed-forward blocks use gates.",
      "",
      "### Cross-entropy",
      "",
      "Nothing unusual about the loss.",
      "",
    ].join("\n"),
  });

  it("the abbreviation the heading defines is a loss of the section's model", () => {
    expect(ruled(graph, "USES_LOSS")).toEqual([
      "model:tinylm -> loss:mlm [markdown/uses/loss-context]",
      "model:tinylm -> loss:rtd [markdown/uses/loss-context]",
      "model:wordnet2 -> loss:wor [markdown/uses/loss-context]",
    ]);
    expect(ruled(graph, "MENTIONS").filter((e) => e.includes("sibling-heading"))).toEqual([
      "note:TinyLM.md -> loss:rtd [markdown/loss/sibling-heading]",
      "note:小模型.md -> loss:wor [markdown/loss/sibling-heading]",
    ]);
  });

  it("an abbreviation that does not name a task (`Gated Linear Unit`) is no loss, even beside one", () => {
    expect(node(graph, "loss:glu")).toBeUndefined();
  });
});

describe("15. links to papers without an arXiv id", () => {
  const graph = noteVault({
    "faster-rcnn.md": [
      "# Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks",
      "",
      "*S. Ren, K. He, R. Girshick, J. Sun*",
      "",
      "arXiv 1506.01497 [![citations](https://img.shields.io/badge/citations-many-blue)](https://www.semanticscholar.org/paper/x/424561d8)",
      "",
      "## Proposals",
      "",
      "[Selective Search for Object Recognition](http://www.huppelen.nl/publications/selectiveSearchDraft.pdf) is slow (as in [the old file tree](https://arxiv.org/ftp/arxiv/papers/1312/1312.5402.pdf)); [EdgeBoxes](http://vigir.missouri.edu/~gdesouza/ECCV_2014/papers/8693/86930391.pdf) is faster.",
      "Later, [选择性搜索](http://www.huppelen.nl/publications/selectiveSearchDraft.pdf) again.",
      "The region-based CNN of [CVPR 2019](https://openaccess.thecvf.com/content_CVPR_2019/papers/Ye_Unsupervised_Embedding_Learning_via_Invariant_and_Spreading_Instance_Feature_CVPR_2019_paper.pdf).",
      "A survey: [What makes for effective detection proposals?](https://www.semanticscholar.org/reader/6c016579af5b).",
      "",
      "## Training",
      "",
      "A log loss over two classes (object or not) for each anchor plus a smooth L1 loss on the box offsets.",
      "",
      "- [PDF](https://example.org/paper.pdf), [slides of the lecture](https://example.org/lecture11.pdf), [图源](https://example.org/fig.pdf), [CVPR 2014](https://example.org/2014.pdf)",
      "",
    ].join("\n"),
  });

  it("a PDF or a paper's page, named by its text, is a cited paper; a short name is less sure", () => {
    expect(ruled(graph, "CITES")).toEqual([
      "note:faster-rcnn.md -> paper:arxiv:1312.5402 [markdown/citation-inline]",
      "note:faster-rcnn.md -> paper:arxiv:1506.01497 [markdown/citation-inline]",
      "note:faster-rcnn.md -> paper:title:selective-search-for-object-recognition [markdown/citation-link]",
      "note:faster-rcnn.md -> paper:title:unsupervised-embedding-learning-via-invariant-and-spreading-instance-feature [markdown/citation-link]",
      "note:faster-rcnn.md -> paper:title:what-makes-for-effective-detection-proposals [markdown/citation-link]",
      "note:faster-rcnn.md -> paper:url:vigir.missouri.edu/~gdesouza/ECCV_2014/papers/8693/86930391.pdf [markdown/citation-link-name]",
    ]);
    const cites = graph.edges.filter((e) => e.type === "CITES" && e.extractor.includes("citation-link"));
    expect(cites.map((e) => e.confidence).sort()).toEqual([0.7, 0.85, 0.85, 0.85]);
    // A short name is not a title: the paper is known by its address, and named as the note names it.
    const edgeBoxes = node(
      graph,
      "paper:url:vigir.missouri.edu/~gdesouza/ECCV_2014/papers/8693/86930391.pdf",
    );
    expect(edgeBoxes?.props).toMatchObject({
      name: "EdgeBoxes",
      url: "http://vigir.missouri.edu/~gdesouza/ECCV_2014/papers/8693/86930391.pdf",
    });
    expect(edgeBoxes?.props.title ?? null).toBeNull();
  });

  it("the title line with authors and the one arXiv id at the top are one paper, though the note has two models", () => {
    expect(edgeStrings(graph, "DESCRIBES")).toContain(
      "DESCRIBES note:faster-rcnn.md -> paper:arxiv:1506.01497",
    );
    expect(graph.nodes.filter((n) => n.id.startsWith("paper:title:faster-r-cnn"))).toEqual([]);
  });

  it("a badge is not a figure; a bracketed `or not` denies nothing after it", () => {
    expect(graph.edges.filter((e) => e.type === "HAS_FIGURE")).toEqual([]);
    expect(ruled(graph, "USES_LOSS").join("\n")).toContain(
      "loss:smooth-l1-loss [markdown/uses/loss-context]",
    );
  });
});

describe("16. a note opening with a structural heading is named by its file", () => {
  it("`# 论文信息` or `# Introduction` is a section, not the title", () => {
    const graph = noteVault({
      "Deep Residual Learning for Image Recognition.md":
        "# 论文信息\n- 网络名称： ResNet\n\n# 一、解决的问题\n\n深层网络难以训练。\n",
      "ViLT.md": "# Introduction\n\nViLT drops the region features.\n",
      "BLIP.md": "# BLIP 论文笔记\n\nBLIP bootstraps captions.\n",
    });
    const names = graph.nodes
      .filter((n) => n.label === "Note")
      .map((n) => n.props.name)
      .sort();
    expect(names).toEqual(["BLIP 论文笔记", "Deep Residual Learning for Image Recognition", "ViLT"]);
  });
});

describe("17. references written loosely under a References heading", () => {
  it("each line is a cited paper by its title; outside the heading such lines are prose", () => {
    const graph = noteVault({
      "vit.md": [
        "# ViT",
        "",
        "ViT splits an image into patches. It builds on Attention Is All You Need, NeurIPS 2017.",
        "",
        "## References",
        "",
        "- Attention Is All You Need, NeurIPS 2017",
        "- Deep Residual Learning for Image Recognition (CVPR 2016)",
        "- He et al. Masked Autoencoders Are Scalable Vision Learners. CVPR 2022.",
        '- [1] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," CVPR 2016.',
        "- the blog post by Lilian Weng on attention",
        "",
        "## 参考文献",
        "",
        "1. 何恺明等，深度残差学习用于图像识别，CVPR 2016",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "CITES")).toEqual([
      "note:vit.md -> paper:title:attention-is-all-you-need [markdown/citation-list]",
      // The same paper as a formal reference line: one edge, the stronger evidence kept.
      "note:vit.md -> paper:title:deep-residual-learning-for-image-recognition [markdown/citation-reference]",
      "note:vit.md -> paper:title:masked-autoencoders-are-scalable-vision-learners [markdown/citation-list]",
      "note:vit.md -> paper:title:深度残差学习用于图像识别 [markdown/citation-list]",
    ]);
    const attention = graph.edges.find(
      (e) => e.type === "CITES" && e.to === "paper:title:attention-is-all-you-need",
    );
    expect(attention?.line).toBe(7);
    expect(attention?.confidence).toBe(0.8);
    expect(node(graph, "paper:title:masked-autoencoders-are-scalable-vision-learners")?.props).toMatchObject({
      year: 2022,
      venue: "CVPR",
    });
  });
});

describe("18. a summary that opens with a metadata list", () => {
  const graph = noteVault({
    "papers/Deep_Residual_Learning_for_Image_Recognition.md": [
      "# Paper",
      "",
      "* **Title**: Deep Residual Learning for Image Recognition",
      "* **Authors**: Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
      "* **Link**: http://arxiv.org/abs/1512.03385",
      "* **Year**: 2015",
      "",
      "# Summary",
      "",
      "* What",
      "  * They introduce residual networks (ResNets), which learn residual functions with shortcut connections.",
      "* How",
      "  * ![Residual block](../images/block.png)",
      "",
    ].join("\n"),
    "images/block.png": PNG,
  });

  it("the list titles the linked paper and names its authors", () => {
    expect(edgeStrings(graph, "DESCRIBES")).toContain(
      "DESCRIBES note:papers/Deep_Residual_Learning_for_Image_Recognition.md -> paper:arxiv:1512.03385",
    );
    expect(node(graph, "paper:arxiv:1512.03385")?.props.title).toBe(
      "Deep Residual Learning for Image Recognition",
    );
    const authors = graph.edges
      .filter((e) => e.type === "AUTHORED_BY" && e.from === "paper:arxiv:1512.03385")
      .map((e) => e.to)
      .sort();
    expect(authors).toEqual([
      "author:jian-sun",
      "author:kaiming-he",
      "author:shaoqing-ren",
      "author:xiangyu-zhang",
    ]);
  });

  it("`# Paper` and an underscored file name are no model; `ResNets` is the known ResNet", () => {
    const models = graph.nodes.filter((n) => n.label === "Model").map((n) => n.id);
    expect(models).toEqual(["model:resnet"]);
    expect(node(graph, "note:papers/Deep_Residual_Learning_for_Image_Recognition.md")?.props.name).toBe(
      "Deep Residual Learning for Image Recognition",
    );
    expect(edgeStrings(graph, "ILLUSTRATES").map((e) => e.split(" -> ")[1])).toEqual(["model:resnet"]);
  });
  it("`网络名称：MAE` names the vocabulary's MAE, though its letters also spell a metric", () => {
    const graph = noteVault({
      "Masked Autoencoders Are Scalable Vision Learners.md": [
        "# 论文信息",
        "- 时间：2022",
        "- 网络名称：MAE ",
        "- 作者：Kaiming He, Xinlei Chen",
        "# 一、解决的问题",
        "- 在图片里加入噪声，然后让模型学习如何去噪",
        "",
      ].join("\n"),
    });
    expect(edgeStrings(graph, "DESCRIBES")).toEqual([
      "DESCRIBES note:Masked Autoencoders Are Scalable Vision Learners.md -> model:mae",
    ]);
  });
});

describe("19. titles saved without their colon, and notes written as outlines", () => {
  const graph = noteVault({
    "papers/CLIP4Clip An Empirical Study of CLIP for Video Retrieval.md": [
      "# 论文信息",
      "- 年份：2021",
      "",
      "# 方法",
      "CLIP4Clip 把 CLIP 的图像编码器用于视频帧。",
      "",
    ].join("\n"),
    "papers/ImageNet Classification with Deep Convolutional Neural Networks.md": [
      "# 论文信息",
      "- 年份：2012",
      "",
      "# 方法",
      "五个卷积层和三个全连接层，在 ImageNet 上训练。",
      "",
    ].join("\n"),
    "papers/Cascade R-CNN Delving into High Quality Object Detection with Proposal Refinement Networks.md": [
      "# 论文信息",
      "- 会议：CVPR 2018",
      "",
      "# 设计的模型",
      "- 整个检测系统叫 Cascade R-CNN，由提议网络和级联的检测头组成。",
      "    ![system](../pictures/system.png)",
      "",
      "1. Proposal Refinement Networks(PRN网络)",
      "    - PRN 在特征图上滑动一个小网络，为每个位置打分。",
      "        ![prn](../pictures/prn.png)",
      "    1. 损失函数",
      "        - 分类用对数损失，回归用平滑 L1 损失，两者相加得到多任务损失。",
      "",
      "2. 联合训练",
      "    - PRN 和级联头共享卷积层，来自 PRN 损失和检测头损失的梯度相加。",
      "",
    ].join("\n"),
    "papers/SSD Single Shot MultiBox Detector.md": [
      "# 论文信息",
      "- 会议：ECCV 2016",
      "",
      "# 方法",
      "单阶段检测器，在多个尺度的特征图上直接预测框和类别。",
      "",
    ].join("\n"),
    "pictures/prn.png": PNG,
    "pictures/system.png": Buffer.concat([PNG, Buffer.from("system")]),
  });
  const models = graph.nodes
    .filter((n) => n.label === "Model")
    .map((n) => n.id)
    .sort();

  it("a name-shaped first word before a title opening (`An`, `Towards`, a gerund) names the model", () => {
    expect(ruled(graph, "DESCRIBES")).toContain(
      "note:papers/CLIP4Clip An Empirical Study of CLIP for Video Retrieval.md -> model:clip4clip [markdown/model/colonless-title-prefix]",
    );
    // `SSD Single Shot MultiBox Detector`: an acronym of the rest is the name, not the whole title.
    expect(ruled(graph, "DESCRIBES")).toContain(
      "note:papers/SSD Single Shot MultiBox Detector.md -> model:ssd [markdown/model/title-names-model]",
    );
    // `ImageNet Classification ...`: the first word is part of the title, not a name before it.
    expect(models).not.toContain("model:imagenet");
  });

  it("`Long Name(ABBR网络)` defines the abbreviation; the title's name and its acronym are both the note's models", () => {
    const note =
      "note:papers/Cascade R-CNN Delving into High Quality Object Detection with Proposal Refinement Networks.md";
    const described = graph.edges.filter((e) => e.type === "DESCRIBES" && e.from === note).map((e) => e.to);
    expect(described.sort()).toEqual(["model:cascade-r-cnn", "model:prn"]);
  });

  it("a figure and losses nested under an outline item naming one of them are that model's", () => {
    // The figure under a sentence, not a label, is the title's model's.
    expect(
      ruled(graph, "ILLUSTRATES")
        .map((e) => e.replace(/^figure:\w+/, "figure"))
        .sort(),
    ).toEqual([
      "figure -> model:cascade-r-cnn [markdown/figure-title-model]",
      "figure -> model:prn [markdown/figure-outline-item]",
    ]);
    const used = graph.edges
      .filter((e) => e.type === "USES_LOSS")
      .map((e) => `${e.from} -> ${e.to}`)
      .sort();
    expect(used).toContain("model:prn -> loss:平滑-l1损失");
    expect(used.every((edge) => edge.startsWith("model:prn"))).toBe(true);
  });

  it("`PRN 损失` is the loss of the note's model, not a loss of its own", () => {
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => String(n.props.name));
    expect(losses.some((name) => name.startsWith("PRN"))).toBe(false);
  });
});

describe("20. losses that turn into others, and losses their qualifier names", () => {
  const graph = noteVault({
    "MoCo.md": [
      "# MoCo",
      "",
      "## 目标函数",
      "",
      "- 类别太多时，多分类难以计算：NCE loss变成了 InfoNCE loss，即 MoCo 训练用的损失。",
      "",
    ].join("\n"),
    "SimCLR.md": [
      "# SimCLR",
      "",
      "## Method",
      "",
      "- Training minimises a contrastive cross-entropy loss over the 2N augmented views.",
      "- The paper terms it NT-Xent (the normalized temperature-scaled cross entropy loss).",
      "",
    ].join("\n"),
    "InstructGPT.md": [
      "# InstructGPT",
      "",
      "## 训练目标",
      "",
      "- 奖励模型用二元排序损失训练；策略在优化人类偏好的同时保留通用语言建模能力。",
      "- The policy keeps its language modeling ability while it is optimised for the reward.",
      "",
    ].join("\n"),
  });
  const uses = edgeStrings(graph, "USES_LOSS");

  it("the loss that became another is mentioned, not used", () => {
    expect(uses).toContain("USES_LOSS model:moco -> loss:infonce");
    expect(uses).not.toContain("USES_LOSS model:moco -> loss:nce-loss");
    expect(edgeStrings(graph, "MENTIONS")).toContain("MENTIONS note:MoCo.md -> loss:nce-loss");
  });

  it("a skill named like a loss (`语言建模能力`, `language modeling ability`) is not the loss", () => {
    expect(uses).toContain("USES_LOSS model:instructgpt -> loss:二元排序损失");
    expect(uses.filter((edge) => edge.startsWith("USES_LOSS model:instructgpt"))).toHaveLength(1);
  });

  it("`contrastive cross-entropy loss` is not plain cross-entropy; NT-Xent is its own loss", () => {
    expect(uses).not.toContain("USES_LOSS model:simclr -> loss:cross-entropy");
    expect(uses).toContain("USES_LOSS model:simclr -> loss:contrastive-cross-entropy-loss");
    expect(uses).toContain("USES_LOSS model:simclr -> loss:nt-xent");
    expect(uses).not.toContain("USES_LOSS model:simclr -> loss:infonce");
  });
});

describe("21. Chinese text copied from a PDF, with radicals for ideographs", () => {
  // `⽅` (U+2F45) and `⾃` (U+2F83) are Kangxi radicals that PDF copies put in place of 方 and 自.
  const graph = noteVault({
    "YOLO.md": [
      "# YOLO",
      "",
      "## 损失函数",
      "",
      "- 我们优化输出中的平⽅和误差，因为它容易优化。",
      "- 分类头另加⼀个对⽐损失和⼀个⽅差损失。",
      "- 来⾃ YOLO 损失的梯度回传到整个网络。",
      "- 实验证明它⽐交叉熵损失收敛更快；负样本按最⾼置信度损失排序。",
      "",
    ].join("\n"),
  });

  it("the loss is named with the ideographs; a preposition, a verb or a superlative before a name is not part of it; what it is compared with is not used", () => {
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => String(n.props.name));
    expect(losses).toContain("平方和误差");
    expect(losses).toContain("方差损失");
    expect(losses.some((name) => name.includes("⽅") || name.includes("来自"))).toBe(false);
    // `它比交叉熵损失...`: compared with, not used; `最高置信度损失`: the highest of a part of the loss.
    expect(edgeStrings(graph, "USES_LOSS")).not.toContain("USES_LOSS model:yolo -> loss:cross-entropy");
    expect(losses.some((name) => name.includes("置信度") || name.includes("证明"))).toBe(false);
    // `对⽐损失` is the vocabulary's 对比损失, contrastive loss.
    expect(edgeStrings(graph, "USES_LOSS")).toContain("USES_LOSS model:yolo -> loss:contrastive-loss");
  });
});

describe("22. words a reader does not see, and what a model is compared with", () => {
  const graph = noteVault({
    ".obsidian/app.json": "{}",
    "papers/MAE.md": [
      "# MAE",
      "",
      "[[papers/README#[2021-11] MAE with contrastive learning and self-attention|README]]",
      "",
      "## Results",
      "",
      "- MAE outperforms supervised learning baselines on detection.",
      "- ![[Pasted image self-attention 20240101.png]]",
      "- Its encoder is [the ViT](../old/ViT.md) of an earlier note; [gone](../old/Gone.md).",
      "",
    ].join("\n"),
    "papers/README.md": "# Papers\n",
    "papers/vision/ViT.md": "# ViT\n",
  });

  it("a relative link to a note that moved finds the one note of that name, and says so", () => {
    expect(edgeStrings(graph, "LINKS_TO")).toEqual([
      "LINKS_TO note:papers/MAE.md -> note:papers/vision/ViT.md",
    ]);
    expect(graph.problems.map((p) => `${p.rule} ${p.file}:${p.line}`)).toEqual(
      expect.arrayContaining(["link/resolved-by-name papers/MAE.md:9", "link/broken papers/MAE.md:9"]),
    );
  });

  it("an Obsidian link's target behind its alias, and an embed's file name, are not prose", () => {
    const mentioned = edgeStrings(graph, "MENTIONS").map((e) => e.split(" -> ")[1]);
    expect(mentioned).not.toContain("concept:contrastive-learning");
    expect(mentioned).not.toContain("concept:self-attention");
  });

  it("what a model outperforms is mentioned, not used", () => {
    expect(edgeStrings(graph, "MENTIONS")).toContain(
      "MENTIONS note:papers/MAE.md -> concept:supervised-learning",
    );
    expect(edgeStrings(graph, "USES_CONCEPT")).toEqual([]);
  });
});

describe("23. lineage into a framework, and to a name of two words", () => {
  const graph = noteVault({
    "对比学习.md": [
      "# 对比学习论文随笔",
      "",
      "## Inst Disc",
      "",
      "arXiv:1805.01978",
      "",
      "Inst Disc 把每张图片当成一个类别，用记忆库存负样本。[1]",
      "",
      "## PIRL",
      "",
      "PIRL 基于 Inst Disc 的记忆库，加入了拼图变换。PIRL 的负样本也来自记忆库。[2]",
      "",
      "## MoCo v2",
      "",
      "MoCo v2 借鉴了 SimCLR 的 MLP 头，并将其应用在原有的 MoCo 框架上。[3]",
      "",
      "## 参考文献",
      "",
      '[1] Z. Wu et al., "Unsupervised feature learning via non-parametric instance discrimination," CVPR 2018, arXiv:1805.01978.',
      '[2] I. Misra and L. van der Maaten, "Self-supervised learning of pretext-invariant representations," CVPR 2020, arXiv:1912.01991.',
      '[3] X. Chen et al., "Improved baselines with momentum contrastive learning," arXiv:2003.04297, 2020.',
      "",
    ].join("\n"),
  });

  const named = noteVault({
    "AudioCLIP.md": "# AudioCLIP\n\n在图像和文本之外加入音频编码器，三种模态两两对齐。\n",
    "SCLIPS.md": "# SCLIPS\n\n一个名字里恰好有这几个大写字母的检测器。\n",
  });

  it("a name that spells a known model as one of its parts (`AudioCLIP`) builds on it; capitals inside capitals do not", () => {
    expect(ruled(named, "BUILDS_ON")).toEqual([
      "model:audioclip -> model:clip [markdown/lineage/name-extends]",
    ]);
  });

  it("`基于 Inst Disc` builds on Inst Disc, not on `Inst`; `应用在原有的 MoCo 框架` builds on MoCo", () => {
    const builds = edgeStrings(graph, "BUILDS_ON");
    expect(builds).toContain("BUILDS_ON model:pirl -> model:inst-disc");
    expect(builds).toContain("BUILDS_ON model:mocov2 -> model:moco");
    expect(builds.some((edge) => edge.endsWith("model:inst"))).toBe(false);
  });
});

describe("24. the name a paper is said to introduce, and literature notes named by citation key", () => {
  const models = (graph: Extracted) => ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"));

  it("`we present X`, `a method, called X`, `They propose X`, `Proposes the X`, `本文提出了 X` name the note's model", () => {
    const graph = noteVault({
      "Mastering Visual Continuous Control.md": [
        "# Mastering Visual Continuous Control: Improved Data-Augmented Reinforcement Learning",
        "",
        "> We present DrQ-v2, a model-free reinforcement learning (RL) algorithm for visual continuous control.",
        "",
      ].join("\n"),
      "Emerging Properties.md": [
        "# Emerging Properties in Self-Supervised Learning",
        "",
        "> We implement our findings into a simple self-supervised method, called DINO, which we interpret as self-distillation.",
        "",
      ].join("\n"),
      "simclr-summary.md": [
        "# A Simple Framework for Contrastive Learning of Visual Representations",
        "",
        "* Authors: Ting Chen, Simon Kornblith, Mohammad Norouzi, Geoffrey Hinton",
        "",
        "## What",
        "",
        "* They propose SimCLR, a framework for contrastive learning of visual representations.",
        "",
      ].join("\n"),
      "attention.md":
        "# Attention Is All You Need\n\n**Contribution**:: Proposes the Transformer, a transduction model built on attention alone.\n",
      "视觉自监督.md": "# 一篇视觉自监督论文的笔记\n\n本文提出了 MAE，一种可扩展的自监督视觉学习方法。\n",
    });
    expect(models(graph)).toEqual([
      "note:Emerging Properties.md -> model:dino [markdown/model/introduced-name]",
      "note:Mastering Visual Continuous Control.md -> model:drqv2 [markdown/model/introduced-name]",
      "note:attention.md -> model:transformer [markdown/model/introduced-name]",
      "note:simclr-summary.md -> model:simclr [markdown/model/introduced-name]",
      "note:视觉自监督.md -> model:mae [markdown/model/introduced-name]",
    ]);
  });

  it("what a note uses, or a dataset or benchmark it introduces, is not its model", () => {
    const graph = noteVault({
      "detector-notes.md": [
        "# Notes on a detector",
        "",
        "We use a network called ResNet, which we pre-train on ImageNet. They trained it on a dataset called COCO.",
        "",
        "We build a new benchmark called XBench. We introduce a new dataset, which we call YData.",
        "",
        "We propose to use BERT-style pre-training.",
        "",
      ].join("\n"),
    });
    expect(models(graph)).toEqual([]);
  });

  it("a citation key (`vaswaniAttentionAllYou2017.md`, `he2016deep.md`) names no model; the literature note's text does", () => {
    const graph = noteVault({
      "vaswaniAttentionAllYou2017.md": [
        "---",
        'title: "Attention Is All You Need"',
        "citekey: vaswaniAttentionAllYou2017",
        "URL: http://arxiv.org/abs/1706.03762",
        "---",
        "",
        "# Attention Is All You Need",
        "",
        "> [!Synth]",
        "> **Contribution**:: Proposes the Transformer, a transduction model built on attention alone.",
        "",
      ].join("\n"),
      "he2016deep.md":
        "# Deep Residual Learning for Image Recognition\n\nResidual connections make very deep networks trainable.\n",
    });
    expect(models(graph)).toEqual([
      "note:vaswaniAttentionAllYou2017.md -> model:transformer [markdown/model/paper-id]",
    ]);
    expect(edgeStrings(graph, "DESCRIBES")).toContain(
      "DESCRIBES note:vaswaniAttentionAllYou2017.md -> paper:arxiv:1706.03762",
    );
  });
});

describe("25. links to notes about papers, shown as the paper's title", () => {
  const cites = (graph: Extracted) => ruled(graph, "CITES");

  it("a link to a note not in the vault, under a title of four words or more, cites that paper by title", () => {
    const graph = noteVault({
      "CLIP.md": [
        "# CLIP",
        "",
        "[GroupViT: Semantic Segmentation Emerges from Text Supervision](../CV%20Transformer/GroupViT.md)",
        "",
        "[Language-driven Semantic Segmentation](Lseg.md), [Transformer 论文精读](Transformer.md), [reading notes on detection](det.md)",
        "",
      ].join("\n"),
    });
    expect(cites(graph)).toEqual([
      "note:CLIP.md -> paper:title:groupvit-semantic-segmentation-emerges-from-text-supervision [markdown/citation-note-title]",
    ]);
  });

  it("a link to a note about one paper cites that paper; a model's name, an alias, a topic or an index does not", () => {
    const graph = noteVault({
      "Papers/Momentum Contrast for Unsupervised Visual Representation Learning.md":
        "---\nurl: https://arxiv.org/abs/1911.05722\n---\nMomentum Contrast (MoCo) builds a dynamic dictionary.\n",
      "Papers/MoCo v2.md": "---\nlink: https://arxiv.org/abs/2003.04297\n---\n# MoCo v2\n",
      "Papers/Contrastive Learning Overview.md": "# Contrastive Learning Overview\n\nNo paper of its own.\n",
      "Papers/SimCLR.md": [
        "# SimCLR",
        "",
        "Unlike [[Momentum Contrast for Unsupervised Visual Representation Learning]], no queue.",
        "",
        "See [[MoCo v2]], [[Momentum Contrast for Unsupervised Visual Representation Learning|MoCo]] and [[Contrastive Learning Overview]].",
        "",
      ].join("\n"),
      "README.md": "# Papers\n\n- [[Momentum Contrast for Unsupervised Visual Representation Learning]]\n",
    });
    expect(cites(graph)).toEqual([
      "note:Papers/SimCLR.md -> paper:arxiv:1911.05722 [markdown/citation-linked-note]",
    ]);
    expect(graph.edges.find((e) => e.extractor === "markdown/citation-linked-note")).toMatchObject({
      source: "note:Papers/SimCLR.md",
      line: 3,
      confidence: 0.7,
    });
  });

  it("an index row's note, named by its paper's title, titles the row's paper: a note citing that title cites the arXiv paper", () => {
    const graph = noteVault({
      "README.md": [
        "| note | year | paper |",
        "| --- | --- | --- |",
        "| [✅](./papers/Language-driven%20Semantic%20Segmentation.md) | 2022 | [Lseg](https://arxiv.org/pdf/2201.03546.pdf) |",
        "",
      ].join("\n"),
      "papers/CLIP.md": "# CLIP\n\n[Language-driven Semantic Segmentation for Open Vocabularies](Lseg.md)\n",
      "papers/Other.md":
        '# Other\n\n## References\n\n[1] B. Li et al., "Language-driven semantic segmentation," ICLR 2022.\n',
    });
    // The CLIP note's title (one word longer) is another paper; the reference line's is the row's.
    expect(cites(graph).filter((edge) => !edge.startsWith("note:README.md"))).toEqual([
      "note:papers/CLIP.md -> paper:title:language-driven-semantic-segmentation-for-open-vocabularies [markdown/citation-note-title]",
      "note:papers/Other.md -> paper:arxiv:2201.03546 [markdown/citation-reference]",
    ]);
  });
});

describe("26. a survey's section named with capitals running into a lower-case tail", () => {
  it("`## VLMo`, `## PSPNet` are models; `## CNNs` and `## FLOPs` are plurals and units, not names", () => {
    const graph = noteVault({
      "vlp.md": [
        "# 多模态预训练模型串讲",
        "",
        "## VLMo",
        "",
        "VLMo 的自注意力层共享，FFN 层按模态分成专家。预训练用 ITC、ITM、MLM 三个损失。",
        "",
        "## PSPNet",
        "",
        "PSPNet 用金字塔池化模块聚合不同尺度的上下文。",
        "",
        "## CNNs",
        "",
        "卷积网络的归纳偏置。",
        "",
        "## FLOPs",
        "",
        "计算量的比较。",
        "",
      ].join("\n"),
    });
    expect(edgeStrings(graph, "DESCRIBES")).toEqual([
      "DESCRIBES note:vlp.md -> model:pspnet",
      "DESCRIBES note:vlp.md -> model:vlmo",
    ]);
    expect(edgeStrings(graph, "USES_LOSS")).toEqual([
      "USES_LOSS model:vlmo -> loss:itc",
      "USES_LOSS model:vlmo -> loss:itm",
      "USES_LOSS model:vlmo -> loss:mlm",
    ]);
  });
});

describe("27. numbered references in GB/T 7714, APA and `Author et al., Title, Venue Year`", () => {
  it("each gives its title (and authors), not the whole line", () => {
    const graph = noteVault({
      "InstructGPT.md": [
        "# InstructGPT",
        "",
        "## 参考文献",
        "",
        "[1] Brown T B, Mann B, Ryder N, et al. Language models are few-shot learners[J]. Advances in Neural Information Processing Systems, 2020, 33: 1877-1901.",
        "[2] Stiennon N, Ouyang L, Wu J, et al. Learning to summarize from human feedback[C]//NeurIPS 2020.",
        "[3] Devlin et al., BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding, NAACL 2019.",
        "[4] Chen, M., Radford, A., Child, R., Wu, J., Jun, H., Luan, D., & Sutskever, I. (2020). Generative pretraining from pixels. In *International Conference on Machine Learning* (pp. 1691–1703). PMLR.",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "CITES")).toEqual([
      "note:InstructGPT.md -> paper:title:bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding [markdown/citation-reference]",
      "note:InstructGPT.md -> paper:title:generative-pretraining-from-pixels [markdown/citation-reference]",
      "note:InstructGPT.md -> paper:title:language-models-are-few-shot-learners [markdown/citation-reference]",
      "note:InstructGPT.md -> paper:title:learning-to-summarize-from-human-feedback [markdown/citation-reference]",
    ]);
    const authors = graph.edges
      .filter(
        (e) => e.type === "AUTHORED_BY" && e.from === "paper:title:language-models-are-few-shot-learners",
      )
      .map((e) => e.to);
    expect(authors).toEqual(["author:t-b-brown", "author:b-mann", "author:n-ryder"]);
  });
});

describe("28. a paper's title in running text", () => {
  it("in italics or quotes after an author or a pointer, or a long title-case italic, is a cited paper", () => {
    const graph = noteVault({
      "simclr.md": [
        "# SimCLR",
        "",
        "Large batches need the LARS optimizer (You et al., *Large Batch Training of Convolutional Networks*).",
        "",
        'The box loss adds GIoU (from "Generalized Intersection over Union: A Metric and A Loss for Bounding Box Regression").',
        "",
        "DeiT 的论文标题是 *Training data-efficient image transformers & distillation through attention*。",
        "",
        "图文对比学习在 ConVIRT（Contrastive Learning of Medical Visual Representations from Paired Images and Text）里就有了。",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "CITES")).toEqual([
      "note:simclr.md -> paper:title:contrastive-learning-of-medical-visual-representations-from-paired-images-and-text [markdown/citation-title]",
      "note:simclr.md -> paper:title:generalized-intersection-over-union-a-metric-and-a-loss-for-bounding-box-regression [markdown/citation-title]",
      "note:simclr.md -> paper:title:large-batch-training-of-convolutional-networks [markdown/citation-title]",
      "note:simclr.md -> paper:title:training-data-efficient-image-transformers-distillation-through-attention [markdown/citation-title]",
    ]);
  });

  it("an author line, an expanded name, emphasis of a phrase, a remark in brackets or an id's own title are not more papers", () => {
    const graph = noteVault({
      "notes.md": [
        "# Reading notes",
        "",
        "*A. Krizhevsky, I. Sutskever, G. E. Hinton*",
        "",
        'The paper introduces "Training an Agent Manually via Evaluative Reinforcement," or tamer, a framework.',
        "",
        "The key idea is *not using any negative pairs at all*. It reaches 63.3 AP (63.3 AP with a Swin-L backbone and Objects365 pre-training).",
        "",
        "- MoCo v2, *Improved Baselines with Momentum Contrastive Learning* (arXiv:2003.04297)",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "CITES")).toEqual([
      "note:notes.md -> paper:arxiv:2003.04297 [markdown/citation-inline]",
    ]);
    expect(graph.nodes.find((n) => n.id === "paper:arxiv:2003.04297")?.props.title).toBe(
      "Improved Baselines with Momentum Contrastive Learning",
    );
  });

  it("the title opening a note about one paper is that paper's, not another", () => {
    const graph = noteVault({
      "Mask2Former.md": [
        "---",
        "paper: https://doi.org/10.48550/arXiv.2112.01527",
        "---",
        "",
        "# Mask2Former",
        "",
        "*Masked-attention Mask Transformer for Universal Image Segmentation* (Cheng et al., CVPR 2022).",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "CITES")).toEqual([]);
    expect(graph.nodes.find((n) => n.id === "paper:arxiv:2112.01527")?.props.title).toBe(
      "Masked-attention Mask Transformer for Universal Image Segmentation",
    );
  });
});

describe("29. losses tried and dropped, named by a copula or a field, and acronyms of another model", () => {
  const uses = (graph: Extracted) => edgeStrings(graph, "USES_LOSS");

  it("what was tried and judged worse is not used; what the final run uses is", () => {
    const graph = noteVault({
      "SimCLR.md": [
        "# SimCLR",
        "",
        "Loss is NT-Xent on cosine similarities. They also tried NT-Logistic and a margin triplet loss as alternatives; both were worse.",
        "",
        "I briefly tried a focal loss (commented out below), but it was slightly worse, so the final run uses plain cross-entropy.",
        "",
      ].join("\n"),
    });
    expect(uses(graph)).toEqual([
      "USES_LOSS model:simclr -> loss:cross-entropy",
      "USES_LOSS model:simclr -> loss:nt-xent",
    ]);
    expect(graph.nodes.some((n) => n.id.includes("commented"))).toBe(false);
  });

  it("`the loss is X`, `损失是 X`, `Objective: ... the expected negative log-likelihood`; not the parts of a sum", () => {
    const graph = noteVault({
      "SimSiam.md": "# SimSiam\n\nThe loss is the negative cosine similarity between p and z, symmetrized.\n",
      "BYOL.md": "# BYOL\n\n损失是**负余弦相似度**（negative cosine similarity），同样做对称化。\n",
      "Flamingo.md":
        "# Flamingo\n\n- Objective: a weighted sum over datasets of the expected negative log-likelihood of the text.\n",
      "DETR.md": "# DETR\n\nThe box loss is a linear combination of the L1 loss and the GIoU loss.\n",
    });
    expect(uses(graph)).toEqual([
      "USES_LOSS model:byol -> loss:负余弦相似度",
      "USES_LOSS model:detr -> loss:giou-loss",
      "USES_LOSS model:detr -> loss:l1-loss",
      "USES_LOSS model:flamingo -> loss:expected-negative-log-likelihood",
      "USES_LOSS model:simsiam -> loss:negative-cosine-similarity",
    ]);
  });

  it("`the original LM` is a language model; a loss named in a clause about another model is that model's", () => {
    const graph = noteVault({
      "Flamingo.md":
        "# Flamingo\n\nGated cross-attention layers sit between the frozen LM blocks, so at initialisation the model behaves exactly like the original LM.\n",
      "MAE.md":
        "# MAE\n\nMasked language modeling made BERT the default recipe for NLP pre-training. MAE reconstructs pixels with an MSE loss.\n",
    });
    expect(uses(graph)).toEqual(["USES_LOSS model:mae -> loss:mse"]);
  });

  it("a short title naming one known model is about it; a folder's README or a paper's longer title is not", () => {
    const graph = noteVault({
      "finetune_vit_cifar10.md":
        "# Fine-tuning ViT-B/16 on CIFAR-10\n\nThis notebook fine-tunes a pretrained checkpoint.\n",
      "CV/README.md": "# CV Transformer\n\n| paper | year |\n| --- | --- |\n",
      "how-much.md": "# HOW MUCH CAN CLIP BENEFIT VISION-AND-LANGUAGE TASKS\n\nA study.\n",
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:finetune_vit_cifar10.md -> model:vit [markdown/model/title-mention]",
    ]);
  });
});

describe("30. model names behind a label, a guide phrase, an acronym in brackets, a subtitle or a paper id", () => {
  const models = (graph: Extracted) =>
    ruled(graph, "DESCRIBES")
      .filter((e) => e.includes("model:"))
      .map((e) => e.replace(/ \[markdown\/[^\]]+\]$/, ""));

  it("`## 论文一：MAE`, `# 五、后续工作：Deformable DETR` name their sections; `## 结构：MED` and a list do not", () => {
    const graph = noteVault({
      "读书会.md": [
        "# 第 12 期论文读书会",
        "",
        "## 论文一：MAE",
        "",
        "MAE 随机遮住 75% 的 patch，用 MSE 重建像素。",
        "",
        "## 论文二：BEiT",
        "",
        "BEiT 预测 dVAE 的视觉词元。",
        "",
      ].join("\n"),
      "DETR.md": "# DETR\n\n# 五、后续工作：Deformable DETR\n\nDeformable DETR 用可变形注意力。\n",
      "BLIP.md": "# BLIP\n\n## 结构：MED\n\nMED 有三种用法。\n",
      "串讲.md": "# 对比学习串讲：MoCo / SimCLR / BYOL\n\n三种方法的比较。\n",
    });
    expect(models(graph)).toEqual([
      "note:BLIP.md -> model:blip",
      "note:DETR.md -> model:deformable-detr",
      "note:DETR.md -> model:detr",
      "note:读书会.md -> model:beit",
      "note:读书会.md -> model:mae",
    ]);
  });

  it("`一文读懂 Stable Diffusion：...`, `Direct Preference Optimization (DPO)`, a subtitle `Notes on the Swin Transformer`", () => {
    const graph = noteVault({
      "sd.md": "# 一文读懂 Stable Diffusion：从 DDPM 到潜空间扩散\n\n潜空间里做扩散。\n",
      "dpo.md":
        '---\ntitle: "Direct Preference Optimization (DPO)"\n---\n\n# DPO: Your Language Model is Secretly a Reward Model\n\nNo reward model, no PPO.\n',
      "swin.md":
        '+++\ntitle = "Shifted Windows, Explained: Notes on the Swin Transformer"\n+++\n\nLocal windows, shifted every other block.\n',
    });
    expect(models(graph)).toEqual([
      "note:dpo.md -> model:dpo",
      "note:sd.md -> model:stable-diffusion",
      "note:swin.md -> model:swin-transformer",
    ]);
  });

  it("a note about a known model's paper is about the model; a card citing only that paper and naming it too", () => {
    const graph = noteVault({
      "Learning Transferable Visual Models From Natural Language Supervision.md":
        "---\nsource: https://arxiv.org/abs/2103.00020\n---\n\n# Learning Transferable Visual Models From Natural Language Supervision\n\n用 4 亿图文对做对比预训练。\n",
      "202401151030.md":
        "**LoRA**：冻结预训练权重，只训练旁路的低秩分解。\n\n出处：Hu et al., LoRA: Low-Rank Adaptation of Large Language Models, arXiv:2106.09685v2\n",
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:202401151030.md -> model:lora [markdown/model/paper-id]",
      "note:Learning Transferable Visual Models From Natural Language Supervision.md -> model:clip [markdown/model/paper-id]",
    ]);
  });
});

describe("31. a paper's title beside its arXiv id, in a table row, a bare reference line or a name's brackets", () => {
  const cites = (graph: Extracted) =>
    ruled(graph, "CITES").map((e) => e.replace(/ \[markdown\/[^\]]+\]$/, ""));

  it("an arXiv link shown as its title, or a table row's title cell, titles the arXiv paper: a title-only citation joins it", () => {
    const graph = noteVault({
      "ldm.md": [
        "# LDM",
        "",
        "Compared with ADM ([Diffusion Models Beat GANs on Image Synthesis](https://arxiv.org/abs/2105.05233)), LDM is cheaper.",
        "",
        "## References",
        "",
        "- Dhariwal et al. Diffusion Models Beat GANs on Image Synthesis. NeurIPS 2021.",
        "",
      ].join("\n"),
      "detr.md": [
        "| 论文 | 作者 | 会议 | 链接 |",
        "| --- | --- | --- | --- |",
        "| End-to-End Object Detection with Transformers | Nicolas Carion, Francisco Massa, Gabriel Synnaeve | ECCV 2020 | [https://arxiv.org/abs/2005.12872](https://arxiv.org/abs/2005.12872) |",
        "",
        "## 参考",
        "",
        "- Carion et al. End-to-End Object Detection with Transformers. ECCV 2020.",
        "",
      ].join("\n"),
    });
    expect(cites(graph)).toEqual([
      "note:detr.md -> paper:arxiv:2005.12872",
      "note:ldm.md -> paper:arxiv:2105.05233",
    ]);
  });

  it("a bare title-case line under a references heading, an italic title in a name's brackets, a GB/T line without its type mark", () => {
    const graph = noteVault({
      "blip2.md": [
        "# BLIP-2",
        "",
        "iGPT (*Generative Pretraining from Pixels*) predicts pixels autoregressively.",
        "",
        "## 参考",
        "",
        "- Flamingo: a Visual Language Model for Few-Shot Learning",
        "- Zero-Shot Text-to-Image Generation（DALL·E）",
        "- Wu Z, et al. Unsupervised Feature Learning via Non-Parametric Instance Discrimination. CVPR 2018.",
        "- 一些博客文章",
        "",
      ].join("\n"),
    });
    expect(cites(graph)).toEqual([
      "note:blip2.md -> paper:title:flamingo-a-visual-language-model-for-few-shot-learning",
      "note:blip2.md -> paper:title:generative-pretraining-from-pixels",
      "note:blip2.md -> paper:title:unsupervised-feature-learning-via-non-parametric-instance-discrimination",
      "note:blip2.md -> paper:title:zero-shot-text-to-image-generation",
    ]);
  });

  it("a first heading that is a title with a bare line of names under it describes that paper", () => {
    const graph = noteVault({
      "LLaMA.md":
        "# LLaMA: Open and Efficient Foundation Language Models\n\nHugo Touvron, Thibaut Lavril, Gautier Izacard, Guillaume Lample（Meta AI, 2023）\n\n正文。\n",
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("paper:"))).toEqual([
      "note:LLaMA.md -> paper:title:llama-open-and-efficient-foundation-language-models [markdown/paper/title-author-line]",
    ]);
  });
});

describe("32. losses listed down a table's column, and named with a verb or a qualifier before them", () => {
  it("`ITC`, `ITG`, `ITM` one per row are losses; `they tried focal loss` names focal loss; `plain cross-entropy` is cross-entropy", () => {
    const graph = noteVault({
      "BLIP-2.md": [
        "# BLIP-2",
        "",
        "| 目标 | 作用 |",
        "| --- | --- |",
        "| ITC（图文对比学习） | 对齐图像和文本表示 |",
        "| ITG（基于图像的文本生成） | 让 query 抽取出能生成文本的信息 |",
        "| ITM（图文匹配） | 细粒度二分类 |",
        "",
      ].join("\n"),
      "YOLOv3.md":
        "# YOLOv3\n\nThe authors report that they tried focal loss and it dropped mAP by about 2 points.\n\nThe loss is plain cross-entropy on class scores.\n",
    });
    expect(edgeStrings(graph, "USES_LOSS")).toEqual([
      "USES_LOSS model:blip-2 -> loss:itc",
      "USES_LOSS model:blip-2 -> loss:itg",
      "USES_LOSS model:blip-2 -> loss:itm",
      "USES_LOSS model:yolov3 -> loss:cross-entropy",
    ]);
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).toContain("loss:focal-loss");
    expect(graph.nodes.some((n) => n.id.includes("tried"))).toBe(false);
  });
});

describe("33. a reading log listing papers one per item", () => {
  const digestItems = [
    "- [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/pdf/2305.14314.pdf) — 4-bit base, LoRA adapters on top.",
    "- [Direct Preference Optimization: Your Language Model is Secretly a Reward Model](https://arxiv.org/abs/2305.18290) — no reward model.",
    "- [LIMA: Less Is More for Alignment](https://arxiv.org/abs/2305.11206) — 1,000 curated examples.",
    "- [Let's Verify Step by Step](https://arxiv.org/abs/2305.20050) — process supervision.",
  ];

  it("is about the model each item's title names; the same list under References, or in a README, is not", () => {
    const graph = noteVault({
      "daily/2023-06-02.md": [
        "# arXiv digest — Fri 2 June 2023",
        "",
        "Read today:",
        "",
        ...digestItems,
        "",
      ].join("\n"),
      "survey.md": ["# Alignment notes", "", "Some prose.", "", "## References", "", ...digestItems, ""].join(
        "\n",
      ),
      "list/README.md": ["# Papers", "", ...digestItems, ""].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:daily/2023-06-02.md -> model:dpo [markdown/model/digest-item]",
      "note:daily/2023-06-02.md -> model:lima [markdown/model/digest-item]",
      "note:daily/2023-06-02.md -> model:qlora [markdown/model/digest-item]",
    ]);
  });
});

describe("34. a note about a known model's paper is not about the known models its abstract defines", () => {
  it("DINO's note, with ViT defined in the abstract and in the title, is about DINO alone", () => {
    const graph = noteVault({
      "Emerging Properties in Self-Supervised Vision Transformers.md": [
        "# Emerging Properties in Self-Supervised Vision Transformers",
        "",
        "**Authors**: Mathilde Caron, Hugo Touvron, Ishan Misra, Hervé Jégou",
        "",
        "[Paper](http://arxiv.org/abs/2104.14294)",
        "",
        "## Abstract",
        "",
        "> In this paper, we question if self-supervised learning provides new properties to Vision Transformer (ViT) that stand out compared to convnets. Self-supervised ViT features contain explicit information about segmentation, which does not emerge with supervised ViTs. We implement our findings into a simple self-supervised method, called DINO, which we interpret as self-distillation.",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:Emerging Properties in Self-Supervised Vision Transformers.md -> model:dino [markdown/model/paper-id]",
    ]);
  });
});

describe("35. Logseq page properties open the note", () => {
  it("`title::`, `link::` and `tags::` lines are its front matter, not a paper title or prose", () => {
    const graph = noteVault({
      "pages/GIN.md": [
        "title:: GIN - How Powerful are Graph Neural Networks?",
        "tags:: [[GNN]], [[ICLR2019]]",
        "link:: https://arxiv.org/abs/1810.00826",
        "",
        "- ## 动机",
        "\t- 证明 message passing 的表达能力不超过 WL test",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("paper:"))).toEqual([
      "note:pages/GIN.md -> paper:arxiv:1810.00826 [markdown/paper/front-matter]",
    ]);
    expect(ruled(graph, "CITES")).toEqual([]);
    expect(ruled(graph, "TAGGED")).toEqual([
      "note:pages/GIN.md -> tag:gnn [markdown/front-matter]",
      "note:pages/GIN.md -> tag:iclr2019 [markdown/front-matter]",
    ]);
  });
});

describe("36. a digest whose items are headed by the paper's title", () => {
  it("an item's model is the name its summary introduces, or the name before a long title's colon", () => {
    const graph = noteVault({
      "daily/2024-02-01.md": [
        "# 每日论文速递 | 2024-02-01",
        "",
        "### 1. Scalable Diffusion Models with Transformers",
        "",
        "- **链接**：https://arxiv.org/abs/2212.09748",
        "- **摘要**：提出 **DiT**：把扩散模型里的 U-Net 换成在 latent patch 上工作的 Transformer。",
        "",
        "![](figs/dit.png)",
        "",
        "### 2. VoiceCraft2: Zero-Shot Speech Editing and Text-to-Speech in the Wild with a Neural Codec Language Model",
        "",
        "- **摘要**：**VoiceCraft2** 用 token 重排做语音编辑。",
        "",
        "### 3. Things We Learned Reviewing Papers This Year",
        "",
        "- 提出的方法比 BERT 好，但我们没复现。",
        "",
      ].join("\n"),
      "daily/figs/dit.png": PNG,
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:daily/2024-02-01.md -> model:dit [markdown/model/introduced-name]",
      "note:daily/2024-02-01.md -> model:voicecraft2 [markdown/model/title-prefix]",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:dit"]);
  });
});

describe("37. what a list item about another model names is that model's", () => {
  it("`- **CPC** -- ... InfoNCE` in a note about another model is a mention, the note's own loss a use", () => {
    const graph = noteVault({
      "data2vec.md": [
        "# data2vec",
        "",
        "Earlier self-supervised speech models:",
        "",
        "- **CPC** [1] -- predicts future latents and scores them against negatives with InfoNCE.",
        "- **wav2vec 2.0**: a contrastive loss over quantized targets.",
        "",
        "data2vec is trained with a smooth L1 loss on the teacher's averaged layers.",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "USES_LOSS")).toEqual([
      "model:data2vec -> loss:smooth-l1-loss [markdown/uses/loss-context]",
    ]);
  });

  it("a loss the note denies for its model is not its use elsewhere in the note either", () => {
    const graph = noteVault({
      "HuBERT.md": [
        "# HuBERT",
        "",
        "wav2vec 2.0 was hard to train: the diversity loss weight needed tuning for every run.",
        "",
        "## The loss",
        "",
        "HuBERT trains with cross-entropy on masked frames only.",
        "",
        "- no diversity loss, because there is no codebook to collapse;",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "USES_LOSS")).toEqual([
      "model:hubert -> loss:cross-entropy [markdown/uses/loss-context]",
    ]);
    const mentions = ruled(graph, "MENTIONS").filter((e) => e.includes("diversity"));
    expect(mentions).toEqual(["note:HuBERT.md -> loss:diversity-loss [markdown/relation/denied-in-note]"]);
  });
});

describe("38. loss names as they are written", () => {
  it("accented names, `auxiliary` before a name, a compared-and-rejected loss, and a loss that is a decrease", () => {
    const graph = noteVault({
      "SegFormer.md": [
        "# SegFormer",
        "",
        "SegFormer is trained with cross-entropy plus the Lovász-softmax loss on the masks.",
        "",
        "Each decoder stage gets the same loss (auxiliary decoding losses, as in DETR).",
        "",
        "Section 4 also compares a dice loss instead of cross-entropy: no gain, so not used.",
        "",
        "量化后会有精度损失。",
        "",
      ].join("\n"),
      "DINOv2.md": ["# DINOv2", "", "目标函数是 iBOT 掩码预测损失。", ""].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:dinov2 -> loss:ibot-掩码预测损失",
      "model:segformer -> loss:auxiliary-decoding-loss",
      "model:segformer -> loss:cross-entropy",
      "model:segformer -> loss:lovász-softmax-loss",
    ]);
  });
});

describe("39. a paper's title and its arXiv id side by side in one paragraph are one paper", () => {
  it("a quoted title with the link on the next line, and italics around authors, title and venue", () => {
    const graph = noteVault({
      "rag.md": [
        "# Retrieval reading group",
        "",
        '"Dense Passage Retrieval for Open-Domain Question Answering", EMNLP 2020',
        "https://arxiv.org/abs/2004.04906",
        "",
        '*Lewis et al., "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks", NeurIPS 2020 —',
        "[arXiv 2005.11401](https://arxiv.org/abs/2005.11401)*",
        "",
        "## References",
        "",
        '- Karpukhin V, et al. "Dense Passage Retrieval for Open-Domain Question Answering". EMNLP 2020.',
        "- Lewis P, Perez E, Piktus A, et al. Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks. NeurIPS 2020.",
        "",
      ].join("\n"),
    });
    // Each title-only reference joins the arXiv paper its title was given beside.
    const cited = graph.edges
      .filter((e) => e.type === "CITES")
      .map((e) => e.to)
      .sort();
    expect(cited).toEqual(["paper:arxiv:2004.04906", "paper:arxiv:2005.11401"]);
  });

  it("a title in one place and another paper's id in the same long bullet are not joined", () => {
    const graph = noteVault({
      "simclr.md": [
        "# SimCLR",
        "",
        "## My notes",
        "",
        "- There is **no memory bank** and no queue as in MoCo (arXiv 1911.05722) — negatives come only from the current batch, which is why they need batches of 4096 and the LARS optimizer (You et al., *Large Batch Training of Convolutional Networks*).",
        "",
      ].join("\n"),
    });
    expect(
      graph.nodes
        .filter((n) => n.label === "Paper")
        .map((n) => n.id)
        .sort(),
    ).toEqual(["paper:arxiv:1911.05722", "paper:title:large-batch-training-of-convolutional-networks"]);
  });

  it("a repost's metadata block: the paper's title, its authors (not the repost's) and its link", () => {
    const graph = noteVault({
      "wechat/self-rag.md": [
        "作者：小编",
        "",
        "**论文标题：** Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection",
        "**论文作者：** Akari Asai, Zeqiu Wu, Yizhong Wang",
        "**论文链接：** https://arxiv.org/abs/2310.11511",
        "",
        "**一、动机**",
        "",
        "检索增强生成总是检索，不管需不需要。对比 REALM（arXiv:2002.08909）……",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("paper:"))).toEqual([
      "note:wechat/self-rag.md -> paper:arxiv:2310.11511 [markdown/paper/metadata-title]",
    ]);
    const authors = graph.edges
      .filter((e) => e.type === "AUTHORED_BY" && e.from === "paper:arxiv:2310.11511")
      .map((e) => e.to);
    expect(authors).toEqual(["author:akari-asai", "author:zeqiu-wu", "author:yizhong-wang"]);
  });
});

describe("40. what a file name or a title says when it is not a model's name", () => {
  it("a week log, a Dendron hierarchy, a series' part, a family, a `Comparison` heading and a `网络：` field", () => {
    const graph = noteVault({
      "log/2024-W10-W11.md": "# Lab log\n\nRead a few RL papers this week.\n",
      "dendron/paper.cv.yolov4.md":
        "---\nid: abc123\ndesc: ''\n---\n\nOne-stage detector with many tricks.\n",
      "cnblogs/目标检测系列精读-FCOS.md": [
        "# 【原创】目标检测系列精读（三）：FCOS —— 不要 anchor 了",
        "",
        "## Comparison",
        "",
        "FCOS against RetinaNet on COCO.",
        "",
      ].join("\n"),
      "YOLO系列梳理.md": "# YOLO系列梳理\n\n从 v1 到 v8。\n",
      "复现/GLIDE复现.md": "# GLIDE 复现记录\n\n- 网络：U-Net，带 attention\n- 数据：自己爬的\n",
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:cnblogs/目标检测系列精读-FCOS.md -> model:fcos [markdown/model/title]",
      "note:dendron/paper.cv.yolov4.md -> model:yolov4 [markdown/model/file-name]",
      "note:复现/GLIDE复现.md -> model:glide [markdown/model/file-name]",
    ]);
  });

  it("a digest item headed by a short title is about the name its summary introduces", () => {
    const graph = noteVault({
      "daily/2024-03-01.md": [
        "# 论文速递",
        "",
        "### 1. Visual Instruction Tuning",
        "",
        "- **摘要**：提出 **LLaVA**，用 GPT-4 生成多模态指令数据。",
        "",
        "### 2. Segment Anything",
        "",
        "- **摘要**：提出 **SAM**，一个可提示的分割模型。",
        "",
        "### 3. Learning to Summarize From Human Feedback",
        "",
        "- 提出的方法比 PPO 好，但没有命名。",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:daily/2024-03-01.md -> model:llava [markdown/model/introduced-name]",
      "note:daily/2024-03-01.md -> model:sam [markdown/model/vocabulary-heading]",
    ]);
  });
});

describe("41. a talk about two models, a repost's paper title, and a loss denied in Chinese", () => {
  it("`Part 2: X` and a plain word heading several slides make X's sections; CTC denied stays a mention", () => {
    const graph = noteVault({
      "slides/asr.md": [
        "---",
        "marp: true",
        "---",
        "",
        "# Part 1: Whisper",
        "",
        "---",
        "",
        "## Whisper：训练",
        "",
        "- 解码器用交叉熵损失训练",
        "- ⚠️ **没有 CTC 损失**，和 ESPnet 那套 CTC/Attention 混合训练不一样",
        "",
        "---",
        "",
        "# Part 2: Zipformer",
        "",
        "---",
        "",
        "## Zipformer：结构",
        "",
        "![](figs/zipformer.png)",
        "",
        "---",
        "",
        "## Zipformer 的损失",
        "",
        "- 用 pruned RNN-T 损失训练",
        "",
      ].join("\n"),
      "slides/figs/zipformer.png": PNG,
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:slides/asr.md -> model:whisper [markdown/model/vocabulary-heading]",
      "note:slides/asr.md -> model:zipformer [markdown/model/heading-name]",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:whisper -> loss:cross-entropy",
      "model:zipformer -> loss:rnn-t损失",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:zipformer"]);
  });

  it("a metadata list's paper title names the note's model before its colon", () => {
    const graph = noteVault({
      "wechat/rt-detr.md": [
        "**论文标题：** RT-DETR2: Improved Baselines with Bag-of-Freebies for Real-Time Detection",
        "**论文链接：** https://arxiv.org/abs/2407.17140",
        "",
        "**一、动机**",
        "",
        "实时检测器一直离不开 NMS。",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:wechat/rt-detr.md -> model:rt-detr2 [markdown/model/title-prefix]",
    ]);
  });
});

describe("42. the writer's own images illustrate no model", () => {
  it("an avatar, a QR code to tip or follow, a logo: figures of the note, not of its model", () => {
    const graph = noteVault({
      "MacBERT.md": [
        "# MacBERT 论文笔记",
        "",
        "![结构](img/arch.png)",
        "",
        "![](img/zanshang_wechat.png)",
        "",
        "![扫码关注公众号](img/follow.png)",
        "",
        "![](https://upload.example.com/users/upload_avatars/123/abc.jpg)",
        "",
      ].join("\n"),
      "img/arch.png": PNG,
      "img/zanshang_wechat.png": Buffer.concat([PNG, Buffer.from([1])]),
      "img/follow.png": Buffer.concat([PNG, Buffer.from([2])]),
    });
    expect(graph.edges.filter((e) => e.type === "HAS_FIGURE")).toHaveLength(4);
    expect(
      graph.edges
        .filter((e) => e.type === "ILLUSTRATES")
        .map((e) => graph.nodes.find((n) => n.id === e.from)?.props.src),
    ).toEqual(["img/arch.png"]);
  });
});

describe("43. cards separated by `---`, and bold lines that stand for headings", () => {
  it("each card's bold lead names its model; a figure in a card illustrates it", () => {
    const graph = noteVault({
      "flomo/对比学习.md": [
        "# flomo 导出",
        "",
        "---",
        "",
        "2023-03-01 22:14",
        "",
        "#论文/对比学习 #SimSiam",
        "",
        "**SimSiam**（Chen & He · CVPR 2021）arxiv 2011.10566",
        "",
        "一句话：不用负样本，靠 stop-gradient 防坍塌。",
        "",
        "![](file/simsiam.png)",
        "",
        "---",
        "",
        "2023-03-02 09:03",
        "",
        "**VICReg**（Bardes et al. · ICLR 2022）arXiv:2105.04906",
        "",
        "方差、不变性、协方差三项正则。",
        "",
      ].join("\n"),
      "flomo/file/simsiam.png": PNG,
      "wechat/post.md": [
        "**一、动机**",
        "",
        "检索增强生成总是检索。",
        "",
        "**二、Gorilla**",
        "",
        "Gorilla 用检索到的 API 文档微调 LLaMA，Gorilla 的幻觉更少。",
        "",
        "**三、实验**",
        "",
        "略。",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:flomo/对比学习.md -> model:simsiam [markdown/model/heading-with-reference]",
      "note:flomo/对比学习.md -> model:vicreg [markdown/model/heading-with-reference]",
      "note:wechat/post.md -> model:gorilla [markdown/model/heading-name]",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:simsiam"]);
  });
});

describe("44. MyST directives hold prose and figures, not code", () => {
  it("```{figure} path is a figure of the note's model, and ```{note} prose is read; ```{code-cell} stays code", () => {
    const graph = noteVault({
      "book/consistency.md": [
        "# LCM",
        "",
        "```{figure} ./img/ode-trajectory.png",
        "---",
        "name: fig-ode",
        "---",
        "Every point on a trajectory maps to its origin.",
        "```",
        "",
        "```{note}",
        "Distillation needs a pretrained teacher, see EDM ([arXiv:2206.00364](https://arxiv.org/abs/2206.00364)).",
        "```",
        "",
        "```{code-cell} python",
        "# arXiv:1111.11111 in code is not a citation",
        "```",
        "",
      ].join("\n"),
      "book/img/ode-trajectory.png": PNG,
    });
    expect(linked(graph, "CITES")).toEqual(["note:book/consistency.md -> paper:arxiv:2206.00364"]);
    expect(illustrated(graph)).toEqual(["-> model:lcm"]);
  });
});

describe("45. ids and titles the way notes drop them in", () => {
  it("a bare five-digit arXiv id, a wrapped IEEE reference, a title with its authors after it, a title in 《》", () => {
    const graph = noteVault({
      "queue.md": [
        "# Paper queue",
        "",
        "- [ ] [[Revisiting Deep Learning Models for Tabular Data]] (FT-Transformer, 2106.11959)",
        "- version 2106.119590 and path a/2106.11959 and 1606.0779 are not ids",
        "",
        'A: "Trust Region Policy Optimization" (Schulman et al. 2015) uses a hard KL constraint.',
        "",
        "答：《Proximal Policy Optimization Algorithms》里用的是 clip。",
        "",
        "## References",
        "",
        '[1] W.-N. Hsu, B. Bolte, A. Mohamed. "HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of',
        'Hidden Units." *IEEE/ACM TASLP*, 2021. [arXiv:2106.07447](https://arxiv.org/abs/2106.07447)',
        "",
      ].join("\n"),
    });
    expect(
      graph.edges
        .filter((e) => e.type === "CITES")
        .map((e) => e.to)
        .sort(),
    ).toEqual([
      "paper:arxiv:2106.07447",
      "paper:arxiv:2106.11959",
      "paper:title:proximal-policy-optimization-algorithms",
      // The linked title, which the store joins to the arXiv paper the same line titles.
      "paper:title:revisiting-deep-learning-models-for-tabular-data",
      "paper:title:trust-region-policy-optimization",
    ]);
  });
});

describe("46. names in headlines, Chinese front matter and abbreviations the note announces", () => {
  it("the one part of a headline that is a name, a guide word before it, Chinese keys, `(X from here on)`", () => {
    const graph = noteVault({
      "course/第7讲.md":
        "# 【课程笔记】第 7 讲：对齐是怎么炼成的 —— InstructGPT\n\n老师说 InstructGPT 用了 RLHF。\n",
      "lab/2024-03-12.md":
        '---\ntitle: "Lab notebook — reproducing TinyBERT (week 3)"\n---\n\nStudent init from the teacher.\n',
      "cards/高斯.md": "---\n标题: 高斯泼溅论文卡片\n别名: [4DGS]\n标签: [论文, 3D]\n---\n\n读完了。\n",
      "blog/splat.md": [
        "# Reading notes: Deformable 3D Gaussians for Monocular Dynamic Scenes",
        "",
        "Deformable 3D Gaussians (D3DGS from here on) move every Gaussian with a deformation field.",
        "D3DGS is trained per scene.",
        "",
      ].join("\n"),
      "cs231n/writeup.md": "# CS231N Assignment 4\n\nWe implement a video transformer.\n",
    });
    expect(ruled(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:blog/splat.md -> model:d3dgs [markdown/model/definition]",
      "note:cards/高斯.md -> model:4dgs [markdown/model/front-matter]",
      "note:course/第7讲.md -> model:instructgpt [markdown/model/title]",
      "note:lab/2024-03-12.md -> model:tinybert [markdown/model/title]",
    ]);
    expect(ruled(graph, "TAGGED")).toContain("note:cards/高斯.md -> tag:论文 [markdown/front-matter]");
  });
});

describe("47. a loss computed, a block labelled as the loss, and how far a denial reaches", () => {
  it("`算 NT-Xent`, `loss：… 算 MSE` are uses; `never got to it -- everything below is plain MSE` is not a denial of MSE", () => {
    const graph = noteVault({
      "cards.md": [
        "# 对比学习卡片",
        "",
        "## SimCLR",
        "",
        "两次增强，在 z 上算 NT-Xent。",
        "",
        "## BYOL",
        "",
        "loss：两个视图的投影 L2 归一化之后算 MSE。",
        "",
      ].join("\n"),
      "PatchTST.md": [
        "# PatchTST",
        "",
        "## Training objective",
        "",
        "I was going to try Huber for the spiky substations but never got to it -- everything below",
        "is plain MSE.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:byol -> loss:mse",
      "model:patchtst -> loss:mse",
      "model:simclr -> loss:nt-xent",
    ]);
  });
});

describe("48. a loss said to be a sum of named parts", () => {
  it("`loss 是 **L1 + D-SSIM**`: each part is a loss the model uses (L1 is the vocabulary's L1 loss)", () => {
    const graph = noteVault({
      "3DGS.md": "# 3DGS\n\n## 损失函数\n\n随机梯度下降，loss 是 **L1 + D-SSIM**，λ = 0.2。\n",
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:3dgs -> loss:d-ssim", "model:3dgs -> loss:l1-loss"]);
  });
});

describe("49. losses weighed as candidates, then one chosen", () => {
  it("`我们评估了这些分类损失，最终采用 VFL`: the candidates before the choice are mentions, the choice is a use", () => {
    const graph = noteVault({
      "检测/YOLOv6.md": [
        "# YOLOv6",
        "",
        "## 损失函数",
        "",
        "1. 分类损失",
        "    - Focal Loss 修改了交叉熵损失来处理类别不平衡；Quality Focal Loss (QFL) 把定位质量并入分类分数；VariFocal Loss (VFL) 不对称地处理正负样本。",
        "    - 我们评估了这些分类损失，YOLOv6 最终采用 VFL。",
        "",
      ].join("\n"),
      "notes/DETR-variant.md": [
        "# SparseDet",
        "",
        "## Matching cost and loss",
        "",
        "The authors compared focal loss, GIoU loss and a plain L1 loss for the box head.",
        "In the end they chose GIoU loss.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:sparsedet -> loss:giou-loss",
      "model:yolov6 -> loss:vfl",
    ]);
    expect(ruled(graph, "MENTIONS")).toContain(
      "note:检测/YOLOv6.md -> loss:focal-loss [markdown/relation/not-chosen]",
    );
  });

  it("`Finally, we use` a further loss: a sequence, not a choice among candidates", () => {
    const graph = noteVault({
      "BLIP.md": [
        "# BLIP",
        "",
        "## Pre-training objectives",
        "",
        "BLIP uses ITC to align the unimodal features and ITM to learn fine-grained alignment.",
        "Finally, it uses LM to generate captions.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:blip -> loss:itc",
      "model:blip -> loss:itm",
      "model:blip -> loss:lm",
    ]);
  });
});

describe("50. talk scripts, exports without a title heading, titles with their names in brackets", () => {
  it("`## P5 DPO 损失` is slide 5 about DPO; `P1`, `P2` name nothing", () => {
    const graph = noteVault({
      "组会/讲稿.md": [
        "# 组会讲稿：DPO",
        "",
        "## P1 标题页",
        "",
        "今天讲 DPO。",
        "",
        "## P2 背景：RLHF 三步走",
        "",
        "![](slides/rlhf.png)",
        "",
        "## P5 DPO 损失",
        "",
        "DPO 用一个二分类交叉熵损失直接在偏好数据上训练策略。",
        "",
      ].join("\n"),
      "组会/slides/rlhf.png": PNG,
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:组会/讲稿.md -> model:dpo",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:dpo"]);
  });

  it("a note exported with its title as a plain first line (`PPO 学习笔记`) is about PPO, figures included", () => {
    const graph = noteVault({
      "有道云/笔记.md": [
        "PPO 学习笔记",
        "",
        "2023-09-14 整理",
        "",
        "**一、核心目标**",
        "",
        "截断替代目标，ε 取 0.2。",
        "",
        "![](./images/clip.png)",
        "",
      ].join("\n"),
      "有道云/images/clip.png": PNG,
    });
    expect(linked(graph, "DESCRIBES")).toEqual(["note:有道云/笔记.md -> model:ppo"]);
    expect(illustrated(graph)).toEqual(["-> model:ppo"]);
  });

  it("`### Title (ControlNet) — Marr Prize` is ControlNet's section; `Replication: LightGCN on Gowalla` is LightGCN's note; `Remark:` names nothing", () => {
    const graph = noteVault({
      "trip.md": [
        "# ICCV 2023 trip report",
        "",
        "### Adding Conditional Control to Text-to-Image Diffusion Models (ControlNet) — Marr Prize",
        "",
        "Zero convolutions let a copy of the encoder learn the condition.",
        "",
        "### Scalable Diffusion Models with Transformers (DiT)",
        "",
        "![](img/dit.png)",
        "",
      ].join("\n"),
      "img/dit.png": PNG,
      "replications/lightgcn.md": [
        "# Replication: LightGCN on Gowalla / Yelp2018",
        "",
        "We reran the official code.",
        "",
        "## 2.4 Remark: connection to matrix factorisation",
        "",
        "Nothing new here.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:replications/lightgcn.md -> model:lightgcn",
      "note:trip.md -> model:controlnet",
      "note:trip.md -> model:dit",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:dit"]);
  });
});

describe("51. papers in headings, Roam attributes, GB/T lines numbered like IEEE, a metadata section", () => {
  it("ids in headings are cited; a DOI in brackets ends before the bracket", () => {
    const graph = noteVault({
      "quals/gnn.md": [
        "# GNN study sheet",
        "",
        "## 1. GCN — Kipf & Welling, ICLR 2017 (arXiv 1609.02907)",
        "",
        "Spectral convolution, first-order approximation.",
        "",
        "## 2. GAT — https://arxiv.org/abs/1710.10903",
        "",
        "Attention over neighbours; trained with **CTC** elsewhere (Graves et al. 2006, https://doi.org/10.1145/1143844.1143891).",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "CITES")).toEqual([
      "note:quals/gnn.md -> paper:arxiv:1609.02907",
      "note:quals/gnn.md -> paper:arxiv:1710.10903",
      "note:quals/gnn.md -> paper:doi:10.1145/1143844.1143891",
    ]);
  });

  it("`Title::` and `Source::` (Roam) title the paper; a quoted title forty lines down is another paper", () => {
    const filler = Array.from(
      { length: 8 },
      (_, i) => `    - point ${i + 1} about the contrastive pretraining`,
    );
    const graph = noteVault({
      "roam/CLIP.md": [
        "- Title:: Learning Transferable Visual Models From Natural Language Supervision",
        "- Source:: https://arxiv.org/abs/2103.00020",
        "- **Method**",
        ...filler,
        "- **Related**",
        '    - [[ALIGN]] (Jia et al., "Scaling Up Visual and Vision-Language Representation Learning With Noisy Text Supervision") — same recipe',
        "",
      ].join("\n"),
    });
    const papers = graph.nodes.filter((n) => n.label === "Paper").map((n) => `${n.id} ${n.props.title}`);
    expect(papers).toEqual([
      "paper:arxiv:2103.00020 Learning Transferable Visual Models From Natural Language Supervision",
      "paper:title:scaling-up-visual-and-vision-language-representation-learning-with-noisy-text-supervision Scaling Up Visual and Vision-Language Representation Learning With Noisy Text Supervision",
    ]);
  });

  it("`[1] Radford A, Kim J W, et al. Title. ICML 2021.` is titled by its title; `- 论文：` under `## 一、论文信息` titles the linked paper", () => {
    const graph = noteVault({
      "csdn/CLIP.md": [
        "# 【论文精读】CLIP",
        "",
        "## 前言",
        "",
        "重读了一遍。",
        "",
        "## 一、论文信息",
        "",
        "- 论文：Learning Transferable Visual Models From Natural Language Supervision",
        "- 链接：https://arxiv.org/abs/2103.00020",
        "",
        "## 三、方法",
        "",
        "损失就是两个方向的交叉熵取平均，即**对称交叉熵损失**。",
        "",
        "## 参考文献",
        "",
        "[1] Dosovitskiy A, Beyer L, Kolesnikov A, et al. An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale. ICLR 2021.",
        "",
      ].join("\n"),
    });
    const papers = graph.nodes.filter((n) => n.label === "Paper").map((n) => `${n.id} ${n.props.title}`);
    expect(papers).toEqual([
      "paper:arxiv:2103.00020 Learning Transferable Visual Models From Natural Language Supervision",
      "paper:title:an-image-is-worth-16x16-words-transformers-for-image-recognition-at-scale An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:clip -> loss:cross-entropy",
      "model:clip -> loss:对称交叉熵损失",
    ]);
  });
});

describe("52. losses a config declares, and losses that are not objectives", () => {
  it("`loss_bbox=dict(type='L1Loss')`, `criterion = nn.BCEWithLogitsLoss()`, `loss_type: BPR` declare the model's losses; a weight does not", () => {
    const graph = noteVault({
      "zoo/RetinaNet.md": [
        "# RetinaNet",
        "",
        "Head losses (unchanged from mmdet):",
        "",
        "```python",
        "bbox_head=dict(",
        "    type='RetinaHead',",
        "    loss_cls=dict(",
        "        type='FocalLoss', use_sigmoid=True, gamma=2.0),",
        "    loss_bbox=dict(type='L1Loss', loss_weight=1.0)),",
        "```",
        "",
      ].join("\n"),
      "DIN.md": [
        "# DIN",
        "",
        "```python",
        "criterion = nn.BCEWithLogitsLoss()",
        "loss = criterion(logits, labels)",
        "```",
        "",
      ].join("\n"),
      "LightGCN.md": [
        "# LightGCN",
        "",
        "```yaml",
        "loss_type: BPR   # pairwise",
        "reg_weight: 0.0",
        "```",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:din -> loss:bce",
      "model:lightgcn -> loss:bpr-loss",
      "model:retinanet -> loss:focal-loss",
      "model:retinanet -> loss:l1-loss",
    ]);
  });

  it("`with small FID loss`, `some accuracy loss`, `the total objective (maximised)`: no loss; `a sigmoid focal loss` is the focal loss", () => {
    const graph = noteVault({
      "DDIM.md": [
        "# DDIM",
        "",
        "## Training",
        "",
        "The total objective (maximised) is the same as DDPM's; sampling on a sub-sequence gives a 10x speed-up with small FID loss.",
        "Batch size 128 works with some accuracy loss. Classification uses a sigmoid focal loss instead of softmax CE.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:ddim -> loss:focal-loss"]);
  });
});

describe("53. an image asked for as a small square is an author's picture", () => {
  it("`resize:fill:88:88` on Medium illustrates nothing; the chart beside it illustrates the model", () => {
    const graph = noteVault({
      "DINO.md": [
        "# DINO",
        "",
        "![](https://miro.medium.com/v2/resize:fill:88:88/1*Zk3pQw8rT0bYhLm2uVx9eA.jpeg)",
        "",
        "![](https://miro.medium.com/v2/resize:fit:1400/1*attention-maps.png)",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "ILLUSTRATES").map((e) => e.replace(/^figure:\w+ /, ""))).toEqual([
      "-> model:dino [markdown/figure-section]",
    ]);
  });
});

describe("54. what Chinese notes say the loss is, and how far 没有 reaches", () => {
  it("`损失：负余弦相似度`, `损失为…的交叉熵损失`, `损失就是最朴素的 MSE ✅ 没有任何花里胡哨` name the losses used; `ranking loss 在 DPO 里就没有了` is not one", () => {
    const graph = noteVault({
      "读书会.md": [
        "# BYOL",
        "",
        "1. 在线网络预测目标网络的投影",
        "2. 损失：负余弦相似度（negative cosine similarity），对称形式",
        "",
      ].join("\n"),
      "论文/HuBERT.md": ["# HuBERT", "", "HuBERT 的训练损失为掩码位置上预测伪标签的交叉熵损失。", ""].join(
        "\n",
      ),
      "卡片/SD.md": [
        "# Stable Diffusion",
        "",
        "给 latent 加一点噪声 → 让 U-Net 猜噪声 → 猜得越准越好",
        "损失就是最朴素的 MSE ✅ 没有任何花里胡哨：",
        "",
      ].join("\n"),
      "组会/DPO.md": [
        "# DPO",
        "",
        "直接在偏好数据上做监督学习，不需要显式训练奖励模型，所以 RM 那一步的 ranking loss 在 DPO 里就没有了。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:byol -> loss:负余弦相似度",
      "model:hubert -> loss:cross-entropy",
      "model:stable-diffusion -> loss:mse",
    ]);
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).not.toContain(
      "loss:猜得越准越好损失",
    );
  });
});

describe("55. headings dressed as newsletters, write-ups, diaries, changelogs and reviews", () => {
  it("`## 🤖 GATv2`, `## Model 2: SegFormer`, `## Model 1: 2.5D UNet`, `## Day 5 · 3月8日 · DQN ✅` name their models", () => {
    const graph = noteVault({
      "newsletter.md": [
        "# Paper of the week #17",
        "",
        "## 🕸️ GATv2",
        "",
        "Dynamic attention for graphs.",
        "",
      ].join("\n"),
      "kaggle.md": [
        "# [22nd place] UNet + SegFormer ensemble",
        "",
        "## Model 1: 2.5D UNet",
        "",
        "Five slices stacked as channels.",
        "",
        "## Model 2: SegFormer",
        "",
        "A MiT-B2 encoder.",
        "",
      ].join("\n"),
      "打卡.md": [
        "# 强化学习打卡 · 第二周",
        "",
        "## Day 5 · 3月8日 · DQN ✅",
        "",
        "经验回放加目标网络。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:kaggle.md -> model:segformer",
      "note:kaggle.md -> model:u-net",
      "note:newsletter.md -> model:gatv2",
      "note:打卡.md -> model:dqn",
    ]);
  });

  it("`### Added`, `### Changed` of a changelog and `### Soundness: 3 good` of a review name nothing; `Specformer: Spectral …` names Specformer, `DreamFusion: …` DreamFusion, not what its section introduces", () => {
    const graph = noteVault({
      "CHANGELOG.md": [
        "# Changelog",
        "",
        "## [0.2.0] - 2024-04-18",
        "### Added",
        "- masks plot",
        "### Changed",
        "- lr 0.02",
        "## [0.1.0] - 2024-04-10",
        "### Added",
        "- first run",
        "",
      ].join("\n"),
      "review.md": [
        "# 审稿意见草稿",
        "",
        "### Soundness: 3 good ｜ Presentation: 3 good ｜ Contribution: 4 excellent",
        "",
        "可以。",
        "",
      ].join("\n"),
      "poster.md": [
        "# ICLR 2023 poster 笔记",
        "",
        "## Specformer: Spectral Graph Neural Networks Meet Transformers（北邮 + UBC）",
        "",
        "把特征值当作 token。",
        "",
        "## ⭐ DreamFusion: Text-to-3D using 2D Diffusion（Google Research）",
        "",
        "提出 Score Distillation Sampling（SDS），用 2D 扩散模型监督 NeRF。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:poster.md -> model:dreamfusion",
      "note:poster.md -> model:specformer",
    ]);
  });

  it("`**参考论文**：wav2vec 2.0: A Framework …` names the note's model", () => {
    const graph = noteVault({
      "notebook.md": [
        "# 用 wav2vec 2.0 + CTC 微调中文语音识别",
        "",
        "**参考论文**：wav2vec 2.0: A Framework for Self-Supervised Learning of Speech Representations（Baevski et al., NeurIPS 2020）, https://arxiv.org/abs/2006.11477v3",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES")).toEqual([
      "note:notebook.md -> model:wav2vec2.0",
      "note:notebook.md -> paper:arxiv:2006.11477",
    ]);
  });
});

describe("56. losses a script computes, weighted sums, and loss values that are not losses", () => {
  it("`loss = F.binary_cross_entropy_with_logits(...)`, `loss: **0.5 · BCE + 0.5 · Dice**`, `训练目标就是标准的 logloss` are uses", () => {
    const graph = noteVault({
      "SASRec.md": [
        "# SASRec",
        "",
        "```python",
        "loss = F.binary_cross_entropy_with_logits(pos, neg)",
        "```",
        "",
      ].join("\n"),
      "UNet.md": ["# UNet", "", "- loss: **0.5 · BCE + 0.5 · Dice** (soft Dice over the batch)", ""].join(
        "\n",
      ),
      "DIN.md": ["# DIN", "", "- 训练目标就是标准的 logloss，Adam，lr 1e-3", ""].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:din -> loss:logloss",
      "model:sasrec -> loss:bce",
      "model:u-net -> loss:bce",
      "model:u-net -> loss:dice",
    ]);
  });

  it("`at 2k step loss went NaN`, `需要自己写损失`, `BYOL's loss` name no loss", () => {
    const graph = noteVault({
      "QLoRA.md": ["# QLoRA", "", "跑到 2k step loss 变 NaN 了。Trainer 里需要自己写损失。", ""].join("\n"),
      "BYOL.md": ["# BYOL", "", "BYOL's loss is computed on normalised predictions.", ""].join("\n"),
    });
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).toEqual([]);
  });
});

describe("57. reference lists under a label, surnames before a comma, and a paper's own title among its references", () => {
  it("`延伸阅读：` above a list and `### Further reading (optional)` make references lists; `Dhariwal & Nichol, Title — ADM` is titled by its title", () => {
    const graph = noteVault({
      "教程.md": [
        "# wav2vec 2.0 教程",
        "",
        "延伸阅读：",
        "1. Graves A, et al. Connectionist Temporal Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks. ICML 2006.",
        "",
      ].join("\n"),
      "handout.md": [
        "# Reading group, week 9",
        "",
        "### Further reading (optional)",
        "",
        "- Dhariwal & Nichol, Diffusion Models Beat GANs on Image Synthesis — ADM",
        "- Zhang et al., The Unreasonable Effectiveness of Deep Features as a Perceptual Metric (LPIPS)",
        "",
      ].join("\n"),
    });
    expect(
      graph.nodes
        .filter((n) => n.label === "Paper")
        .map((n) => String(n.props.title))
        .sort(),
    ).toEqual([
      "Connectionist Temporal Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks",
      "Diffusion Models Beat GANs on Image Synthesis",
      "The Unreasonable Effectiveness of Deep Features as a Perceptual Metric",
    ]);
  });

  it("an italic caption under a note's title is not its authors; `DreamBooth: …` in DreamBooth's references titles the paper its link names", () => {
    const graph = noteVault({
      "poster.md": [
        "# ICLR 2023 现场 poster 笔记（Day 2 - Day 3）",
        "",
        "*会场在一楼大厅，人非常多，很多时候挤不进去只能拍照回去看。*",
        "",
      ].join("\n"),
      "DreamBooth 论文笔记.md": [
        "# DreamBooth 论文笔记",
        "",
        "论文链接: https://arxiv.org/abs/2208.12242",
        "",
        "## 参考",
        "",
        "- Ruiz N, Li Y, Jampani V, et al. DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation. CVPR 2023.",
        "",
      ].join("\n"),
    });
    expect(graph.nodes.filter((n) => n.label === "Paper").map((n) => `${n.id} ${n.props.title}`)).toEqual([
      "paper:arxiv:2208.12242 DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation",
    ]);
  });
});

describe("58. a model named by the paper a note opens with, and a negated loss said so", () => {
  it("`**Paper:** … *High-Resolution Image Synthesis with Latent Diffusion Models*` atop a note that keeps saying LDM makes it LDM's note", () => {
    const graph = noteVault({
      "week09.md": [
        "ML Reading Group — week 9",
        "==========================",
        "",
        "**Paper:** Rombach et al. *High-Resolution Image Synthesis with Latent Diffusion Models.* CVPR 2022.",
        "",
        "### 1. Why this paper?",
        "",
        "The **Latent Diffusion Model (LDM)** splits generation in two. LDM first compresses, then LDM diffuses.",
        "",
        "![](figs/ldm.png)",
        "",
      ].join("\n"),
      "figs/ldm.png": PNG,
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:week09.md -> model:ldm",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:ldm"]);
  });

  it("`there is no reconstruction loss at all`: the mention says it is negated", () => {
    const graph = noteVault({
      "journal.md": [
        "- reading about speech models",
        "\t- NB there is no reconstruction loss at all",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "MENTIONS").filter((e) => e.includes("loss:"))).toEqual([
      "note:journal.md -> loss:reconstruction-loss [markdown/relation/negated]",
    ]);
  });
});

describe("59. a loss written only as a formula", () => {
  it("`L_{\\text{simple}}(\\theta) = …` and `L^CLIP(θ) = …` set as code are the losses used; `L_{vlb}` denied later is not; `L_{seq} = 512` and `L_{cls}` name none", () => {
    const graph = noteVault({
      "DDPM.md": [
        "# DDPM",
        "",
        "## 训练",
        "",
        "$L_{vlb} = L_T + \\sum_{t>1} L_{t-1} + L_0$",
        "",
        "$$L_{\\text{simple}}(\\theta) = \\mathbb E \\| \\epsilon - \\epsilon_\\theta \\|^2$$",
        "",
        "训练时用的就是 $L_{simple}$，并没有直接用 $L_{vlb}$ 去训练。",
        "",
      ].join("\n"),
      "PPO.md": [
        "# PPO",
        "",
        "The clipped objective:",
        "",
        "    L^CLIP(θ) = Ê_t [ min( r_t(θ) Â_t , clip(r_t(θ), 1 − ε, 1 + ε) Â_t ) ]",
        "",
      ].join("\n"),
      "BERT.md": ["# BERT", "", "- 最大序列长度 $L_{\\text{seq}} = 512$。", ""].join("\n"),
      "FastRCNN.md": ["# Fast R-CNN", "", "$L_{cls}(p,u) = -\\log p_u$ 是对数损失。", ""].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:ddpm -> loss:l-simple",
      "model:fast-r-cnn -> loss:对数损失",
      "model:ppo -> loss:lclip",
    ]);
  });
});

describe("60. a part of an objective named by its kind of part, and a task listed under the objectives", () => {
  it("`S = entropy bonus`, `+ the sparsity regularisation term`, `a pixel reconstruction term`, `熵奖励` are losses used; a decoding penalty, `the full penalty`, a variant and `稀疏奖励` are not", () => {
    const graph = noteVault({
      "PPO.md": [
        "# PPO",
        "",
        "## The loss I actually optimise",
        "",
        "    L_t(θ) = Ê_t [ L^CLIP_t(θ) − c1 · L^VF_t(θ) + c2 · S[π_θ](s_t) ]",
        "",
        "- S = entropy bonus, c2 = 0.01",
        "- if the change makes things worse we still get the full penalty",
        "",
        "The paper also proposes an **adaptive trust-region penalty** variant. I do not use it.",
        "",
      ].join("\n"),
      "TabNet.md": [
        "# TabNet",
        "",
        "- training objective: plain cross-entropy + the sparsity",
        "  regularisation term from the paper, weighted by λ_sparse",
        "- decoding uses a length penalty of 0.6",
        "",
      ].join("\n"),
      "LDM.md": ["# LDM", "", "- Objective: a pixel reconstruction term plus a **perceptual loss**", ""].join(
        "\n",
      ),
      "有道云-A2C.md": [
        "# A2C",
        "",
        "- L^VF 是值函数损失，c1 = 0.5",
        "- S 是策略的熵，作为熵奖励鼓励探索",
        "- 环境是稀疏奖励，很难学",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:a2c -> loss:值函数损失",
      "model:a2c -> loss:熵奖励",
      "model:ldm -> loss:perceptual-loss",
      "model:ldm -> loss:pixel-reconstruction-term",
      "model:ppo -> loss:entropy-bonus",
      "model:tabnet -> loss:cross-entropy",
      "model:tabnet -> loss:sparsity-regularisation",
    ]);
  });

  it("`Loss = symmetrised negative cosine similarity:` names the loss; `diversity loss: maximise entropy of …` names no other", () => {
    const graph = noteVault({
      "SimSiam.md": [
        "# SimSiam",
        "",
        "Loss = symmetrised negative cosine similarity:",
        "",
        "- diversity loss: maximise entropy of the averaged softmax",
        "",
      ].join("\n"),
    });
    const losses = linked(graph, "USES_LOSS");
    expect(losses).toContain("model:simsiam -> loss:negative-cosine-similarity");
    expect(losses).toContain("model:simsiam -> loss:diversity-loss");
    expect(losses.filter((edge) => edge.includes("maximise"))).toEqual([]);
  });

  it("`- NSP (next sentence prediction): …` under `- **pretraining objectives** (both used, summed):` is a loss used; the same item elsewhere is not", () => {
    const graph = noteVault({
      "cheatsheet.md": [
        "# Interview cheat sheet",
        "",
        "## BERT",
        "",
        "- **pretraining objectives** (both used, summed):",
        "  - MLM (masked language modeling): mask 15% of tokens",
        "  - NSP (next sentence prediction): binary, is sentence B the real next sentence?",
        "",
        "## XLNet",
        "",
        "- ideas:",
        "  - PLM (permutation language modeling) gives bidirectional context",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:bert -> loss:mlm", "model:bert -> loss:nsp"]);
  });

  it("`focal loss 没实现`, `mini-batch aware regularization 没实现`: not implemented is not used", () => {
    const graph = noteVault({
      "DIN.md": [
        "# DIN",
        "",
        "## 训练",
        "",
        "- 论文里的 mini-batch aware regularization 没实现，focal loss 也没实现，直接用交叉熵损失",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:din -> loss:cross-entropy"]);
  });
});

describe("61. whose loss a Chinese sentence speaks of, a choice kept after a trial, and chapter and flair marks", () => {
  it("`wav2vec 2.0 的做法是…，再用对比损失…` is wav2vec 2.0's loss; `并未使用对比损失` and `不需要对比损失` deny it; `一次匈牙利损失`, `Pseudo-Huber 损失` are named whole; `（α=1）` names none", () => {
    const graph = noteVault({
      "HuBERT.md": [
        "# HuBERT",
        "",
        "## 动机",
        "",
        "wav2vec 2.0 的做法是在线学一个量化器，再用对比损失去区分正负样本。",
        "",
        "## 方法",
        "",
        "HuBERT 用掩码预测损失训练，只在掩码帧上计算损失（α=1）。HuBERT **并未使用对比损失**。",
        "",
        "- 每一层都算一次匈牙利损失",
        "- 正式训练时改用 Pseudo-Huber 损失",
        "",
      ].join("\n"),
      "GraphMAE.md": ["# GraphMAE", "", "GraphMAE 也**不需要对比损失**，只用重建损失。", ""].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:graphmae -> loss:重建损失",
      "model:hubert -> loss:pseudo-huber损失",
      "model:hubert -> loss:匈牙利损失",
      "model:hubert -> loss:掩码预测损失",
    ]);
  });

  it("`我自己试过 BCE …，所以最后还是老老实实用 BPR`: the loss tried is not used, the one kept is", () => {
    const graph = noteVault({
      "LightGCN.md": [
        "# LightGCN",
        "",
        "## 损失函数",
        "",
        "LightGCN 用的是 **BPR loss**。",
        "",
        "> 我自己试过，用 BCE + 负采样掉了快 1 个点，所以最后还是老老实实用 BPR。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:lightgcn -> loss:bpr-loss"]);
  });

  it("`# 4.2 GraphSAGE: Inductive …` names GraphSAGE; `# [R] A Time Series is Worth 64 Words: … (PatchTST, ICLR 2023)` names PatchTST; a page's previous and next links are no references", () => {
    const graph = noteVault({
      "ch04-02.md": [
        "# 4.2 GraphSAGE: Inductive Representation Learning on Large Graphs",
        "",
        "GraphSAGE learns aggregator functions.",
        "",
        "## Further reading",
        "",
        "- W. L. Hamilton, R. Ying, J. Leskovec. *Inductive Representation Learning on Large Graphs*. NeurIPS 2017. arXiv:1706.02216",
        "",
        "---",
        "",
        "[← 4.1 Graph Convolutional Networks](./ch04-01-gcn.md) · [4.3 Graph Attention Networks →](./ch04-03-gat.md)",
        "",
      ].join("\n"),
      "thread.md": [
        "# [R] A Time Series is Worth 64 Words: Long-term Forecasting with Transformers (PatchTST, ICLR 2023)",
        "",
        "Quick summary of **PatchTST**: patches as tokens.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((edge) => edge.includes("model:"))).toEqual([
      "note:ch04-02.md -> model:graphsage",
      "note:thread.md -> model:patchtst",
    ]);
    expect(linked(graph, "CITES")).toEqual(["note:ch04-02.md -> paper:arxiv:1706.02216"]);
  });
});

describe("62. sections a discussion, a reading app or a headline marks without a name of their own, and the writer's furniture", () => {
  it("`## 话题一：BLIP-2 的 Q-Former 到底在干嘛` is BLIP-2's section and its figure is BLIP-2's", () => {
    const graph = noteVault({
      "群聊整理.md": [
        "# 读论文群第 12 期讨论整理",
        "",
        "## 话题一：BLIP-2 的 Q-Former 到底在干嘛",
        "",
        "BLIP-2 冻住图像编码器和 LLM，中间只训一个 Q-Former。",
        "",
        "![Q-Former](img/qformer.png)",
        "",
        "## 话题二：LLaVA 为什么这么简单还这么好用",
        "",
        "LLaVA 只用一个线性投影。",
        "",
        "## 话题三：资源 & 杂七杂八",
        "",
        "![群二维码](img/group_qr.png)",
        "",
      ].join("\n"),
      "img/qformer.png": Buffer.from("q"),
      "img/group_qr.png": Buffer.from("qr"),
    });
    expect(linked(graph, "DESCRIBES").filter((edge) => edge.includes("model:"))).toEqual([
      "note:群聊整理.md -> model:blip-2",
      "note:群聊整理.md -> model:llava",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:blip-2"]);
  });

  it("微信读书's `◆ 第6章 近端策略优化（PPO）` lines are chapters, and its dated `◆ … 发表想法` entries hang under them", () => {
    const graph = noteVault({
      "读书笔记.md": [
        "《深度强化学习入门与实践》",
        "",
        "◆ 第6章 近端策略优化（PPO）",
        "",
        ">> PPO 的动机是保留 TRPO 稳定更新的优点。",
        "",
        "◆ 2023/11/02发表想法",
        "",
        "PPO 直接一阶 SGD 搞定，训练时最小化裁剪后的代理目标加上熵奖励。",
        "",
        "◆ 第8章 软演员-评论家（SAC）",
        "",
        ">> SAC 是 off-policy 的。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((edge) => edge.includes("model:"))).toEqual([
      "note:读书笔记.md -> model:ppo",
      "note:读书笔记.md -> model:sac",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual(["model:ppo -> loss:熵奖励"]);
  });

  it("`One step is (almost) all you need: reading Consistency Models` is about what it reads; its header image and subscribe button illustrate nothing", () => {
    const graph = noteVault({
      "post.md": [
        "---",
        'title: "One step is (almost) all you need: reading Consistency Models"',
        "---",
        "",
        "![](images/header_noise_to_image.png)",
        "",
        "**Consistency Models** map any noisy point straight back to its origin. Consistency Models",
        "can be distilled (consistency distillation, CD) or trained alone (consistency training, CT).",
        "",
        "![](images/cm_trajectories.png)",
        "",
        "Why Consistency Models work is the rest of this post.",
        "",
        "![](images/subscribe_button.png)",
        "",
      ].join("\n"),
      "images/header_noise_to_image.png": Buffer.from("h"),
      "images/cm_trajectories.png": Buffer.from("t"),
      "images/subscribe_button.png": Buffer.from("s"),
    });
    expect(linked(graph, "DESCRIBES").filter((edge) => edge.includes("model:"))).toEqual([
      "note:post.md -> model:consistency-models",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:consistency-models"]);
  });
});

describe("63. one paper however many ways a note names it, and titles in Chinese prose", () => {
  const cites = (graph: Extracted) => linked(graph, "CITES").map((edge) => edge.replace(/^note:\S+ -> /, ""));

  it("a reference manager's `DOI:` and `url:` fields, `论文链接：` then `DOI：`, and an arXiv link and a DOI on one line are one paper each", () => {
    const graph = noteVault({
      "zotero.md": [
        "---",
        "title: HuBERT",
        "DOI: 10.1109/TASLP.2021.3122291",
        "url: https://arxiv.org/pdf/2106.07447v1",
        "---",
        "",
        "HuBERT predicts hidden units.",
        "",
      ].join("\n"),
      "repost.md": [
        "# 告别对比学习？HuBERT：用离线聚类做掩码预测",
        "",
        "**论文链接：**",
        "",
        "https://arxiv.org/abs/2106.07447",
        "",
        "DOI：10.1109/TASLP.2021.3122291",
        "",
        "## 研究背景",
        "",
        "HuBERT 用离线聚类产生目标。",
        "",
      ].join("\n"),
      "digest.md": [
        "# Thursday: DCN-V2",
        "",
        "  https://arxiv.org/abs/2008.13535  /  doi:10.1145/3442381.3450078",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((edge) => edge.includes("paper:"))).toEqual([
      "note:digest.md -> paper:arxiv:2008.13535",
      "note:repost.md -> paper:arxiv:2106.07447",
      "note:zotero.md -> paper:arxiv:2106.07447",
    ]);
    expect(graph.nodes.filter((n) => n.label === "Paper").map((n) => n.id)).not.toContain(
      "paper:doi:10.1109/taslp.2021.3122291",
    );
    expect(
      cites(noteVault({ "d.md": "See https://arxiv.org/abs/2008.13535  /  doi:10.1145/3442381.3450078\n" })),
    ).toEqual(["paper:arxiv:2008.13535"]);
  });

  it('a title joins the id after it (on the next line, after a venue and year, or the nearest of several); a formula, `from "X" to "Y"` and a numbered code link are no papers', () => {
    const graph = noteVault({
      "ssm.md": [
        "# SSM reading",
        "",
        "It generalises H3 (*Hungry Hungry Hippos: Towards Language Modeling with State Space Models*,",
        'arXiv:2212.14052). Conceptually the step from "SSM as a fixed kernel" to "data-controlled operator".',
        "",
        'Baselines: BeT (Behavior Transformers, arXiv:2206.11251), VINN ("The Surprising Effectiveness of Representation Learning for Visual Imitation", arXiv:2112.01511).',
        "",
        '> "min_Q α E_{s∼D}[ log Σ_a exp(Q(s,a)) ] + ½ E[(Q − B̂Q)^2]"',
        "",
        "## Papers mentioned",
        "",
        "- Mildenhall, Srinivasan, Tancik, Barron, Ramamoorthi, Ng. *NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis.* ECCV 2020. https://arxiv.org/abs/2003.08934",
        "",
        "## 参考",
        "",
        "[1] He X, Deng K, Wang X, et al. LightGCN: Simplifying and Powering Graph Convolution Network for Recommendation. SIGIR 2020. arXiv:2002.02126",
        "[2] 官方 PyTorch 实现：https://github.com/gusye1234/LightGCN-PyTorch",
        "",
      ].join("\n"),
    });
    expect(cites(graph)).toEqual([
      "paper:arxiv:2002.02126",
      "paper:arxiv:2003.08934",
      "paper:arxiv:2112.01511",
      "paper:arxiv:2206.11251",
      "paper:arxiv:2212.14052",
    ]);
    const titled = (id: string) =>
      graph.nodes.find((n) => n.id === id)?.defaults?.title ??
      graph.nodes.find((n) => n.id === id)?.props.title;
    expect(titled("paper:arxiv:2003.08934")).toBe(
      "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
    );
    expect(titled("paper:arxiv:2112.01511")).toBe(
      "The Surprising Effectiveness of Representation Learning for Visual Imitation",
    );
  });

  it("a long title-case run of English in Chinese prose is a title; a name spelled out, a term with its abbreviation, a list of names and a metadata field are not", () => {
    const graph = noteVault({
      "笔记.md": [
        "# CM 精读",
        "",
        "- EDM 就是 Karras 那篇 Elucidating the Design Space of Diffusion-Based Generative Models",
        "- SAC 原文标题：Soft Actor-Critic: Off-Policy Maximum Entropy Deep Reinforcement Learning with a Stochastic Actor（ICML 2018）。",
        "- 他们凑了一个BERT（芝麻街里的人物），Bideirection Encoder Representations from Transformer",
        "- 长期时间序列预测（Long-term Time Series Forecasting, LTSF）",
        "- 数据集：MSR-VTT, MSVC, LSMDC, ActivityNet, and DiDe",
        "- 表格里写着 Attention Is All You Need<br />NeurIPS 2017",
        "",
      ].join("\n"),
    });
    expect(cites(graph)).toEqual([
      "paper:title:attention-is-all-you-need",
      "paper:title:elucidating-the-design-space-of-diffusion-based-generative-models",
      "paper:title:soft-actor-critic-off-policy-maximum-entropy-deep-reinforcement-learning-with-a-stochastic-actor",
    ]);
  });
});

describe("64. formulas kept whole, a loss named by its symbol or its row, and losses asked about, tried, or a later paper's", () => {
  it("a `$$` formula whose underscores would pair as emphasis is read whole; `L_{SCE}`, `L_{Hungarian}` are the losses the note names in words; a sum of named parts is their total", () => {
    const graph = noteVault({
      "CM.md": [
        "# CM",
        "",
        "The distillation objective:",
        "",
        "$$",
        "\\mathcal{L}_{CD} = \\mathbb{E}\\left[\\lambda(t_n)\\, d\\big(f_\\theta(x_{t_{n+1}}, t_{n+1}),\\; f_{\\theta^-}(\\hat{x}_{t_n}, t_n)\\big)\\right]",
        "$$",
        "",
        "No pretrained model needed; the consistency training loss has the same form.",
        "",
      ].join("\n"),
      "GraphMAE.md": [
        "# GraphMAE",
        "",
        "## 缩放余弦误差（Scaled Cosine Error, SCE）",
        "",
        "$$\\mathcal{L}_{\\mathrm{SCE}} = \\frac{1}{|V|} \\sum_i (1 - \\cos(x_i, z_i))^{\\gamma}$$",
        "",
      ].join("\n"),
      "DETR.md": [
        "# DETR",
        "",
        "在匹配结果上计算**匈牙利损失（Hungarian loss）**：",
        "",
        "$$\\mathcal{L}_{\\text{Hungarian}}(y, \\hat{y}) = \\sum_{i} -\\log \\hat{p}(c_i)$$",
        "",
      ].join("\n"),
      "CoCa.md": [
        "# CoCa",
        "",
        "- Captioning loss $\\mathcal{L}_{Cap}$ and contrastive loss $\\mathcal{L}_{Con}$.",
        "- Total: $\\mathcal{L}_{CoCa} = \\lambda_{Con}\\mathcal{L}_{Con} + \\lambda_{Cap}\\mathcal{L}_{Cap}$ with $\\lambda_{Cap} = 2$.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:cm -> loss:consistency-training-loss",
      "model:cm -> loss:l-cd",
      "model:coca -> loss:captioning-loss",
      "model:coca -> loss:contrastive-loss",
      "model:detr -> loss:匈牙利损失",
      "model:graphmae -> loss:sce",
    ]);
  });

  it("`| 训练目标 | 交叉熵 |` is a loss used; `看看对 Lion 有没有影响` asks and denies nothing; `\"Where's the perceptual loss?\" — there isn't one` does; a follow-up paper's loss is not the model's", () => {
    const graph = noteVault({
      "Lion.md": [
        "# Lion 实验日志",
        "",
        "| 项目 | 设置 |",
        "| --- | --- |",
        "| 训练目标 | 交叉熵，label smoothing 0.1 |",
        "",
        "- 试了一下把交叉熵换成 focal loss 看看对 Lion 有没有影响，没意义，后面所有实验继续用交叉熵。",
        "",
      ].join("\n"),
      "NeRF.md": [
        "# NeRF",
        "",
        "- **00:39:20** — \"Where's the perceptual loss?\" — there isn't one.",
        "- NeRF is trained with a photometric loss.",
        "- The follow-up *Mip-NeRF* switches to a distortion loss.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:lion -> loss:cross-entropy",
      "model:nerf -> loss:photometric-loss",
    ]);
  });
});

describe("64b. a loss restated in brackets", () => {
  it("`trained with maximum likelihood (the MLM loss)` is the MLM loss, not a second one", () => {
    const graph = noteVault({
      "ELECTRA.md": [
        "# ELECTRA",
        "",
        "**A:** No. The generator is trained with maximum likelihood (the MLM loss), not adversarially.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:electra -> loss:mlm"]);
  });

  it("`the **conservative penalty**`, set off as a name, is a part of the objective; `its conservative regulariser` is not", () => {
    const graph = noteVault({
      "CQL.md": [
        "# CQL",
        "",
        "The critic objective has two terms:",
        "",
        "1. the **conservative penalty**: push down a soft-max over all actions;",
        "2. the usual Bellman error.",
        "",
      ].join("\n"),
      "IQL.md": [
        "# IQL",
        "",
        "- the loss is expectile regression; CQL adds its conservative regulariser instead",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS").filter((edge) => edge.includes("conservative"))).toEqual([
      "model:cql -> loss:conservative-penalty",
    ]);
  });
});

describe("64c. a name put to work as the objective", () => {
  it("`用 LPIPS 做训练目标` and `uses LPIPS as the training loss` name LPIPS a loss used; `用 FID 做评价指标` does not", () => {
    const graph = noteVault({
      "CM.md": ["# CM", "", "- 这里用 LPIPS 做训练目标有点作弊的味道", "- 用 FID 做评价指标", ""].join("\n"),
      "iCT.md": ["# iCT", "", "The original model uses LPIPS as the training loss.", ""].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:cm -> loss:lpips", "model:ict -> loss:lpips"]);
  });
});

describe("65. a mailing list's digest: each message's subject names its section", () => {
  it("`Subject: [ML-RG] Thursday: DCN-V2 (recsys slot)`, `Subject: Re: [ML-RG] Lion optimizer -- worth switching?` open DCN-V2's and Lion's sections, with their figures", () => {
    const graph = noteVault({
      "digest.md": [
        "From: ml-reading-group-request@lists.example.edu",
        "Subject: ML-Reading-Group Digest, Vol 12, Issue 3",
        "",
        "Message: 1",
        "Date: Fri, 3 May 2024 17:41:12 +0200",
        "From: Priya Raman <priya@example.edu>",
        "Subject: [ML-RG] Thursday: DCN-V2 (recsys slot)",
        "",
        "Thursday's recsys paper is DCN-V2. The cross layer is trained with log loss.",
        "",
        '<img src="attachments/dcnv2_cross_layer.png" alt="cross layer">',
        "",
        "Message: 2",
        "Date: Sat, 4 May 2024 09:02:55 +0200",
        "From: Tomasz Kowalczyk <tk@example.edu>",
        "Subject: Re: [ML-RG] Lion optimizer -- worth switching?",
        "",
        "Short answer: not free, but cheap to try. Lion keeps only the sign of the update.",
        "",
        "![Lion vs AdamW](attachments/lion_curves.png)",
        "",
      ].join("\n"),
      "attachments/dcnv2_cross_layer.png": Buffer.from("d"),
      "attachments/lion_curves.png": Buffer.from("l"),
    });
    expect(linked(graph, "DESCRIBES").filter((edge) => edge.includes("model:"))).toEqual([
      "note:digest.md -> model:dcnv2",
      "note:digest.md -> model:lion",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:dcnv2", "-> model:lion"]);
  });
});

describe("66. a quantity measured, not trained on", () => {
  it("`the test cross-entropy loss as the evaluation metric`, `MSE 作为评价指标` are metrics, not losses used; `trained with an MSE loss to minimise the error` uses MSE, and `the error` alone names no loss", () => {
    const graph = noteVault({
      "PPO.md": [
        "# PPO",
        "",
        "The objective is the clipped surrogate loss. I only log the KL divergence as a diagnostic.",
        "",
      ].join("\n"),
      "FEDformer.md": ["# FEDformer", "", "损失函数用交叉熵损失，MSE 作为评价指标。", ""].join("\n"),
      "TCN.md": ["# TCN", "", "TCN is trained with an MSE loss to minimise the error.", ""].join("\n"),
      "Survey.md": [
        "# Notes",
        "",
        "We report the test cross-entropy loss as the evaluation metric.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:fedformer -> loss:cross-entropy",
      "model:ppo -> loss:clipped-surrogate-loss",
      "model:tcn -> loss:mse",
    ]);
    const measured = graph.edges
      .filter((edge) => edge.type === "MENTIONS" && edge.extractor.endsWith("relation/measured"))
      .map((edge) => `${edge.from} -> ${edge.to}`)
      .sort();
    expect(measured).toEqual(["note:FEDformer.md -> loss:mse", "note:Survey.md -> loss:cross-entropy"]);
  });
});

/** Each figure's src and the model it illustrates (`-` for none), sorted. */
const figureModels = (graph: Extracted) => {
  const models = new Map(
    graph.edges.filter((e) => e.type === "ILLUSTRATES").map((e) => [e.from, e.to] as const),
  );
  return graph.nodes
    .filter((n) => n.label === "Figure")
    .map((n) => `${String(n.props.src)} -> ${models.get(n.id) ?? "-"}`)
    .sort();
};

describe("67. site generators' and slide tools' Markdown", () => {
  it("Quarto (.qmd) and MDX (.mdx) are notes; MDX's imports are code, its `<img src={require(...)}>` a figure; `:::` fences do not join their title to the prose", () => {
    const graph = noteVault({
      "posts/ddpm/index.qmd": [
        "---",
        "title: DDPM notes",
        "bibliography: refs.bib",
        "---",
        "",
        "# DDPM",
        "",
        "::: {.callout-note}",
        "DDPM is trained with the MSE loss on the noise.",
        ":::",
        "",
        "![Markov chain](figs/chain.png){#fig-chain width=80%}",
        "",
      ].join("\n"),
      "posts/ddpm/figs/chain.png": Buffer.from("chain"),
      "docs/dcn-v2.mdx": [
        "import Tabs from '@theme/Tabs';",
        "",
        "# DCN V2",
        "",
        '<img src={require(\'./img/cross.png\').default} alt="cross layer" width="520" />',
        "",
        ":::caution Focal loss was tried and rejected",
        "In Q1 we ran focal loss; it was worse, so v7 does not use focal loss.",
        ":::",
        "",
        "DCN V2 is trained with log loss.",
        "",
      ].join("\n"),
      "docs/img/cross.png": Buffer.from("cross"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:docs/dcn-v2.mdx -> model:dcnv2",
      "note:posts/ddpm/index.qmd -> model:ddpm",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual(["model:dcnv2 -> loss:log-loss", "model:ddpm -> loss:mse"]);
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).not.toContain(
      "loss:caution-focal-loss",
    );
    expect(graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id)).not.toContain(
      "loss:ran-focal-loss",
    );
    expect(figureModels(graph)).toEqual(["./img/cross.png -> model:dcnv2", "figs/chain.png -> model:ddpm"]);
  });

  it("Jekyll's `{% include figure.html path=... %}`, Hexo's `{% asset_img %}` and HackMD's `=600x` size are figures with their paths", () => {
    const graph = noteVault({
      "_posts/2024-03-02-whisper.md": [
        "# Whisper",
        "",
        '{% include figure.html path="assets/img/whisper-format.png" class="img-fluid" caption="The multitask format." %}',
        "",
      ].join("\n"),
      "assets/img/whisper-format.png": Buffer.from("whisper"),
      "source/_posts/patchtst.md": [
        "# PatchTST",
        "",
        "{% asset_img patchtst_arch.png PatchTST 模型结构 %}",
        "",
      ].join("\n"),
      "source/_posts/patchtst/patchtst_arch.png": Buffer.from("patchtst"),
      "s4-slides.md": ["# S4", "", "![](figs/s4-kernel.png =600x)", ""].join("\n"),
      "figs/s4-kernel.png": Buffer.from("s4"),
    });
    expect(figureModels(graph)).toEqual([
      "assets/img/whisper-format.png -> model:whisper",
      "figs/s4-kernel.png -> model:s4",
      "patchtst_arch.png -> model:patchtst",
    ]);
  });
});

describe("68. a Hugging Face model card", () => {
  it("`model-index: - name:` names the model; `MatryoshkaLoss` and `MultipleNegativesRankingLoss` in code are its losses, not models; `## BibTeX` is no model", () => {
    const graph = noteVault({
      "README.md": [
        "---",
        "base_model: microsoft/mpnet-base",
        "model-index:",
        "- name: mpnet-base-nli-matryoshka",
        "  results: []",
        "---",
        "",
        "# mpnet-base-nli-matryoshka",
        "",
        "## Training Details",
        "",
        "### Loss",
        "",
        "Training uses [`MatryoshkaLoss`](https://sbert.net/losses.html) wrapped around `MultipleNegativesRankingLoss`.",
        "",
        "## Citation",
        "",
        "### BibTeX",
        "",
        "#### MatryoshkaLoss",
        "",
        "```bibtex",
        "@misc{kusupati2024matryoshka, title={Matryoshka Representation Learning}, eprint={2205.13147}}",
        "```",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:README.md -> model:mpnet-base-nli-matryoshka",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:mpnet-base-nli-matryoshka -> loss:matryoshkaloss",
      "model:mpnet-base-nli-matryoshka -> loss:multiplenegativesrankingloss",
    ]);
  });
});

describe("69. a writer's label before a section's model", () => {
  it("`## Detour: wav2vec 2.0, the bet Whisper beat`, `## Previous model: DLRM`, `## Run set: RT-DETR`, `## Background: S4` are those models' sections", () => {
    const graph = noteVault({
      "whisper.md": [
        "# Whisper",
        "",
        "Whisper is trained on 680k hours.",
        "",
        "## Detour: wav2vec 2.0, the bet Whisper beat",
        "",
        "wav2vec 2.0 fine-tunes with **CTC** on labelled audio.",
        "",
      ].join("\n"),
      "report.md": [
        "# Shelf detection",
        "",
        "## Run set: RT-DETR",
        "",
        "RT-DETR runs.",
        "",
        "## Previous model: DLRM",
        "",
        "The old ranker.",
        "",
        "## Background: S4",
        "",
        "State spaces.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:report.md -> model:dlrm",
      "note:report.md -> model:rt-detr",
      "note:report.md -> model:s4",
      "note:whisper.md -> model:wav2vec2.0",
      "note:whisper.md -> model:whisper",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual(["model:wav2vec2.0 -> loss:ctc"]);
  });
});

describe("70. a mind map's branches", () => {
  it("top-level items that are names, each over items of its own, are the models the outline is about, with their figures", () => {
    const graph = noteVault({
      "GNN思维导图.md": [
        "# 图神经网络经典模型",
        "",
        "- 基础概念",
        "  - 图 G = (V, E)",
        "  - 谱域与空域",
        "  - 常见任务",
        "- GCN",
        "  - 论文：arXiv:1609.02907",
        "  - 训练：只在有标签节点上计算交叉熵损失",
        "  - 图示",
        "    - ![](images/gcn.png)",
        "- GAT",
        "  - 论文：https://arxiv.org/abs/1710.10903",
        "  - 多头注意力",
        "  - 图示",
        "    - ![](images/gat.png)",
        "",
      ].join("\n"),
      "images/gcn.png": Buffer.from("gcn"),
      "images/gat.png": Buffer.from("gat"),
      "list.md": ["# Reading", "", "- BERT", "  - bidirectional", "  - masked LM", "  - NSP", ""].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:GNN思维导图.md -> model:gat",
      "note:GNN思维导图.md -> model:gcn",
    ]);
    expect(figureModels(graph)).toEqual(["images/gat.png -> model:gat", "images/gcn.png -> model:gcn"]);
  });
});

describe("71. losses named in passing", () => {
  it("`an InfoNCE-style ranking loss`, a cited title's `SIoU Loss: ...`, a `cls loss` column, `the full loss` are no losses used; `clipped surrogate + value MSE + entropy bonus` names the surrogate", () => {
    const graph = noteVault({
      "RT-DETR.md": [
        "# RT-DETR",
        "",
        "| run | cls loss | box loss |",
        "|---|---|---|",
        "| base | VFL | L1 + GIoU |",
        "",
        "SIoU in place of GIoU (*SIoU Loss: More Powerful Learning for Bounding Box Regression*) was within noise.",
        "",
        "Its ranking head uses an in-batch softmax (InfoNCE-style) objective.",
        "",
      ].join("\n"),
      "PPO.md": [
        "# PPO",
        "",
        "The full loss PPO minimises is",
        "",
        "so: clipped surrogate + **value-function MSE** + an **entropy bonus** (subtracted, because we minimise).",
        "",
      ].join("\n"),
    });
    const losses = linked(graph, "USES_LOSS");
    expect(losses.filter((e) => e.startsWith("model:rt-detr"))).not.toEqual(
      expect.arrayContaining(["model:rt-detr -> loss:cls-loss"]),
    );
    expect(losses).not.toContain("model:rt-detr -> loss:siou-loss");
    expect(losses).not.toContain("model:rt-detr -> loss:infonce");
    expect(losses).not.toContain("model:ppo -> loss:full-loss");
    expect(losses).toContain("model:ppo -> loss:clipped-surrogate");
  });
});

describe("72. a talk's title, its baseline's page and its initials", () => {
  it("`组会汇报：Decision Transformer —— ...` is about Decision Transformer; `## P4 DT 核心思想` is its section; `## P3 基线方法：CQL（...）` is CQL's", () => {
    const graph = noteVault({
      "组会汇报-DT.md": [
        "# 组会汇报：Decision Transformer —— 用序列建模做离线强化学习",
        "",
        "## P3 基线方法：CQL（Conservative Q-Learning）",
        "",
        "- 训练目标 = TD loss + α · CQL 正则项",
        "- ![](slides/p3.png)",
        "",
        "## P4 DT 核心思想",
        "",
        "- 把轨迹当成序列，用 GPT 做自回归",
        "- ![](slides/p4.png)",
        "",
      ].join("\n"),
      "slides/p3.png": Buffer.from("p3"),
      "slides/p4.png": Buffer.from("p4"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:组会汇报-DT.md -> model:cql",
      "note:组会汇报-DT.md -> model:decision-transformer",
    ]);
    expect(figureModels(graph)).toEqual([
      "slides/p3.png -> model:cql",
      "slides/p4.png -> model:decision-transformer",
    ]);
  });
});

describe("73. a file named for a model and its data", () => {
  it("`Conformer-AISHELL1-复现报告.md`, in a note that writes Conformer alone, is about Conformer; `YOLO-World.md`, written whole, stays whole", () => {
    const graph = noteVault({
      "Conformer-AISHELL1-复现报告.md": [
        "# 课程大作业：复现报告",
        "",
        "Conformer 的核心观点是卷积加注意力。每个 Conformer block 有四个模块。",
        "",
        "我们在 AISHELL-1 上训练 Conformer。",
        "",
      ].join("\n"),
      "YOLO-World.md": [
        "# Notes",
        "",
        "YOLO-World detects open-vocabulary objects. YOLO is its base.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:Conformer-AISHELL1-复现报告.md -> model:conformer",
      "note:YOLO-World.md -> model:yolo-world",
    ]);
  });
});

describe("74. losses a reproduction tried, and a reference's title", () => {
  it("`尝试 InterCTC：...中间层 CTC 损失，dev CER 从 4.19 变为 4.22，没有收益，未使用` is not used; a reference line's `Intermediate Loss Regularization` is no loss of the model", () => {
    const graph = noteVault({
      "Conformer.md": [
        "# Conformer",
        "",
        "Conformer 把卷积和注意力结合起来，每个 Conformer block 有四个模块。",
        "",
        "## 损失函数",
        "",
        "使用 CTC loss 和注意力解码器的交叉熵损失联合训练。",
        "",
        "## 问题记录",
        "",
        "1. **尝试 InterCTC**：加中间层 CTC 损失（权重 0.3），dev CER 从 4.19 变为 4.22，没有收益，最终配置**未使用**。",
        "",
        "## 参考文献",
        "",
        "[1] Lee J, Watanabe S. Intermediate Loss Regularization for CTC-based Speech Recognition[C]. ICASSP 2021.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:conformer -> loss:cross-entropy",
      "model:conformer -> loss:ctc",
    ]);
  });
});

describe("75. a BibTeX block's entries, and a title before a link named `[arXiv]`", () => {
  it("each entry is one reference with its title, authors and id; a paper titled twice (a link's text and an entry's DOI, a title and an entry's eprint) is one paper", () => {
    const graph = noteVault({
      "README.md": [
        "# DIN-PyTorch",
        "",
        "论文：[Deep Interest Network for Click-Through Rate Prediction](https://arxiv.org/abs/1706.06978)（KDD 2018）",
        "",
        "论文：Deep Interest Evolution Network for Click-Through Rate Prediction（AAAI 2019）",
        "",
        "End-to-End Object Detection with Transformers — [arXiv](https://arxiv.org/pdf/2005.12872.pdf)",
        "",
        "```bibtex",
        "@inproceedings{zhou2018deep,",
        "  title     = {Deep Interest Network for Click-Through Rate Prediction},",
        "  author    = {Zhou, Guorui and Zhu, Xiaoqiang},",
        "  year      = {2018},",
        "  doi       = {10.1145/3219819.3219823}",
        "}",
        "",
        "@inproceedings{zhou2019deep,",
        "  title     = {Deep Interest Evolution Network for Click-Through Rate Prediction},",
        "  author    = {Zhou, Guorui and Mou, Na},",
        "  eprint    = {1809.03672},",
        "  archivePrefix = {arXiv}",
        "}",
        "",
        "@inproceedings{carion2020end,",
        "  title={End-to-end object detection with transformers},",
        "  author={Carion, Nicolas and Massa, Francisco},",
        "  booktitle={ECCV},",
        "  year={2020}",
        "}",
        "```",
        "",
      ].join("\n"),
    });
    expect(
      edgeStrings(graph, "CITES")
        .concat(edgeStrings(graph, "DESCRIBES"))
        .filter((e) => e.includes("paper:"))
        .sort(),
    ).toEqual([
      "CITES note:README.md -> paper:arxiv:1706.06978",
      "CITES note:README.md -> paper:arxiv:1809.03672",
      "CITES note:README.md -> paper:arxiv:2005.12872",
      "DESCRIBES note:README.md -> paper:arxiv:1706.06978",
    ]);
    expect(node(graph, "paper:arxiv:1809.03672")?.props).toMatchObject({
      title: "Deep Interest Evolution Network for Click-Through Rate Prediction",
    });
    expect(linked(graph, "AUTHORED_BY").filter((e) => e.startsWith("paper:arxiv:1809.03672"))).toEqual([
      "paper:arxiv:1809.03672 -> author:guorui-zhou",
      "paper:arxiv:1809.03672 -> author:na-mou",
    ]);
  });
});

describe("76. losses said otherwise: monitored, restated, tried and kept, a constraint", () => {
  it("English: `KL ... is monitored ..., only a diagnostic, not the objective`; `an implicit LM (language model)` is a model", () => {
    const graph = noteVault({
      "DINO.md": [
        "# DINO",
        "",
        "## Loss",
        "",
        "The loss is a cross-entropy between teacher and student outputs. (KL between teacher and student",
        "is monitored in the paper's collapse plots, but it is only a diagnostic, not the objective.)",
        "",
      ].join("\n"),
      "Whisper.md": [
        "# Whisper",
        "",
        "## Training objective",
        "",
        "Trained with a cross-entropy loss. The decoder behaves like an implicit LM",
        "(language model), which helps fluency.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:dino -> loss:cross-entropy",
      "model:whisper -> loss:cross-entropy",
    ]);
  });

  it("Chinese: `重建损失是 MSE` is MSE; `BCE（二分类交叉熵）` is BCE; `KL 约束` constrains; `分类式损失`, `### Loss 损失函数` name none; `试了…换成 Huber loss，指标几乎没区别，最后还是保持 MSE`", () => {
    const graph = noteVault({
      "MAE.md": ["# MAE", "", "### Loss 损失函数", "", "MAE 的重建损失是 MSE，并没有用 L1 损失。", ""].join(
        "\n",
      ),
      "FCOS.md": ["# FCOS", "", "## 损失", "", "center-ness：**BCE（二分类交叉熵）**。", ""].join("\n"),
      "DPO.md": [
        "# DPO",
        "",
        "DPO 证明「奖励模型 + KL 约束」的最优策略有闭式解，于是写成一个分类式损失（DPO loss）。",
        "",
      ].join("\n"),
      "PatchTST.md": [
        "# PatchTST",
        "",
        "损失函数用 MSE。我在 ETTh1 上试了一下把 MSE 换成 Huber loss（delta=1.0），指标几乎没区别，最后还是保持 MSE。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:dpo -> loss:dpo-loss",
      "model:fcos -> loss:bce",
      "model:mae -> loss:mse",
      "model:patchtst -> loss:mse",
    ]);
  });
});

describe("77. a Quarto chunk's figure, and a notebook's badge", () => {
  it('```` ```{r} ```` is code, whose `knitr::include_graphics("figs/x.png")` shows a figure; an `Open In Colab` badge illustrates nothing', () => {
    const graph = noteVault({
      "posts/ddpm/index.qmd": [
        "# DDPM",
        "",
        "```{r}",
        "#| label: fig-schedule",
        'knitr::include_graphics("figs/beta-schedule.png")',
        "```",
        "",
      ].join("\n"),
      "posts/ddpm/figs/beta-schedule.png": Buffer.from("beta"),
      "GIN.md": [
        "# GIN",
        "",
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/x/y/blob/main/gin.ipynb)",
        "",
      ].join("\n"),
    });
    expect(figureModels(graph)).toEqual(["figs/beta-schedule.png -> model:ddpm"]);
  });
});

describe("78. a changelog's model and what it is not doing", () => {
  it("`... not releases. Model: **TabNet** (Arik & Pfister, ...)` names the note's model; a loss under `### Not doing` is not used", () => {
    const graph = noteVault({
      "CHANGELOG.md": [
        "# Changelog — churn experiments",
        "",
        "All notable changes to this experiment repo. Versions are",
        "experiment milestones, not releases. Model: **TabNet** (Arik & Pfister, AAAI 2021) via `pytorch-tabnet`.",
        "",
        "## [0.2.0] - 2024-04-18",
        "### Changed",
        "- training objective: plain cross-entropy (softmax over churn / no-churn)",
        "",
        "### Not doing",
        "- focal loss (Lin et al., arXiv:1708.02002): churn rate is 21%, imbalance isn't bad enough",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:CHANGELOG.md -> model:tabnet",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual(["model:tabnet -> loss:cross-entropy"]);
  });
});

describe("79. a section that says what a name is", () => {
  it("`## 先补一下 QLoRA 是啥（...）` and `## What is LoRA?` are QLoRA's and LoRA's sections", () => {
    const graph = noteVault({
      "issue-87.md": [
        "# [整理] issue #87：微调 13B 显存还是爆",
        "",
        "## 先补一下 QLoRA 是啥（@wjh 在 thread 里贴的总结）",
        "",
        "论文：QLoRA: Efficient Finetuning of Quantized LLMs，https://arxiv.org/pdf/2305.14314.pdf",
        "",
      ].join("\n"),
      "adapters.md": [
        "# Adapters",
        "",
        "## What is LoRA?",
        "",
        "LoRA (arXiv:2106.09685) freezes the weights and trains low-rank updates.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:adapters.md -> model:lora",
      "note:issue-87.md -> model:qlora",
    ]);
  });
});

describe("80. a paper card: title, authors, venue, then the bare link", () => {
  it("the link's paper takes the card's title, so the reference list's title-only line is the same paper", () => {
    const graph = noteVault({
      "group-meeting.md": [
        "# 组会汇报：Decision Transformer",
        "",
        "## P1 封面",
        "",
        "- Decision Transformer: Reinforcement Learning via Sequence Modeling",
        "- Lili Chen, Kevin Lu, Aravind Rajeswaran 等",
        "- NeurIPS 2021",
        "- arxiv.org/abs/2106.01345",
        "",
        "## 参考文献",
        "",
        "- [1] Chen L, et al. Decision Transformer: Reinforcement Learning via Sequence Modeling. NeurIPS 2021.",
        "",
      ].join("\n"),
      // A card with a sentence between the title and the link is not a card.
      "digest.md": [
        "# Digest",
        "",
        "Scaling Laws for Neural Language Models",
        "We read this one twice because the plots were confusing.",
        "https://arxiv.org/abs/2001.08361",
        "",
        "## References",
        "",
        "1. Kaplan J, et al. Scaling Laws for Neural Language Models. 2020.",
        "",
      ].join("\n"),
    });
    const cited = linked(graph, "CITES");
    expect(cited.filter((e) => e.startsWith("note:group-meeting.md"))).toEqual([
      "note:group-meeting.md -> paper:arxiv:2106.01345",
    ]);
    expect(cited.filter((e) => e.startsWith("note:digest.md")).length).toBe(2);
  });
});

describe("81. a digest's section per paper: the title as its heading, the authors under it", () => {
  it("cites the paper by its title when the card gives no link, and titles the card's one id when it does", () => {
    const graph = noteVault({
      "weekly-digest.md": [
        "# Weekly digest #12",
        "",
        "### 1. LIMA: Less Is More for Alignment",
        "",
        "- **Authors**: Chunting Zhou, Pengfei Liu, Puxin Xu",
        "- **Link**: not public yet",
        "- **TL;DR**: 1,000 curated examples are enough to align a 65B model.",
        "",
        "### 2. Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
        "",
        "- **Authors**: Shunyu Yao, Dian Yu, Jeffrey Zhao",
        "- **Link**: arxiv.org/abs/2305.10601",
        "",
        "### Editor's Picks for Next Week",
        "",
        "- Authors: the editors",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "CITES")).toEqual([
      "note:weekly-digest.md -> paper:arxiv:2305.10601",
      "note:weekly-digest.md -> paper:title:lima-less-is-more-for-alignment",
    ]);
  });
});

describe("82. a name of two words joined by `of`, before a title's colon", () => {
  it("`### 2. Tree of Thoughts: Deliberate Problem Solving ...` is Tree of Thoughts' section; `不涉及任何训练或损失函数` names no loss", () => {
    const graph = noteVault({
      "digest.md": [
        "# 论文速览（第 5 期）",
        "",
        "### 1. Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
        "",
        "- **链接**：arxiv.org/abs/2305.10601",
        "- **一句话总结**：把 Chain-of-Thought 推广成树搜索；纯 prompting 方法，不涉及任何训练或损失函数。",
        "",
        "### 2. Summary of Results: What We Learned This Month",
        "",
        "本月没有新的模型。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:digest.md -> model:tree-of-thoughts",
    ]);
    expect(graph.nodes.filter((n) => n.label === "Loss")).toEqual([]);
  });
});

describe("83. losses asked about, taken back, or written around a remark", () => {
  it("a yes-or-no question and a claim taken back name no use; a `why` question still does", () => {
    const graph = noteVault({
      "dpo-thread.md": [
        "# DPO 到底用没用奖励模型",
        "",
        "我理解的流程是：先训一个奖励模型（pairwise ranking loss），再用 PPO 的 clip 损失……这样理解对吗？",
        "",
        '懂了！所以我上周说"DPO 用了 hinge loss"完全是错的。',
        "",
        "DPO 的损失就是一个 sigmoid loss。",
        "",
      ].join("\n"),
      "retinanet.md": [
        "# RetinaNet",
        "",
        "Does RetinaNet need a smooth L1 loss at all? Why does RetinaNet use focal loss? Because of the imbalance.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:dpo -> loss:sigmoid-loss",
      "model:retinanet -> loss:focal-loss",
    ]);
  });

  it("Chinese: `完整损失（actor 和 critic 共享网络时）` names no loss; a colon ends what `训练` governs", () => {
    const graph = noteVault({
      "ppo.md": ["# PPO", "", "- 完整损失（actor 和 critic 共享网络时）", ""].join("\n"),
      "ddpm.md": ["# DDPM", "", "实际并没有拿 VLB 去训练：论文里直接优化真实变分下界的版本更差。", ""].join(
        "\n",
      ),
    });
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id);
    expect(losses).not.toContain("loss:actor-和-critic-共享网络时");
    expect(losses).not.toContain("loss:完整损失");
    expect(losses.filter((id) => id.includes("里直接"))).toEqual([]);
  });
});

describe("84. Pandoc citations by key, resolved in the bibliography the front matter names", () => {
  const BIB = [
    "@inproceedings{li2022blip,",
    "  title  = {{BLIP}: Bootstrapping Language-Image Pre-training for Unified Vision-Language Understanding and Generation},",
    "  author = {Li, Junnan and Li, Dongxu},",
    "  year   = {2022},",
    "  eprint = {2201.12086},",
    "}",
    "@inproceedings{he2020momentum,",
    "  title  = {Momentum Contrast for Unsupervised Visual Representation Learning},",
    "  author = {He, Kaiming and Fan, Haoqi},",
    "  year   = {2020},",
    "}",
    "@article{unused2021,",
    "  title = {A Paper the Note Never Cites},",
    "  year  = {2021},",
    "}",
  ].join("\n");

  it("`[@a; @b]` and a narrative `@a` cite their entries on their lines; a cross-reference, an e-mail and an unknown key cite nothing", () => {
    const graph = noteVault({
      "notes/blip.md": [
        "---",
        "title: Reading notes",
        "bibliography:",
        "  - ../refs.bib",
        "---",
        "",
        "BLIP [@li2022blip; @he2020momentum, sec. 2] unifies understanding and generation.",
        "",
        "As @li2022blip shows in @fig:med, write to me@example.org; see also [@nobody2020].",
        "",
      ].join("\n"),
      "refs.bib": BIB,
    });
    expect(ruled(graph, "CITES")).toEqual([
      "note:notes/blip.md -> paper:arxiv:2201.12086 [markdown/citation-reference]",
      "note:notes/blip.md -> paper:title:momentum-contrast-for-unsupervised-visual-representation-learning [markdown/citation-reference]",
    ]);
    expect(graph.edges.filter((e) => e.type === "CITES").map((e) => e.line)).toEqual([7, 7]);
    expect(node(graph, "paper:arxiv:2201.12086")?.props).toMatchObject({ year: 2022 });
  });

  it("a bibliography that cannot be read is a warning naming it and the line; the note is kept", () => {
    const graph = noteVault({
      "paper.md": "---\nbibliography: missing.bib\n---\n\nSee [@li2022blip].\n",
    });
    expect(graph.failed).toEqual([]);
    expect(graph.problems.map(formatProblem)).toEqual([
      'paper.md:2: warning: bibliography "missing.bib" cannot be read (looked for it beside the note): its [@key] citations are not resolved [bibliography/unreadable]',
    ]);
    expect(edgeStrings(graph, "CITES")).toEqual([]);
  });
});

describe("85. a passage quoted from the paper is not its title", () => {
  it('a Zotero highlight `> "This paper shows that ..." ([He et al., 2021, p. 1](zotero://...))` cites nothing; a quoted title with its authors still does', () => {
    const graph = noteVault({
      "mae.md": [
        "# MAE",
        "",
        '> "This paper shows that masked autoencoders (MAE) are scalable self-supervised learners for computer vision." ([He et al., 2021, p. 1](zotero://select/library/items/7QK2XJ9B))',
        "",
        'It builds on "BEiT: BERT Pre-Training of Image Transformers" (Bao et al., 2021).',
        "",
      ].join("\n"),
    });
    expect(linked(graph, "CITES")).toEqual([
      "note:mae.md -> paper:title:beit-bert-pre-training-of-image-transformers",
    ]);
  });
});

describe("86. a comparison table's loss column", () => {
  it("each row's model, when the note is about it, uses the losses in its row's loss cell; a row for a model the note only lists does not, and `task loss` names none", () => {
    const graph = noteVault({
      "gnn.md": [
        "# GNN comparison",
        "",
        "| Model | Paper | Loss | Notes |",
        "|---|---|---|---|",
        "| GCN | [arXiv:1609.02907](https://arxiv.org/abs/1609.02907) | cross-entropy | transductive |",
        "| GraphSAGE | [arXiv:1706.02216](https://arxiv.org/abs/1706.02216) | task loss (focal loss) | inductive |",
        "| ChebNet | [arXiv:1606.09375](https://arxiv.org/abs/1606.09375) | hinge loss | only listed |",
        "",
        "## GCN",
        "",
        "Two layers of first-order spectral convolution.",
        "",
        "## GraphSAGE",
        "",
        "Samples neighbours and aggregates them.",
        "",
      ].join("\n"),
      "推荐.md": [
        "# 推荐模型速查",
        "",
        "| 模型 | 论文 | 损失函数 |",
        "| --- | --- | --- |",
        "| DIN | [DIN](https://arxiv.org/abs/1706.06978) | 交叉熵 |",
        "",
        "## DIN",
        "",
        "DIN 用 target attention 建模用户兴趣。",
        "",
      ].join("\n"),
    });
    expect(ruled(graph, "USES_LOSS")).toEqual([
      "model:din -> loss:cross-entropy [markdown/uses/table-row]",
      "model:gcn -> loss:cross-entropy [markdown/uses/table-row]",
      "model:graphsage -> loss:focal-loss [markdown/uses/table-row]",
    ]);
  });
});

describe("87. what surrounds a title is not in it: a remark, a byline; a heading that argues for a name", () => {
  it("`[4] Milletari F, et al. V-Net: ....（dice loss 出处）` is V-Net's title alone; `*Dana Reyes · 9 min read · Sep 14, 2023*` is no paper; `## Why PPO` is PPO's section", () => {
    const graph = noteVault({
      "sam.md": [
        "# SAM 阅读笔记",
        "",
        "## 参考文献",
        "",
        "[4] Milletari F, et al. V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation.（dice loss 出处）",
        "",
      ].join("\n"),
      "bert4rec.md": [
        "# BERT4Rec, Explained Without the Hype for Practitioners",
        "",
        "*Dana Reyes · 9 min read · Sep 14, 2023*",
        "",
        "BERT4Rec trains with a Cloze objective.",
        "",
      ].join("\n"),
      "ppo.md": ["# Proximal Policy Optimization", "", "## Why PPO", "", "PPO clips the ratio.", ""].join(
        "\n",
      ),
    });
    expect(linked(graph, "CITES")).toEqual([
      "note:sam.md -> paper:title:v-net-fully-convolutional-neural-networks-for-volumetric-medical-image-segmentation",
    ]);
    expect(linked(graph, "DESCRIBES").filter((e) => e.startsWith("note:ppo.md"))).toEqual([
      "note:ppo.md -> model:ppo",
    ]);
  });
});

describe("88. headings written in HTML, as rich-text editors export them", () => {
  it('a bold one-line `<section><span style="font-weight: bold;">二、HuBERT</span></section>` and an `<h2>` open sections; a bold sentence does not', () => {
    const graph = noteVault({
      "wechat.md": [
        "# 自监督语音表征（上）",
        "",
        '<section style="border-left: 4px solid;"><span style="font-size: 17px;font-weight: bold;">一、wav2vec 2.0</span></section>',
        "",
        "**论文地址：** https://arxiv.org/abs/2006.11477",
        "",
        "![](images/w2v.png)",
        "",
        "<h2>HuBERT</h2>",
        "",
        "**论文地址：** https://arxiv.org/abs/2106.07447",
        "",
        "![](images/hubert.png)",
        "",
        '<p><span style="font-weight: bold;">本文只是个人理解，欢迎指正。</span></p>',
        "",
      ].join("\n"),
      "images/w2v.png": Buffer.from("w2v"),
      "images/hubert.png": Buffer.from("hubert"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:wechat.md -> model:hubert",
      "note:wechat.md -> model:wav2vec2.0",
    ]);
    expect(illustrated(graph)).toEqual(["-> model:hubert", "-> model:wav2vec2.0"]);
  });
});

describe("89. a loss denied by its short name", () => {
  it("`只保留 clip，不加 KL 惩罚` denies the KL penalty named elsewhere for the model; a denial farther off in the clause (`去掉 RevIN 后 MSE 升至 0.468`) does not", () => {
    const graph = noteVault({
      "PPO.md": [
        "# PPO 近端策略优化",
        "",
        "- 核心：clipped surrogate objective",
        "    - L^CLIP(θ) = E_t[ min( r_t·A_t , clip(r_t, 1-ε, 1+ε)·A_t ) ]",
        "- 另一个变体：adaptive KL penalty",
        "    - 目标里减去 β·KL[π_old, π_θ]",
        "    - 我自己也试过，收敛更慢",
        "        - 现在自己的实现里只保留 clip，不加 KL 惩罚",
        "",
      ].join("\n"),
      "PatchTST.md": [
        "# PatchTST",
        "",
        "训练目标为预测值与真实值之间的均方误差（MSE）。",
        "",
        "去掉 RevIN 后 ETTh1 的 MSE 从 0.427 升至 0.468。",
        "",
      ].join("\n"),
    });
    expect(
      linked(graph, "USES_LOSS").filter((e) => e.includes("kl") || e.startsWith("model:patchtst")),
    ).toEqual(["model:patchtst -> loss:mse"]);
  });
});

describe("90. a loss the sentence takes back, or gives to another name", () => {
  it("`The hybrid loss ... comes later, from Improved DDPM — **we do not use it**` and `compare this with SASRec, which trains with **binary cross-entropy**` are not uses", () => {
    const graph = noteVault({
      "ddpm.md": [
        "# DDPM",
        "",
        "DDPM trains with the simple loss $L_\\text{simple}$ on the noise.",
        "",
        "The hybrid loss with learned variances comes later, from Improved DDPM — **we do not use it**; variances stay fixed.",
        "",
      ].join("\n"),
      "bert4rec.md": [
        "# BERT4Rec",
        "",
        "BERT4Rec is trained with a cross-entropy loss over the item vocabulary.",
        "",
        "And compare this with SASRec, which trains with **binary cross-entropy** and one sampled negative.",
        "",
      ].join("\n"),
    });
    const uses = linked(graph, "USES_LOSS");
    expect(uses.filter((e) => e.includes("hybrid") || e.includes("bce"))).toEqual([]);
    expect(uses).toContain("model:bert4rec -> loss:cross-entropy");
  });
});

describe("91. an item led by other names, past a bracket citing their paper", () => {
  it("`- **InstructGPT / RLHF-PPO**：... pairwise ranking loss` and `- **IPO**（A General Theoretical Paradigm ...）：...平方损失` are not DPO's; `- **PPO** ($\\gamma=0$)：...KL 散度损失` stays the section's", () => {
    const graph = noteVault({
      "dpo.md": [
        "# DPO",
        "",
        "DPO 的损失就是一个 sigmoid loss。",
        "",
        "- **InstructGPT / RLHF-PPO**：SFT → 训奖励模型（pairwise ranking loss）→ PPO",
        "- **IPO**（A General Theoretical Paradigm to Understand Learning from Human Preferences）：把 log-sigmoid 换成平方损失",
        "",
      ].join("\n"),
      "InstructGPT.md": ["# InstructGPT", "", "- **PPO** ($\\gamma=0$)：训练时最小化 KL 散度损失。", ""].join(
        "\n",
      ),
    });
    const uses = linked(graph, "USES_LOSS");
    expect(uses.filter((e) => e.startsWith("model:dpo"))).toEqual(["model:dpo -> loss:sigmoid-loss"]);
    expect(uses.filter((e) => e.startsWith("model:instructgpt"))).toEqual([
      "model:instructgpt -> loss:kl-divergence",
    ]);
  });
});

describe("92. a loss acronym the sentence says is the loss", () => {
  it("`the loss is the **MSE** between ...` and `computes the mean squared error (MSE)` name MSE; `the LM decoder` still names no loss", () => {
    const graph = noteVault({
      "MAE.md": [
        "# MAE",
        "",
        "Reconstruct raw pixels of the masked patches; the loss is the **MSE** between reconstruction and original.",
        "",
      ].join("\n"),
      "SimMIM.md": [
        "# SimMIM",
        "",
        "Our loss function computes the mean squared error (MSE) between the reconstructed and original images.",
        "",
      ].join("\n"),
      "BLIP.md": ["# BLIP", "", "The LM decoder shares its weights with the encoder.", ""].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:mae -> loss:mse", "model:simmim -> loss:mse"]);
  });
});

describe("93. a heading the comparison table names as a model", () => {
  it("`### Wide & Deep`, listed in the table's model column, is a model's section; `### 小结` is not", () => {
    const graph = noteVault({
      "推荐.md": [
        "# 推荐模型速查",
        "",
        "| 模型 | 论文 | 损失函数 |",
        "| --- | --- | --- |",
        "| Wide & Deep | [Wide & Deep Learning for Recommender Systems](https://arxiv.org/abs/1606.07792) | LogLoss |",
        "| 小结 | - | - |",
        "",
        "### Wide & Deep",
        "",
        "- wide 部分记忆，deep 部分泛化。",
        "",
        "### 小结",
        "",
        "- 都是 CTR 模型。",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:推荐.md -> model:wide-deep",
    ]);
  });
});

describe("94. ACM-style references: authors, year, then the title", () => {
  it("`Laurens van der Maaten and Geoffrey Hinton. 2008. Visualizing Data using t-SNE. ...` is titled by its title, not its year", () => {
    const graph = noteVault({
      "ch2.md": [
        "# Chapter 2",
        "",
        "Projections follow [2]; alignment-free training follows [1].",
        "",
        "## References",
        "",
        "[1] Alex Graves, Santiago Fernández, Faustino Gomez, and Jürgen Schmidhuber. 2006. Connectionist Temporal Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks. In *Proceedings of the 23rd ICML*. 369–376.",
        "",
        "[2] Laurens van der Maaten and Geoffrey Hinton. 2008. Visualizing Data using t-SNE. *Journal of Machine Learning Research* 9 (2008), 2579–2605.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "CITES")).toEqual([
      "note:ch2.md -> paper:title:connectionist-temporal-classification-labelling-unsegmented-sequence-data-with-recurrent-neural-networks",
      "note:ch2.md -> paper:title:visualizing-data-using-t-sne",
    ]);
  });
});

describe("95. what kind of document a title or file name says it is", () => {
  it("`# TimesNet reproduction — lab notebook` is about TimesNet; `2023-07-18-retnet-thread.md` about RetNet; `ssm-and-linear-models.md` names no SSM", () => {
    const graph = noteVault({
      "log.md": ["# TimesNet reproduction — lab notebook", "", "Runs of TimesNet on ETTh1.", ""].join("\n"),
      "2023-07-18-retnet-thread.md": [
        "1/ RetNet is out: retention instead of attention.",
        "",
        "2/ RetNet trains in parallel like a Transformer.",
        "",
        "3/ RetNet decodes recurrently, O(1) per token.",
        "",
      ].join("\n"),
      "ssm-and-linear-models.md": [
        "SSM layers: S4 first. An SSM is a linear recurrence; the SSM view explains the long memory.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:2023-07-18-retnet-thread.md -> model:retnet",
      "note:log.md -> model:timesnet",
    ]);
  });
});

describe("96. losses asked about, retired, or named by what the sentence calls them", () => {
  it("`会不会更好？`, `?? #question`, `# 已弃用` and `**Dropped.**` use no loss; `要注意` and `都叫` are no part of a loss's name", () => {
    const graph = noteVault({
      "SimCSE.md": [
        "# SimCSE",
        "",
        "SimCSE 用 InfoNCE 训练。",
        "",
        "- 把 InfoNCE 换成 triplet loss，会不会更好？",
        "- would a margin loss beat InfoNCE here?? #question",
        "",
        "上线时要注意排序损失的权重，大家习惯都叫 ListMLE 损失。",
        "",
        "```yaml",
        "loss_type: focal_dice   # 已弃用",
        "```",
        "",
        "- run 04: L1 loss on the embeddings. Same story. **Dropped.**",
        "",
      ].join("\n"),
    });
    const uses = linked(graph, "USES_LOSS");
    expect(uses.filter((e) => /triplet|margin|focal|l1-loss/.test(e))).toEqual([]);
    expect(uses).toContain("model:simcse -> loss:infonce");
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id);
    expect(losses.filter((id) => /注意|叫/.test(id))).toEqual([]);
  });

  it("`**Loss**: everything is sum-squared error` and `L_loc: Smooth L1 between ...` say what is used; `a robust loss` names none", () => {
    const graph = noteVault({
      "SSD.md": [
        "# SSD",
        "",
        "**Loss**: everything is sum-squared error (!!), in the first version.",
        "",
        "- L_loc: Smooth L1 between predicted and matched box offsets",
        "- maybe a robust loss helps with outliers",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:ssd -> loss:smooth-l1",
      "model:ssd -> loss:sum-squared-error",
    ]);
  });
});

describe("97. what another model uses, said in its row, its sentence or its item", () => {
  it("a table row of PPO, `IPO（arXiv…）就是…平方损失`, `SimMIM 的 encoder 会…，回归用的是 L1 loss`, `[[UltraGCN]] skips …, approximates … with a constraint loss` are not the note model's", () => {
    const graph = noteVault({
      "DPO.md": [
        "# DPO",
        "",
        "DPO 直接在偏好对上优化 DPO loss。",
        "",
        "| 方法 | 在线采样 | 训练目标 |",
        "| --- | --- | --- |",
        "| PPO（RLHF） | 是 | clipped surrogate objective |",
        "| DPO | 否 | DPO loss |",
        "",
        "容易过拟合偏好数据。IPO（arXiv:2310.12036）就是针对这个问题，把 log-sigmoid 换成了平方损失。",
        "",
      ].join("\n"),
      "MAE.md": [
        "# MAE",
        "",
        "MAE 在像素上用 MSE 重建。",
        "",
        "- 和 [[SimMIM]] 的区别：SimMIM 的 encoder 会处理 mask token，回归用的是 L1 loss",
        "",
      ].join("\n"),
      "LightGCN.md": [
        "# LightGCN",
        "",
        "LightGCN trains with the BPR loss.",
        "",
        "- [[UltraGCN]] skips the message passing entirely, approximates infinite layers with a constraint loss #toread",
        "",
      ].join("\n"),
    });
    const uses = linked(graph, "USES_LOSS");
    expect(uses.filter((e) => /clipped|平方|l1-loss|constraint/.test(e))).toEqual([]);
    expect(uses).toEqual(
      expect.arrayContaining([
        "model:dpo -> loss:dpo-loss",
        "model:mae -> loss:mse",
        "model:lightgcn -> loss:bpr-loss",
      ]),
    );
  });

  it("`相关:: [[SigLIP]] —— …sigmoid loss`, `Improved Techniques … (iCT, arXiv:…) — … Pseudo-Huber loss`, `后来的很多检测器也用了…` and `与 … 这类需要通过重建损失…的方法不同` are about the others", () => {
    const graph = noteVault({
      "CLIP.md": [
        "# CLIP",
        "",
        "CLIP 用对称的 InfoNCE 训练。",
        "",
        "- 相关:: [[SigLIP]] —— 把 softmax 换成逐对的 sigmoid loss",
        "",
      ].join("\n"),
      "Consistency Models.md": [
        "# Consistency Models",
        "",
        "Trained with the consistency distillation loss.",
        "",
        "- Improved Techniques for Training Consistency Models (iCT, arXiv:2310.14189) — drops LPIPS and uses a Pseudo-Huber loss",
        "",
      ].join("\n"),
      "RetinaNet.md": [
        "# RetinaNet",
        "",
        "RetinaNet 的分类分支用 focal loss。",
        "",
        "后来的很多检测器也用了 focal loss 的变体（如 Varifocal Loss）。",
        "",
        "与 Faster R-CNN 这类需要通过 RPN 损失先筛候选框的两阶段方法不同，它一步到位。",
        "",
      ].join("\n"),
    });
    const uses = linked(graph, "USES_LOSS");
    expect(uses.filter((e) => /sigmoid|pseudo-huber|varifocal|rpn/.test(e))).toEqual([]);
    expect(uses).toEqual(
      expect.arrayContaining(["model:clip -> loss:infonce", "model:retinanet -> loss:focal-loss"]),
    );
  });
});

describe("98. titles that name their model past another name", () => {
  it("`从 AlphaGo 到 MuZero：…` is about MuZero; `## 2. Focal Loss / RetinaNet：…` is RetinaNet's section; `next week: FCOS: …` is titled without its label", () => {
    const graph = noteVault({
      "muzero.md": ["# 从 AlphaGo 到 MuZero：不知道规则也能规划", "", "MuZero 学习一个隐空间模型。", ""].join(
        "\n",
      ),
      "周报.md": [
        "# 论文周报",
        "",
        "## 2. Focal Loss / RetinaNet：一阶段检测中的类别不平衡",
        "",
        "- 分类子网络用 focal loss。",
        "",
        "## Reading list",
        "",
        "- next week: FCOS: Fully Convolutional One-Stage Object Detection (anchor-free)",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:muzero.md -> model:muzero",
      "note:周报.md -> model:retinanet",
    ]);
    expect(linked(graph, "CITES")).toContain(
      "note:周报.md -> paper:title:fcos-fully-convolutional-one-stage-object-detection",
    );
  });
});

describe("99. a paper's title found where outliners, footnotes and surveys put it", () => {
  it("`Ref:: Title` in an outline, a footnote's `Jang, Gu, Poole, Title, Venue, arXiv:...`, `**Paper**: Authors — *Title*`", () => {
    const graph = noteVault({
      "LightGCN.md": [
        "- LightGCN #paper",
        "    - Motivation",
        "        - NGCF adds feature transforms",
        "            - Ref:: Neural Graph Collaborative Filtering",
        "",
      ].join("\n"),
      "gumbel.md": [
        "# Gumbel quantizer",
        "",
        "**Paper**: Jang, Gu, Poole — *Categorical Reparameterization with Gumbel-Softmax* (ICLR 2017)[^1]",
        "",
        "The straight-through estimator is used in the backward pass.",
        "",
        "[^1]: Jang, Gu, Poole, Categorical Reparameterization with Gumbel-Softmax, ICLR 2017, arXiv:1611.01144",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "CITES")).toContain(
      "note:LightGCN.md -> paper:title:neural-graph-collaborative-filtering",
    );
    expect(node(graph, "paper:arxiv:1611.01144")?.props.title).toBe(
      "Categorical Reparameterization with Gumbel-Softmax",
    );
    // The metadata field's title (without its authors) is the footnote's paper: one paper, described.
    expect(linked(graph, "DESCRIBES")).toContain("note:gumbel.md -> paper:arxiv:1611.01144");
    expect(
      graph.nodes.filter((n) => n.label === "Paper" && /categorical|jang/.test(n.id)).map((n) => n.id),
    ).toEqual([]);
  });

  it("`QLoRA，arXiv:2305.14314` titles the id by the one title QLoRA opens; `**论文**：Title` then `**链接**：arXiv link`; `**参考链接**` lists references", () => {
    const graph = noteVault({
      "周报.md": [
        "# 周报",
        "",
        "社区经验（包括 QLoRA，arXiv:2305.14314）是所有线性层都加。",
        "",
        "## GCN",
        "",
        "**论文**：Semi-Supervised Classification with Graph Convolutional Networks（Kipf & Welling，ICLR 2017）",
        "",
        "**链接**：[https://arxiv.org/pdf/1609.02907.pdf](https://arxiv.org/pdf/1609.02907.pdf)",
        "",
        "## 参考文献",
        "",
        "[1] Dettmers T, Pagnoni A, Holtzman A, et al. QLoRA: Efficient finetuning of quantized LLMs[J]. Advances in Neural Information Processing Systems, 2023, 36.",
        "",
      ].join("\n"),
      "whisper.md": [
        "# Whisper 精读",
        "",
        "好啦这期就到这里。",
        "",
        "**参考链接**",
        "",
        "1. Hsu W N, et al. HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of Hidden Units.",
        "2. 官方代码：https://github.com/openai/whisper",
        "",
      ].join("\n"),
    });
    expect(node(graph, "paper:arxiv:2305.14314")?.props.title).toBe(
      "QLoRA: Efficient finetuning of quantized LLMs",
    );
    expect(node(graph, "paper:arxiv:1609.02907")?.props.title).toBe(
      "Semi-Supervised Classification with Graph Convolutional Networks",
    );
    expect(linked(graph, "CITES")).toContain(
      "note:whisper.md -> paper:title:hubert-self-supervised-speech-representation-learning-by-masked-prediction-of-hidden-units",
    );
  });
});

describe("100. a slide deck: its backup slides, and a loss symbol with an index", () => {
  it("`# Backup` is no model, `Consistency Training (CT)` names a way of training, `\\mathcal{L}^N_{\\text{CD}}(\\theta) = ...` defines L_CD", () => {
    const graph = noteVault({
      "consistency-models.md": [
        "---",
        "marp: true",
        "---",
        "",
        "# Consistency Models",
        "",
        "Song et al., ICML 2023, arXiv:2303.01469",
        "",
        "---",
        "",
        "## Training #1 — Consistency Distillation (CD)",
        "",
        "$$\\mathcal{L}^N_{\\text{CD}}(\\theta, \\theta^-) = \\mathbb{E}\\big[d(f_\\theta(x_{t_{n+1}}), f_{\\theta^-}(x_{t_n}))\\big]$$",
        "",
        "## Training #2 — Consistency Training (CT)",
        "",
        "- CT needs no pretrained model; CT uses the same form of loss. CT grows N during training.",
        "",
        "---",
        "",
        "# Backup",
        "",
        "## Backup: related work",
        "",
        "- Latent Consistency Models, arXiv:2310.04378",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:consistency-models.md -> model:consistency-models",
    ]);
    expect(linked(graph, "USES_LOSS")).toEqual(["model:consistency-models -> loss:l-cd"]);
  });
});

describe("101. what a bracket after a loss says about it", () => {
  it("`the adversarial loss (least-squares GAN formulation)` names no loss `least-squares GAN formulation`", () => {
    const graph = noteVault({
      "HiFi-GAN.md": [
        "# HiFi-GAN",
        "",
        "Its generator is trained with the adversarial loss (least-squares GAN formulation) and an L1 mel loss.",
        "",
      ].join("\n"),
    });
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id);
    expect(losses.filter((id) => id.includes("formulation"))).toEqual([]);
    expect(losses).toContain("loss:adversarial-loss");
  });
});

describe("102. figures and titles as exports write them", () => {
  it("`![][image1]` with `[image1]: images/image1.png` below, and TiddlyWiki's `[img[files/x.png]]`, are figures of the note's model", () => {
    const graph = noteVault({
      "DCN-V2 review.md": [
        "# DCN-V2 review",
        "",
        "DCN-V2 learns feature crosses.",
        "",
        "![][image1]",
        "",
        "[image1]: images/image1.png",
        "",
      ].join("\n"),
      "images/image1.png": PNG,
      "DreamerV3.md": ["# DreamerV3", "", "The symlog trick:", "", "[img[files/symlog.png]]", ""].join("\n"),
      "files/symlog.png": PNG,
    });
    expect(illustrated(graph)).toEqual(["-> model:dcnv2", "-> model:dreamerv3"]);
  });

  it("`# patchtst-lite` opening a README, `Perception Team : Paper of the Week #23 – Mask2Former`, `基于 nnU-Net 的…实验报告`, `语音组周会：wav2vec 2.0 论文精读`", () => {
    const graph = noteVault({
      "repo/README.md": [
        "# patchtst-lite",
        "",
        "A small reimplementation of **PatchTST**. PatchTST splits each channel into patches; PatchTST is channel-independent.",
        "",
      ].join("\n"),
      "Paper of the Week 23.md": [
        "# Perception Team : Paper of the Week #23 – Mask2Former",
        "",
        "Mask2Former claims one architecture for every segmentation task.",
        "",
      ].join("\n"),
      "报告.md": ["# 基于 nnU-Net 的海马体 MRI 分割实验报告", "", "本文复现了 nnU-Net。", ""].join("\n"),
      "周会.md": ["# 语音组周会：wav2vec 2.0 论文精读", "", "本次周会讲 wav2vec 2.0。", ""].join("\n"),
    });
    expect(linked(graph, "DESCRIBES").filter((e) => e.includes("model:"))).toEqual([
      "note:Paper of the Week 23.md -> model:mask2former",
      "note:repo/README.md -> model:patchtst",
      "note:周会.md -> model:wav2vec2.0",
      "note:报告.md -> model:nnu-net",
    ]);
  });
});

describe("103. a loss the note names but its model does not use", () => {
  it('a column headed by another system, a label line, `(mask / sem)`, `Q: could we ...?`, `"Do you need ...?"`, `equivalent to ... KL`, `log loss + AUC`, `The single loss`', () => {
    const graph = noteVault({
      "DCN-V2.md": [
        "# DCN-V2",
        "",
        "| | HF-Rank v7 (prod) | DCN-V2 (proposal) |",
        "| --- | --- | --- |",
        "| Objective | pairwise **BPR** loss | log loss |",
        "",
        "> **📝 Note**",
        "> Losses, since this came up: the model trains with log loss only.",
        "",
        "| ID | Backbone | Loss (mask / sem) |",
        "| --- | --- | --- |",
        "| r1 | R50 | bce / ce |",
        "",
        "| Question | Answer |",
        "| --- | --- |",
        "| Q: could we use MSE on the embeddings instead? | no |",
        "",
        '- "Do you need a Brier-score loss for calibration?" → no.',
        "- Minimising it is equivalent to minimising the expected KL between the two.",
        "- Compare log loss + AUC on the holdout next week.",
        "- The single loss has one weight.",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual(["model:dcnv2 -> loss:log-loss"]);
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id);
    expect(losses.filter((id) => /note|mask|single/.test(id))).toEqual([]);
  });

  it("`IPO 把 log-sigmoid 换成了一个平方损失`, `GAE / VGAE 重建的是邻接矩阵，用边上的 BCE`, `以前的 GAE …一般用 MSE`, `TabNet（arXiv:…）在监督损失之外…`, `参考：` lists, `不靠 GAN loss`, `受焦点损失…启发`", () => {
    const graph = noteVault({
      "DPO.md": [
        "# DPO",
        "",
        "DPO 用 BCE 形式的偏好损失。有人说用 IPO，IPO 把 log-sigmoid 换成了一个平方损失。",
        "",
      ].join("\n"),
      "GraphMAE.md": [
        "# GraphMAE",
        "",
        "GraphMAE 用 scaled cosine error 重建节点特征。",
        "",
        "批注：GAE / VGAE 重建的是邻接矩阵，用边上的 BCE，所以偏向链路预测。",
        "",
        "批注：以前的 GAE 重建特征一般用 MSE，作者认为 MSE 对范数敏感。",
        "",
      ].join("\n"),
      "FT-Transformer.md": [
        "# FT-Transformer",
        "",
        "FT-Transformer 分类用交叉熵。",
        "",
        "和 TabNet 对比一下：TabNet（arXiv:1908.07442）在监督损失之外还加了一个稀疏正则损失，FT-Transformer 没有。",
        "",
        "参考：",
        "1. Wang H, et al. CosFace: Large Margin Cosine Loss for Deep Face Recognition. CVPR 2018.",
        "",
      ].join("\n"),
      "Rectified Flow.md": [
        "# Rectified Flow",
        "",
        "Rectified Flow 用 MSE 回归速度场。原论文的一步生成依然不靠 GAN loss。",
        "",
        "受焦点损失启发，我们试过别的权重。",
        "",
      ].join("\n"),
    });
    const uses = linked(graph, "USES_LOSS");
    expect(
      uses.filter(
        (e) => /平方|bce|mse|监督|稀疏|margin|gan|焦点/.test(e) && !e.startsWith("model:dpo -> loss:bce"),
      ),
    ).toEqual([]);
    expect(uses).toEqual(expect.arrayContaining(["model:ft-transformer -> loss:cross-entropy"]));
    const losses = graph.nodes.filter((n) => n.label === "Loss").map((n) => n.id);
    expect(losses.filter((id) => /受/.test(id))).toEqual([]);
  });
});

describe("104. a denial of another model's loss, or asked, denies nothing of the note's model", () => {
  it("`HuBERT 不用对比损失`, `所以 HuBERT 没有量化模块，也就没有 diversity loss` and `如果把 diversity loss 去掉会怎么样？` in wav2vec 2.0's note", () => {
    const graph = noteVault({
      "wav2vec 2.0.md": [
        "# wav2vec 2.0 论文精读",
        "",
        "预训练目标：contrastive loss + diversity loss",
        "",
        "HuBERT 不用对比损失，它先聚类再预测。所以 HuBERT 没有量化模块，也就没有 diversity loss。",
        "",
        "**刘畅** 00:26:02",
        "如果把 diversity loss 去掉会怎么样？",
        "",
      ].join("\n"),
    });
    expect(linked(graph, "USES_LOSS")).toEqual([
      "model:wav2vec2.0 -> loss:contrastive-loss",
      "model:wav2vec2.0 -> loss:diversity-loss",
    ]);
  });
});

describe("the example note keeps its graph", () => {
  it("is extracted with no model, paper or loss more than the first issue asked for", () => {
    const graph = extractFolder([join(EXAMPLES, "multimodal")]);
    expect(edgeStrings(graph, "DESCRIBES").map((e) => e.split(" -> ")[1])).toEqual([
      "model:blip",
      "model:blip-2",
      "model:clip",
      "model:visualglm",
    ]);
  });
});
