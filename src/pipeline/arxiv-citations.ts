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
import type { GraphStore } from "../store/types.js";

export interface CitationImportSummary {
  citing: number;
  linked: number;
  /** Citations whose citing or cited paper is not in the graph. */
  outside: number;
  invalid: number;
}

const CITING_PER_BATCH = 1000;

export const citationSource = (id: string): string => `citations:${id}`;

export async function importCitations(
  store: GraphStore,
  file: string,
  onProblem: (problem: Problem) => void = () => undefined,
): Promise<CitationImportSummary> {
  const summary: CitationImportSummary = { citing: 0, linked: 0, outside: 0, invalid: 0 };
  const source = createReadStream(file);
  const parser = StreamJson.parser();
  const entries = StreamObject.streamObject();
  // pipe() does not forward errors: a read or parse error must end the iteration below.
  for (const upstream of [source, parser]) upstream.on("error", (error: Error) => entries.destroy(error));
  source.pipe(parser).pipe(entries);
  let batch: { citing: string; cited: string[] }[] = [];
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
        await writeBatch(store, batch, summary);
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
  if (batch.length > 0) await writeBatch(store, batch, summary);
  return summary;
}

async function writeBatch(
  store: GraphStore,
  batch: readonly { citing: string; cited: string[] }[],
  summary: CitationImportSummary,
): Promise<void> {
  const known = await knownPapers(store, [
    ...new Set(batch.flatMap((entry) => [entry.citing, ...entry.cited])),
  ]);
  const deltas: GraphDelta[] = [];
  for (const { citing, cited } of batch) {
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
  if (deltas.length > 0) await store.upsert(deltas, { replace: true });
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
