/** Links to papers that carry no arXiv id or DOI (ingest/markdown/paper-links.ts). */
import { describe, expect, it } from "vitest";
import { isBadge } from "../../ingest/markdown/inline-refs.js";
import { isFullTitle } from "../../ingest/markdown/names.js";
import {
  isPaperUrl,
  paperLinkTitle,
  titleFromUrl,
  unifyLinkTitles,
} from "../../ingest/markdown/paper-links.js";

describe("isPaperUrl", () => {
  it("a PDF anywhere, or one paper's page on a proceedings or scholarly site", () => {
    for (const url of [
      "http://www.huppelen.nl/publications/selectiveSearchDraft.pdf",
      "https://example.org/papers/My%20Paper.PDF?download=1",
      "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
      "https://proceedings.neurips.cc/paper/2020/hash/4c5bcfec8584af0d967f1ab10179ca4b-Abstract.html",
      "https://openreview.net/forum?id=YicbFdNTTy",
      "https://www.semanticscholar.org/reader/6c016579af5becc230fb9efc1f885f2afa65a46e",
      "https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=710772",
      "https://aclanthology.org/N19-1423/",
      "https://proceedings.mlr.press/v139/radford21a.html",
    ]) {
      expect(isPaperUrl(url), url).toBe(true);
    }
  });

  it("not a site's front page, a venue's index, a repository, a blog or a non-web address", () => {
    for (const url of [
      "https://openreview.net/group?id=ICLR.cc/2021/Conference",
      "https://openaccess.thecvf.com/menu",
      "https://www.semanticscholar.org/search?q=clip",
      "https://github.com/openai/CLIP",
      "https://lilianweng.github.io/posts/2021-05-31-contrastive/",
      "ftp://example.org/paper.pdf",
      "not a url",
    ]) {
      expect(isPaperUrl(url), url).toBe(false);
    }
  });
});

describe("paperLinkTitle", () => {
  const pdf = "https://example.org/x.pdf";
  it("the link text, cleaned, names the paper", () => {
    expect(paperLinkTitle("  “Edge boxes: Locating object proposals from edges”. ", pdf)).toBe(
      "Edge boxes: Locating object proposals from edges",
    );
    expect(paperLinkTitle("CPMC", pdf)).toBe("CPMC");
    expect(paperLinkTitle("卷积特征", pdf)).toBe("卷积特征");
  });

  it("a word for the document, a number, the address, a venue and year, slides or a picture's credit name nothing", () => {
    for (const text of [
      null,
      "",
      "PDF",
      "[pdf]",
      "paper",
      "论文",
      "here",
      "[3]",
      "2016",
      pdf,
      "CVPR 2019",
      "NeurIPS'20",
      "ICLR 2021 (oral)",
      "slides of lecture 11",
      "生成式人工智能导论第 15 讲的PDF",
      "Segment Embeddings 的图源",
    ]) {
      expect(paperLinkTitle(text, pdf), String(text)).toBeNull();
    }
  });

  it("the CVF's file names spell the title after the first author's surname", () => {
    const url =
      "https://openaccess.thecvf.com/content_CVPR_2019/papers/Ye_Unsupervised_Embedding_Learning_via_Invariant_and_Spreading_Instance_Feature_CVPR_2019_paper.pdf";
    expect(titleFromUrl(url)).toBe(
      "Unsupervised Embedding Learning via Invariant and Spreading Instance Feature",
    );
    expect(paperLinkTitle("CVPR 2019", url)).toBe(
      "Unsupervised Embedding Learning via Invariant and Spreading Instance Feature",
    );
    // The 2014 naming puts the year first: no title is read from it.
    expect(
      titleFromUrl(
        "https://openaccess.thecvf.com/content_cvpr_2014/papers/Girshick_Rich_Feature_Hierarchies_2014_CVPR_paper.pdf",
      ),
    ).toBeNull();
    expect(titleFromUrl("https://example.org/Ye_Some_Words_CVPR_2019_paper.pdf")).toBeNull();
  });
});

describe("unifyLinkTitles", () => {
  it("one address is one paper, titled by the first full title a link gives; other citations pass unchanged", () => {
    const url = "http://www.huppelen.nl/publications/selectiveSearchDraft.pdf";
    const unified = unifyLinkTitles([
      { kind: "link", url, title: null, name: "选择性搜索" },
      { kind: "link", url, title: "Selective Search for Object Recognition" },
      { kind: "link", url, title: "Selective search for object recognition (draft)" },
      { kind: "inline", title: null },
      { kind: "link", url: "https://example.org/other.pdf", title: null, name: "EdgeBoxes" },
    ]);
    expect(unified.map((c) => c.title)).toEqual([
      "Selective Search for Object Recognition",
      "Selective Search for Object Recognition",
      "Selective Search for Object Recognition",
      null,
      null,
    ]);
  });

  it("a title is full from three words, or six Chinese characters", () => {
    expect(isFullTitle("Selective Search for")).toBe(true);
    expect(isFullTitle("Selective Search")).toBe(false);
    expect(isFullTitle("基于区域的卷积网络")).toBe(true);
  });
});

describe("isBadge", () => {
  it("status badges are not figures; images that merely mention badges are", () => {
    expect(isBadge("https://img.shields.io/badge/dynamic/json?label=citation")).toBe(true);
    expect(isBadge("https://github.com/org/repo/actions/workflows/ci.yml/badge.svg")).toBe(true);
    expect(isBadge("https://badgen.net/github/stars/org/repo")).toBe(true);
    expect(isBadge("../images/badge-detector-architecture.png")).toBe(false);
    expect(isBadge("./assets/clip.png")).toBe(false);
  });
});
