/**
 * Precedence on the real `kg` program: a flag beats the environment, which beats the config
 * file, which beats the built-in default; values reach commands in the form a flag gives.
 */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { applyConfig } from "../../src/config/apply.js";
import { ConfigError } from "../../src/config/errors.js";
import type { LoadedConfig } from "../../src/config/load.js";

const FILE: LoadedConfig = {
  file: "/projects/papers/kg.config.yaml",
  values: {
    dataDir: "graph",
    query: { format: "json", maxRows: 500 },
    export: { embeddings: false, label: ["Paper"] },
    ingest: { vocab: ["terms/extra.yaml", "/abs/more.yaml"] },
  },
};

/** A command of a fresh program, its options parsed from `args` as commander would. */
function command(name: string | null, args: string[] = []): Command {
  const program = buildProgram();
  const target = name ? program.commands.find((each) => each.name() === name) : program;
  if (!target) throw new Error(`no command ${name}`);
  target.parseOptions(args);
  return target;
}

describe("flag > environment > config file > default", () => {
  it("keeps the built-in default when nothing else says", () => {
    const query = command("query");
    const [format] = applyConfig(query, { file: null, values: {} }, {}).filter(
      (v) => v.key === "query.format",
    );
    expect(format).toMatchObject({ source: "default", value: "table" });
    expect(query.opts().format).toBe("table");
  });

  it("takes the config file over the default", () => {
    const query = command("query");
    applyConfig(query, FILE, {});
    expect(query.opts()).toMatchObject({ format: "json", maxRows: "500" });
    expect(query.getOptionValueSource("format")).toBe("config");
  });

  it("takes the environment over the config file", () => {
    const query = command("query");
    const sources = applyConfig(query, FILE, { KG_QUERY_FORMAT: "csv", KG_QUERY_MAX_ROWS: "7" });
    expect(query.opts()).toMatchObject({ format: "csv", maxRows: "7" });
    expect(sources.find((v) => v.key === "query.format")).toMatchObject({
      source: "env",
      env: "KG_QUERY_FORMAT",
    });
  });

  it("takes a flag over everything", () => {
    const query = command("query", ["--format", "table"]);
    const sources = applyConfig(query, FILE, { KG_QUERY_FORMAT: "csv" });
    expect(query.opts().format).toBe("table");
    expect(sources.find((v) => v.key === "query.format")).toMatchObject({ source: "flag", value: "table" });
  });

  it("treats an empty variable as unset", () => {
    const program = command(null);
    applyConfig(program, { file: null, values: { neo4jUri: "bolt://db:7687" } }, { NEO4J_URI: "" });
    expect(program.opts().neo4jUri).toBe("bolt://db:7687");
  });

  it("switches a flag off from the environment or the file", () => {
    const exported = command("export");
    applyConfig(exported, FILE, {});
    expect(exported.opts()).toMatchObject({ embeddings: false, label: ["Paper"] });
    const again = command("export");
    applyConfig(again, FILE, { KG_EXPORT_EMBEDDINGS: "1", KG_EXPORT_LABEL: "Author,Paper" });
    expect(again.opts()).toMatchObject({ embeddings: true, label: ["Author", "Paper"] });
  });

  it("takes serve.token as a token or as false (--no-token), once for both options", () => {
    const open: LoadedConfig = { file: FILE.file, values: { serve: { token: false } } };
    const fromFile = command("serve");
    const sources = applyConfig(fromFile, open, {});
    expect(fromFile.opts().token).toBe(false);
    expect(sources.filter((v) => v.key === "serve.token")).toEqual([
      { key: "serve.token", value: false, source: "file", env: "KG_TOKEN", secret: true },
    ]);
    const fromEnv = command("serve");
    applyConfig(fromEnv, open, { KG_TOKEN: "s3cret" });
    expect(fromEnv.opts().token).toBe("s3cret");
    const fromFlag = command("serve", ["--no-token"]);
    applyConfig(fromFlag, FILE, { KG_TOKEN: "s3cret" });
    expect(fromFlag.opts().token).toBe(false);
  });

  it("resolves the file's relative paths against the file's folder, the environment's against the current one", () => {
    const program = command(null);
    applyConfig(program, FILE, {});
    expect(program.opts().dataDir).toBe("/projects/papers/graph");
    const ingest = command("ingest");
    applyConfig(ingest, FILE, {});
    expect(ingest.opts().vocab).toEqual(["/projects/papers/terms/extra.yaml", "/abs/more.yaml"]);
    const fromEnv = command(null);
    applyConfig(fromEnv, FILE, { KG_DATA_DIR: "elsewhere" });
    expect(fromEnv.opts().dataDir).toBe("elsewhere");
  });

  it("refuses an environment value that does not fit, naming the variable and the key", () => {
    expect(() => applyConfig(command("query"), FILE, { KG_QUERY_MAX_ROWS: "lots" })).toThrow(ConfigError);
    expect(() => applyConfig(command("query"), FILE, { KG_QUERY_MAX_ROWS: "lots" })).toThrow(
      'KG_QUERY_MAX_ROWS (config key "query.maxRows"): expected a whole number >= 1, got "lots"',
    );
    expect(() => applyConfig(command("serve"), FILE, { KG_CLIP_QUANTIZED: "maybe" })).toThrow(
      'KG_CLIP_QUANTIZED (config key "serve.quantized"): expected true or false, got "maybe"',
    );
  });

  it("keeps the existing variables' names", () => {
    const ingest = command("ingest");
    applyConfig(ingest, FILE, {
      KG_CLIP_MODEL: "tiny-clip",
      KG_OFFLINE: "1",
      KG_ARXIV_URL: "http://127.0.0.1:9/",
    });
    expect(ingest.opts()).toMatchObject({
      model: "tiny-clip",
      offline: true,
      arxivUrl: "http://127.0.0.1:9/",
    });
  });
});
