import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileMatcher } from "../ingest/markdown/term-matcher.js";

const matcher = compileMatcher([
  { form: "LM", value: "loss:lm" },
  { form: "LLM", value: "concept:llm" },
  { form: "大语言模型", value: "concept:llm" },
  { form: "语言模型", value: "concept:lm" },
  { form: "Q-Former", value: "concept:q-former" },
  { form: "BLIP-2", value: "model:blip-2" },
  { form: "BLIP", value: "model:blip" },
  { form: "cross-attention", value: "concept:cross-attention" },
  { form: "对比学习", value: "concept:contrastive" },
  { form: "ITC", value: "loss:itc" },
]);
const values = (text: string) => matcher.find(text).map((hit) => hit.value);

describe("term matcher", () => {
  it("prefers the longest Chinese form", () => {
    expect(values("映射到大语言模型中")).toEqual(["concept:llm"]);
    expect(values("这个语言模型")).toEqual(["concept:lm"]);
  });
  it("needs ASCII boundaries but not around CJK", () => {
    expect(values("LLM and VisualGLM")).toEqual(["concept:llm"]);
    expect(values("ITC做对比学习")).toEqual(["loss:itc", "concept:contrastive"]);
    expect(values("LM：是个生成任务")).toEqual(["loss:lm"]);
  });
  it("treats hyphens, spaces and case as the same", () => {
    expect(values("训练Qformer和Q-Former以及Q Former")).toEqual([
      "concept:q-former",
      "concept:q-former",
      "concept:q-former",
    ]);
    expect(values("BLIP2分为; BLIP 2; BLIP-2")).toEqual(["model:blip-2", "model:blip-2", "model:blip-2"]);
    expect(values("第三列中的cross Attention融合")).toEqual(["concept:cross-attention"]);
  });
  it("keeps acronyms case-sensitive, so prose words like 'clip' or 'lm' do not fire", () => {
    expect(values("the lm head; an itc loss; blip-2")).toEqual([]);
  });
  it("looks up exact forms", () => {
    expect(matcher.lookup("BLIP2")).toBe("model:blip-2");
    expect(matcher.lookup("References")).toBeUndefined();
  });
  it("never returns overlapping hits, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("LLM", "LM", " ", "大", "语言模型", "BLIP", "-2", "x", "对比学习")),
        (parts) => {
          const hits = matcher.find(parts.join(""));
          for (let i = 1; i < hits.length; i++) {
            expect(hits[i]?.start).toBeGreaterThanOrEqual(hits[i - 1]?.end ?? 0);
          }
        },
      ),
    );
  });
});
