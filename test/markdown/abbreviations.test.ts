/** Abbreviation definitions in running text (ingest/markdown/abbreviations.ts). */
import { describe, expect, it } from "vitest";
import { findDefinitions } from "../../ingest/markdown/abbreviations.js";

const pairs = (text: string) => findDefinitions(text).map((d) => `${d.short}=${d.long}`);

describe("findDefinitions", () => {
  it("reads `long form (SF)`, `SF (long form)` and both inside Chinese brackets", () => {
    expect(pairs("We use Momentum Contrast (MoCo) for pre-training.")).toEqual(["MoCo=Momentum Contrast"]);
    expect(pairs("MAE (mean absolute error) is reported.")).toEqual(["MAE=mean absolute error"]);
    expect(pairs("下一句预测（Next Sentence Prediction，NSP）")).toEqual(["NSP=Next Sentence Prediction"]);
  });

  it("a short form followed by the kind of thing it names (`RPN网络`, `ViT model`) still defines it", () => {
    expect(pairs("1. Region Proposal Networks(RPN网络)")).toEqual(["RPN=Region Proposal Networks"]);
    expect(pairs("the Vision Transformer (ViT model) splits images into patches")).toEqual([
      "ViT=Vision Transformer",
    ]);
  });

  it("brackets that spell out nothing define nothing", () => {
    expect(pairs("the detector (trained on COCO) is fast")).toEqual([]);
    expect(pairs("Region Proposal Networks(网络)")).toEqual([]);
  });
});
