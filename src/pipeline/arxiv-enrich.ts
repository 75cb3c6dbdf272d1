/**
 * `kg ingest --arxiv`: the papers notes cite by arXiv id, completed from the arXiv API
 * (through the client's disk cache). A paper whose arXiv record is stored already is not
 * asked for again.
 */
import type { ArxivClient } from "../../ingest/arxiv/api-client.js";
import type { ArxivRecord } from "../../ingest/arxiv/record.js";
import { chunks } from "../store/collections.js";
import type { GraphStore } from "../store/types.js";
import { writeArxivRecords } from "./arxiv-write.js";
import { reconcilePendingAuthors } from "./reconcile-authors.js";
import { reconcileTitlePapers } from "./reconcile-papers.js";

export interface EnrichSummary {
  /** Papers in the graph with an arXiv id and no arXiv record yet. */
  wanted: number;
  written: number;
  requests: number;
  cacheHits: number;
  authorsMerged: number;
  /** Papers notes know only by title joined to a completed paper of that title. */
  papersJoined: number;
  /** Ids arXiv has no paper for. */
  missing: string[];
  /** Ids left without a record: offline and not cached, or every retry failed. */
  unresolved: string[];
  failures: { ids: string[]; reason: string }[];
}

const RECORDS_PER_WRITE = 500;

export async function enrichCitedPapers(store: GraphStore, client: ArxivClient): Promise<EnrichSummary> {
  const { rows } = await store.query(
    "MATCH (p:Paper) WHERE p.arxivId IS NOT NULL AND p.arxivHash IS NULL RETURN p.arxivId AS id ORDER BY id",
    {},
    { readOnly: true },
  );
  const wanted = rows.map((row) => String(row.id));
  const fetched = await client.fetch(wanted);
  const records: ArxivRecord[] = [...fetched.records.values()];
  let written = 0;
  for (const part of chunks(records, RECORDS_PER_WRITE)) {
    const result = await writeArxivRecords(store, part, "arxiv/api");
    written += result.written;
  }
  const papersJoined = await reconcileTitlePapers(store);
  const authorsMerged = await reconcilePendingAuthors(store);
  return {
    wanted: wanted.length,
    written,
    requests: fetched.requests,
    cacheHits: fetched.cacheHits,
    authorsMerged,
    papersJoined,
    missing: fetched.missing,
    unresolved: fetched.unresolved,
    failures: fetched.failures,
  };
}
