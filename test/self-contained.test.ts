/**
 * Guard: nothing in the repository may read outside it, so a fresh clone runs its tests,
 * scripts and benchmarks as they are. Scans the source and config files (not Markdown, not
 * test inputs under test/fixtures) for paths that leave the repository: the development
 * machine's own tree, a `shared` folder beside the checkout, and relative paths that climb
 * above the repository root from the file they are written in. Each finding names file and line.
 * The patterns below are built from pieces so that this file can scan itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
/** Folders whose files run as code or configure it; root-level files are scanned too. */
const FOLDERS = ["test", "bench", "scripts", "src", "ingest", "web", "bin", ".ci"];
/** Not ours to scan: installed and built code, and what runs write (git-ignored bench output). */
const NOT_SCANNED = new Set([
  "node_modules",
  "dist",
  ".git",
  ".kg",
  join("test", "fixtures"),
  join("bench", "results"),
  join("bench", ".corpus"),
]);
const SOURCE_EXTENSIONS = new Set([
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".mjs",
  ".cjs",
  ".json",
  ".sh",
  ".yaml",
  ".yml",
  ".html",
  ".css",
  "", // scripts such as .ci/run
]);

const UP = "../";
const OUTSIDE_TREE = new RegExp(`/${"work"}/`);
const SHARED_BESIDE = new RegExp(`\\.\\.[/\\\\]${"shared"}\\b`);
/** A run of `../` that starts a path (not the middle of a URL such as `/api/x/../`). */
const CLIMB = /(?<![\w./\\-])((?:\.\.\/)+)/g;
/** `..` given as separate arguments of path.join / path.resolve, one or more in a row. */
const CLIMB_ARGS = /(?:["'`]\.\.["'`]\s*,\s*)*["'`]\.\.["'`]/g;

interface Finding {
  file: string;
  line: number;
  why: string;
  text: string;
}

/** Folders tsc compiles into dist/: their modules run one level deeper than they are written. */
const COMPILED = ["src/", "ingest/", "bench/"];

/** Whether `levels` parent steps from where `file` (relative to the root) runs leave the repository. */
function climbsOut(file: string, levels: number): boolean {
  const runsFrom = COMPILED.some((folder) => file.startsWith(folder))
    ? join("dist", dirname(file))
    : dirname(file);
  const target = resolve(ROOT, runsFrom, ...Array<string>(levels).fill(".."));
  const fromRoot = relative(ROOT, target);
  return fromRoot === ".." || fromRoot.startsWith(`..${sep}`);
}

/** The paths in one file's text that lead out of the repository; `file` is relative to the root. */
function findEscapes(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split("\n").forEach((content, index) => {
    const found = (why: string) => findings.push({ file, line: index + 1, why, text: content.trim() });
    if (OUTSIDE_TREE.test(content)) found("an absolute path on the development machine");
    else if (SHARED_BESIDE.test(content)) found("the shared folder beside the checkout");
    else {
      const climbs = [
        ...[...content.matchAll(CLIMB)].map((m) => (m[1] as string).length / UP.length),
        ...[...content.matchAll(CLIMB_ARGS)].map((m) => m[0].split("..").length - 1),
      ];
      const deepest = Math.max(0, ...climbs);
      if (climbsOut(file, deepest)) found(`${deepest} levels up from ${dirname(file)}/ leave the repository`);
    }
  });
  return findings;
}

/** Every scanned file, relative to the root, sorted. */
function scannedFiles(): string[] {
  const files: string[] = [];
  const isSource = (name: string) => SOURCE_EXTENSIONS.has(extname(name));
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (NOT_SCANNED.has(entry.name) || NOT_SCANNED.has(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && isSource(entry.name)) files.push(path);
    }
  };
  for (const folder of FOLDERS) walk(folder);
  for (const entry of readdirSync(ROOT, { withFileTypes: true }))
    if (entry.isFile() && !NOT_SCANNED.has(entry.name) && isSource(entry.name)) files.push(entry.name);
  return files.map((file) => file.split(sep).join("/")).sort();
}

/** Lines that look like an escape but read nothing: file, the text on the line, and why. */
const ALLOWED: { file: string; text: string; why: string }[] = [
  {
    file: "test/server/api.test.ts",
    text: `${UP.repeat(4)}etc/passwd`,
    why: "a path-traversal request the server must refuse; nothing is read from it",
  },
];
const isAllowed = (f: Finding) => ALLOWED.some((a) => a.file === f.file && f.text.includes(a.text));

describe("the repository is self-contained", () => {
  const files = scannedFiles();
  const findings = files.flatMap((file) => findEscapes(file, readFileSync(join(ROOT, file), "utf8")));

  it("scans the tests, helpers, benchmarks, scripts, sources and CI script", () => {
    for (const file of [
      "test/self-contained.test.ts",
      "test/helpers/arxiv-server.ts",
      "test/arxiv/atom.test.ts",
      "bench/snapshot-corpus.ts",
      "scripts/neo4j.mjs",
      "src/cli/commands/ingest.ts",
      "ingest/arxiv/atom.ts",
      "web/src/export/formats.ts",
      ".ci/run",
      "package.json",
      "vitest.config.ts",
    ])
      expect(files).toContain(file);
    expect(files.some((file) => file.startsWith("test/fixtures/") || file.includes("node_modules"))).toBe(
      false,
    );
  });

  it("has no path that leads out of the repository", () => {
    const report = findings
      .filter((f) => !isAllowed(f))
      .map((f) => `${f.file}:${f.line}: ${f.why}: ${f.text}`);
    expect(report).toEqual([]);
  });

  it("needs every allowance it makes", () => {
    expect(
      ALLOWED.filter((a) => !findings.some((f) => f.file === a.file && f.text.includes(a.text))),
    ).toEqual([]);
  });
});

describe("findEscapes", () => {
  const shared = `${UP.repeat(3)}shared/arxiv/atom`;

  it("names file and line of a path to the shared folder beside the checkout", () => {
    const text = `import x from "y";\nconst A = resolve(import.meta.dirname, "${shared}");\n`;
    expect(findEscapes("test/helpers/a.ts", text)).toEqual([
      {
        file: "test/helpers/a.ts",
        line: 2,
        why: "the shared folder beside the checkout",
        text: `const A = resolve(import.meta.dirname, "${shared}");`,
      },
    ]);
  });

  it("finds the machine's absolute paths, in comments too", () => {
    expect(findEscapes("bench/a.ts", ` * see /${"work"}/shared/arxiv/x.jsonl`)).toMatchObject([
      { line: 1, why: "an absolute path on the development machine" },
    ]);
  });

  it("measures relative climbs from the folder the file runs in", () => {
    const up = (levels: number) => `const x = "${UP.repeat(levels)}x";`;
    expect(findEscapes("test/helpers/a.ts", up(2))).toEqual([]);
    expect(findEscapes("test/helpers/a.ts", up(3))).toMatchObject([
      { line: 1, why: "3 levels up from test/helpers/ leave the repository" },
    ]);
    // bench/ runs compiled from dist/bench/, so one level more is still inside.
    expect(findEscapes("bench/a.ts", up(2))).toEqual([]);
    expect(findEscapes("bench/a.ts", up(3))).toHaveLength(1);
    expect(findEscapes("vitest.config.ts", up(1))).toHaveLength(1);
    const args = (levels: number) => `resolve(import.meta.dirname, ${Array(levels).fill('".."').join(", ")})`;
    expect(findEscapes("test/a/b.ts", args(2))).toEqual([]);
    expect(findEscapes("test/a/b.ts", args(3))).toHaveLength(1);
  });

  it("leaves `..` inside URLs alone", () => {
    expect(findEscapes("test/a.ts", `get("/api/figures/${UP.repeat(4)}etc/passwd")`)).toEqual([]);
  });
});
