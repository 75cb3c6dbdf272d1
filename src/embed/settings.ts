/**
 * Which CLIP model to use and where it comes from (DESIGN.md, "Embeddings"): a Hugging Face
 * hub id cached locally, or a folder laid out as `<KG_MODEL_DIR>/<model id>/` for machines
 * that cannot reach the hub. Pure: reads the environment it is given.
 */
import os from "node:os";
import path from "node:path";

export const DEFAULT_CLIP_MODEL = "Xenova/clip-vit-base-patch32";

export interface ClipSettings {
  /** Hub id (`Xenova/clip-vit-base-patch32`) or a folder name under `modelDir`. */
  model: string;
  /** Load from `<modelDir>/<model>/` only; never the network. */
  modelDir: string | null;
  /** Where hub downloads are cached. */
  cacheDir: string;
  /** The 8-bit weights (`*_quantized.onnx`): smaller, faster, slightly less exact. */
  quantized: boolean;
  /** onnxruntime intra-op threads. */
  threads: number;
  /** No downloads: the cache or `modelDir` only. */
  offline: boolean;
}

export interface ClipSettingsInput {
  model?: string | undefined;
  quantized?: boolean | undefined;
  threads?: number | undefined;
  offline?: boolean | undefined;
}

export function resolveClipSettings(
  input: ClipSettingsInput,
  env: NodeJS.ProcessEnv = process.env,
  cores = os.availableParallelism(),
): ClipSettings {
  return {
    model: input.model ?? (env.KG_CLIP_MODEL || DEFAULT_CLIP_MODEL),
    modelDir: env.KG_MODEL_DIR ? path.resolve(env.KG_MODEL_DIR) : null,
    cacheDir: path.resolve(env.KG_CACHE_DIR ?? path.join(os.homedir(), ".cache", "notegraph"), "models"),
    quantized: input.quantized ?? env.KG_CLIP_QUANTIZED === "1",
    // Measured in bench/ (embedding section): on 2 cores, one thread per core.
    threads: input.threads ?? Math.max(1, cores),
    offline: input.offline ?? env.KG_OFFLINE === "1",
  };
}

/** Names the vectors a model makes: embeddings of two keys are never compared. */
export function modelKey(settings: Pick<ClipSettings, "model" | "quantized">): string {
  return `${settings.model}@${settings.quantized ? "q8" : "fp32"}`;
}
