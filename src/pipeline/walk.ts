/**
 * Finds the notes (and their attachments) under the paths a user gives `kg ingest`.
 * A folder is an ingest root; a single file's root is its folder. Hidden folders
 * (.git, .obsidian, .kg), node_modules and build output are skipped.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isMarkdownFile, relativeTo } from "../../ingest/markdown/resolve-assets.js";
import { UsageError } from "../errors.js";

export interface NoteSource {
  root: string;
  absolutePath: string;
  relativePath: string;
}

export interface IngestRoot {
  root: string;
  notes: NoteSource[];
  /** Every other file under the root, relative, for Obsidian-style attachment lookup. */
  attachments: string[];
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", "public", "resources", "dist"]);

export function walkPaths(paths: readonly string[]): IngestRoot[] {
  const roots = new Map<string, IngestRoot>();
  for (const given of paths) {
    const absolute = resolve(given);
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or folder: ${given}`);
    }
    if (stats.isDirectory()) {
      const root = roots.get(absolute) ?? { root: absolute, notes: [], attachments: [] };
      collect(absolute, absolute, root);
      roots.set(absolute, root);
    } else {
      const rootPath = dirname(absolute);
      const root = roots.get(rootPath) ?? { root: rootPath, notes: [], attachments: [] };
      if (!root.notes.some((note) => note.absolutePath === absolute)) {
        root.notes.push({ root: rootPath, absolutePath: absolute, relativePath: basename(absolute) });
      }
      roots.set(rootPath, root);
    }
  }
  for (const root of roots.values()) root.notes.sort((a, b) => compare(a.relativePath, b.relativePath));
  return [...roots.values()];
}

function collect(directory: string, rootPath: string, root: IngestRoot): void {
  const entries = readdirSync(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) collect(path, rootPath, root);
    } else if (entry.isFile()) {
      const relativePath = relativeTo(rootPath, path);
      if (isMarkdownFile(path)) root.notes.push({ root: rootPath, absolutePath: path, relativePath });
      else root.attachments.push(relativePath);
    }
  }
}

/** Code-point order, independent of locale, so ingest order (and first evidence) is stable. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
