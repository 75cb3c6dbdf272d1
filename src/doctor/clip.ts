/**
 * Is the CLIP model there? Looked for where src/embed/clip.ts would load it from (a folder
 * under KG_MODEL_DIR, else the download cache), by its files alone: nothing is downloaded and
 * onnxruntime is not started. A missing model is a warning: `kg ingest --embed` still stores
 * notes and figures without it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { type ClipSettings, modelKey } from "../embed/settings.js";

export type ClipCheck = {
  /** `Xenova/clip-vit-base-patch32@fp32`. */
  key: string;
  model: string;
  quantized: boolean;
  /** Which commands use this model (`ingest`, `search`, `serve`). */
  usedBy: string[];
  /** KG_MODEL_DIR's folder, or the download cache's. */
  from: "model-dir" | "cache";
  folder: string;
} & ({ status: "available" } | { status: "missing"; missing: string[]; hint: string });

/** What transformers.js reads for CLIP's tokenizer, processor and the two towers. */
export function requiredFiles(quantized: boolean): string[] {
  const weights = quantized ? "_quantized" : "";
  return [
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "preprocessor_config.json",
    `onnx/text_model${weights}.onnx`,
    `onnx/vision_model${weights}.onnx`,
  ];
}

export function checkClip(settings: ClipSettings, usedBy: string[]): ClipCheck {
  // The hub cache keeps a model's files under `<cache>/<model id>/`, the layout of a model folder.
  const from = settings.modelDir ? "model-dir" : "cache";
  const folder = path.join(settings.modelDir ?? settings.cacheDir, settings.model);
  const base = {
    key: modelKey(settings),
    model: settings.model,
    quantized: settings.quantized,
    usedBy,
    from,
    folder,
  } as const;
  const missing = requiredFiles(settings.quantized).filter((file) => !existsSync(path.join(folder, file)));
  if (missing.length === 0) return { ...base, status: "available" };
  const hint = settings.modelDir
    ? `put the model's files in ${folder} (KG_MODEL_DIR is set, so nothing is downloaded)`
    : settings.offline
      ? "offline: put the model in a folder and set KG_MODEL_DIR, or run once with network access"
      : "`kg ingest --embed` downloads it from the Hugging Face hub on first use (needs network); or set KG_MODEL_DIR to a folder holding it";
  return { ...base, status: "missing", missing, hint };
}
