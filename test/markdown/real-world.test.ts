/**
 * Real notes vary, and some inputs are simply bad. Quirks (CRLF, BOM, drafts, Chinese
 * paths, image paths with spaces or upper-case extensions) must ingest as if clean; bad
 * inputs must each give one clear problem naming the file (and line where known) while
 * the other notes still come through.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/problems.js";
import { EXAMPLES, edgeStrings, extractFolder, node, tempDir } from "../helpers/extract.js";

const PNG = join(EXAMPLES, "multimodal/image-20240828203423307.png");

describe("quirks of real notes", () => {
  const root = tempDir();
  mkdirSync(join(root, "论文笔记/多模态"), { recursive: true });
  copyFileSync(PNG, join(root, "论文笔记/多模态/图 1.PNG"));
  copyFileSync(PNG, join(root, "论文笔记/多模态/my figure.JPG"));
  const crlf = [
    "\uFEFF+++",
    'title = "BLIP 笔记"',
    "draft = true",
    "+++",
    "",
    "## BLIP",
    "",
    "BLIP 用 ITC、ITM 和 LM 三个损失。",
    "",
    "![](<图 1.PNG>)",
    "",
    "![架构](my%20figure.JPG)",
    "",
    "![raw spaces](my figure.JPG)",
    "",
  ].join("\r\n");
  writeFileSync(join(root, "论文笔记/多模态/BLIP 笔记.md"), crlf);
  const graph = extractFolder([root]);
  const id = "note:论文笔记/多模态/BLIP 笔记.md";

  it("reads CRLF, a byte-order mark and draft = true", () => {
    expect(graph.problems.map(formatProblem)).toEqual([]);
    expect(node(graph, id)?.props).toMatchObject({
      title: "BLIP 笔记",
      draft: true,
      path: "论文笔记/多模态/BLIP 笔记.md",
    });
    expect(edgeStrings(graph, "USES_LOSS")).toEqual([
      "USES_LOSS model:blip -> loss:itc",
      "USES_LOSS model:blip -> loss:itm",
      "USES_LOSS model:blip -> loss:lm",
    ]);
    expect(graph.edges.find((e) => e.type === "USES_LOSS")?.line).toBe(8);
  });

  it("finds images with spaces, escapes and upper-case extensions", () => {
    const figures = graph.nodes.filter((n) => n.label === "Figure");
    // The same bytes under two names are one figure; the escaped and the raw path are one file.
    expect(figures).toHaveLength(1);
    expect(figures[0]?.props).toMatchObject({ format: "png", width: 407, height: 225 });
    expect(edgeStrings(graph, "HAS_FIGURE")).toHaveLength(1);
    expect(graph.edges.filter((e) => e.type === "HAS_FIGURE")[0]?.line).toBe(10);
  });
});

describe("bad input", () => {
  const root = tempDir();
  const write = (name: string, content: string | Uint8Array) => writeFileSync(join(root, name), content);
  write("good.md", "# CLIP\n\nCLIP 使用对比学习。\n");
  write("bad-yaml.md", "---\ntitle: [unclosed\ntags: x\n---\n# Body\n");
  write("bad-toml.md", '+++\ntitle = "ok"\ntags = [\n+++\n# Body\n');
  write(
    "binary.md",
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
  );
  write(
    "latin1.md",
    Buffer.concat([Buffer.from("# Notes\n\nline two\ncaf"), Buffer.from([0xe9]), Buffer.from(" au lait\n")]),
  );
  write("empty.md", "");
  write("missing-image.md", "# BLIP\n\ntext\n\n![gone](figures/nope.png)\n");
  write("broken-link.md", "# Links\n\nSee [other](other.md) and [[Nowhere]].\n");
  const graph = extractFolder([root]);
  const problemsOf = (file: string) => graph.problems.filter((p) => p.file === file).map(formatProblem);

  it("fails malformed front matter with the line of the mistake", () => {
    expect(problemsOf("bad-yaml.md")).toEqual([
      expect.stringMatching(
        /^bad-yaml\.md:3:\d+: error: malformed YAML front matter: .+ \[frontmatter\/yaml\]$/,
      ),
    ]);
    expect(problemsOf("bad-toml.md")).toEqual([
      expect.stringMatching(
        /^bad-toml\.md:\d+:\d+: error: malformed TOML front matter: .+ \[frontmatter\/toml\]$/,
      ),
    ]);
  });

  it("refuses a binary file and invalid UTF-8, naming the line", () => {
    expect(problemsOf("binary.md")).toEqual([
      expect.stringMatching(/^binary\.md: error: not a text file .* \[file\/binary\]$/),
    ]);
    expect(problemsOf("latin1.md")).toEqual([
      "latin1.md:4: error: not valid UTF-8; convert it first (e.g. `iconv -f GBK -t UTF-8`) [file/encoding]",
    ]);
  });

  it("warns about an empty note, a missing image and broken links, and keeps those notes", () => {
    expect(problemsOf("empty.md")).toEqual(["empty.md: warning: empty note [file/empty]"]);
    expect(problemsOf("missing-image.md")).toEqual([
      "missing-image.md:5: warning: figure file not found: figures/nope.png [figure/missing-file]",
    ]);
    expect(problemsOf("broken-link.md")).toHaveLength(2);
    expect(
      problemsOf("broken-link.md").every((p) => p.startsWith("broken-link.md:3: warning: broken link")),
    ).toBe(true);
    const missing = graph.nodes.find((n) => n.label === "Figure" && n.props.src === "figures/nope.png");
    expect(missing?.props.localPath).toBeNull();
  });

  it("stores the good notes and fails exactly the broken ones", () => {
    expect(graph.failed.sort()).toEqual(["bad-toml.md", "bad-yaml.md", "binary.md", "latin1.md"]);
    const notes = graph.nodes.filter((n) => n.label === "Note" && n.props.root).map((n) => n.props.path);
    expect(notes.sort()).toEqual(["broken-link.md", "empty.md", "good.md", "missing-image.md"]);
  });

  it("reports each bad file once", () => {
    for (const file of [
      "bad-yaml.md",
      "bad-toml.md",
      "binary.md",
      "latin1.md",
      "empty.md",
      "missing-image.md",
    ]) {
      expect(problemsOf(file)).toHaveLength(1);
    }
  });
});
