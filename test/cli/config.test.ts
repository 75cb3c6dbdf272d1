/**
 * The config file changes what real commands do, through the built CLI: `dataDir` and
 * `query.format` from a YAML or JSON file, found from a subfolder of the repository, with
 * the environment and flags over it; a bad file stops every command with exit code 2.
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kg } from "../helpers/cli.js";
import { EXAMPLE_NOTE, tempDir } from "../helpers/extract.js";

const QUERY = "MATCH (m:Model)-[:INTRODUCED_IN]->(p:Paper) RETURN m.name AS model ORDER BY model";
const MODELS = ["BLIP", "BLIP-2", "CLIP"];

describe("kg.config.yaml / kg.config.json", () => {
  const project = tempDir("kg-config-cli-");
  const notes = join(project, "notes");
  const sub = join(notes, "multimodal");

  beforeAll(async () => {
    mkdirSync(join(project, ".git"));
    cpSync(EXAMPLE_NOTE, sub, { recursive: true });
    writeFileSync(join(project, "kg.config.yaml"), "dataDir: graph\nquery:\n  format: json\n");
    const result = await kg(["ingest", "notes"], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`graph (kuzu, ${join(project, "graph")})`);
  });

  it("stores in the file's dataDir and prints query.format, from a subfolder too", async () => {
    expect(existsSync(join(project, "graph", "graph.kuzu"))).toBe(true);
    const result = await kg(["query", QUERY], { cwd: sub });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(MODELS.map((model) => ({ model })));
  });

  it("lets the environment and a flag override the file", async () => {
    const csv = await kg(["query", QUERY], { cwd: project, env: { KG_QUERY_FORMAT: "csv" } });
    expect(csv.stdout).toBe(`model\n${MODELS.join("\n")}\n`);
    const table = await kg(["query", "--format", "table", QUERY], {
      cwd: project,
      env: { KG_QUERY_FORMAT: "csv" },
    });
    expect(table.stdout).toContain("│ BLIP-2 │");
    const elsewhere = await kg(["query", QUERY], {
      cwd: project,
      env: { KG_DATA_DIR: join(project, "none") },
    });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/no graph database at .*none/);
  });

  it("reads a JSON file named by --config", async () => {
    const file = join(tempDir("kg-config-cli-"), "team.json");
    writeFileSync(file, JSON.stringify({ dataDir: join(project, "graph"), query: { format: "csv" } }));
    const result = await kg(["--config", file, "query", QUERY], { cwd: tempDir("kg-config-cli-") });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`model\n${MODELS.join("\n")}\n`);
  });

  it("stops every command at a bad file, naming the key", async () => {
    const dir = tempDir("kg-config-cli-");
    writeFileSync(join(dir, "kg.config.yaml"), "stats:\n  fromat: json\n");
    const result = await kg(["stats"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kg: kg.config.yaml:2:3: unknown key "stats.fromat" (did you mean "format"?)\n',
    );
    writeFileSync(join(dir, "kg.config.yaml"), "stats:\n  format: xml\n");
    const bad = await kg(["stats"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'kg: kg.config.yaml:2:11: "stats.format": expected one of "table", "json", got "xml"\n',
    );
  });

  it("checks kg serve's --log-level before starting", async () => {
    const result = await kg(["serve", "--port", "0", "--log-level", "loud"], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--log-level expects one of fatal, error, warn, info, debug, trace, silent, got 'loud'/,
    );
  });
});
