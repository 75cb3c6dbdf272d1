/**
 * Reading the config file: JSON and YAML give the same values; unknown keys, bad values and
 * syntax errors are ConfigErrors that name the file, the line and the key; the file is found
 * in the current folder or a parent up to the git root, never above it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { findConfigFile, loadConfig, parseConfig } from "../../src/config/load.js";
import { tempDir } from "../helpers/extract.js";

const YAML = `# where the graph lives
dataDir: graph
neo4jUser: reader
query:
  format: json
  maxRows: 500
ingest:
  vocab: [terms.yaml]
  workers: 0
  maxNoteSize: 2.5
arxiv:
  category: [cs.CV, cs.CL]
  since: 2021-01-01
export:
  label: [Paper, Author]
  embeddings: false
`;

const JSON_TEXT = JSON.stringify(
  {
    dataDir: "graph",
    neo4jUser: "reader",
    query: { format: "json", maxRows: 500 },
    ingest: { vocab: ["terms.yaml"], workers: 0, maxNoteSize: 2.5 },
    arxiv: { category: ["cs.CV", "cs.CL"], since: "2021-01-01" },
    export: { label: ["Paper", "Author"], embeddings: false },
  },
  null,
  2,
);

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads YAML and JSON into the same values", () => {
    const fromYaml = parseConfig(YAML, "kg.config.yaml");
    expect(fromYaml).toEqual(parseConfig(JSON_TEXT, "kg.config.json"));
    expect(fromYaml).toMatchObject({ dataDir: "graph", query: { format: "json", maxRows: 500 } });
    // A YAML date stays the text it was written as (YAML 1.2 core schema).
    expect(fromYaml).toMatchObject({ arxiv: { since: "2021-01-01" } });
  });

  it("accepts an empty file", () => {
    expect(parseConfig("# nothing yet\n", "kg.config.yaml")).toEqual({});
  });

  it("names an unknown key by its path and line, and suggests the key meant", () => {
    const error = errorOf(() => parseConfig("serve:\n  host: 0.0.0.0\n  prot: 3001\n", "kg.config.yaml"));
    expect(error.message).toBe('kg.config.yaml:3:3: unknown key "serve.prot" (did you mean "port"?)');
    expect(error.exitCode).toBe(2);
    expect(errorOf(() => parseConfig('{"data-dir": "x"}', "kg.config.json")).message).toBe(
      'kg.config.json:1:2: unknown key "data-dir" (did you mean "dataDir"?)',
    );
    expect(errorOf(() => parseConfig("qurey: {}\n", "kg.config.yaml")).message).toMatch(
      /unknown key "qurey" \(did you mean "query"\?\)/,
    );
    expect(errorOf(() => parseConfig("query:\n  colour: red\n", "kg.config.yaml")).message).toBe(
      'kg.config.yaml:2:3: unknown key "query.colour"',
    );
  });

  it("names a bad value's key, what was expected and what was found", () => {
    const error = errorOf(() =>
      parseConfig("query:\n  format: xml\nserve:\n  port: 70000\nsearch:\n  k: ten\n", "kg.config.yaml"),
    );
    expect(error.message.split("\n")).toEqual([
      'kg.config.yaml:2:11: "query.format": expected one of "table", "json", "jsonl", "csv", got "xml"',
      'kg.config.yaml:4:9: "serve.port": expected <= 65535, got 70000',
      'kg.config.yaml:6:6: "search.k": expected a whole number from 1 to 1000, got "ten"',
    ]);
    expect(errorOf(() => parseConfig("arxiv:\n  since: 2021\n", "kg.config.yaml")).message).toBe(
      'kg.config.yaml:2:10: "arxiv.since": expected a date YYYY-MM-DD, got 2021',
    );
    expect(
      errorOf(() => parseConfig("export:\n  label: [Paper, Papers]\n", "kg.config.yaml")).message,
    ).toMatch(/"export\.label\.1": expected one of "Note", .*"WebResource", got "Papers"/);
  });

  it("never repeats a secret's value in an error", () => {
    const error = errorOf(() =>
      parseConfig("neo4jPassword: 12345678\nserve:\n  token: 987654\n", "kg.config.yaml"),
    );
    expect(error.message).toMatch(/"neo4jPassword": expected /);
    expect(error.message).toMatch(/"serve\.token": expected /);
    expect(error.message).not.toMatch(/12345678|987654/);
  });

  it("names file and line for syntax errors", () => {
    expect(errorOf(() => parseConfig("serve:\n  port: [3001\n", "kg.config.yaml")).message).toMatch(
      /^kg\.config\.yaml:3:1: YAML syntax error: /,
    );
    expect(errorOf(() => parseConfig('{\n  "dataDir": "g",\n}\n', "kg.config.json")).message).toMatch(
      /^kg\.config\.json:3:1: JSON syntax error: /,
    );
  });
});

describe("finding the config file", () => {
  it("looks in the current folder, then parents up to the git root, and not above it", () => {
    const outside = tempDir("kg-config-");
    const repo = join(outside, "repo");
    const notes = join(repo, "notes", "2025");
    mkdirSync(join(repo, ".git"), { recursive: true });
    mkdirSync(notes, { recursive: true });
    writeFileSync(join(outside, "kg.config.yaml"), "dataDir: above-the-repository\n");
    expect(findConfigFile(notes)).toBeNull();
    writeFileSync(join(repo, "kg.config.yaml"), "dataDir: graph\n");
    expect(findConfigFile(notes)).toBe(join(repo, "kg.config.yaml"));
    writeFileSync(join(repo, "notes", "kg.config.json"), '{"dataDir": "closer"}');
    expect(findConfigFile(notes)).toBe(join(repo, "notes", "kg.config.json"));
  });

  it("outside a git repository, reads only the current folder", () => {
    const root = tempDir("kg-config-");
    mkdirSync(join(root, "sub"));
    writeFileSync(join(root, "kg.config.yaml"), "quiet: true\n");
    expect(findConfigFile(join(root, "sub"))).toBeNull();
    expect(findConfigFile(root)).toBe(join(root, "kg.config.yaml"));
  });

  it("refuses two config files in one folder", () => {
    const root = tempDir("kg-config-");
    writeFileSync(join(root, "kg.config.yaml"), "quiet: true\n");
    writeFileSync(join(root, "kg.config.json"), "{}");
    expect(errorOf(() => findConfigFile(root)).message).toMatch(/two config files in one folder; keep one/);
  });

  it("reads the file --config names, relative to the current folder", () => {
    const root = tempDir("kg-config-");
    writeFileSync(join(root, "team.yaml"), "query:\n  format: csv\n");
    expect(loadConfig({ file: "team.yaml", cwd: root })).toEqual({
      file: join(root, "team.yaml"),
      values: { query: { format: "csv" } },
    });
    expect(errorOf(() => loadConfig({ file: "missing.yaml", cwd: root })).message).toMatch(
      /cannot read config file .*missing\.yaml/,
    );
  });
});
