/**
 * The bibliography files a note's front matter names (citekeys.ts), read from beside the note.
 * Their bytes are part of what the note's graph is made from, so they are folded into its hash
 * (extract-file.ts): a changed `.bib` re-extracts the notes that cite from it.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { bibliographyPaths } from "./citekeys.js";

export interface BibliographyFile {
  /** As the front matter writes it. */
  path: string;
  /** null: it could not be read (missing, a folder, no permission). */
  bytes: Buffer | null;
}

export function readBibliographies(
  notePath: string,
  bytes: Uint8Array,
): { line: number; files: BibliographyFile[] } | null {
  // Most notes name none: a byte search spares them decoding.
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("bibliography")) return null;
  const named = bibliographyPaths(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)));
  if (!named) return null;
  return {
    line: named.line,
    files: named.paths.map((path) => {
      try {
        return { path, bytes: readFileSync(resolve(dirname(notePath), path)) };
      } catch {
        return { path, bytes: null };
      }
    }),
  };
}
