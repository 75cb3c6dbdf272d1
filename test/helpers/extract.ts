/** Test helpers: extract notes from a folder in-process and look things up in the result. */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadVocabulary, type Vocabulary } from "../../ingest/markdown/vocabulary.js";
import { type Extraction, extractPaths } from "../../src/eval/collection.js";
import type { MergedGraph } from "../../src/graph/delta.js";

export const EXAMPLES = resolve(import.meta.dirname, "../../examples");
/** The example note (a real Hugo page bundle; README.md, "Example and test data", says where from). */
export const EXAMPLE_NOTE = join(EXAMPLES, "multimodal");
export const FIXTURES = resolve(import.meta.dirname, "../fixtures");

let vocabulary: Vocabulary | undefined;
export const builtinVocabulary = (): Vocabulary => {
  vocabulary ??= loadVocabulary();
  return vocabulary;
};

export type Extracted = Extraction;

/** Extract every note under `paths`, as the pipeline would, without a store. */
export function extractFolder(paths: string[], vocab: Vocabulary = builtinVocabulary()): Extracted {
  return extractPaths(paths, vocab);
}

export function tempCopy(source: string, name = "notegraph-"): string {
  const dir = mkdtempSync(join(tmpdir(), name));
  cpSync(source, dir, { recursive: true });
  return dir;
}

export const tempDir = (name = "notegraph-"): string => mkdtempSync(join(tmpdir(), name));

/** `"DESCRIBES note:a -> model:b"` strings, sorted: easy to assert and to read in a diff. */
export function edgeStrings(graph: MergedGraph, type?: string): string[] {
  return graph.edges
    .filter((e) => !type || e.type === type)
    .map((e) => `${e.type} ${e.from} -> ${e.to}`)
    .sort();
}

export function node(graph: MergedGraph, id: string) {
  return graph.nodes.find((n) => n.id === id);
}
