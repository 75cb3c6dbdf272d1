/**
 * The CLIP model behind figure search, loaded on first use and kept: a source may hand back
 * an embedder, a `ClipLoad` (with the reason when it failed), or null (no model configured).
 * A failed load is retried after a while, so a model put in place later is found.
 */
import { type ClipEmbedder, type ClipLoad, loadClip } from "../embed/clip.js";
import { type ClipSettingsInput, resolveClipSettings } from "../embed/settings.js";

export type ClipSource = () => Promise<ClipEmbedder | ClipLoad | null>;

export interface SharedClip {
  get(): Promise<ClipLoad>;
  close(): Promise<void>;
}

/** The default source: the model `kg search --figures` would use (KG_MODEL_DIR, KG_CLIP_MODEL, ...). */
export function defaultClipSource(input: ClipSettingsInput = {}): ClipSource {
  return () => loadClip(resolveClipSettings(input));
}

export function sharedClip(source: ClipSource | undefined, retryAfterMs = 30_000): SharedClip {
  let current: Promise<ClipLoad> | null = null;
  let failedAt = 0;
  const load = async (): Promise<ClipLoad> => {
    if (!source) return { ok: false, reason: "no CLIP model is configured for this server" };
    try {
      const loaded = await source();
      if (loaded === null) return { ok: false, reason: "no CLIP model is configured for this server" };
      return "ok" in loaded ? loaded : { ok: true, embedder: loaded };
    } catch (error) {
      return {
        ok: false,
        reason: `cannot load the CLIP model: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  };
  return {
    get(): Promise<ClipLoad> {
      if (current && failedAt > 0 && Date.now() - failedAt > retryAfterMs) current = null;
      if (!current) {
        failedAt = 0;
        current = load().then((loaded) => {
          if (!loaded.ok) failedAt = Date.now();
          return loaded;
        });
      }
      return current;
    },
    async close(): Promise<void> {
      const loaded = await current;
      current = null;
      if (loaded?.ok) await loaded.embedder.close();
    },
  };
}
