/**
 * `kg arxiv --citations <file>`: arXiv-to-arXiv citation data (one JSON object mapping a
 * paper's id to the ids it cites), streamed with stream-json since such files run to
 * gigabytes. Each citing paper is its own source (`citations:<id>`), so a re-import replaces
 * its list. Only papers already in the graph are linked: the rest are counted, not invented.
 */
import { createReadStream } from "node:fs";
import StreamJson from "stream-json";
import StreamObject from "stream-json/streamers/StreamObject.js";
import type { EdgeRecord, GraphDelta } from "../graph/delta.js";
import { arxivPaperId, normalizeArxivId } from "../graph/ids.js";
import type { Problem } from "../problems.js";
import { chunks } from "../store/collections.js";
import type { BulkLoad, GraphStore } from "../store/types.js";
import { DeferredItems } from "./deferred.js";

export interface CitationImportSummary {
  citing: number;
  linked: number;
  /** Citations whose citing or cited paper is not in the graph. */
  outside: number;
  invalid: number;
}

const CITING_PER_BATCH = 1000;

export const citationSource = (id: string): string => `citations:${id}`;

type CitationBatch = { citing: string; cited: string[] }[];

/**
 * New citation lists go through the store's bulk load (`bulk`, the default); lists replacing
 * stored ones are written after it, as `--no-bulk` writes every batch.
 */
export async function importCitations(
  store: GraphStore,
  file: string,
  onProblem: (problem: Problem) => void = () => undefined,
  options: { bulk?: boolean } = {},
): Promise<CitationImportSummary> {
  const summary: CitationImportSummary = { citing: 0, linked: 0, outside: 0, invalid: 0 };
  const load = options.bulk === false ? null : await store.bulkLoad();
  const deferred = new DeferredItems<CitationBatch[number]>();
  try {
    await readCitations(store, file, onProblem, summary, load, deferred);
    await load?.finish();
    for await (const batch of deferred.batches(CITING_PER_BATCH))
      await writeBatch(store, batch, summary, null);
  } catch (error) {
    await load?.abort();
    throw error;
  } finally {
    deferred.dispose();
  }
  return summary;
}

async function readCitations(
  store: GraphStore,
  file: string,
  onProblem: (problem: Problem) => void,
  summary: CitationImportSummary,
  load: BulkLoad | null,
  deferred: DeferredItems<CitationBatch[number]>,
): Promise<void> {
  const source = createReadStream(file);
  const parser = StreamJson.parser();
  const entries = StreamObject.streamObject();
  // pipe() does not forward errors: a read or parse error must end the iteration below.
  for (const upstream of [source, parser]) upstream.on("error", (error: Error) => entries.destroy(error));
  source.pipe(parser).pipe(entries);
  let batch: CitationBatch = [];
  const invalid = (raw: unknown, context: string): void => {
    summary.invalid++;
    if (summary.invalid <= 20) {
      onProblem({
        file,
        rule: "arxiv/citation-id",
        severity: "warning",
        message: `${JSON.stringify(raw)} ${context} is not an arXiv id; skipped`,
      });
    }
  };
  try {
    for await (const entry of entries as AsyncIterable<{ key: string; value: unknown }>) {
      const citing = normalizeArxivId(entry.key);
      if (!citing) {
        invalid(entry.key, "(a citing paper)");
        continue;
      }
      const list = Array.isArray(entry.value) ? entry.value : [];
      const cited: string[] = [];
      for (const raw of list) {
        const id = typeof raw === "string" ? normalizeArxivId(raw) : null;
        if (id && id !== citing) cited.push(id);
        else if (!id) invalid(raw, `(cited by ${citing})`);
      }
      batch.push({ citing, cited: [...new Set(cited)] });
      summary.citing++;
      if (batch.length >= CITING_PER_BATCH) {
        await writeBatch(store, batch, summary, load, deferred);
        batch = [];
      }
    }
  } catch (error) {
    onProblem({
      file,
      rule: "arxiv/citations-json",
      severity: "error",
      message: `not a JSON object of id -> [ids]: ${error instanceof Error ? error.message : String(error)}; stopped here`,
    });
  }
  if (batch.length > 0) await writeBatch(store, batch, summary, load, deferred);
}

/**
 * With a bulk load: lists of papers the store holds no list for go into it, the rest into
 * `deferred`. Without: one transaction replacing each list.
 */
async function writeBatch(
  store: GraphStore,
  batch: CitationBatch,
  summary: CitationImportSummary,
  load: BulkLoad | null,
  deferred?: DeferredItems<CitationBatch[number]>,
): Promise<void> {
  let entries = batch;
  if (load && deferred) {
    const stored = await storedLists(
      store,
      batch.map((entry) => entry.citing),
    );
    const later = new Set(
      batch.filter((entry) => stored.has(entry.citing) || load.holds(citationSource(entry.citing))),
    );
    for (const entry of later) deferred.push(entry);
    entries = batch.filter((entry) => !later.has(entry));
  }
  const known = await knownPapers(store, [
    ...new Set(entries.flatMap((entry) => [entry.citing, ...entry.cited])),
  ]);
  const deltas: GraphDelta[] = [];
  for (const { citing, cited } of entries) {
    const from = arxivPaperId(citing);
    if (!known.has(from)) {
      summary.outside += cited.length;
      continue;
    }
    const edges: EdgeRecord[] = [];
    for (const id of cited) {
      const to = arxivPaperId(id);
      if (!known.has(to)) {
        summary.outside++;
        continue;
      }
      edges.push({
        type: "CITES",
        fromLabel: "Paper",
        from,
        toLabel: "Paper",
        to,
        source: citationSource(citing),
        line: null,
        extractor: "arxiv/citations",
        confidence: 1,
      });
    }
    summary.linked += edges.length;
    deltas.push({ source: citationSource(citing), nodes: [], edges });
  }
  if (deltas.length === 0) return;
  if (load) await load.add(deltas);
  else {
    // Only lists stored before have contributions to replace.
    const stored = await storedLists(
      store,
      entries.map((entry) => entry.citing),
    );
    const replaced = entries
      .filter((entry) => stored.has(entry.citing))
      .map((entry) => citationSource(entry.citing));
    await store.upsert(deltas, { replace: replaced });
  }
}

/** Citing papers (arXiv ids) whose citation list the store holds: a CITES edge lists its source. */
async function storedLists(store: GraphStore, citing: readonly string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const part of chunks(citing, 5000)) {
    const { rows } = await store.query(
      `UNWIND $rows AS r MATCH (p:Paper {id: r.paper})-[e:CITES]->(:Paper) WHERE r.source IN e.sources
       RETURN DISTINCT r.id AS id`,
      { rows: part.map((id) => ({ id, paper: arxivPaperId(id), source: citationSource(id) })) },
      { readOnly: true },
    );
    for (const row of rows) stored.add(String(row.id));
  }
  return stored;
}

async function knownPapers(store: GraphStore, ids: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks(ids.map(arxivPaperId), 5000)) {
    const { rows } = await store.query(
      "UNWIND $ids AS i MATCH (p:Paper {id: i}) RETURN p.id AS id",
      { ids: part },
      { readOnly: true },
    );
    for (const row of rows) known.add(String(row.id));
  }
  return known;
}
