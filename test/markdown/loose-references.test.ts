/** References as notes write them, under a References heading (ingest/markdown/loose-references.ts). */
import { describe, expect, it } from "vitest";
import { isReferenceHeading, parseLooseReference } from "../../ingest/markdown/loose-references.js";

describe("parseLooseReference", () => {
  it("reads the title, the venue and the year of the usual informal styles", () => {
    expect(parseLooseReference("- Attention Is All You Need, NeurIPS 2017")).toEqual({
      title: "Attention Is All You Need",
      year: 2017,
      venue: "NeurIPS",
    });
    expect(parseLooseReference("- Deep Residual Learning for Image Recognition (CVPR 2016)")).toEqual({
      title: "Deep Residual Learning for Image Recognition",
      year: 2016,
      venue: "CVPR",
    });
    expect(
      parseLooseReference("- He et al. Masked Autoencoders Are Scalable Vision Learners. CVPR 2022."),
    ).toEqual({
      title: "Masked Autoencoders Are Scalable Vision Learners",
      year: 2022,
      venue: "CVPR",
    });
    expect(
      parseLooseReference(
        '1. Dosovitskiy et al., "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale", ICLR 2021',
      ),
    ).toEqual({
      title: "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
      year: 2021,
      venue: "ICLR",
    });
    expect(
      parseLooseReference(
        "- Learning Transferable Visual Models From Natural Language Supervision, arXiv 2021",
      )?.venue,
    ).toBe("arXiv");
    expect(parseLooseReference("- 何恺明等，深度残差学习用于图像识别，CVPR 2016")?.title).toBe(
      "深度残差学习用于图像识别",
    );
    expect(
      parseLooseReference(
        "- Radford et al. Learning transferable visual models from natural language supervision",
      )?.title,
    ).toBe("Learning transferable visual models from natural language supervision");
  });

  it("an author list in Vancouver, GB/T or author-year style is the authors, never the title", () => {
    const cases: [string, string][] = [
      [
        "3. Tan M, Le Q V. EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks. ICML 2019.",
        "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
      ],
      [
        "- Carion N, Massa F, Synnaeve G, Usunier N, Kirillov A, Zagoruyko S. End-to-End Object Detection with Transformers. ECCV 2020.",
        "End-to-End Object Detection with Transformers",
      ],
      ["- Wang X Y, et al. Non-local Neural Networks. CVPR 2018.", "Non-local Neural Networks"],
      [
        "- Kingma D P, Welling M. Auto-Encoding Variational Bayes[C]//ICLR 2014.",
        "Auto-Encoding Variational Bayes",
      ],
      [
        "- Schulman et al. (2017). Proximal Policy Optimization Algorithms. arXiv.",
        "Proximal Policy Optimization Algorithms",
      ],
      ["2. Vaswani et al., 2017. Attention Is All You Need. NeurIPS.", "Attention Is All You Need"],
      [
        "- Mildenhall B, et al. (2020). NeRF: Representing Scenes as Neural Radiance Fields. ECCV.",
        "NeRF: Representing Scenes as Neural Radiance Fields",
      ],
      [
        "- Kaiming He, Georgia Gkioxari, Piotr Dollár, Ross Girshick. Mask R-CNN Revisited for Instance Segmentation. ICCV 2017.",
        "Mask R-CNN Revisited for Instance Segmentation",
      ],
    ];
    for (const [line, title] of cases) expect(parseLooseReference(line)?.title, line).toBe(title);
    // A title in capitals before its own full stop is still the title.
    expect(parseLooseReference("- Attention Is All You Need. NeurIPS 2017")?.title).toBe(
      "Attention Is All You Need",
    );
  });

  it("a line with no title, no venue and year, or that is prose, a URL or a short label, is none", () => {
    for (const line of [
      "- see the blog post by Lilian Weng",
      "- Radford et al. 2021",
      "- Lecture 11, 2017",
      "- The code was released in 2020",
      "- https://example.org/paper, 2020",
      "- CLIP (ICML 2021)",
      "",
    ]) {
      expect(parseLooseReference(line), line).toBeNull();
    }
  });
});

describe("isReferenceHeading", () => {
  it("References, 参考文献 and their numbered forms; not other headings", () => {
    for (const heading of [
      "References",
      "5. References",
      "参考文献",
      "六、参考文献",
      "**Reading list**:",
      "Bibliography",
    ]) {
      expect(isReferenceHeading(heading), heading).toBe(true);
    }
    for (const heading of ["Method", "Reference implementation", "实验", "Related Work"]) {
      expect(isReferenceHeading(heading), heading).toBe(false);
    }
  });
});
