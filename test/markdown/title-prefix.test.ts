/** The name before a paper title's colon (ingest/markdown/names.ts titlePrefixName). */
import { describe, expect, it } from "vitest";
import { colonlessTitlePrefix, titlePrefixName } from "../../ingest/markdown/names.js";

describe("titlePrefixName", () => {
  it("names the method a title introduces", () => {
    expect(
      titlePrefixName("BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image Encoders"),
    ).toBe("BLIP-2");
    expect(titlePrefixName("Octo - An Open-Source Generalist Robot Policy")).toBe("Octo");
    // A dataset mentioned late in a method's title does not make it data.
    expect(
      titlePrefixName("CoCa: Contrastive Captioners are Image-Text Foundation Models trained on any dataset"),
    ).toBe("CoCa");
  });

  it("a title whose head is a dataset, database, benchmark or corpus names data, not a model", () => {
    expect(titlePrefixName("ImageNet: A large-scale hierarchical image database")).toBeNull();
    expect(
      titlePrefixName("LAION-5B: An open large-scale dataset for training next generation image-text models"),
    ).toBeNull();
    expect(
      titlePrefixName(
        "GLUE: A Multi-Task Benchmark and Analysis Platform for Natural Language Understanding",
      ),
    ).toBeNull();
    expect(titlePrefixName("WuDaoCorpora：一个大规模中文语料数据集")).toBeNull();
  });
});

describe("colonlessTitlePrefix", () => {
  const noKnownModels = () => false;

  it("finds the name a file name kept when it lost the title's colon", () => {
    expect(
      colonlessTitlePrefix("CLIP4Clip An Empirical Study of CLIP for Video Retrieval", noKnownModels),
    ).toBe("CLIP4Clip");
    expect(colonlessTitlePrefix("AudioCLIP Extending CLIP to Image, Text and Audio", noKnownModels)).toBe(
      "AudioCLIP",
    );
    expect(
      colonlessTitlePrefix(
        "Faster R-CNN Towards Real-Time Object Detection with Region Proposal Networks",
        noKnownModels,
      ),
    ).toBe("Faster R-CNN");
    expect(colonlessTitlePrefix("BERT Pre-training of Deep Bidirectional Transformers", noKnownModels)).toBe(
      "BERT",
    );
    // A known model's name of plain words counts as a name.
    expect(
      colonlessTitlePrefix(
        "Grounding DINO Marrying DINO with Grounded Pre-Training",
        (n) => n === "Grounding DINO",
      ),
    ).toBe("Grounding DINO");
  });

  it("a title whose first word belongs to it, or that names data, has no such name", () => {
    expect(
      colonlessTitlePrefix("ImageNet Classification with Deep Convolutional Neural Networks", noKnownModels),
    ).toBeNull();
    expect(
      colonlessTitlePrefix("ImageNet A Large-Scale Hierarchical Image Database", noKnownModels),
    ).toBeNull();
    expect(
      colonlessTitlePrefix(
        "Learning Transferable Visual Models From Natural Language Supervision",
        noKnownModels,
      ),
    ).toBeNull();
    expect(colonlessTitlePrefix("Attention Is All You Need", noKnownModels)).toBeNull();
    expect(colonlessTitlePrefix("CLIP4Clip An Study", noKnownModels)).toBeNull();
  });
});
