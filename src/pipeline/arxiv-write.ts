/**
 * Writing arXiv records to a store, shared by the API enrichment and the snapshot import:
 * skip records whose fingerprint is stored already, replace the rest (each paper is its own
 * source, `arxiv:<id>`). Callers fold note authors into arXiv's once at the end of a run
 * (reconcilePendingAuthors), which also finishes what an interrupted run left.
 */

import type { ArxivOrigin, ArxivRecord } from "../../ingest/arxiv/record.js";
import { arxivSource, recordHash, toArxivDelta } from "../../ingest/arxiv/to-delta.js";
import { arxivPaperId } from "../graph/ids.js";
import type { BulkLoad, GraphStore } from "../store/types.js";
import type { DeferredItems } from "./deferred.js";

export interface ArxivWriteResult {
  written: number;
  unchanged: number;
}

export async function writeArxivRecords(
  store: GraphStore,
  records: readonly ArxivRecord[],
  origin: ArxivOrigin,
): Promise<ArxivWriteResult> {
  if (records.length === 0) return { written: 0, unchanged: 0 };
  const stored = await storedPapers(
    store,
    records.map((record) => arxivPaperId(record.id)),
  );
  const changed = records
    .map((record) => ({ record, hash: recordHash(record) }))
    .filter(({ record, hash }) => stored.get(arxivPaperId(record.id))?.hash !== hash);
  if (changed.length > 0) {
    // Only a record stored before (it has a hash) has contributions to replace.
    const replaced = changed
      .filter(({ record }) => typeof stored.get(arxivPaperId(record.id))?.hash === "string")
      .map(({ record }) => arxivSource(record.id));
    await store.upsert(
      changed.map(({ record, hash }) => toArxivDelta(record, origin, hash)),
      { replace: replaced },
    );
  }
  return { written: changed.length, unchanged: records.length - changed.length };
}

/**
 * The bulk path's share of writeArxivRecords: records of papers not stored from arXiv go into
 * the load; those replacing a stored record (or one the load took earlier in the run: a later
 * line for the same id) wait in `deferred` for writeArxivRecords after the load.
 */
export async function stageArxivRecords(
  store: GraphStore,
  load: BulkLoad,
  records: readonly ArxivRecord[],
  origin: ArxivOrigin,
  deferred: DeferredItems<ArxivRecord>,
): Promise<ArxivWriteResult & { deferred: number }> {
  if (records.length === 0) return { written: 0, unchanged: 0, deferred: 0 };
  const stored = await storedPapers(
    store,
    records.map((record) => arxivPaperId(record.id)),
  );
  const fresh = [];
  let unchanged = 0;
  let later = 0;
  for (const record of records) {
    const hash = recordHash(record);
    const previous = stored.get(arxivPaperId(record.id))?.hash ?? null;
    if (previous === hash) unchanged++;
    else if (previous !== null || load.holds(arxivSource(record.id))) {
      deferred.push(record);
      later++;
    } else fresh.push(toArxivDelta(record, origin, hash));
  }
  if (fresh.length > 0) await load.add(fresh);
  return { written: fresh.length, unchanged, deferred: later };
}

async function storedPapers(
  store: GraphStore,
  ids: readonly string[],
): Promise<Map<string, { hash: string | null }>> {
  const { rows } = await store.query(
    "UNWIND $ids AS i MATCH (p:Paper {id: i}) RETURN p.id AS id, p.arxivHash AS hash",
    { ids: [...ids] },
    { readOnly: true },
  );
  return new Map(
    rows.map((row) => [String(row.id), { hash: typeof row.hash === "string" ? row.hash : null }]),
  );
}
