/**
 * Finds the notes (and their attachments) under the paths a user gives `kg ingest`, and
 * decides each note's id: its path relative to the vault it lives in, whatever paths were
 * given. `kg ingest vault/`, `kg ingest vault/Papers` and `kg ingest .` inside the vault
 * name the same file the same way, and two files never share an id.
 *
 * The vault is the nearest folder at or above a given path that marks one (an Obsidian
 * `.obsidian`, a `.git`, a `kg.config.*`, a Hugo site config); without any, the given folder
 * itself. Files found twice (the same folder given twice, one folder inside another) are
 * walked once. Hidden folders (.git, .obsidian, .kg), node_modules and build output are skipped.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, parse, resolve } from "node:path";
import { isMarkdownFile, relativeTo } from "../../ingest/markdown/resolve-assets.js";
import { UsageError } from "../errors.js";

export interface NoteSource {
  /** The vault root the id is relative to. */
  root: string;
  absolutePath: string;
  /** Path relative to the root, forward slashes: the note's id (`note:<relativePath>`). */
  relativePath: string;
}

export interface IngestRoot {
  root: string;
  notes: NoteSource[];
  /** Every other file found under the given paths, relative to the root, for Obsidian-style attachment lookup. */
  attachments: string[];
  /** The folders (or files) the user gave that lie in this root, absolute: what `--prune` may remove notes under. */
  given: string[];
}

/** Folders never walked (besides hidden ones): dependencies and a static site's build output. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  "node_modules",
  "public",
  "resources",
  "dist",
]);

/** Files or folders whose presence makes a folder a vault root. */
const VAULT_MARKERS = [
  ".obsidian",
  ".git",
  "kg.config.json",
  "kg.config.yaml",
  "kg.config.yml",
  "hugo.toml",
  "hugo.yaml",
  "hugo.json",
] as const;

/** The nearest folder at or above `folder` holding a vault marker, or null. */
export function findVaultRoot(folder: string): string | null {
  let current = resolve(folder);
  const { root: fileSystemRoot } = parse(current);
  for (;;) {
    if (VAULT_MARKERS.some((marker) => existsSync(join(current, marker)))) return current;
    // A Hugo site predating hugo.toml: config.toml beside a content/ folder.
    if (existsSync(join(current, "config.toml")) && existsSync(join(current, "content"))) return current;
    if (current === fileSystemRoot) return null;
    current = dirname(current);
  }
}

export function walkPaths(paths: readonly string[]): IngestRoot[] {
  const roots = new Map<string, IngestRoot>();
  const seen = new Set<string>();
  const rootOf = (folder: string, given: string): IngestRoot => {
    const rootPath = findVaultRoot(folder) ?? folder;
    let root = roots.get(rootPath);
    if (!root) {
      root = { root: rootPath, notes: [], attachments: [], given: [] };
      roots.set(rootPath, root);
    }
    if (!root.given.includes(given)) root.given.push(given);
    return root;
  };
  for (const given of paths) {
    const absolute = resolve(given);
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or folder: ${given}`);
    }
    if (stats.isDirectory()) {
      const root = rootOf(absolute, absolute);
      collect(absolute, root, seen);
    } else {
      const root = rootOf(dirname(absolute), absolute);
      if (!seen.has(absolute)) {
        seen.add(absolute);
        root.notes.push({
          root: root.root,
          absolutePath: absolute,
          relativePath: relativeTo(root.root, absolute),
        });
      }
    }
  }
  for (const root of roots.values()) {
    root.notes.sort((a, b) => compare(a.relativePath, b.relativePath));
    root.attachments.sort(compare);
  }
  return disambiguate([...roots.values()]);
}

function collect(directory: string, root: IngestRoot, seen: Set<string>): void {
  const entries = readdirSync(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) collect(path, root, seen);
    } else if (entry.isFile()) {
      if (seen.has(path)) continue;
      seen.add(path);
      const relativePath = relativeTo(root.root, path);
      if (isMarkdownFile(path)) root.notes.push({ root: root.root, absolutePath: path, relativePath });
      else root.attachments.push(relativePath);
    }
  }
}

/**
 * Two roots without a vault marker can hold files with the same relative path
 * (`kg ingest a/ b/`, both holding `index.md`). Such roots are re-rooted at their common
 * parent folder, so every id in one run names one file.
 */
function disambiguate(roots: IngestRoot[]): IngestRoot[] {
  const owners = new Map<string, IngestRoot[]>();
  for (const root of roots) {
    for (const note of root.notes)
      owners.set(note.relativePath, [...(owners.get(note.relativePath) ?? []), root]);
  }
  const clashing = new Set([...owners.values()].filter((list) => list.length > 1).flat());
  if (clashing.size === 0) return roots;
  const base = commonParent([...clashing].map((root) => root.root));
  const merged: IngestRoot = { root: base, notes: [], attachments: [], given: [] };
  for (const root of clashing) {
    merged.given.push(...root.given);
    merged.notes.push(
      ...root.notes.map((note) => ({
        ...note,
        root: base,
        relativePath: relativeTo(base, note.absolutePath),
      })),
    );
    merged.attachments.push(...root.attachments.map((file) => relativeTo(base, join(root.root, file))));
  }
  merged.notes.sort((a, b) => compare(a.relativePath, b.relativePath));
  return [...roots.filter((root) => !clashing.has(root)), merged];
}

function commonParent(folders: string[]): string {
  let common = dirname(folders[0] ?? "/");
  while (!folders.every((folder) => folder === common || folder.startsWith(`${common}/`))) {
    const up = dirname(common);
    if (up === common) break;
    common = up;
  }
  return common;
}

/** Code-point order, independent of locale, so ingest order (and first evidence) is stable. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
