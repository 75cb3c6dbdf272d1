/**
 * Watches the folders (and files) given to `kg watch` / `kg serve --watch` with chokidar and
 * reports each file added, changed or removed that the graph can depend on: notes, and the
 * images notes show. What the walk skips (hidden folders such as .git, .obsidian and .kg,
 * node_modules, build output) is not watched either.
 */
import { basename, extname, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { isMarkdownFile } from "../../ingest/markdown/resolve-assets.js";
import { SKIPPED_DIRECTORIES } from "../pipeline/walk.js";

/** A folder added or removed counts too: what it held may have come or gone without file events. */
export type FileChange = "add" | "change" | "unlink" | "addDir" | "unlinkDir";

/** Files a figure may be read from (ingest/markdown/resolve-assets.ts reads any; these are images). */
const IMAGE_EXTENSIONS = new Set([
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".svg",
  ".bmp",
  ".avif",
  ".tif",
  ".tiff",
]);

export const isImageFile = (path: string): boolean => IMAGE_EXTENSIONS.has(extname(path).toLowerCase());

/** Whether a path is one the walk would skip: inside a hidden or skipped folder, or hidden itself. */
export function isIgnoredPath(path: string, roots: readonly string[]): boolean {
  const root = roots.find((given) => path === given || path.startsWith(`${given}${sep}`));
  const inside = root === undefined ? path : path.slice(root.length);
  return inside
    .split(sep)
    .filter(Boolean)
    .some((part) => part.startsWith(".") || SKIPPED_DIRECTORIES.has(part));
}

export interface FileWatcher {
  /** Resolves once the folders are being watched: a change after this is seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * `onChange` gets absolute paths of notes and images (`paths` must be absolute). `onError`
 * gets watcher errors (a folder that cannot be read, too many watches).
 */
export function watchFiles(
  paths: readonly string[],
  onChange: (path: string, change: FileChange) => void,
  onError: (error: Error) => void,
): FileWatcher {
  const watcher: FSWatcher = watch([...paths], {
    ignoreInitial: true,
    // Editors that save by writing a temporary file and renaming it over the note: one change.
    atomic: true,
    // A file is reported once its size has held for a moment: never read half-written (a
    // note caught between truncation and write would store an empty note over the real one).
    awaitWriteFinish: { stabilityThreshold: 120, pollInterval: 40 },
    ignored: (path, stats) =>
      isIgnoredPath(path, paths) ||
      (stats?.isFile() === true && !isMarkdownFile(path) && !isImageFile(path)) ||
      basename(path).endsWith("~"),
  });
  for (const event of ["add", "change", "unlink"] as const) {
    watcher.on(event, (path: string) => {
      if (isMarkdownFile(path) || isImageFile(path)) onChange(path, event);
    });
  }
  for (const event of ["addDir", "unlinkDir"] as const)
    watcher.on(event, (path: string) => onChange(path, event));
  watcher.on("error", (error) => onError(error instanceof Error ? error : new Error(String(error))));
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return { ready, close: () => watcher.close() };
}
