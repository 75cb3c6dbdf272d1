/**
 * CLIP through @huggingface/transformers: the text and vision towers loaded separately (so a
 * text search never loads the vision tower's weights twice over), batched inference, rows
 * normalised to unit length. `loadClip` never throws for a missing model: it says why.
 */
import path from "node:path";
import type {
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  PreTrainedTokenizer,
  Processor,
  Tensor,
} from "@huggingface/transformers";
import { type ClipSettings, modelKey } from "./settings.js";

export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface ClipEmbedder {
  /** `<model>@fp32|q8`: stored on figures as `embeddingModel`. */
  readonly key: string;
  readonly dimensions: number;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  embedImages(images: readonly RgbImage[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export type ClipLoad = { ok: true; embedder: ClipEmbedder } | { ok: false; reason: string };

type Transformers = typeof import("@huggingface/transformers");

export async function loadClip(settings: ClipSettings): Promise<ClipLoad> {
  // Imported here: loading onnxruntime costs ~0.3 s, which commands without --embed skip.
  const transformers: Transformers = await import("@huggingface/transformers");
  configureEnvironment(transformers, settings);
  const options = {
    dtype: settings.quantized ? ("q8" as const) : ("fp32" as const),
    device: "cpu" as const,
    session_options: { intraOpNumThreads: settings.threads, interOpNumThreads: 1 },
  };
  // A folder's absolute path, not `<model>` under env.localModelPath: transformers.js caches
  // tokenizer file lookups per process by the name it was given, so one failed load of a name
  // would poison every later one in the process.
  const id = settings.modelDir ? path.join(settings.modelDir, settings.model) : settings.model;
  try {
    const [tokenizer, processor, text, vision] = await Promise.all([
      transformers.AutoTokenizer.from_pretrained(id),
      transformers.AutoProcessor.from_pretrained(id),
      transformers.CLIPTextModelWithProjection.from_pretrained(id, options),
      transformers.CLIPVisionModelWithProjection.from_pretrained(id, options),
    ]);
    const embedder = new TransformersClip(transformers, settings, tokenizer, processor, text, vision);
    const [probe] = await embedder.embedTexts(["a diagram"]);
    embedder.dimensions = probe?.length ?? 0;
    return { ok: true, embedder };
  } catch (error) {
    return { ok: false, reason: explainLoadFailure(settings, error) };
  }
}

function configureEnvironment(transformers: Transformers, settings: ClipSettings): void {
  const { env } = transformers;
  if (settings.modelDir) {
    env.localModelPath = `${settings.modelDir}${path.sep}`;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else if (settings.offline) {
    // transformers.js refuses to run with both sources off; its cache has the layout of a
    // local model folder, so offline the cache is the local folder.
    env.localModelPath = `${settings.cacheDir}${path.sep}`;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
  }
  env.cacheDir = settings.cacheDir;
  env.useFSCache = true;
}

function explainLoadFailure(settings: ClipSettings, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, "");
  if (settings.modelDir) {
    return `cannot load CLIP model "${settings.model}" from ${path.join(settings.modelDir, settings.model)} (KG_MODEL_DIR): ${message}`;
  }
  const where = settings.offline ? "offline, and it is not in the cache" : "it could not be downloaded";
  return (
    `cannot load CLIP model "${settings.model}" (${where}; cache ${settings.cacheDir}): ${message}. ` +
    "Put the model in a folder and set KG_MODEL_DIR, or run once with network access."
  );
}

/** Rows of a [n, d] tensor scaled to unit length. */
function unitRows(tensor: Tensor): Float32Array[] {
  const [rows = 0, columns = 0] = tensor.dims;
  const data = tensor.data as Float32Array;
  const out: Float32Array[] = [];
  for (let row = 0; row < rows; row++) {
    const vector = data.slice(row * columns, (row + 1) * columns);
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / norm;
    out.push(vector);
  }
  return out;
}

class TransformersClip implements ClipEmbedder {
  readonly key: string;
  dimensions = 0;

  constructor(
    private readonly transformers: Transformers,
    settings: ClipSettings,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly processor: Processor,
    private readonly text: CLIPTextModelWithProjection,
    private readonly vision: CLIPVisionModelWithProjection,
  ) {
    this.key = modelKey(settings);
  }

  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const inputs = this.tokenizer([...texts], { padding: true, truncation: true });
    const { text_embeds } = (await this.text(inputs)) as { text_embeds: Tensor };
    return unitRows(text_embeds);
  }

  async embedImages(images: readonly RgbImage[]): Promise<Float32Array[]> {
    if (images.length === 0) return [];
    const raw = images.map(
      (image) =>
        new this.transformers.RawImage(new Uint8ClampedArray(image.rgb), image.width, image.height, 3),
    );
    const inputs = await this.processor(raw);
    const { image_embeds } = (await this.vision(inputs)) as { image_embeds: Tensor };
    return unitRows(image_embeds);
  }

  async close(): Promise<void> {
    await Promise.all([this.text.dispose(), this.vision.dispose()]);
  }
}
