/**
 * `kg doctor` through the built CLI: the store it selects and whether it is usable (exit 0)
 * or not (exit 1), the CLIP model found or missing (a warning only), where values came from,
 * and versions. The Neo4j server case runs on the server the global setup provides.
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/doctor/report.js";
import { schemaNames } from "../../src/doctor/store.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLE_NOTE, tempDir } from "../helpers/extract.js";
import { NEO4J_PASSWORD, NEO4J_URI, neo4jSuite } from "../helpers/neo4j.js";
import { makeTinyClip } from "../make-tiny-clip.js";

/** No model anywhere, unless a test gives one: an empty model folder and an empty cache. */
const noModel = () => ({ KG_MODEL_DIR: "", KG_CACHE_DIR: tempDir("kg-doctor-cache-"), KG_CLIP_MODEL: "" });

async function doctor(args: string[], env: Record<string, string> = {}, cwd = tempDir("kg-doctor-")) {
  const result = await kg(["doctor", "--format", "json", ...args], { cwd, env: { ...noModel(), ...env } });
  return { ...result, report: JSON.parse(result.stdout) as DoctorReport };
}

/** A port nothing listens on: taken from the OS, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("kg doctor on the embedded store", () => {
  const ingested = join(tempDir("kg-doctor-"), "kg");

  beforeAll(async () => {
    const notes = tempDir("kg-doctor-notes-");
    cpSync(EXAMPLE_NOTE, join(notes, "multimodal"), {
      recursive: true,
    });
    const result = await kg(["ingest", notes, "--data-dir", ingested]);
    expect(result.code, result.stderr).toBe(0);
  });

  it("on a fresh folder: no database yet, which is fine (exit 0)", async () => {
    const cwd = tempDir("kg-doctor-");
    const { code, report, stderr } = await doctor([], {}, cwd);
    expect(code, stderr).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.store).toMatchObject({
      kind: "kuzu",
      status: "not-created",
      path: join(cwd, ".kg", "graph.kuzu"),
      writable: true,
      usable: true,
    });
    expect(report.config.file).toBeNull();
    const text = await kg(["doctor"], { cwd, env: noModel() });
    expect(text.stdout).toContain("not created yet: run `kg ingest <notes>`");
    expect(existsSync(join(cwd, ".kg")), "doctor creates nothing").toBe(false);
  });

  it("on an ingested folder: opens it read-only and counts the graph", async () => {
    const { code, report } = await doctor(["--data-dir", ingested]);
    expect(code).toBe(0);
    expect(report.store).toMatchObject({ kind: "kuzu", status: "ok", usable: true });
    const store = report.store as Extract<DoctorReport["store"], { status: "ok"; kind: "kuzu" }>;
    expect(store.nodes).toBeGreaterThan(50);
    expect(store.relationships).toBeGreaterThan(100);
    expect(report.config.values.find((value) => value.key === "dataDir")).toMatchObject({
      value: ingested,
      source: "flag",
      env: "KG_DATA_DIR",
    });
  });

  it("fails (exit 1) when the database cannot be opened", async () => {
    const broken = tempDir("kg-doctor-");
    mkdirSync(join(broken, "graph.kuzu"));
    const { code, report } = await doctor(["--data-dir", broken]);
    expect(code).toBe(1);
    expect(report.store).toMatchObject({ kind: "kuzu", status: "unavailable", usable: false });
    const text = await kg(["doctor", "--data-dir", broken], { env: noModel() });
    expect(text.stdout).toMatch(/error: cannot open the graph database at /);
    expect(text.stdout).toContain("doctor: the kuzu store is not usable");
  });

  it("finds the tiny CLIP model in KG_MODEL_DIR, and warns without it", async () => {
    const models = tempDir("kg-doctor-models-");
    await makeTinyClip(models);
    const found = await doctor([], { KG_MODEL_DIR: models, KG_CLIP_MODEL: "tiny-clip" });
    expect(found.code).toBe(0);
    expect(found.report.clip).toEqual([
      expect.objectContaining({
        key: "tiny-clip@fp32",
        status: "available",
        from: "model-dir",
        folder: join(models, "tiny-clip"),
        usedBy: ["ingest", "search", "serve"],
      }),
    ]);
    expect(found.report.warnings).toEqual([]);

    const empty = tempDir("kg-doctor-models-");
    const missing = await doctor([], { KG_MODEL_DIR: empty, KG_CLIP_MODEL: "tiny-clip" });
    expect(missing.code, "a missing model is a warning, not a failure").toBe(0);
    expect(missing.report.clip[0]).toMatchObject({ status: "missing", folder: join(empty, "tiny-clip") });
    expect(missing.report.clip[0]).toHaveProperty(
      "missing",
      expect.arrayContaining(["onnx/vision_model.onnx"]),
    );
    expect(missing.report.warnings).toEqual([
      "CLIP model tiny-clip is not available: figures are stored but not embedded or searchable",
    ]);
    const text = await kg(["doctor"], { env: { KG_MODEL_DIR: empty, KG_CLIP_MODEL: "tiny-clip" } });
    expect(text.stdout).toMatch(/warning: not in KG_MODEL_DIR, .*tiny-clip: missing config\.json/);
  });

  it("checks each model the config names, once per model", async () => {
    const models = tempDir("kg-doctor-models-");
    await makeTinyClip(models);
    const cwd = tempDir("kg-doctor-");
    writeFileSync(join(cwd, "kg.config.json"), JSON.stringify({ search: { quantized: true } }));
    const { report } = await doctor([], { KG_MODEL_DIR: models, KG_CLIP_MODEL: "tiny-clip" }, cwd);
    expect(report.config.file).toBe(join(cwd, "kg.config.json"));
    expect(report.clip.map((check) => [check.key, check.usedBy, check.status])).toEqual([
      ["tiny-clip@fp32", ["ingest", "serve"], "available"],
      ["tiny-clip@q8", ["search"], "available"],
    ]);
    expect(report.config.values.find((value) => value.key === "search.quantized")).toMatchObject({
      value: true,
      source: "file",
    });
  });

  it("reports versions", async () => {
    const { report } = await doctor([]);
    expect(report.versions).toMatchObject({
      notegraph: "0.1.0",
      node: process.versions.node,
      kuzu: expect.stringMatching(/^\d+\.\d+\.\d+/),
      "neo4j-driver": expect.stringMatching(/^5\./),
      "@huggingface/transformers": expect.stringMatching(/^\d+\./),
      "onnxruntime-node": expect.stringMatching(/^\d+\./),
      sharp: expect.stringMatching(/^\d+\./),
    });
  });

  it("never prints a secret", async () => {
    const { report, stdout } = await doctor([], { NEO4J_PASSWORD: "hunter2-secret" });
    expect(stdout).not.toContain("hunter2-secret");
    expect(report.config.values.find((value) => value.key === "neo4jPassword")).toMatchObject({
      value: "(set)",
      source: "env",
    });
  });
});

describe("kg doctor on Neo4j", () => {
  it("says an unreachable server is unreachable, and why (exit 1)", async () => {
    const uri = `bolt://127.0.0.1:${await closedPort()}`;
    const started = performance.now();
    const { code, report } = await doctor([], { NEO4J_URI: uri });
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.store).toMatchObject({ kind: "neo4j", status: "unreachable", uri, usable: false });
    expect((report.store as { reason: string }).reason).toMatch(/ECONNREFUSED|connect/i);
    expect(performance.now() - started).toBeLessThan(15_000);
    const text = await kg(["doctor", "--neo4j-uri", uri], { env: noModel() });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`store: neo4j at ${uri}`);
    expect(text.stdout).toMatch(/error: unreachable: /);
  });

  const uri = NEO4J_URI;
  it.skipIf(!uri)(neo4jSuite("reports a running server's version and the schema"), async () => {
    const { code, report, stderr } = await doctor([], {
      NEO4J_URI: uri ?? "",
      NEO4J_PASSWORD: NEO4J_PASSWORD ?? "",
    });
    expect(code, stderr).toBe(0);
    expect(report.store).toMatchObject({ kind: "neo4j", status: "ok", uri, usable: true });
    const store = report.store as Extract<DoctorReport["store"], { status: "ok"; kind: "neo4j" }>;
    expect(store.serverVersion).toMatch(/^5\.\d+/);
    expect(store.schema.applied + store.schema.missing.length).toBe(schemaNames().length);
    expect(report.versions["neo4j server"]).toBe(`${store.serverVersion} ${store.edition}`);
  });
});
