/** Test helpers: extract notes from a folder in-process and look things up in the result. */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { extractNoteFile } from "../../ingest/markdown/extract-file.js";
import { buildCorpusIndex } from "../../ingest/markdown/resolve-assets.js";
import { loadVocabulary, type Vocabulary } from "../../ingest/markdown/vocabulary.js";
import { type MergedGraph, mergeDeltas, type NodeRecord } from "../../src/graph/delta.js";
import { walkPaths } from "../../src/pipeline/walk.js";
import type { Problem } from "../../src/problems.js";

export const EXAMPLES = resolve(import.meta.dirname, "../../examples");
/** The example note (a real Hugo page bundle; README.md, "Example and test data", says where from). */
export const EXAMPLE_NOTE = join(EXAMPLES, "multimodal");
export const FIXTURES = resolve(import.meta.dirname, "../fixtures");

let vocabulary: Vocabulary | undefined;
export const builtinVocabulary = (): Vocabulary => {
  vocabulary ??= loadVocabulary();
  return vocabulary;
};

export interface Extracted extends MergedGraph {
  problems: Problem[];
  failed: string[];
}

/** Extract every note under `paths`, as the pipeline would, without a store. */
export function extractFolder(paths: string[], vocab: Vocabulary = builtinVocabulary()): Extracted {
  const problems: Problem[] = [];
  const failed: string[] = [];
  const deltas = [];
  for (const root of walkPaths(paths)) {
    const corpus = buildCorpusIndex(
      root.notes.map((n) => n.relativePath),
      root.attachments,
    );
    for (const note of root.notes) {
      const outcome = extractNoteFile(note, vocab, corpus);
      problems.push(...outcome.problems);
      if (outcome.status === "ok") deltas.push(outcome.delta);
      else failed.push(note.relativePath);
    }
  }
  const merged = mergeDeltas(deltas);
  return { ...merged, nodes: merged.nodes.map(asFreshStoreHoldsIt), problems, failed };
}

/** A node's properties as an empty store would hold them: defaults filled in under the properties. */
function asFreshStoreHoldsIt<N extends NodeRecord>(node: N): N {
  if (!node.defaults) return node;
  const props = { ...node.props };
  for (const [key, value] of Object.entries(node.defaults)) {
    if ((props[key] ?? null) === null && value !== null) props[key] = value;
  }
  const { defaults: _shown, ...rest } = node;
  return { ...rest, props } as N;
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
