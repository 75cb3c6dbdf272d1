/**
 * Writing arXiv records to a store, shared by the API enrichment and the snapshot import:
 * skip records whose fingerprint is stored already, replace the rest (each paper is its own
 * source, `arxiv:<id>`), then fold note authors into arXiv's for papers notes also cite.
 */

import type { ArxivOrigin, ArxivRecord } from "../../ingest/arxiv/record.js";
import { arxivSource, recordHash, toArxivDelta } from "../../ingest/arxiv/to-delta.js";
import { arxivPaperId } from "../graph/ids.js";
import type { GraphStore } from "../store/types.js";
import { isArxivSource, reconcileAuthors } from "./reconcile-authors.js";

export interface ArxivWriteResult {
  written: number;
  unchanged: number;
  authorsMerged: number;
}

export async function writeArxivRecords(
  store: GraphStore,
  records: readonly ArxivRecord[],
  origin: ArxivOrigin,
): Promise<ArxivWriteResult> {
  if (records.length === 0) return { written: 0, unchanged: 0, authorsMerged: 0 };
  const stored = await storedPapers(
    store,
    records.map((record) => arxivPaperId(record.id)),
  );
  const changed = records.filter(
    (record) => stored.get(arxivPaperId(record.id))?.hash !== recordHash(record),
  );
  if (changed.length > 0) {
    await store.upsert(
      changed.map((record) => toArxivDelta(record, origin)),
      { replace: true },
    );
  }
  // Only papers some note also contributed to can hold an abbreviated author to fold in.
  const noted = changed
    .map((record) => arxivPaperId(record.id))
    .filter((id) =>
      stored.get(id)?.sources.some((source) => !isArxivSource(source) && source !== arxivSource(id)),
    );
  const authorsMerged = noted.length > 0 ? await reconcileAuthors(store, noted) : 0;
  return { written: changed.length, unchanged: records.length - changed.length, authorsMerged };
}

async function storedPapers(
  store: GraphStore,
  ids: readonly string[],
): Promise<Map<string, { hash: string | null; sources: string[] }>> {
  const { rows } = await store.query(
    "UNWIND $ids AS i MATCH (p:Paper {id: i}) RETURN p.id AS id, p.arxivHash AS hash, p.sources AS sources",
    { ids: [...ids] },
    { readOnly: true },
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        hash: typeof row.hash === "string" ? row.hash : null,
        sources: Array.isArray(row.sources) ? row.sources.map(String) : [],
      },
    ]),
  );
}
