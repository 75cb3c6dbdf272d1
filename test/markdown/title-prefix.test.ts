/** The name before a paper title's colon (ingest/markdown/names.ts titlePrefixName). */
import { describe, expect, it } from "vitest";
import { titlePrefixName } from "../../ingest/markdown/names.js";

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
