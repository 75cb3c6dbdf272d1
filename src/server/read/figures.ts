/**
 * Figures over HTTP: the image file of a figure the graph knows, only when its real path
 * (symlinks followed) lies inside one of the allowed roots, and text-to-figure search hits
 * as the API returns them.
 */
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { ClipEmbedder } from "../../embed/clip.js";
import { searchFiguresByText } from "../../search/figures.js";
import type { GraphStore } from "../../store/types.js";
import type { FigureSearchHit } from "../api-types.js";
import { isInside } from "./excerpt.js";
import { READ, stringOrNull } from "./subgraph.js";

export type FigureFile = { ok: true; path: string; contentType: string } | { ok: false; reason: string };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  ico: "image/x-icon",
  heic: "image/heic",
  heif: "image/heif",
};

/** `image/png` from a figure's `format` (as image-size names it) or its file extension; null if not an image. */
export function imageContentType(format: string | null, file: string): string | null {
  const fromFormat = format ? CONTENT_TYPES[format.toLowerCase()] : undefined;
  return fromFormat ?? CONTENT_TYPES[path.extname(file).slice(1).toLowerCase()] ?? null;
}

/** The real paths of `roots` that exist (so symlinked roots compare by what they point at). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const root of roots) {
    try {
      found.add(await realpath(root));
    } catch {
      // A root that is gone allows nothing.
    }
  }
  return [...found];
}

/** Where the image of figure `id` is, when it may be served; else why not (a 404 over HTTP). */
export async function figureFile(
  store: GraphStore,
  id: string,
  roots: readonly string[],
): Promise<FigureFile> {
  const { rows } = await store.query(
    "MATCH (f:Figure {id: $id}) RETURN f.localPath AS localPath, f.format AS format, f.src AS src",
    { id },
    READ,
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: `no figure '${id}' in the graph` };
  const localPath = stringOrNull(row.localPath);
  if (!localPath) {
    return {
      ok: false,
      reason: `figure '${id}' has no local copy (its source is ${stringOrNull(row.src) ?? "unknown"})`,
    };
  }
  let real: string;
  try {
    real = await realpath(localPath);
    if (!(await stat(real)).isFile()) throw new Error("not a file");
  } catch {
    return { ok: false, reason: `the image file of figure '${id}' is gone` };
  }
  if (!roots.some((root) => isInside(real, root))) {
    return { ok: false, reason: `the image file of figure '${id}' is outside the note folders` };
  }
  const contentType = imageContentType(stringOrNull(row.format), real);
  if (!contentType) return { ok: false, reason: `the file of figure '${id}' is not an image type served` };
  return { ok: true, path: real, contentType };
}

/** The API path of a figure's image bytes. */
export const figureImageUrl = (id: string): string => `/api/figures/${encodeURIComponent(id)}/image`;

export async function searchFigureHits(
  store: GraphStore,
  embedder: ClipEmbedder,
  text: string,
  k: number,
): Promise<FigureSearchHit[]> {
  const matches = await searchFiguresByText(store, embedder, text, k);
  return matches.map((match) => ({
    id: match.figure,
    src: match.src,
    score: match.score,
    image: match.localPath ? figureImageUrl(match.figure) : null,
    alt: match.alt,
    caption: match.caption,
    notes: match.notes,
    depicts: match.depicts,
  }));
}
