/**
 * A labelled collection's `expected.json` (docs/eval.md): what a person who read each note
 * says it is about, cites, uses and illustrates. Validated here; never written by code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { UsageError } from "../errors.js";

const noteLabels = z.strictObject({
  models: z.array(z.string()).default([]),
  papers: z.array(z.string()).default([]),
  losses: z.array(z.string()).default([]),
  figures: z.record(z.string(), z.string().nullable()).default({}),
});

const labelsFile = z.strictObject({
  labelledBy: z.string().min(1),
  collection: z.string().min(1),
  /** Folders (relative to the collection) to ingest as separate paths; default: the collection folder. */
  roots: z.array(z.string()).optional(),
  notes: z.record(z.string(), noteLabels),
  facts: z.array(z.string()).default([]),
  absent: z.array(z.string()).default([]),
});

export type NoteLabels = z.infer<typeof noteLabels>;
export type Labels = z.infer<typeof labelsFile>;

export const LABELS_FILE = "expected.json";

/** The labels of the collection in `folder`; a missing file is an error that says to write it. */
export function readLabels(folder: string): Labels {
  const file = join(folder, LABELS_FILE);
  if (!existsSync(file)) {
    throw new UsageError(
      `${file} is missing: write it by hand from reading the notes (docs/eval.md says how); it is never generated from the extractor's output`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = labelsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${file}: ${issue?.path.join(".") || "top level"}: ${issue?.message}`);
  }
  return parsed.data;
}
