/**
 * `kg ingest --embed` and `kg search --figures` through the CLI, on the tiny CLIP model the
 * project makes (test/make-tiny-clip.ts): the same loading and inference path as the real
 * model. The tiny model's towers are built so colours mean something: a red image lies near
 * the text "red", so the links and rankings below are real outcomes, not plumbing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClip } from "../../src/embed/clip.js";
import { resolveClipSettings } from "../../src/embed/settings.js";
import { type CliResult, kg, queryJson } from "../helpers/cli.js";
import { tempDir } from "../helpers/extract.js";
import { makeTinyClip } from "../make-tiny-clip.js";

let modelDir: string;
let notes: string;
let vocab: string;
const env = () => ({ KG_MODEL_DIR: modelDir, KG_CLIP_MODEL: "tiny-clip" });

async function solid(file: string, rgb: [number, number, number], size = 64): Promise<void> {
  await sharp({
    create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  })
    .png()
    .toFile(file);
}

beforeAll(async () => {
  modelDir = tempDir("notegraph-models-");
  await makeTinyClip(modelDir);
  notes = join(tempDir("notegraph-embed-"), "notes");
  mkdirSync(join(notes, "img"), { recursive: true });
  await solid(join(notes, "img/red.png"), [220, 20, 20]);
  await solid(join(notes, "img/green.png"), [20, 200, 30]);
  await solid(join(notes, "img/blue.png"), [20, 30, 220], 48);
  writeFileSync(join(notes, "img/empty.png"), "");
  writeFileSync(join(notes, "img/corrupt.png"), Buffer.from("\x89PNG\r\n\x1a\nthis is not a png at all"));
  writeFileSync(
    join(notes, "img/external.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40"><image href="http://127.0.0.1:9/x.png" width="40" height="40"/><rect width="20" height="20" fill="red"/></svg>',
  );
  // A BMP header: a format CLIP could read but notegraph does not take.
  writeFileSync(join(notes, "img/old.bmp"), Buffer.concat([Buffer.from("BM"), Buffer.alloc(60)]));
  writeFileSync(
    join(notes, "colours.md"),
    [
      "---",
      "title: Colour figures",
      "---",
      "# Colours",
      "",
      "![the red one](img/red.png)",
      "",
      "![the green one](img/green.png)",
      "",
      "![the blue one](img/blue.png)",
    ].join("\n"),
  );
  writeFileSync(
    join(notes, "broken.md"),
    [
      "# Broken figures",
      "",
      "![empty](img/empty.png)",
      "![corrupt](img/corrupt.png)",
      "![external](img/external.svg)",
      "![bitmap](img/old.bmp)",
      "![remote](https://example.invalid/figure.png)",
    ].join("\n"),
  );
  vocab = join(notes, "..", "colours.yaml");
  writeFileSync(
    vocab,
    [
      "concepts:",
      "  - name: red",
      "    nameZh: 红色",
      "  - name: green",
      "    nameZh: 绿色",
      "  - name: blue",
      "    nameZh: 蓝色",
    ].join("\n"),
  );
}, 60_000);

describe("the tiny model through loadClip", () => {
  const load = async () => {
    const loaded = await loadClip(resolveClipSettings({ threads: 1 }, { ...process.env, ...env() }));
    if (!loaded.ok) throw new Error(loaded.reason);
    return loaded.embedder;
  };

  it("gives unit vectors of its dimension, the same every time, batched or one by one", async () => {
    const clip = await load();
    try {
      expect(clip.key).toBe("tiny-clip@fp32");
      expect(clip.dimensions).toBe(8);
      const texts = ["a red square", "a diagram of contrastive learning", "blue"];
      const batch = await clip.embedTexts(texts);
      for (const vector of batch) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      const single = await Promise.all(
        texts.map(async (t) => (await clip.embedTexts([t]))[0] as Float32Array),
      );
      batch.forEach((vector, i) => {
        const alone = single[i] as Float32Array;
        expect(Math.max(...Array.from(vector, (v, j) => Math.abs(v - (alone[j] as number))))).toBeLessThan(
          1e-6,
        );
      });
      const images = [0, 1, 2].map((channel) => {
        const rgb = new Uint8Array(32 * 32 * 3);
        for (let p = 0; p < 32 * 32; p++) rgb[p * 3 + channel] = 230;
        return { rgb, width: 32, height: 32 };
      });
      const pictures = await clip.embedImages(images);
      const again = await clip.embedImages([images[2] as (typeof images)[number]]);
      expect(Array.from(again[0] as Float32Array)).toEqual(Array.from(pictures[2] as Float32Array));
      const [red] = await clip.embedTexts(["a red square"]);
      const scores = pictures.map((p) =>
        p.reduce((s, v, i) => s + v * ((red as Float32Array)[i] as number), 0),
      );
      expect(scores.indexOf(Math.max(...scores))).toBe(0);
    } finally {
      await clip.close();
    }
  });
});

describe("kg ingest --embed", () => {
  const dir = () => join(notes, "..", "kg");
  let first: CliResult;
  beforeAll(async () => {
    first = await kg(["ingest", notes, "--embed", "--vocab", vocab, "--offline", "--data-dir", dir()], {
      env: env(),
    });
  }, 120_000);

  it("embeds each figure and links it to the colour it shows, with a score", async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("embed: tiny-clip@fp32 (8 dimensions");
    const depicts = await queryJson<{ src: string; concept: string; score: number; model: string }>(
      dir(),
      "MATCH (f:Figure)-[r:DEPICTS]->(c:Concept) RETURN f.src AS src, c.name AS concept, r.score AS score, r.embeddingModel AS model ORDER BY src",
    );
    expect(depicts.map((d) => `${d.src} -> ${d.concept}`)).toEqual([
      "img/blue.png -> blue",
      // The SVG is drawn without its external image: a red square on transparent (white).
      "img/external.svg -> red",
      "img/green.png -> green",
      "img/red.png -> red",
    ]);
    for (const d of depicts) {
      expect(d.score).toBeGreaterThan(0.5);
      expect(d.model).toBe("tiny-clip@fp32");
    }
    const [red] = await queryJson(
      dir(),
      "MATCH (f:Figure {src: 'img/red.png'}) RETURN f.width AS width, f.height AS height, f.embeddingModel AS model, size(f.embedding) AS dims, f.localPath AS localPath",
    );
    expect(red).toMatchObject({ width: 64, height: 64, model: "tiny-clip@fp32", dims: 8 });
    expect(String(red?.localPath)).toMatch(/img[/\\]red\.png$/);
  });

  it("keeps section context (ILLUSTRATES) apart from visual evidence (DEPICTS)", async () => {
    const depictsModels = await queryJson(
      dir(),
      "MATCH (:Figure)-[r:DEPICTS]->(m:Model) RETURN m.name AS model",
    );
    expect(depictsModels).toEqual([]);
  });

  it("gives one clear warning per unusable figure, keeps every figure node, and exits 0", async () => {
    for (const [file, rule] of [
      ["img/empty.png", "figure/empty-file"],
      ["img/corrupt.png", "figure/unreadable-image"],
      ["img/old.bmp", "figure/unsupported"],
      ["img/external.svg", "figure/svg-external-ref"],
      ["https://example.invalid/figure.png", "figure/offline"],
    ] as const) {
      const lines = first.stderr.split("\n").filter((line) => line.includes(file));
      expect(lines, `${file}\n${first.stderr}`).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^broken\\.md:\\d+: warning: .*\\[${rule}\\]$`));
    }
    const figures = await queryJson<{ src: string; embedded: boolean }>(
      dir(),
      "MATCH (:Note {title: 'Broken figures'})-[:HAS_FIGURE]->(f:Figure) RETURN f.src AS src, f.embedding IS NOT NULL AS embedded ORDER BY src",
    );
    expect(figures).toHaveLength(5);
    // The SVG renders without its external image; the rest are kept but not embedded.
    expect(figures.filter((f) => f.embedded).map((f) => f.src)).toEqual(["img/external.svg"]);
  });

  it("embeds nothing twice: a forced re-run takes every vector from the cache", async () => {
    const again = await kg(
      ["ingest", notes, "--embed", "--force", "--vocab", vocab, "--offline", "--data-dir", dir()],
      {
        env: env(),
      },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/figures: 8 seen, 0 embedded, 4 from the cache/);
  });

  it("kg search --figures ranks the figures by what the text describes", async () => {
    for (const [text, best] of [
      ["a red square", "img/red.png"],
      ["something green", "img/green.png"],
      ["blue", "img/blue.png"],
    ] as const) {
      const result = await kg(["search", text, "--figures", "--format", "json", "--data-dir", dir()], {
        env: env(),
      });
      expect(result.code, result.stderr).toBe(0);
      const hits = JSON.parse(result.stdout) as { src: string; score: number; notes: string[] }[];
      expect(hits[0]?.src).toBe(best);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
      expect(hits[0]?.notes).toEqual(["note:colours.md"]);
    }
  });
});

describe("kg ingest --embed: figure URLs on this machine or the LAN", () => {
  let notesDir: string;
  let server: Server;
  let server6: Server;
  const hits: string[] = [];
  const ports = { v4: 0, v6: 0 };
  /** Loopback targets only: 10.x and 169.254.169.254 are refused the same way in test/embed/images.test.ts. */
  const figures = () => [
    `http://127.0.0.1:${ports.v4}/red.png`,
    `http://[::1]:${ports.v6}/red.png`,
    `http://localhost:${ports.v4}/red.png`,
  ];

  beforeAll(async () => {
    const red = await sharp({
      create: { width: 32, height: 32, channels: 3, background: { r: 220, g: 20, b: 20 } },
    })
      .png()
      .toBuffer();
    const serve = (request: IncomingMessage, response: ServerResponse) => {
      hits.push(request.url ?? "");
      response.writeHead(200, { "content-type": "image/png" }).end(red);
    };
    server = createServer(serve);
    server6 = createServer(serve);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    await new Promise<void>((done) => server6.listen(0, "::1", done));
    ports.v4 = (server.address() as AddressInfo).port;
    ports.v6 = (server6.address() as AddressInfo).port;
    notesDir = join(tempDir("notegraph-remote-"), "notes");
    mkdirSync(notesDir, { recursive: true });
    writeFileSync(
      join(notesDir, "remote.md"),
      ["# Remote figures", "", ...figures().map((url, i) => `![figure ${i}](${url})\n`)].join("\n"),
    );
  });
  afterAll(async () => {
    for (const s of [server, server6]) {
      s.closeAllConnections();
      await new Promise((done) => s.close(done));
    }
  });

  it("refuses each with one warning, stores the note and its figures, then --allow-private-hosts fetches them", async () => {
    const dir = join(notesDir, "..", "kg");
    const args = ["ingest", notesDir, "--embed", "--vocab", vocab, "--data-dir", dir];
    const refused = await kg(args, { env: env() });
    expect(refused.code, refused.stderr).toBe(0);
    for (const url of figures()) {
      const lines = refused.stderr.split("\n").filter((line) => line.includes(url));
      expect(lines, `${url}\n${refused.stderr}`).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^remote\.md:\d+: warning: figure .*: download of .* refused: .*a loopback address; figures are fetched from public hosts only \(--allow-private-hosts lifts this\); the figure is kept, not embedded \[figure\/refused-host\]$/,
      );
    }
    expect(hits).toEqual([]);
    const stored = () =>
      queryJson<{ src: string; embedded: boolean }>(
        dir,
        "MATCH (:Note {title: 'Remote figures'})-[:HAS_FIGURE]->(f:Figure) RETURN f.src AS src, f.embedding IS NOT NULL AS embedded ORDER BY src",
      );
    expect((await stored()).map((f) => [f.src, f.embedded])).toEqual(
      [...figures()].sort().map((src) => [src, false]),
    );

    // A refusal is not final: the same notes, unchanged, are fetched once it is lifted.
    const allowed = await kg([...args, "--allow-private-hosts"], { env: env() });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).not.toContain("figure/refused-host");
    expect(hits).toEqual(["/red.png", "/red.png", "/red.png"]);
    expect((await stored()).every((f) => f.embedded)).toBe(true);
  });
});

describe("without model weights", () => {
  it("stores the figures, skips linking with one warning, and exits 0", async () => {
    const dir = join(tempDir(), "kg");
    const empty = tempDir("notegraph-no-models-");
    const result = await kg(["ingest", notes, "--embed", "--vocab", vocab, "--offline", "--data-dir", dir], {
      env: { KG_MODEL_DIR: empty, KG_CLIP_MODEL: "tiny-clip" },
    });
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.includes("[embed/model-unavailable]"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("figures are stored but not embedded or linked");
    expect(await queryJson(dir, "MATCH (f:Figure) RETURN count(f) AS n")).toEqual([{ n: 8 }]);
    expect(await queryJson(dir, "MATCH ()-[r:DEPICTS]->() RETURN count(r) AS n")).toEqual([{ n: 0 }]);
    const search = await kg(["search", "red", "--figures", "--data-dir", dir], {
      env: { KG_MODEL_DIR: empty, KG_CLIP_MODEL: "tiny-clip" },
    });
    expect(search.code).toBe(1);
    expect(search.stderr).toContain("figure search needs the CLIP model");
  });
});
