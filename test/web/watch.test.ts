/**
 * The viewer following a watched vault, in headless Chromium against `kg serve --watch` on a
 * copy of the example note: an edit that adds a model section puts the new model on the open
 * page within 2 s of the file write, with the camera and the selection as they were and the
 * selected note's details refreshed; a note broken on purpose shows its error in the page and
 * keeps its earlier graph, and fixing it clears the error; deleting the note's file removes
 * its nodes. Screenshots go to test/web/artifacts/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  artifactPath,
  browserSkipReason,
  launchBrowser,
  type PageProblems,
  type ServedViewer,
  startKgServe,
  waitForViewer,
  watchPage,
} from "../helpers/browser.js";

const EXAMPLES = resolve(import.meta.dirname, "../../examples/multimodal");
const NOTE_ID = "note:multimodal/index.md";
const FLAMINGO_SECTION =
  "\n\n## Flamingo\n\nFlamingo uses **contrastive learning** and a Perceiver resampler.\n";

const skipReason = browserSkipReason();

/** What the test reads in the page (the root tsconfig has no DOM lib). */
interface Globals {
  __notegraph?: {
    graph: { hasNode(key: string): boolean; order: number };
    sigma: {
      getCamera(): { getState(): { x: number; y: number; ratio: number; angle: number } };
      getNodeDisplayData(key: string): { hidden: boolean } | undefined;
    } | null;
    live: { applied: number; lastSeq: number | null; lastApplyMs: number | null };
  };
  location: { hash: string };
}

const poll = <T>(check: () => T | Promise<T>, timeout = 15_000) =>
  expect.poll(check, { timeout, interval: 50 });

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const text = async (page: Page, selector: string): Promise<string> =>
  (await page.locator(selector).textContent()) ?? "";
const visible = (page: Page, selector: string): Promise<boolean> => page.locator(selector).isVisible();

describe.skipIf(skipReason !== null)(
  `viewer following kg serve --watch${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let work: string;
    let note: string;
    let original: string;
    let server: ServedViewer;
    let browser: Browser;
    let page: Page;
    let problems: PageProblems;

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), "notegraph-web-watch-"));
      cpSync(EXAMPLES, join(work, "notes/multimodal"), { recursive: true });
      note = join(work, "notes/multimodal/index.md");
      original = readFileSync(note, "utf8");
      server = await startKgServe(join(work, "kg"), ["--watch", join(work, "notes")]);
      await waitUntil(() => server.log().includes("following the notes"), 60_000);
      browser = await launchBrowser();
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      problems = watchPage(page);
      // The note selected by a deep link, as a user who clicked it.
      await page.goto(new URL(`/?layout=0#node=${encodeURIComponent(NOTE_ID)}`, server.url).toString());
      await waitForViewer(page);
      await page.locator("#details-title").waitFor();
      await waitUntil(async () =>
        /^Watching · .*first ingest/.test((await page.locator("#live-status").textContent()) ?? ""),
      );
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    const has = (key: string) =>
      page.evaluate((id) => (globalThis as unknown as Globals).__notegraph?.graph.hasNode(id) ?? false, key);
    const camera = () =>
      page.evaluate(() => (globalThis as unknown as Globals).__notegraph?.sigma?.getCamera().getState());
    const applied = () =>
      page.evaluate(() => (globalThis as unknown as Globals).__notegraph?.live.applied ?? 0);

    it("shows a model added to the note within 2 s of the write, camera and selection unchanged", async () => {
      // The camera's move onto the selected note is over.
      await page.waitForTimeout(800);
      const before = await camera();
      expect(before).toBeDefined();
      expect(await has("model:flamingo")).toBe(false);
      expect(await text(page, "#details")).not.toContain("Flamingo");

      writeFileSync(note, original + FLAMINGO_SECTION);
      const written = Date.now();
      await page.waitForFunction(
        () => (globalThis as unknown as Globals).__notegraph?.graph.hasNode("model:flamingo") === true,
        undefined,
        { timeout: 10_000, polling: 20 },
      );
      const elapsed = Date.now() - written;
      process.stderr.write(`watch: model:flamingo on the page ${elapsed} ms after the write\n`);
      expect(elapsed).toBeLessThan(2000);
      const drawn = await page.evaluate(
        () =>
          (globalThis as unknown as Globals).__notegraph?.sigma?.getNodeDisplayData("model:flamingo")?.hidden,
      );
      expect(drawn).toBe(false);
      expect(await camera()).toEqual(before);
      expect(await page.evaluate(() => (globalThis as unknown as Globals).location.hash)).toContain(
        `node=${encodeURIComponent(NOTE_ID)}`,
      );
      expect(await text(page, "#details-title")).toBe("多模态");
      // The selected note changed: its details were read again and now list the new model.
      await poll(() => text(page, "#details")).toContain("Flamingo");
      await poll(() => text(page, "#live-status")).toMatch(/1 note ingested \(1 file changed/);
      await page.screenshot({ path: artifactPath("watch-added-model.png") });
    });

    it("shows a broken note's error and keeps its earlier graph; fixing it clears the error", async () => {
      const seen = await applied();
      writeFileSync(note, original.replace('title = "多模态"', 'title = "多模态') + FLAMINGO_SECTION);
      await poll(() => visible(page, "#live-errors")).toBe(true);
      const errors = await text(page, "#live-errors");
      expect(errors).toContain("multimodal/index.md");
      expect(errors).toContain("[frontmatter/toml]");
      expect(errors).toMatch(/index\.md:3:\d+: error: malformed TOML front matter/);
      expect(await page.locator("#live-status").getAttribute("data-state")).toBe("failing");
      await page.screenshot({ path: artifactPath("watch-broken-note.png") });
      // Nothing was removed: the note's earlier graph stays, on the page as in the store.
      expect(await has("model:flamingo")).toBe(true);
      expect(await has("model:blip-2")).toBe(true);
      expect(await has(NOTE_ID)).toBe(true);

      writeFileSync(note, original + FLAMINGO_SECTION);
      await poll(() => visible(page, "#live-errors")).toBe(false);
      expect(await page.locator("#live-status").getAttribute("data-state")).toBe("ok");
      expect(await applied()).toBeGreaterThan(seen);
      expect(await has("model:flamingo")).toBe(true);
    });

    it("removes the note's nodes when its file is deleted", async () => {
      rmSync(note);
      await page.waitForFunction(
        (id) => (globalThis as unknown as Globals).__notegraph?.graph.hasNode(id) === false,
        NOTE_ID,
        { timeout: 15_000 },
      );
      // What only this note said goes with it; the selection (the note itself) is cleared.
      await poll(() => has("model:blip-2")).toBe(false);
      expect(await has("model:flamingo")).toBe(false);
      await poll(() => visible(page, "#details")).toBe(false);
      await poll(() => text(page, "#live-status")).toMatch(/1 removed/);
      expect(problems.errors).toEqual([]);
      expect(problems.dialogs).toEqual([]);
    });
  },
);
