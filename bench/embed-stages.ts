/**
 * Embedding throughput (issue: figures to concepts): images/s and texts/s through the same
 * loading and inference code `kg ingest --embed` uses, over a grid of onnxruntime thread
 * counts and batch sizes, with one thread and batch 1 as the baseline measured in the same
 * run. The tiny CLIP model (test/make-tiny-clip.ts) always; a real model when one is in
 * KG_MODEL_DIR (`<dir>/Xenova/clip-vit-base-patch32/`, or KG_BENCH_CLIP_MODEL).
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadVocabulary } from "../ingest/markdown/vocabulary.js";
import { loadClip, type RgbImage } from "../src/embed/clip.js";
import { promptsFor } from "../src/embed/prompts.js";
import { resolveClipSettings } from "../src/embed/settings.js";
import { makeTinyClip } from "../test/make-tiny-clip.js";

export interface EmbedSetting {
  threads: number;
  batch: number;
  imagesPerSecond: number;
  textsPerSecond: number;
}

export interface EmbedBench {
  model: string;
  dimensions: number;
  images: number;
  texts: number;
  settings: EmbedSetting[];
  /** threads 1, batch 1. */
  baseline: EmbedSetting;
  /** The fastest for images (figures dominate ingest time), ties to fewer threads. */
  chosen: EmbedSetting;
}

const THREADS = [1, 2];
const BATCHES = [1, 8, 32];

/** Deterministic noise images at the size the loader decodes to (448 on the short side). */
function images(count: number, size: number): RgbImage[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    const rgb = new Uint8Array(size * size * 3);
    for (let i = 0; i < rgb.length; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      rgb[i] = state & 0xff;
    }
    return { rgb, width: size, height: size };
  });
}

function prompts(count: number): string[] {
  const entries = loadVocabulary().entries.filter((entry) => entry.kind !== "loss");
  const texts = entries.flatMap((entry) =>
    promptsFor({
      name: entry.name,
      kind: entry.kind === "model" ? "model" : "concept",
      description: entry.description,
    }),
  );
  return texts.slice(0, count);
}

/** n items at a time, going round the list, so every batch is full. */
function cycling<T>(items: readonly T[]): (n: number) => T[] {
  let next = 0;
  return (n) => {
    const start = next % items.length;
    next += n;
    const part = items.slice(start, start + n);
    return part.length === n ? part : items.slice(0, n);
  };
}

async function throughput(
  run: (part: number) => Promise<unknown>,
  total: number,
  batch: number,
): Promise<number> {
  await run(Math.min(batch, total)); // warm-up: session creation and first allocations
  const started = performance.now();
  for (let done = 0; done < total; done += batch) await run(Math.min(batch, total - done));
  return total / ((performance.now() - started) / 1000);
}

export async function measureEmbedding(
  modelDir: string,
  model: string,
  counts: { images: number; texts: number },
): Promise<EmbedBench> {
  const pixels = images(counts.images, 448);
  const texts = prompts(counts.texts);
  const settings: EmbedSetting[] = [];
  let dimensions = 0;
  for (const threads of THREADS) {
    const loaded = await loadClip(
      resolveClipSettings({ model, threads }, { ...process.env, KG_MODEL_DIR: modelDir }),
    );
    if (!loaded.ok) throw new Error(loaded.reason);
    const clip = loaded.embedder;
    dimensions = clip.dimensions;
    try {
      for (const batch of BATCHES) {
        const nextImages = cycling(pixels);
        const imagesPerSecond = await throughput(
          (n) => clip.embedImages(nextImages(n)),
          pixels.length,
          batch,
        );
        const nextTexts = cycling(texts);
        const textsPerSecond = await throughput((n) => clip.embedTexts(nextTexts(n)), texts.length, batch);
        settings.push({ threads, batch, imagesPerSecond, textsPerSecond });
      }
    } finally {
      await clip.close();
    }
  }
  const baseline = settings.find((s) => s.threads === 1 && s.batch === 1) as EmbedSetting;
  const chosen = [...settings].sort(
    (a, b) => b.imagesPerSecond - a.imagesPerSecond || a.threads - b.threads,
  )[0] as EmbedSetting;
  return { model, dimensions, images: pixels.length, texts: texts.length, settings, baseline, chosen };
}

export async function embeddingBenches(): Promise<EmbedBench[]> {
  const tinyDir = mkdtempSync(join(tmpdir(), "notegraph-bench-models-"));
  await makeTinyClip(tinyDir);
  const results = [await measureEmbedding(tinyDir, "tiny-clip", { images: 256, texts: 512 })];
  const realDir = process.env.KG_MODEL_DIR;
  const real = process.env.KG_BENCH_CLIP_MODEL ?? "Xenova/clip-vit-base-patch32";
  if (realDir && existsSync(join(realDir, real, "config.json"))) {
    results.push(await measureEmbedding(realDir, real, { images: 32, texts: 128 }));
  }
  return results;
}

export function formatEmbedding(results: readonly EmbedBench[]): string {
  const lines = ["## Embedding throughput (images/s, texts/s; ratio to 1 thread, batch 1)"];
  for (const result of results) {
    lines.push(
      `${result.model} (${result.dimensions} dimensions; ${result.images} images of 448x448, ${result.texts} prompts)`,
    );
    for (const s of result.settings) {
      const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;
      lines.push(
        `  threads ${s.threads}, batch ${String(s.batch).padStart(2)}: ${s.imagesPerSecond.toFixed(1).padStart(8)} images/s (${ratio(s.imagesPerSecond, result.baseline.imagesPerSecond)}), ` +
          `${s.textsPerSecond.toFixed(1).padStart(8)} texts/s (${ratio(s.textsPerSecond, result.baseline.textsPerSecond)})`,
      );
    }
    lines.push(`  chosen: threads ${result.chosen.threads}, batch ${result.chosen.batch}`);
  }
  return lines.join("\n");
}
