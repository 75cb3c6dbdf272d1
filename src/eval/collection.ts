/**
 * Extracts a labelled collection the way `kg ingest --dry-run` would (no store, no network,
 * the built-in vocabulary) and scores it against its labels.
 */
import { join, resolve } from "node:path";
import { extractNoteFile } from "../../ingest/markdown/extract-file.js";
import { buildCorpusIndex } from "../../ingest/markdown/resolve-assets.js";
import { loadVocabulary, type Vocabulary } from "../../ingest/markdown/vocabulary.js";
import { edgeKey, type GraphDelta, type MergedGraph, mergeDeltas, type NodeRecord } from "../graph/delta.js";
import { noteId, TITLE_PAPER_PREFIX } from "../graph/ids.js";
import { linkedCitationsInDeltas } from "../graph/linked-citations.js";
import { titleMerges } from "../pipeline/reconcile-papers.js";
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
  // What the store derives once every note is written: citations through links to paper notes.
  const merged = mergeDeltas([...deltas, ...linkedCitationsInDeltas(deltas)]);
  const graph = joinTitlePapers({ ...merged, nodes: merged.nodes.map(asFreshStoreHoldsIt) });
  return { ...graph, problems, failed, noteIds };
}

/**
 * What the store's reconcileTitlePapers does after an ingest, in memory: a paper a note knows
 * only by its title becomes the arXiv (or DOI) paper of the same title key, when there is one.
 */
function joinTitlePapers(graph: MergedGraph): MergedGraph {
  const titleOnly = new Map<string, string>();
  const arxivByKey = new Map<string, string[]>();
  for (const node of graph.nodes) {
    if (node.label !== "Paper" || typeof node.props.titleKey !== "string") continue;
    if (node.id.startsWith(TITLE_PAPER_PREFIX)) titleOnly.set(node.props.titleKey, node.id);
    else if (node.props.arxivId || node.props.doi)
      arxivByKey.set(node.props.titleKey, [...(arxivByKey.get(node.props.titleKey) ?? []), node.id]);
  }
  const into = new Map(titleMerges(titleOnly, arxivByKey).map((merge) => [merge.from, merge.into]));
  if (into.size === 0) return graph;
  const moved = graph.edges.map((edge) => ({
    ...edge,
    from: into.get(edge.from) ?? edge.from,
    to: into.get(edge.to) ?? edge.to,
  }));
  const seen = new Set<string>();
  return {
    nodes: graph.nodes.filter((node) => !into.has(node.id)),
    edges: moved.filter((edge) => {
      const key = edgeKey(edge);
      if (seen.has(key) || edge.from === edge.to) return false;
      seen.add(key);
      return true;
    }),
  };
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
