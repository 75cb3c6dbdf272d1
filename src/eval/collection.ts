/**
 * Extracts a labelled collection the way `kg ingest --dry-run` would (no store, no network,
 * the built-in vocabulary) and scores it against its labels.
 */
import { join, resolve } from "node:path";
import { extractNoteFile } from "../../ingest/markdown/extract-file.js";
import { buildCorpusIndex } from "../../ingest/markdown/resolve-assets.js";
import { loadVocabulary, type Vocabulary } from "../../ingest/markdown/vocabulary.js";
import { type GraphDelta, type MergedGraph, mergeDeltas, type NodeRecord } from "../graph/delta.js";
import { noteId } from "../graph/ids.js";
import { walkPaths } from "../pipeline/walk.js";
import type { Problem } from "../problems.js";
import { type Labels, readLabels } from "./labels.js";
import { type CollectionScore, scoreCollection } from "./score.js";

export interface Extraction extends MergedGraph {
  problems: Problem[];
  failed: string[];
  /** Absolute path of each note -> its id in the graph. */
  noteIds: Map<string, string>;
}

/** Extract every note under `paths`, as the pipeline would, without a store. */
export function extractPaths(
  paths: readonly string[],
  vocabulary: Vocabulary = loadVocabulary(),
): Extraction {
  const problems: Problem[] = [];
  const failed: string[] = [];
  const deltas: GraphDelta[] = [];
  const noteIds = new Map<string, string>();
  for (const root of walkPaths(paths)) {
    const corpus = buildCorpusIndex(
      root.notes.map((n) => n.relativePath),
      root.attachments,
    );
    for (const note of root.notes) {
      noteIds.set(note.absolutePath, noteId(note.relativePath));
      const outcome = extractNoteFile(note, vocabulary, corpus);
      problems.push(...outcome.problems);
      if (outcome.status === "ok") deltas.push(outcome.delta);
      else failed.push(note.relativePath);
    }
  }
  const merged = mergeDeltas(deltas);
  return { ...merged, nodes: merged.nodes.map(asFreshStoreHoldsIt), problems, failed, noteIds };
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

export interface CollectionRun {
  labels: Labels;
  extraction: Extraction;
  score: CollectionScore;
}

export function evaluateCollection(folder: string, vocabulary?: Vocabulary): CollectionRun {
  const base = resolve(folder);
  const labels = readLabels(base);
  const extraction = extractPaths(
    (labels.roots ?? ["."]).map((root) => join(base, root)),
    vocabulary,
  );
  const noteIds = new Map<string, string>();
  for (const key of Object.keys(labels.notes)) {
    const id = extraction.noteIds.get(join(base, key));
    if (id) noteIds.set(key, id);
  }
  return { labels, extraction, score: scoreCollection(extraction, labels, noteIds) };
}
