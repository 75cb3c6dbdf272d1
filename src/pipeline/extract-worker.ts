/**
 * The worker-thread side of extraction (run by piscina): loads the vocabulary and the
 * corpus indexes once per thread, then turns note files into outcomes.
 */
import { workerData } from "piscina";
import { type ExtractOutcome, extractNoteFile, type NoteFile } from "../../ingest/markdown/extract-file.js";
import { buildCorpusIndex, type CorpusIndex } from "../../ingest/markdown/resolve-assets.js";
import { loadVocabulary, type Vocabulary } from "../../ingest/markdown/vocabulary.js";

export interface WorkerSetup {
  vocabularyFiles: string[];
  corpora: Record<string, { notes: string[]; attachments: string[] }>;
  maxNoteBytes: number;
}

let vocabulary: Vocabulary | undefined;
const corpora = new Map<string, CorpusIndex>();

export default function extract(file: NoteFile): ExtractOutcome {
  const setup = workerData as WorkerSetup;
  vocabulary ??= loadVocabulary(setup.vocabularyFiles);
  let corpus = corpora.get(file.root);
  if (!corpus) {
    const lists = setup.corpora[file.root] ?? { notes: [], attachments: [] };
    corpus = buildCorpusIndex(lists.notes, lists.attachments);
    corpora.set(file.root, corpus);
  }
  return extractNoteFile(file, vocabulary, corpus, { maxNoteBytes: setup.maxNoteBytes });
}
