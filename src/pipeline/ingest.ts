/**
 * The ingest pipeline: walk the paths, skip notes whose content hash is stored already,
 * extract the rest (in worker threads), and hand the deltas to the store in batches, in a
 * stable order so the same input always gives the same graph. Failed notes write nothing
 * and keep whatever an earlier run stored for them.
 */
import { join, sep } from "node:path";
import { DEFAULT_MAX_NOTE_BYTES, noteFileHash } from "../../ingest/markdown/extract-file.js";
import { relativeTo } from "../../ingest/markdown/resolve-assets.js";
import { loadVocabulary, type Vocabulary } from "../../ingest/markdown/vocabulary.js";
import type { ClipEmbedder } from "../embed/clip.js";
import type { HostPolicy } from "../embed/host-policy.js";
import type { GraphDelta } from "../graph/delta.js";
import { normalizeDelta } from "../graph/delta.js";
import { noteId } from "../graph/ids.js";
import { linkedCitationsInDeltas } from "../graph/linked-citations.js";
import type { Problem } from "../problems.js";
import type { BulkLoad, BulkLoadReport, GraphStore, StoredNote } from "../store/types.js";
import { FigureEmbedStage } from "./embed-figures.js";
import { createExtractorPool, defaultWorkerCount } from "./extractor-pool.js";
import { reconcilePendingAuthors } from "./reconcile-authors.js";
import { reconcileLinkedCitations } from "./reconcile-linked-citations.js";
import { reconcileTitlePapers } from "./reconcile-papers.js";
import { type IngestRoot, type NoteSource, walkPaths } from "./walk.js";

export interface IngestOptions {
  paths: string[];
  vocabularyFiles?: string[];
  /** Remove stored notes (under the same roots) whose files are gone. */
  prune?: boolean;
  /** Re-extract every note even when its hash is unchanged. */
  force?: boolean;
  /** Treat warnings as failures: such a note is not stored. */
  strict?: boolean;
  /** Worker threads for extraction; 0 extracts in this thread. */
  workers?: number;
  /** Notes per store transaction (or per batch staged into a bulk load). */
  batchSize?: number;
  /**
   * Write the notes no earlier run stored through the store's bulk load, one for the run:
   * true, false, or (undefined) when there are at least BULK_MIN_NOTES of them.
   */
  bulk?: boolean;
  maxNoteBytes?: number;
  /**
   * Only these notes (absolute paths) are read and extracted; the whole walk still decides
   * ids, attachments and what `prune` removes. `kg watch` passes the files that changed.
   */
  only?: ReadonlySet<string>;
  /** Notes (absolute paths) re-extracted even when their text is unchanged: a figure file they show changed. */
  refresh?: ReadonlySet<string>;
  onProgress?: (progress: { done: number; total: number; file: string }) => void;
  onProblem?: (problem: Problem) => void;
  /** Each extracted note's outcome: stored, or failed (its earlier contribution kept) with its problems. */
  onNote?: (note: NoteOutcome) => void;
  /** Embed and link figures (`--embed` with a model that loaded). */
  embed?: { embedder: ClipEmbedder; cacheDir: string; offline: boolean; hosts?: HostPolicy } | null;
}

export interface NoteOutcome {
  id: string;
  /** Absolute path of the note file. */
  file: string;
  /** `unchanged`: its text is what is stored already (a note restored to its last good state, say). */
  status: "ingested" | "unchanged" | "failed";
  problems: readonly Problem[];
}

export interface IngestSummary {
  notes: {
    found: number;
    ingested: number;
    unchanged: number;
    failed: number;
    pruned: number;
    missing: number;
  };
  written: { nodes: Record<string, number>; relationships: Record<string, number> };
  problems: { errors: number; warnings: number };
  failedFiles: string[];
  /** Ids of the notes removed because their files are gone (with `prune`). */
  prunedIds: string[];
  /** Abbreviated note authors folded into arXiv's full-named ones. */
  authorsMerged: number;
  /** Papers known only by title joined to the arXiv (or DOI) paper of that title. */
  papersJoined: number;
  /** Citations through links to paper notes (src/graph/linked-citations.ts) written and removed. */
  linkedCitations: { added: number; removed: number };
  /** With --embed: figures seen, embedded now, found in the vector cache, failed; DEPICTS links. */
  figures: FigureEmbedStage["stats"] | null;
  /** When the new notes went through a bulk load: what it wrote and where its time went. */
  bulk: BulkLoadReport | null;
}

/**
 * Kuzu's commit cost grows with table size, so fewer, larger transactions win: 3,000 notes
 * took 62.6 s in batches of 250 and 33.4 s in batches of 1,000 (bench/README.md).
 */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * From this many new notes on, a run writes them with one bulk load (a first ingest of a
 * vault): 10,000 notes went from 293 s in batches to 82 s, 1.57x the time of extracting them
 * (bench/README.md). Fewer go in batches, each committed as it is written.
 */
export const BULK_MIN_NOTES = 500;

/**
 * Below this many notes to extract, extraction runs in this thread unless the caller names a
 * worker count: starting the workers (each loads the extractor, the vocabulary and the vault's
 * index) costs more than they save. Measured on 2 cores (bench/README.md): 100 notes 0.9-1.4 s
 * inline against 1.9 s on 2 workers, 300 notes 2.8-3.2 s against 3.6 s, 1,000 notes 8.6-9.2 s
 * against 8.4-8.5 s; one edited note in a 10,000-note vault 1.72 s against 2.2-2.4 s.
 */
export const WORKERS_MIN_NOTES = 500;

export async function ingest(
  store: GraphStore | null,
  options: IngestOptions,
): Promise<IngestSummary & { deltas: GraphDelta[] }> {
  const vocabularyFiles = options.vocabularyFiles ?? [];
  const vocabulary = loadVocabulary(vocabularyFiles);
  const storedNotes = store ? await store.notes() : [];
  const roots = keepStoredRoots(walkPaths(options.paths), storedNotes);
  const walked = roots.flatMap((root) => root.notes);
  const only = options.only;
  const notes = only ? walked.filter((note) => only.has(note.absolutePath)) : walked;
  const refresh = options.refresh ?? new Set<string>();
  const summary: IngestSummary = {
    notes: { found: notes.length, ingested: 0, unchanged: 0, failed: 0, pruned: 0, missing: 0 },
    written: { nodes: {}, relationships: {} },
    problems: { errors: 0, warnings: 0 },
    failedFiles: [],
    prunedIds: [],
    authorsMerged: 0,
    papersJoined: 0,
    linkedCitations: { added: 0, removed: 0 },
    figures: null,
    bulk: null,
  };
  const report = (problem: Problem) => {
    if (problem.severity === "error") summary.problems.errors++;
    else summary.problems.warnings++;
    options.onProblem?.(problem);
  };

  const stored = new Map(storedNotes.map((note) => [note.id, note]));
  const embed = options.embed
    ? new FigureEmbedStage({ ...options.embed, vocabulary, onProblem: report })
    : null;
  summary.figures = embed?.stats ?? null;
  const fingerprint = embed?.fingerprint ?? null;
  const changedOrNew =
    options.force || !store
      ? notes
      : notes.filter(
          (note) => refresh.has(note.absolutePath) || !isUnchanged(note, vocabulary, fingerprint, stored),
        );
  summary.notes.unchanged = notes.length - changedOrNew.length;
  if (options.onNote && changedOrNew.length < notes.length) {
    const extracted = new Set(changedOrNew);
    for (const note of notes) {
      if (extracted.has(note)) continue;
      options.onNote({
        id: noteId(note.relativePath),
        file: note.absolutePath,
        status: "unchanged",
        problems: [],
      });
    }
  }
  // Notes replacing stored ones go first, new ones after: so written in batches or through a
  // bulk load (which takes the new ones once the replacements are in), a run gives one graph.
  const replaces = (note: NoteSource) => Boolean(stored.get(noteId(note.relativePath))?.hash);
  const pending = [...changedOrNew.filter(replaces), ...changedOrNew.filter((note) => !replaces(note))];
  const newNotes = pending.filter((note) => !replaces(note)).length;
  const bulk = store !== null && (options.bulk ?? newNotes >= BULK_MIN_NOTES) && newNotes > 0;
  // Opened with the first new note (after the replacements): set in a callback, so held in an object.
  const opened: { load: BulkLoad | null } = { load: null };

  const pool = createExtractorPool({
    workers: options.workers ?? (pending.length >= WORKERS_MIN_NOTES ? defaultWorkerCount() : 0),
    vocabulary,
    vocabularyFiles,
    roots,
    maxNoteBytes: options.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES,
  });
  const deltas: GraphDelta[] = [];
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let done = summary.notes.unchanged;
  let writing: Promise<void> = Promise.resolve();
  try {
    for (let start = 0; start < pending.length; start += batchSize) {
      const batch = pending.slice(start, start + batchSize);
      // Extraction of this batch overlaps the store write of the previous one.
      const outcomes = await Promise.all(
        batch.map(async (note) => {
          const outcome = await pool.extract(note);
          options.onProgress?.({ done: ++done, total: notes.length, file: note.relativePath });
          return { note, outcome };
        }),
      );
      const accepted: { delta: GraphDelta; replaces: boolean }[] = [];
      const incomplete = embed
        ? await embed.apply(
            outcomes.flatMap(({ outcome }) => (outcome.status === "ok" ? [outcome.delta] : [])),
            figureProblems(outcomes.map(({ note, outcome }) => ({ note, problems: outcome.problems }))),
          )
        : new Set<string>();
      for (const { note, outcome } of outcomes) {
        const failed =
          outcome.status === "failed" || (options.strict === true && outcome.problems.length > 0);
        for (const problem of outcome.problems)
          report(options.strict ? { ...problem, severity: "error" } : problem);
        const id = noteId(note.relativePath);
        if (failed || outcome.status !== "ok") {
          summary.notes.failed++;
          summary.failedFiles.push(note.relativePath);
          options.onNote?.({ id, file: note.absolutePath, status: "failed", problems: outcome.problems });
          continue;
        }
        options.onNote?.({ id, file: note.absolutePath, status: "ingested", problems: outcome.problems });
        if (fingerprint && !incomplete.has(outcome.delta.source)) markEmbedded(outcome.delta, fingerprint);
        const delta = normalizeDelta(outcome.delta);
        // Only a note an earlier run ingested (it has a hash) has contributions to replace. A
        // Note another note links to exists without one; writing it as a replacement would split
        // its batch in two and change which note's evidence a shared edge keeps (a resumed
        // run would then differ from a clean one).
        accepted.push({ delta, replaces: Boolean(stored.get(delta.source)?.hash) });
        count(summary, delta);
      }
      summary.notes.ingested += accepted.length;
      await writing;
      if (!store) {
        deltas.push(...accepted.map((a) => a.delta));
        continue;
      }
      writing = writeBatch(store, accepted, async () => {
        if (bulk) opened.load ??= await store.bulkLoad();
        return opened.load;
      });
      // A failed write is thrown by the next `await writing`. Until then (the next batch is
      // being extracted) it must not count as unhandled: Node would end the process with a
      // stack trace instead of the store's message.
      writing.catch(() => undefined);
    }
    await writing;
    if (opened.load) summary.bulk = await opened.load.finish();
  } catch (error) {
    await opened.load?.abort();
    throw error;
  } finally {
    await pool.close();
  }

  if (store) {
    // Before the papers join, so that a citation of a title-only paper moves with it.
    summary.linkedCitations = await reconcileLinkedCitations(store);
    // Papers first: the authorships a title-only paper brings are then folded into arXiv's authors.
    summary.papersJoined = await reconcileTitlePapers(store);
    summary.authorsMerged = await reconcilePendingAuthors(store);
  }
  if (store) {
    const seen = new Set(walked.map((note) => noteId(note.relativePath)));
    const failed = new Set(summary.failedFiles);
    const files = new Map(walked.map((note) => [note.absolutePath, note]));
    const given = roots.flatMap((root) => root.given);
    // A stored note of a file this run names under another id (an older id scheme, or a
    // narrower root given before) is the same note: its old id goes once the new one is stored.
    const superseded = storedNotes.filter((note) => {
      const file = storedFile(note);
      const current = file ? files.get(file) : undefined;
      return current !== undefined && !seen.has(note.id) && !failed.has(current.relativePath);
    });
    const vanished = storedNotes.filter((note) => {
      const file = storedFile(note);
      return (
        file !== null &&
        !seen.has(note.id) &&
        !files.has(file) &&
        given.some((path) => file === path || file.startsWith(`${path}${sep}`))
      );
    });
    if (superseded.length) await store.removeNotes(superseded.map((note) => note.id));
    if (options.prune && vanished.length) {
      await store.removeNotes(vanished.map((note) => note.id));
      summary.notes.pruned = vanished.length;
      summary.prunedIds = vanished.map((note) => note.id);
    } else {
      summary.notes.missing = vanished.length;
    }
  }
  // Without a store (a dry run), the run's own deltas give the citations through links.
  if (!store) deltas.push(...linkedCitationsInDeltas(deltas));
  return { ...summary, deltas };
}

/** The absolute file a stored note was read from, or null for a note only linked to. */
function storedFile(note: StoredNote): string | null {
  if (!note.root || !note.id.startsWith("note:")) return null;
  return join(note.root, note.id.slice("note:".length));
}

/**
 * Keeps ids stable across runs given different paths: a root without a vault marker whose
 * files an earlier run stored under a wider root (`kg ingest a/ b/` before, `kg ingest a/`
 * now) is read under that wider root again.
 */
function keepStoredRoots(roots: IngestRoot[], storedNotes: readonly StoredNote[]): IngestRoot[] {
  const rootByFile = new Map<string, string>();
  for (const note of storedNotes) {
    const file = storedFile(note);
    if (file && note.root) rootByFile.set(file, note.root);
  }
  return roots.map((root) => {
    const wider = root.notes
      .map((note) => rootByFile.get(note.absolutePath))
      .find(
        (stored) => stored !== undefined && stored !== root.root && root.root.startsWith(`${stored}${sep}`),
      );
    if (!wider) return root;
    const base = root.root;
    return {
      ...root,
      root: wider,
      notes: root.notes.map((note) => ({
        ...note,
        root: wider,
        relativePath: relativeTo(wider, note.absolutePath),
      })),
      attachments: root.attachments.map((file) => relativeTo(wider, join(base, file))),
    };
  });
}

/** Replacements first (one transaction), then new notes: into the bulk load when the run has one. */
async function writeBatch(
  store: GraphStore,
  accepted: { delta: GraphDelta; replaces: boolean }[],
  bulkLoad: () => Promise<BulkLoad | null>,
): Promise<void> {
  const fresh = accepted.filter((a) => !a.replaces).map((a) => a.delta);
  const changed = accepted.filter((a) => a.replaces).map((a) => a.delta);
  if (changed.length) await store.upsert(changed, { replace: true });
  if (fresh.length === 0) return;
  const load = await bulkLoad();
  if (load) await load.add(fresh);
  else await store.upsert(fresh);
}

function isUnchanged(
  note: NoteSource,
  vocabulary: Vocabulary,
  embedFingerprint: string | null,
  stored: Map<string, StoredNote>,
): boolean {
  const previous = stored.get(noteId(note.relativePath));
  if (!previous?.hash || previous.root !== note.root) return false;
  try {
    const sameText = noteFileHash(note.absolutePath, vocabulary.fingerprint) === previous.hash;
    // Without --embed, what an earlier --embed run stored is kept; with it, only a note
    // embedded under the same model and rule is done.
    return sameText && (embedFingerprint === null || previous.embedKey === embedFingerprint);
  } catch {
    return false;
  }
}

/** `<note id>:<line>` of the figure warnings extraction gave, so the embed stage does not repeat them. */
function figureProblems(results: readonly { note: NoteSource; problems: readonly Problem[] }[]): Set<string> {
  const keys = new Set<string>();
  for (const { note, problems } of results) {
    for (const problem of problems) {
      if (problem.rule.startsWith("figure/"))
        keys.add(`${noteId(note.relativePath)}:${problem.line ?? null}`);
    }
  }
  return keys;
}

/** Records on the note which model and rule its figures were embedded and linked under. */
function markEmbedded(delta: GraphDelta, fingerprint: string): void {
  const note = delta.nodes.find((node) => node.label === "Note" && node.id === delta.source);
  if (note) note.props.embedKey = fingerprint;
}

function count(summary: IngestSummary, delta: GraphDelta): void {
  for (const node of delta.nodes)
    summary.written.nodes[node.label] = (summary.written.nodes[node.label] ?? 0) + 1;
  for (const edge of delta.edges) {
    summary.written.relationships[edge.type] = (summary.written.relationships[edge.type] ?? 0) + 1;
  }
}
