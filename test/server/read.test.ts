/**
 * The server's pure pieces, without a store or HTTP: labels from ids, path containment,
 * excerpt windows, search scores, limits, error statuses and the answer cache.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { QueryError, QueryTimeoutError, UsageError, WriteRefusedError } from "../../src/errors.js";
import {
  arxivPaperId,
  authorId,
  categoryId,
  conceptId,
  doiPaperId,
  figureId,
  lossId,
  modelId,
  noteId,
  parseGithubRepo,
  seriesId,
  tagId,
  titlePaperId,
  urlId,
} from "../../src/graph/ids.js";
import { NODE_LABELS } from "../../src/graph/schema.js";
import { matchScore } from "../../src/search/text.js";
import { AnswerCache } from "../../src/server/cache.js";
import { sharedClip } from "../../src/server/clip.js";
import { BadRequestError, describeError } from "../../src/server/http-errors.js";
import { DEFAULT_LIMITS, resolveLimits } from "../../src/server/limits.js";
import { UnknownNodeError } from "../../src/server/read/errors.js";
import { bodyStart, isInside, readExcerpt, resolveInside } from "../../src/server/read/excerpt.js";
import { imageContentType } from "../../src/server/read/figures.js";
import {
  incidentPairs,
  LABEL_PREFIXES,
  labelOfId,
  pairPattern,
  REL_PAIRS,
} from "../../src/server/read/labels.js";
import { parseInput, wholeNumber } from "../../src/server/validate.js";
import { tempDir } from "../helpers/extract.js";

describe("labelOfId", () => {
  it("names the label of every kind of id the project makes", () => {
    const repo = parseGithubRepo("https://github.com/openai/CLIP");
    const cases: [string, string][] = [
      [noteId("multimodal/index.md"), "Note"],
      [tagId("多模态"), "Tag"],
      [categoryId("机器人"), "Category"],
      [seriesId("series_robotics"), "Series"],
      [arxivPaperId("2103.00020"), "Paper"],
      [doiPaperId("10.1000/XYZ"), "Paper"],
      [titlePaperId("Attention Is All You Need"), "Paper"],
      [authorId("A. Radford"), "Author"],
      [modelId("BLIP-2"), "Model"],
      [conceptId("contrastive learning"), "Concept"],
      [lossId("ITC"), "Loss"],
      [figureId("ab12"), "Figure"],
      [repo?.id ?? "", "Repository"],
      [urlId("https://example.com/a?utm_source=x"), "WebResource"],
    ];
    for (const [id, label] of cases) expect(labelOfId(id), id).toBe(label);
  });

  it("has one distinct prefix per label", () => {
    expect(Object.keys(LABEL_PREFIXES).sort()).toEqual([...NODE_LABELS].sort());
    expect(new Set(Object.values(LABEL_PREFIXES)).size).toBe(NODE_LABELS.length);
  });

  it("returns null for ids it cannot place", () => {
    for (const id of ["", "clip", ":clip", "model:", "Model:clip", "widget:x", "../etc/passwd"]) {
      expect(labelOfId(id), id).toBeNull();
    }
  });
});

describe("relationship pairs", () => {
  it("anchor the named end and never leave a label out", () => {
    const note = incidentPairs("Note");
    const links = note.filter((incident) => incident.pair.type === "LINKS_TO");
    expect(links.map((incident) => incident.direction).sort()).toEqual(["in", "out"]);
    expect(REL_PAIRS.every((pair) => incidentPairs(pair.from).some((i) => i.pair === pair))).toBe(true);
    const mentions = note.find((incident) => incident.pair.type === "MENTIONS" && incident.other === "Model");
    expect(mentions && pairPattern(mentions, " {id: $id}")).toBe(
      "(x:`Note` {id: $id})-[r:`MENTIONS`]->(y:`Model`)",
    );
    const cited = incidentPairs("Paper").find(
      (i) => i.pair.type === "CITES" && i.direction === "in" && i.other === "Note",
    );
    expect(cited && pairPattern(cited, " {id: $id}")).toBe("(y:`Note`)-[r:`CITES`]->(x:`Paper` {id: $id})");
  });
});

describe("isInside and resolveInside", () => {
  it("tells paths below a folder from paths beside or above it", () => {
    expect(isInside("/a/b/c.png", "/a/b")).toBe(true);
    expect(isInside("/a/b", "/a/b")).toBe(true);
    expect(isInside("/a/bc/d.png", "/a/b")).toBe(false);
    expect(isInside("/a/x.png", "/a/b")).toBe(false);
    expect(isInside("/a/b/../x.png", "/a/b")).toBe(false);
    expect(isInside("/a/b/..x/y.png", "/a/b")).toBe(true);
  });

  it("follows symlinks before deciding", async () => {
    const base = tempDir();
    mkdirSync(join(base, "root"));
    writeFileSync(join(base, "secret.md"), "secret");
    writeFileSync(join(base, "root", "ok.md"), "ok");
    symlinkSync(join(base, "secret.md"), join(base, "root", "link.md"));
    expect(await resolveInside(join(base, "root"), "ok.md")).toMatch(/ok\.md$/);
    expect(await resolveInside(join(base, "root"), "link.md")).toBeNull();
    expect(await resolveInside(join(base, "root"), "../secret.md")).toBeNull();
    expect(await resolveInside(join(base, "root"), "missing.md")).toBeNull();
    expect(await readExcerpt(join(base, "root"), "link.md", 1)).toBeNull();
  });
});

describe("excerpts", () => {
  it("start after YAML or TOML front matter and blank lines", () => {
    expect(bodyStart(["---", "title: x", "---", "", "# Body"])).toBe(5);
    expect(bodyStart(["+++", 'title = "x"', "+++", "Body"])).toBe(4);
    expect(bodyStart(["# No front matter"])).toBe(1);
    expect(bodyStart(["---", "never closed"])).toBe(1);
  });

  it("are the lines around the evidence line, cut to a size", async () => {
    const root = tempDir();
    writeFileSync(join(root, "n.md"), Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n"));
    const around = await readExcerpt(root, "n.md", 10, { context: 2, maxChars: 1000, maxBytes: 1e6 });
    expect(around).toEqual({ line: 10, text: "line 8\nline 9\nline 10\nline 11\nline 12" });
    const start = await readExcerpt(root, "n.md", null, { context: 1, maxChars: 1000, maxBytes: 1e6 });
    expect(start).toEqual({ line: 1, text: "line 1\nline 2\nline 3" });
    const short = await readExcerpt(root, "n.md", 10, { context: 2, maxChars: 8, maxBytes: 1e6 });
    expect(short?.text).toBe("line 8\nl…");
    expect(await readExcerpt(root, "n.md", 10, { context: 2, maxChars: 8, maxBytes: 10 })).toBeNull();
  });
});

describe("matchScore", () => {
  it("ranks exact over prefix over substring, fuller matches higher, all in [0, 1]", () => {
    expect(matchScore("clip", "CLIP")).toBe(1);
    const prefix = matchScore("clip", "CLIP-ViT");
    const inner = matchScore("clip", "OpenCLIP");
    expect(prefix).toBeGreaterThan(inner);
    expect(prefix).toBeLessThan(1);
    expect(matchScore("blip", "BLIP-2")).toBeGreaterThan(matchScore("blip", "BLIP-2 with a longer name"));
    expect(matchScore("xyz", "CLIP")).toBe(0);
    expect(matchScore("  ", "CLIP")).toBe(0);
    for (const value of ["a", "ab", "abc", "zabc", "abcz"]) {
      const score = matchScore("a", value);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});

describe("limits", () => {
  it("fill in defaults and refuse nonsense", () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ graphNodes: 10, cypherTimeoutMs: undefined }).graphNodes).toBe(10);
    expect(() => resolveLimits({ graphNodes: 0 })).toThrow(UsageError);
    expect(() => resolveLimits({ graphNodes: 25_000 })).toThrow(/graphNodesMax/);
    expect(() => resolveLimits({ cypherConcurrency: 1.5 })).toThrow(/cypherConcurrency/);
  });
});

describe("describeError", () => {
  it("maps named errors to the statuses of DESIGN.md and hides the rest", () => {
    expect(describeError(new BadRequestError("limit: bad")).status).toBe(400);
    expect(describeError(new UnknownNodeError("no node")).status).toBe(404);
    expect(describeError(new WriteRefusedError("CREATE writes")).status).toBe(403);
    expect(describeError(new QueryTimeoutError("slow")).status).toBe(504);
    const ours = describeError(new QueryError("our own query broke: MATCH ..."));
    expect(ours.status).toBe(500);
    expect(ours.ours).toBe(true);
    expect(ours.body.error).not.toContain("MATCH");
    expect(describeError(new TypeError("x is undefined")).body.error).not.toContain("undefined");
  });
});

describe("validation", () => {
  it("names the parameter in the message", () => {
    expect(() => parseInput(wholeNumber(1, 10), "11", "limit")).toThrow(
      "limit: expected a whole number from 1 to 10, got '11'",
    );
    expect(() => parseInput(wholeNumber(1, 10), "1e1", "limit")).toThrow(/^limit: /);
    expect(parseInput(wholeNumber(1, 10), "10", "limit")).toBe(10);
  });
});

describe("images", () => {
  it("get their content type from the format, else the extension; other files none", () => {
    expect(imageContentType("png", "/x/y")).toBe("image/png");
    expect(imageContentType(null, "/x/y.JPG")).toBe("image/jpeg");
    expect(imageContentType(null, "/x/y.svg")).toBe("image/svg+xml");
    expect(imageContentType(null, "/x/notes.md")).toBeNull();
  });
});

describe("AnswerCache", () => {
  it("shares one computation per key, forgets failures, and drops the least recently used", async () => {
    const cache = new AnswerCache(Number.POSITIVE_INFINITY, 2);
    let runs = 0;
    const compute = async () => ++runs;
    expect(await Promise.all([cache.get("a", compute), cache.get("a", compute)])).toEqual([1, 1]);
    await expect(cache.get("f", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await cache.get("f", async () => "later")).toBe("later");
    expect(await cache.get("a", compute)).toBe(1); // used: now the most recent
    expect(await cache.get("b", compute)).toBe(2); // a third key drops the least recent, f
    expect(await cache.get("a", compute)).toBe(1);
    expect(await cache.get("f", compute)).toBe(3); // recomputed; drops b
    expect(await cache.get("a", compute)).toBe(1);
  });

  it("recomputes after its time is up", async () => {
    const cache = new AnswerCache(0, 10);
    let runs = 0;
    await cache.get("a", async () => ++runs);
    await cache.get("a", async () => ++runs);
    expect(runs).toBe(2);
  });
});

describe("sharedClip", () => {
  it("loads once, and reports why there is no model", async () => {
    let loads = 0;
    const fake = {
      key: "fake@fp32",
      dimensions: 2,
      embedTexts: async () => [],
      embedImages: async () => [],
      close: async () => undefined,
    };
    const clip = sharedClip(async () => {
      loads++;
      return fake;
    });
    expect((await clip.get()).ok).toBe(true);
    await clip.get();
    expect(loads).toBe(1);
    expect(await sharedClip(undefined).get()).toEqual({
      ok: false,
      reason: "no CLIP model is configured for this server",
    });
    const thrown = await sharedClip(() => Promise.reject(new Error("weights missing"))).get();
    expect(thrown).toEqual({ ok: false, reason: "cannot load the CLIP model: weights missing" });
  });
});
