/**
 * The I/O half of Markdown extraction: read each local figure (hash its bytes, read its
 * size and dimensions) and resolve note links against the corpus. Everything that cannot
 * be resolved becomes a warning with its line; the figure or link is never dropped silently.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { imageSize } from "image-size";
import { sha256 } from "../../src/graph/ids.js";
import type { Problem } from "../../src/problems.js";
import type { NoteRecord } from "./note-record.js";

export interface FigureAsset {
  /** sha256 of the image bytes, or of the src when the bytes are unavailable. */
  hash: string;
  localPath: string | null;
  bytes: number | null;
  format: string | null;
  width: number | null;
  height: number | null;
}

export interface ResolvedAssets {
  figures: Record<string, FigureAsset>;
  /** Link target as written -> the linked note's path relative to the root, or null when broken. */
  notes: Record<string, string | null>;
}

/** The notes of this ingest, for link resolution: relative paths, and relative paths by lower-case file name. */
export interface CorpusIndex {
  paths: ReadonlySet<string>;
  byName: ReadonlyMap<string, string[]>;
  /** Non-note files (attachments) by lower-case file name, for Obsidian `![[image.png]]` embeds. */
  attachmentsByName?: ReadonlyMap<string, string[]>;
}

/** A note's key in `CorpusIndex.byName`: its file name without `.md`, in lower case. */
function noteNameKey(path: string): string {
  return posix.basename(path).replace(MARKDOWN_EXTENSION, "").toLowerCase();
}

export function buildCorpusIndex(
  relativePaths: Iterable<string>,
  attachments: Iterable<string> = [],
): CorpusIndex {
  const byName = new Map<string, string[]>();
  const paths = new Set<string>();
  for (const path of relativePaths) {
    paths.add(path);
    const name = noteNameKey(path);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  const attachmentsByName = new Map<string, string[]>();
  for (const path of attachments) {
    const name = posix.basename(path).toLowerCase();
    attachmentsByName.set(name, [...(attachmentsByName.get(name) ?? []), path]);
  }
  return { paths, byName, attachmentsByName };
}

const REMOTE = /^(?:https?:)?\/\//i;
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;

export function resolveAssets(
  record: NoteRecord,
  context: { root: string; absolutePath: string; corpus: CorpusIndex },
): { assets: ResolvedAssets; problems: Problem[] } {
  const problems: Problem[] = [];
  const figures: Record<string, FigureAsset> = {};
  const warn = (line: number, rule: string, message: string) =>
    problems.push({ file: record.path, line, rule, severity: "warning", message });

  for (const figure of record.figures) {
    if (figures[figure.src]) continue;
    figures[figure.src] = figureAsset(figure.src, figure.line, context, warn);
  }

  const notes: Record<string, string | null> = {};
  for (const link of record.links) {
    if ((link.kind !== "note" && link.kind !== "wikilink") || link.target in notes) continue;
    let target =
      link.kind === "note"
        ? resolveRelativeNote(link.target, record.path, context.corpus)
        : resolveWikilink(link.target, record.path, context.corpus);
    // A note moved after it was linked: the one note of that file name is what the link meant.
    const moved = !target && link.kind === "note" ? onlyNoteNamed(link.target, context.corpus) : null;
    if (moved) {
      target = moved;
      warn(
        link.line,
        "link/resolved-by-name",
        `no note at '${link.target}'; linked to the one note of that name, '${moved}'`,
      );
    }
    notes[link.target] = target;
    if (!target)
      warn(link.line, "link/broken", `broken link: no note '${link.target}' among the notes being ingested`);
  }
  return { assets: { figures, notes }, problems };
}

function figureAsset(
  src: string,
  line: number,
  context: { root: string; absolutePath: string; corpus: CorpusIndex },
  warn: (line: number, rule: string, message: string) => void,
): FigureAsset {
  const unavailable = (): FigureAsset => ({
    hash: sha256(src),
    localPath: null,
    bytes: null,
    format: null,
    width: null,
    height: null,
  });
  if (REMOTE.test(src)) return unavailable();
  if (src.startsWith("data:")) return dataUriAsset(src, line, warn) ?? unavailable();
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^[a-z]:[\\/]/i.test(src)) {
    warn(line, "figure/unsupported-src", `figure source '${src}' is neither a file nor an http(s) URL`);
    return unavailable();
  }
  const path = locateFigure(src, context);
  if (!path) {
    warn(line, "figure/missing-file", `figure file not found: ${src}`);
    return unavailable();
  }
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_IMAGE_BYTES) {
      warn(line, "figure/too-large", `figure file ${src} is ${Math.round(size / 1048576)} MB; not hashed`);
      return { ...unavailable(), localPath: path, bytes: size };
    }
    bytes = readFileSync(path);
  } catch (error) {
    warn(line, "figure/unreadable", `cannot read figure file ${src}: ${(error as Error).message}`);
    return unavailable();
  }
  return { hash: sha256(bytes), localPath: path, bytes: bytes.length, ...dimensions(bytes, src, line, warn) };
}

function locateFigure(
  src: string,
  context: { root: string; absolutePath: string; corpus: CorpusIndex },
): string | null {
  const clean = src.split(/[?#]/)[0] ?? src;
  let decoded = clean;
  try {
    decoded = decodeURI(clean);
  } catch {
    // A stray % in a file name: use the path as written.
  }
  const candidates = new Set<string>();
  for (const path of [decoded, clean]) {
    if (isAbsolute(path)) candidates.add(path);
    candidates.add(resolve(dirname(context.absolutePath), path));
    candidates.add(resolve(context.root, path.replace(/^\/+/, "")));
    // Hugo serves a site-root path (`/images/x.png`) from its static/ folder.
    if (path.startsWith("/")) candidates.add(resolve(context.root, "static", path.replace(/^\/+/, "")));
  }
  for (const match of context.corpus.attachmentsByName?.get(posix.basename(decoded).toLowerCase()) ?? []) {
    candidates.add(join(context.root, match));
  }
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not there: try the next place.
    }
  }
  return null;
}

function dataUriAsset(
  src: string,
  line: number,
  warn: (line: number, rule: string, message: string) => void,
): FigureAsset | null {
  const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(src);
  if (!match) {
    warn(line, "figure/bad-data-uri", "figure data URI is malformed");
    return null;
  }
  const bytes = match[2]
    ? Buffer.from(match[3] ?? "", "base64")
    : Buffer.from(decodeURIComponent(match[3] ?? ""));
  return {
    hash: sha256(bytes),
    localPath: null,
    bytes: bytes.length,
    ...dimensions(bytes, "data URI", line, warn),
  };
}

function dimensions(
  bytes: Uint8Array,
  label: string,
  line: number,
  warn: (line: number, rule: string, message: string) => void,
): Pick<FigureAsset, "format" | "width" | "height"> {
  if (bytes.length === 0) {
    warn(line, "figure/empty-file", `figure file ${label} is empty`);
    return { format: null, width: null, height: null };
  }
  try {
    const size = imageSize(bytes);
    return { format: size.type ?? null, width: size.width ?? null, height: size.height ?? null };
  } catch (error) {
    warn(line, "figure/unreadable-image", `cannot read image ${label}: ${(error as Error).message}`);
    return { format: null, width: null, height: null };
  }
}

/** A link target with its `%20`s decoded (as written when it is not valid percent-encoding). */
function decodedTarget(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

function resolveRelativeNote(target: string, notePath: string, corpus: CorpusIndex): string | null {
  const decoded = decodedTarget(target);
  const joined = decoded.startsWith("/")
    ? posix.normalize(decoded.slice(1))
    : posix.normalize(posix.join(posix.dirname(notePath), decoded.split(sep).join("/")));
  return corpus.paths.has(joined) ? joined : null;
}

/** The one note whose file name is the link's (`../Other/Name.md` -> `papers/Name.md`), or null. */
function onlyNoteNamed(target: string, corpus: CorpusIndex): string | null {
  const decoded = decodedTarget(target);
  if (!isMarkdownFile(decoded)) return null;
  const matches = corpus.byName.get(noteNameKey(decoded.split(sep).join("/"))) ?? [];
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** Obsidian semantics: `[[Name]]` is the note of that file name; `[[folder/Name]]` narrows it. */
function resolveWikilink(target: string, notePath: string, corpus: CorpusIndex): string | null {
  const withExtension = isMarkdownFile(target) ? target : `${target}.md`;
  if (corpus.paths.has(withExtension)) return withExtension;
  const matches = (corpus.byName.get(noteNameKey(target)) ?? []).filter((path) =>
    path.toLowerCase().endsWith(withExtension.toLowerCase()),
  );
  if (matches.length === 0) return null;
  // Several notes share the name: prefer the one nearest the linking note.
  const here = posix.dirname(notePath);
  return (
    [...matches].sort((a, b) => posix.relative(here, a).length - posix.relative(here, b).length)[0] ?? null
  );
}

export const relativeTo = (root: string, absolutePath: string): string =>
  relative(root, absolutePath).split(sep).join("/");
/**
 * Markdown under the names its tools give it: Quarto (`.qmd`), R Markdown (`.Rmd`) and MDX
 * (`.mdx`, Docusaurus) are Markdown with extras a note's reader can skip.
 */
const MARKDOWN_EXTENSION = /\.(?:md|markdown|mdx|qmd|rmd)$/i;
export const isMarkdownFile = (path: string): boolean => MARKDOWN_EXTENSION.test(extname(path));
