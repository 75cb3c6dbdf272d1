/**
 * The tiny CLIP from test/make-tiny-clip.ts, loaded the way the real Xenova/clip-vit-base-patch32 is
 * (transformers.js, env.localModelPath, no remote models): it generates in a blink, its shapes and
 * files are what transformers.js expects, and its designed weights make colour words retrieve
 * images of that colour — so a broken tokenizer, graph, preprocessor or pooling fails here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  ModelFileNotFoundError,
  RawImage,
  type Tensor,
} from "@huggingface/transformers";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyClip, TINY_CLIP_DIM, TINY_CLIP_IMAGE_SIZE, TINY_CLIP_NAME } from "../make-tiny-clip.js";

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
type Processor = Awaited<ReturnType<typeof AutoProcessor.from_pretrained>>;
type Model = Awaited<ReturnType<typeof CLIPTextModelWithProjection.from_pretrained>>;

const COLOURS = ["red", "green", "blue"] as const;
const RGB: Record<(typeof COLOURS)[number], [number, number, number]> = {
  red: [220, 30, 40],
  green: [20, 200, 50],
  blue: [30, 40, 210],
};
const COLOUR_TEXTS = COLOURS.map((c) => `a ${c} square`);

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "tiny-clip-"));
  dirs.push(dir);
  return dir;
};

let modelDir: string;
let root: string;
let generateMs: number;
let tokenizer: Tokenizer;
let processor: Processor;
let text: Model;
let vision: Model;

beforeAll(async () => {
  modelDir = tempDir();
  const started = performance.now();
  root = await makeTinyClip(modelDir);
  generateMs = performance.now() - started;

  env.localModelPath = modelDir;
  env.allowRemoteModels = false;
  tokenizer = await AutoTokenizer.from_pretrained(TINY_CLIP_NAME);
  processor = await AutoProcessor.from_pretrained(TINY_CLIP_NAME);
  text = await CLIPTextModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "fp32" });
  vision = await CLIPVisionModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "fp32" });
});

afterAll(async () => {
  await Promise.all([text?.dispose(), vision?.dispose()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// --- helpers ---------------------------------------------------------------------------------

const rows = (t: Tensor): number[][] => t.tolist() as number[][];

async function embedTexts(texts: string[], model: Model = text): Promise<number[][]> {
  const { text_embeds } = await model(tokenizer(texts, { padding: true, truncation: true }));
  return rows(text_embeds);
}

async function embedImages(images: RawImage[], model: Model = vision): Promise<number[][]> {
  const { image_embeds } = await model(await processor(images));
  return rows(image_embeds);
}

/** Deterministic LCG, so the noisy test images are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A 48×40 image, 75% pixels of `rgb` (±20 jitter) and 25% of random colours. */
function mostly(rgb: [number, number, number], seed: number): RawImage {
  const [width, height] = [48, 40];
  const random = lcg(seed);
  const data = new Uint8ClampedArray(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const noise = random() < 0.25;
    for (let c = 0; c < 3; c++) {
      data[p * 3 + c] = noise ? random() * 256 : (rgb[c] ?? 0) + (random() - 0.5) * 40;
    }
  }
  return new RawImage(data, width, height, 3);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? Number.NaN;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
}

/** Index of the candidate with the highest cosine similarity to `query`. */
function nearest(query: number[], candidates: number[][]): number {
  const scores = candidates.map((c) => cosine(query, c));
  return scores.indexOf(Math.max(...scores));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

// --- tests -----------------------------------------------------------------------------------

describe("make-tiny-clip", () => {
  it("writes the files transformers.js reads, in milliseconds, a few KB each", () => {
    expect(generateMs).toBeLessThan(3_000);
    expect(root).toBe(join(modelDir, TINY_CLIP_NAME));
    expect(listFiles(root)).toEqual([
      "config.json",
      "onnx/text_model.onnx",
      "onnx/text_model_quantized.onnx",
      "onnx/vision_model.onnx",
      "onnx/vision_model_quantized.onnx",
      "preprocessor_config.json",
      "special_tokens_map.json",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    for (const f of listFiles(root)) expect(statSync(join(root, f)).size, f).toBeLessThan(32 * 1024);
    const config = JSON.parse(readFileSync(join(root, "config.json"), "utf8"));
    expect(config).toMatchObject({ model_type: "clip", projection_dim: TINY_CLIP_DIM });
  });

  it("writes byte-identical files every time", async () => {
    const again = await makeTinyClip(tempDir());
    const files = listFiles(root);
    expect(listFiles(again)).toEqual(files);
    for (const f of files)
      expect(readFileSync(join(again, f)).equals(readFileSync(join(root, f))), f).toBe(true);
  });

  it("tokenizes like CLIP: lowercased byte-level BPE, colour words as single tokens, 77 max", () => {
    const id = (token: string): number => tokenizer.convert_tokens_to_ids(token);
    const [bos, eos] = [id("<|startoftext|>"), id("<|endoftext|>")];
    const ids = (t: string): number[] =>
      (tokenizer(t).input_ids.tolist() as bigint[][])[0]?.map(Number) ?? [];

    const red = ids("A RED square");
    expect(red[0]).toBe(bos);
    expect(red.at(-1)).toBe(eos);
    expect(red).toEqual(ids("a red square"));
    for (const c of COLOURS) expect(ids(c)).toEqual([bos, id(`${c}</w>`), eos]);
    expect(tokenizer.decode(red, { skip_special_tokens: true })).toBe("a red square");
    // Not a colour word: falls back to byte tokens, the last with </w>.
    expect(ids("reds")).toEqual([bos, id("re"), id("d"), id("s</w>"), eos]);

    const long = tokenizer("word ".repeat(200), { truncation: true });
    expect(long.input_ids.dims).toEqual([1, 77]);
    expect(tokenizer.pad_token_id).toBe(eos);
  });

  it("gives [n, 8] text and image embeddings for a batch", async () => {
    const { text_embeds } = await text(
      tokenizer(["a red square", "a diagram"], { padding: true, truncation: true }),
    );
    expect(text_embeds.dims).toEqual([2, TINY_CLIP_DIM]);
    expect(text_embeds.type).toBe("float32");

    const inputs = await processor([mostly(RGB.red, 1), mostly(RGB.green, 2), mostly(RGB.blue, 3)]);
    expect(inputs.pixel_values.dims).toEqual([3, 3, TINY_CLIP_IMAGE_SIZE, TINY_CLIP_IMAGE_SIZE]);
    const { image_embeds } = await vision(inputs);
    expect(image_embeds.dims).toEqual([3, TINY_CLIP_DIM]);
    expect(image_embeds.type).toBe("float32");
  });

  it("matches colour words with images of that colour, both ways", async () => {
    const texts = await embedTexts(COLOUR_TEXTS);
    const images = await embedImages(COLOURS.map((c, i) => mostly(RGB[c], 10 + i)));
    COLOURS.forEach((c, i) => {
      expect(COLOURS[nearest(texts[i] ?? [], images)], `text "${COLOUR_TEXTS[i]}"`).toBe(c);
      expect(COLOURS[nearest(images[i] ?? [], texts)], `${c} image`).toBe(c);
    });
    // A text without a colour word leans towards no colour: its similarity to every image is small.
    const [diagram = []] = await embedTexts(["a diagram of a transformer"]);
    for (const image of images) expect(Math.abs(cosine(diagram, image))).toBeLessThan(0.3);
  });

  it("reads a PNG from disk with RawImage.read and embeds it by its colour", async () => {
    const png = join(tempDir(), "blue.png");
    await sharp({ create: { width: 70, height: 50, channels: 3, background: { r: 10, g: 20, b: 230 } } })
      .png()
      .toFile(png);
    const [image = []] = await embedImages([await RawImage.read(png)]);
    const texts = await embedTexts(COLOUR_TEXTS);
    expect(COLOURS[nearest(image, texts)]).toBe("blue");
    expect(image[2]).toBeGreaterThan(0.5);
  });

  it("ignores padding: a text embeds the same alone and in a padded batch", async () => {
    const batch = [
      "red",
      "a long caption about a green diagram with many more words than the others",
      "a blue",
    ];
    const padded = tokenizer(batch, { padding: true, truncation: true });
    const together = rows((await text(padded)).text_embeds);
    for (const [i, t] of batch.entries()) {
      const alone = tokenizer([t], { padding: true, truncation: true });
      if (i !== 1) expect(alone.input_ids.dims[1]).toBeLessThan(padded.input_ids.dims[1] ?? 0); // really padded
      const [single = []] = rows((await text(alone)).text_embeds);
      for (const [d, x] of single.entries()) {
        expect(Math.abs(x - (together[i]?.[d] ?? Number.NaN)), `${t} dim ${d}`).toBeLessThan(1e-6);
      }
    }
  });

  it("is deterministic across loads", async () => {
    const image = mostly(RGB.green, 7);
    const texts = ["a red square", "a diagram"];
    const text2 = await CLIPTextModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "fp32" });
    const vision2 = await CLIPVisionModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "fp32" });
    try {
      expect(await embedTexts(texts, text2)).toEqual(await embedTexts(texts));
      expect(await embedImages([image], vision2)).toEqual(await embedImages([image]));
    } finally {
      await Promise.all([text2.dispose(), vision2.dispose()]);
    }
  });

  it('loads different, int8 files for dtype "q8" whose embeddings stay close to fp32', async () => {
    for (const base of ["text_model", "vision_model"]) {
      const fp32 = readFileSync(join(root, "onnx", `${base}.onnx`));
      const q8 = readFileSync(join(root, "onnx", `${base}_quantized.onnx`));
      expect(q8.equals(fp32), base).toBe(false);
    }
    expect(statSync(join(root, "onnx/text_model_quantized.onnx")).size).toBeLessThan(
      statSync(join(root, "onnx/text_model.onnx")).size / 2,
    );

    const textQ8 = await CLIPTextModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "q8" });
    const visionQ8 = await CLIPVisionModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "q8" });
    try {
      const texts = [...COLOUR_TEXTS, "a diagram", "x", "attention is all you need"];
      const images = COLOURS.map((c, i) => mostly(RGB[c], 20 + i));
      const pairs = [
        [await embedTexts(texts), await embedTexts(texts, textQ8)],
        [await embedImages(images), await embedImages(images, visionQ8)],
      ] as const;
      for (const [fp32, q8] of pairs) {
        expect(q8).not.toEqual(fp32); // int8 rounding shows: the quantized graph really ran
        for (const [i, row] of fp32.entries()) expect(cosine(row, q8[i] ?? [])).toBeGreaterThan(0.99);
      }
    } finally {
      await Promise.all([textQ8.dispose(), visionQ8.dispose()]);
    }
  });

  it("fails clearly, without going online, when the model dir is wrong", async () => {
    const wrong = tempDir();
    const notFound = (file: string): string =>
      `\`env.allowRemoteModels=false\` and file was not found locally at "${join(wrong, TINY_CLIP_NAME, file)}"`;
    env.localModelPath = wrong;
    try {
      const textLoad = CLIPTextModelWithProjection.from_pretrained(TINY_CLIP_NAME, { dtype: "fp32" });
      await expect(textLoad).rejects.toThrow(ModelFileNotFoundError);
      await expect(textLoad).rejects.toThrow(notFound("config.json"));
      await expect(CLIPVisionModelWithProjection.from_pretrained(TINY_CLIP_NAME)).rejects.toThrow(
        notFound("config.json"),
      );
      await expect(AutoProcessor.from_pretrained(TINY_CLIP_NAME)).rejects.toThrow(
        notFound("preprocessor_config.json"),
      );
    } finally {
      env.localModelPath = modelDir;
    }
  });
});
