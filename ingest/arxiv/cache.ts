/**
 * The arXiv client's disk cache: one JSON file per normalised id (`2103.00020.json`,
 * `hep-th_9901001.json`), holding the record or `null` for "arXiv has no such paper".
 * Files are written atomically (a temp file in the same directory, then rename), so a crash
 * never leaves half a file; a file that is unreadable or not in this shape anyway (edited by
 * hand, another program's) is reported as corrupt, and the caller refetches it.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { ArxivRecord } from "./record.js";

/** Negative entries ("no such paper") are asked again after this long. */
export const MISSING_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Bumped whenever the file shape changes: older files then read as corrupt and are refetched. */
export const CACHE_FORMAT = 1;

export type CacheLookup =
  | { status: "found"; record: ArxivRecord; fetchedAt: string }
  /** arXiv had no paper with this id; `expired` once older than MISSING_TTL_MS. */
  | { status: "missing"; fetchedAt: string; expired: boolean }
  | { status: "absent" }
  | { status: "corrupt"; path: string; reason: string };

const nullableText = z.string().nullable();

const recordSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().positive().nullable(),
  title: z.string(),
  abstract: nullableText,
  authors: z.array(z.object({ name: z.string(), affiliations: z.array(z.string()) })),
  published: nullableText,
  updated: nullableText,
  categories: z.array(z.string()),
  primaryCategory: nullableText,
  doi: nullableText,
  journalRef: nullableText,
  comments: nullableText,
  license: nullableText,
}) satisfies z.ZodType<ArxivRecord>;

const entrySchema = z.object({
  format: z.literal(CACHE_FORMAT),
  id: z.string(),
  fetchedAt: z.iso.datetime(),
  record: recordSchema.nullable(),
});

export type CacheEntry = z.infer<typeof entrySchema>;

/** `hep-th/9901001` -> `hep-th_9901001.json`: arXiv ids never contain `_`, so this is reversible. */
export function cacheFileName(id: string): string {
  return `${id.replace(/\//g, "_")}.json`;
}

export function serializeCacheEntry(id: string, record: ArxivRecord | null, fetchedAt: Date): string {
  const entry: CacheEntry = { format: CACHE_FORMAT, id, fetchedAt: fetchedAt.toISOString(), record };
  return `${JSON.stringify(entry, null, 2)}\n`;
}

/** A cache file's text -> what it says about `id`. Pure: the clock comes in as `nowMs`. */
export function parseCacheEntry(
  text: string,
  id: string,
  nowMs: number,
): Exclude<CacheLookup, { status: "absent" | "corrupt" }> | { status: "corrupt"; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { status: "corrupt", reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    return { status: "corrupt", reason: `not a notegraph arXiv cache entry${where}: ${issue?.message}` };
  }
  const entry = parsed.data;
  if (entry.id !== id || (entry.record && entry.record.id !== id))
    return { status: "corrupt", reason: `holds ${entry.record?.id ?? entry.id}, not ${id}` };
  if (entry.record) return { status: "found", record: entry.record, fetchedAt: entry.fetchedAt };
  const age = nowMs - Date.parse(entry.fetchedAt);
  return { status: "missing", fetchedAt: entry.fetchedAt, expired: age > MISSING_TTL_MS };
}

export class ArxivCache {
  private ready: Promise<unknown> | undefined;

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  pathOf(id: string): string {
    return join(this.dir, cacheFileName(id));
  }

  async get(id: string): Promise<CacheLookup> {
    const path = this.pathOf(id);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "absent" };
      return { status: "corrupt", path, reason: `unreadable (${(error as Error).message})` };
    }
    const lookup = parseCacheEntry(text, id, this.now());
    return lookup.status === "corrupt" ? { ...lookup, path } : lookup;
  }

  /** Write `id`'s entry (`null`: arXiv has no such paper). Rejects on I/O errors; never leaves a temp file. */
  async put(id: string, record: ArxivRecord | null): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const path = this.pathOf(id);
    const temp = join(this.dir, `.${cacheFileName(id)}.${process.pid}.${randomUUID()}.tmp`);
    try {
      await writeFile(temp, serializeCacheEntry(id, record, new Date(this.now())), "utf8");
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}
