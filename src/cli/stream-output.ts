/**
 * Streamed query output for `kg query --format csv|json|jsonl`: rows go to stdout as the
 * store hands them out, a batch of text at a time, and the store is only asked for more
 * when stdout has taken the last batch (backpressure), so memory does not grow with the
 * result. The text is the same as formatResult() would give for the whole result.
 */
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { QueryStreamEvent } from "../store/types.js";
import { cell } from "./format.js";

export const STREAMED_FORMATS = ["csv", "json", "jsonl"] as const;
export type StreamedFormat = (typeof STREAMED_FORMATS)[number];

/** About this many characters are written at once. */
const BATCH_CHARS = 64 * 1024;

export interface StreamOutcome {
  rows: number;
  truncated: boolean;
}

export async function writeStream(
  events: AsyncIterable<QueryStreamEvent>,
  format: StreamedFormat,
  out: Writable,
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { rows: 0, truncated: false };
  // stdout is not ended: it belongs to the process.
  if (format === "csv") {
    await pipeline(Readable.from(csvRecords(events, outcome)), stringify(), batched, out, { end: false });
  } else {
    await pipeline(Readable.from(jsonText(events, format, outcome)), batched, out, { end: false });
  }
  return outcome;
}

/** The header, then each row's cells, for csv-stringify. */
async function* csvRecords(
  events: AsyncIterable<QueryStreamEvent>,
  outcome: StreamOutcome,
): AsyncGenerator<string[]> {
  let columns: string[] = [];
  for await (const event of events) {
    if (event.kind === "columns") {
      columns = event.columns;
      yield columns;
    } else if (event.kind === "row") {
      outcome.rows++;
      yield columns.map((column) => cell(event.row[column]));
    } else {
      outcome.truncated = event.truncated;
    }
  }
}

/** A JSON array written element by element (as JSON.stringify(rows, null, 2)), or JSON lines. */
async function* jsonText(
  events: AsyncIterable<QueryStreamEvent>,
  format: "json" | "jsonl",
  outcome: StreamOutcome,
): AsyncGenerator<string> {
  for await (const event of events) {
    if (event.kind === "columns") {
      if (format === "json") yield "[";
    } else if (event.kind === "row") {
      outcome.rows++;
      if (format === "jsonl") yield `${JSON.stringify(event.row)}\n`;
      else
        yield `${outcome.rows === 1 ? "\n" : ",\n"}${JSON.stringify(event.row, null, 2).replace(/^/gm, "  ")}`;
    } else {
      outcome.truncated = event.truncated;
      if (format === "json") yield outcome.rows === 0 ? "]\n" : "\n]\n";
    }
  }
}

/** Joins small pieces into writes of about BATCH_CHARS: one write per row is slow. */
async function* batched(pieces: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let batch = "";
  for await (const piece of pieces) {
    batch += String(piece);
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = "";
    }
  }
  if (batch) yield batch;
}
