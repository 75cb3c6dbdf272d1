/**
 * The watch session (src/watch/session.ts) on a real store, as one suite both stores run: the
 * first ingest, an edited note replacing its contribution, a new note, a deleted and a renamed
 * note retracted, a changed image read again, a broken note keeping its earlier graph with its
 * error listed until it is fixed, and 500 notes written at once coalesced into a few batches.
 * Files are written on disk and picked up by the real watcher (chokidar).
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GraphStore } from "../../src/store/types.js";
import { type BatchReport, startWatch, type WatchSession } from "../../src/watch/session.js";

export const EXAMPLES = resolve(import.meta.dirname, "../../examples/multimodal");

/** A model section the example note lacks: Flamingo is in the vocabulary, the note does not name it. */
export const FLAMINGO_SECTION = `

## Flamingo

Flamingo uses **contrastive learning** and a Perceiver resampler.
`;

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const has = async (store: GraphStore, label: string, id: string): Promise<boolean> =>
  (await store.query(`MATCH (n:${label} {id: $id}) RETURN n.id AS id`, { id }, { readOnly: true })).rows
    .length > 0;

const noteCount = async (store: GraphStore): Promise<number> =>
  Number((await store.query("MATCH (n:Note) RETURN count(n) AS c", {}, { readOnly: true })).rows[0]?.c ?? 0);

export function watchSuite(name: string, open: () => Promise<GraphStore>, skip: string | null = null): void {
  describe.skipIf(skip !== null)(`watch session (${name})${skip ? ` (skipped: ${skip})` : ""}`, () => {
    let work: string;
    let notes: string;
    let store: GraphStore;
    let session: WatchSession | null;
    let batches: BatchReport[];
    let troubles: string[];
    const made: string[] = [];

    beforeEach(async () => {
      work = mkdtempSync(join(tmpdir(), "notegraph-watch-"));
      made.push(work);
      notes = join(work, "notes");
      cpSync(EXAMPLES, join(notes, "multimodal"), { recursive: true });
      store = await open();
      await store.applySchema();
      batches = [];
      troubles = [];
      session = null;
    });

    afterEach(async () => {
      await session?.close();
      await store.close();
    });

    afterAll(() => {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    });

    /** Runs `change`, then waits for the batch it makes (the first batch after it). */
    async function batchAfter(change: () => void): Promise<BatchReport> {
      const seen = batches.length;
      change();
      await until("a batch", () => batches.length > seen);
      return batches[seen] as BatchReport;
    }

    async function watch(): Promise<WatchSession> {
      session = startWatch(store, {
        paths: [notes],
        batcher: { quietMs: 200, maxWaitMs: 3000 },
        onBatch: (report) => batches.push(report),
        onError: (message) => troubles.push(message),
      });
      await session.ready;
      return session;
    }

    it("ingests once, then follows an edit, a new note, a rename and a deletion", async () => {
      const watching = await watch();
      expect(batches.map((b) => b.trigger)).toEqual(["start"]);
      expect(batches[0]?.ingested).toEqual(["note:multimodal/index.md"]);
      expect(await has(store, "Model", "model:flamingo")).toBe(false);

      // An edit: the note's contribution is replaced, with the new model section in it.
      const index = join(notes, "multimodal/index.md");
      const edit = await batchAfter(() =>
        writeFileSync(index, readFileSync(index, "utf8") + FLAMINGO_SECTION),
      );
      expect(edit.trigger).toBe("change");
      expect(edit.ingested).toEqual(["note:multimodal/index.md"]);
      expect(await has(store, "Model", "model:flamingo")).toBe(true);
      expect(await has(store, "Model", "model:blip-2")).toBe(true);

      // A new note, then renamed: the old id goes, the new one comes.
      writeFileSync(join(notes, "vit.md"), "# ViT notes\n\nViT applies self-attention to image patches.\n");
      await until("the new note", () => has(store, "Note", "note:vit.md"));
      renameSync(join(notes, "vit.md"), join(notes, "vision-transformer.md"));
      await until("the rename", async () => !(await has(store, "Note", "note:vit.md")));
      await until("the renamed note", () => has(store, "Note", "note:vision-transformer.md"));

      // A deletion retracts the note and what only it contributed.
      rmSync(index);
      await until("the deletion", async () => !(await has(store, "Note", "note:multimodal/index.md")));
      expect(await has(store, "Model", "model:flamingo")).toBe(false);
      expect(await has(store, "Model", "model:blip-2")).toBe(false);
      expect(await noteCount(store)).toBe(1);
      expect(batches.flatMap((b) => b.removed)).toEqual(
        expect.arrayContaining(["note:vit.md", "note:multimodal/index.md"]),
      );
      expect(watching.state().errors).toEqual([]);
      expect(troubles).toEqual([]);
    });

    it("keeps a broken note's earlier graph, lists its error until it is fixed", async () => {
      const watching = await watch();
      const index = join(notes, "multimodal/index.md");
      const original = readFileSync(index, "utf8");
      // TOML front matter that does not parse: the note fails as a whole.
      const broken = await batchAfter(() =>
        writeFileSync(index, original.replace('title = "多模态"', 'title = "多模态') + FLAMINGO_SECTION),
      );
      expect(broken.notes).toMatchObject({ ingested: 0, failed: 1 });
      const [error] = watching.state().errors;
      expect(error?.note).toBe("note:multimodal/index.md");
      expect(error?.file).toBe(index);
      expect(error?.problems[0]?.severity).toBe("error");
      expect(error?.problems[0]?.rule).toMatch(/^frontmatter\//);
      // Its earlier contribution stays; nothing of the broken text went in.
      expect(await has(store, "Model", "model:blip-2")).toBe(true);
      expect(await has(store, "Model", "model:flamingo")).toBe(false);

      writeFileSync(index, original + FLAMINGO_SECTION);
      await until("the fix", () => watching.state().errors.length === 0);
      expect(await has(store, "Model", "model:flamingo")).toBe(true);
    });

    it("reads a changed image again: the note's figure follows the new bytes", async () => {
      const image = join(notes, "multimodal/image-20240828194716086.png");
      // New bytes no other figure of the note has (the note's other images would merge with it).
      const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#ff0000" } })
        .png()
        .toBuffer();
      const figures = async () =>
        (
          await store.query(
            "MATCH (:Note)-[:HAS_FIGURE]->(f:Figure) WHERE f.localPath = $path RETURN f.id AS id",
            { path: image },
            { readOnly: true },
          )
        ).rows.map((row) => String(row.id));
      await watch();
      const before = await figures();
      expect(before).toHaveLength(1);
      writeFileSync(image, red);
      const batch = await batchAfter(() => writeFileSync(image, red));
      expect(batch.ingested).toEqual(["note:multimodal/index.md"]);
      const after = await figures();
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before[0]);
      // The old figure was only this note's: it is gone.
      expect(await has(store, "Figure", before[0] ?? "")).toBe(false);
    });

    it("takes 500 notes written at once in a few batches, not 500", async () => {
      await watch();
      const burst = join(notes, "burst");
      cpSync(join(notes, "multimodal"), join(work, "spare"), { recursive: true });
      const started = batches.length;
      // As a git pull does: the files appear within a second or so.
      for (let i = 0; i < 500; i++) {
        if (i % 100 === 0) cpSync(join(work, "spare"), join(burst, `part-${i / 100}`), { recursive: true });
        writeFileSync(
          join(burst, `part-${Math.floor(i / 100)}`, `note-${i}.md`),
          `# Note ${i}\n\nNote ${i} is about CLIP and contrastive learning.\n`,
        );
      }
      await until("500 notes", async () => (await noteCount(store)) >= 506, 180_000);
      await watching(session).idle();
      const made = batches.slice(started);
      expect(made.reduce((sum, b) => sum + b.notes.ingested, 0)).toBe(505);
      expect(made.length).toBeGreaterThanOrEqual(1);
      expect(made.length).toBeLessThanOrEqual(5);
      expect(made.every((b) => b.error === null)).toBe(true);
      expect(troubles).toEqual([]);
    }, 240_000);
  });
}

const watching = (session: WatchSession | null): WatchSession => {
  if (!session) throw new Error("no session");
  return session;
};
