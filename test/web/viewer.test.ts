/**
 * The viewer in headless Chromium against the real `kg serve`, on a store built from
 * examples/ plus a note whose title is markup: it draws, searches, shows details, expands
 * and collapses, runs Cypher, renders note text as text, restores deep links and fits a
 * narrow window. Screenshots go to test/web/artifacts/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MultiDirectedGraph } from "graphology";
import * as gexf from "graphology-gexf";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SerializedGraph } from "../../src/server/api-types.js";
import {
  artifactPath,
  browserSkipReason,
  countNonBackgroundPixels,
  countPixelsOfColor,
  launchBrowser,
  type PageProblems,
  pixelsOfColorNear,
  type ServedViewer,
  startKgServe,
  type ViewerGlobals,
  waitForViewer,
  watchPage,
} from "../helpers/browser.js";
import { kg } from "../helpers/cli.js";

const EXAMPLES = resolve(import.meta.dirname, "../../examples/multimodal");
const XSS_TITLE = "<script>alert(1)</script>";
const XSS_NOTE = `---
title: "${XSS_TITLE}"
description: "<img src=x onerror=alert(2)>"
tags: ["<b>bold</b>"]
---

# ${XSS_TITLE}

A note about <img src=x onerror=alert(3)> and BLIP-2.
`;

/**
 * Stands in for a Gephi Lite served from the viewer's origin: the receiving end of its
 * broadcast protocol. It announces itself on the channel named by `?broadcast=`, keeps what
 * `importGraph` is called with in `window.imported`, and replies.
 */
const FAKE_GEPHI_LITE = `<!doctype html><title>Gephi Lite stand-in</title><script>
  const channel = new BroadcastChannel(new URL(location.href).searchParams.get("broadcast"));
  channel.onmessage = ({ data }) => {
    if (data?.type !== "broadcastMessage" || data.payload?.type !== "callMethod") return;
    if (data.payload.method === "importGraph") window.imported = data.payload.args[0];
    channel.postMessage({ type: "replyMessage", replyTo: data.id });
  };
  channel.postMessage({ type: "broadcastMessage", payload: { type: "event", event: "newInstance" } });
</script>`;

const skipReason = browserSkipReason();
if (skipReason) console.warn(`test/web/viewer.test.ts: the browser suite is skipped: ${skipReason}`);

/** expect.poll with room for a busy CI machine (vitest's default gives up after 1 s). */
const poll = <T>(check: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(check, { timeout: 15_000, ...options });

/** The palette (web/src/palette.ts) as the legend promises it, and the grey of nodes out of focus. */
const LABEL_COLORS: Record<string, string> = {
  Note: "#4e79a7",
  Tag: "#9c755f",
  Category: "#bab0ac",
  Series: "#8c6d31",
  Paper: "#e15759",
  Author: "#f28e2b",
  Model: "#59a14f",
  Concept: "#76b7b2",
  Loss: "#b07aa1",
  Figure: "#edc948",
  Repository: "#3b3b3b",
  WebResource: "#ff9da7",
};
const CONCEPT_COLOR = "#76b7b2";
const DIMMED = "#e2e4e8";

/** A node as sigma draws it: pixels in #graph, radius in pixels, colour. */
interface OnScreen {
  key: string;
  x: number;
  y: number;
  radius: number;
  color: string;
  label: string;
  name: string;
}

/**
 * Drawn nodes whose disc no other node's disc (or label, which sigma writes to the right of a
 * node) comes near, well inside a `width` x `height` view, biggest first: their pixels are theirs.
 */
function standingAlone(nodes: OnScreen[], width: number, height: number): OnScreen[] {
  const LABEL_ROOM = 120;
  return nodes
    .filter((node) => node.radius >= 4)
    .filter((node) => node.x > 20 && node.y > 20 && node.x < width - 20 && node.y < height - 20)
    .filter((node) =>
      nodes.every((other) => {
        if (other.key === node.key) return true;
        const dy = Math.abs(other.y - node.y);
        const dx = node.x - other.x;
        const apart = Math.hypot(dx, dy) > node.radius + other.radius + 4;
        // A label to the left of this node, on its line, could run over it.
        const labelClear = dx < 0 || dx > other.radius + LABEL_ROOM || dy > node.radius + 12;
        return apart && labelClear;
      }),
    )
    .sort((a, b) => b.radius - a.radius);
}

describe.skipIf(skipReason !== null)(
  `viewer in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let work: string;
    let server: ServedViewer;
    let browser: Browser;

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), "notegraph-web-"));
      cpSync(EXAMPLES, join(work, "notes/multimodal"), { recursive: true });
      writeFileSync(join(work, "notes/xss.md"), XSS_NOTE);
      const ingest = await kg(["ingest", join(work, "notes"), "--data-dir", join(work, "kg")]);
      expect(ingest.code, ingest.stderr).toBe(0);
      server = await startKgServe(join(work, "kg"));
      browser = await launchBrowser();
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    async function open(
      path = "",
      viewport = { width: 1280, height: 800 },
    ): Promise<{ page: Page; problems: PageProblems }> {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(new URL(path, server.url).toString());
      await waitForViewer(page);
      return { page, problems };
    }

    /** Closes the page; fails on dialogs and on page errors other than the `expected` ones. */
    async function done(page: Page, problems: PageProblems, expected?: RegExp): Promise<void> {
      await page.context().close();
      expect(problems.dialogs, "dialogs").toEqual([]);
      expect(
        problems.errors.filter((error) => !expected?.test(error)),
        "page errors",
      ).toEqual([]);
    }

    const counts = (page: Page) =>
      page.evaluate(() => {
        const graph = (globalThis as unknown as ViewerGlobals).__notegraph?.graph;
        return { nodes: graph?.order ?? -1, edges: graph?.size ?? -1 };
      });

    const display = (page: Page, key: string) =>
      page.evaluate((node) => {
        const data = (globalThis as unknown as ViewerGlobals).__notegraph?.sigma?.getNodeDisplayData(node);
        return data ? { hidden: data.hidden, highlighted: data.highlighted, color: data.color } : null;
      }, key);

    const details = (page: Page) => page.locator("#details");

    /** What the reducers draw: the nodes not hidden, and the edges between two of them. */
    const drawn = (page: Page) =>
      page.evaluate(() => {
        const hook = (globalThis as unknown as ViewerGlobals).__notegraph;
        const nodes = (hook?.graph.nodes() ?? []).filter(
          (key) => hook?.sigma?.getNodeDisplayData(key)?.hidden === false,
        );
        const shown = new Set(nodes);
        const edges = (hook?.graph.edges() ?? []).filter((key) =>
          hook?.graph.extremities(key).every((end) => shown.has(end)),
        );
        const blip = hook?.graph.getNodeAttributes("model:blip-2");
        return { nodes, edges, blip: blip ? { x: blip.x, y: blip.y } : null, all: hook?.graph.order ?? 0 };
      });

    /** `GET /api/graph` as the page asks it at start (its default limit), with more query options. */
    const apiGraph = async (query = ""): Promise<SerializedGraph> => {
      const response = await fetch(new URL(`api/graph?limit=2000${query}`, server.url));
      expect(response.status).toBe(200);
      return (await response.json()) as SerializedGraph;
    };

    /**
     * The nodes sigma draws now (its display data not hidden), read back from the page: where
     * (pixels in #graph), how big (radius in pixels), in which colour, and what they are.
     */
    const onScreen = (page: Page): Promise<OnScreen[]> =>
      page.evaluate(() => {
        const hook = (globalThis as unknown as ViewerGlobals).__notegraph;
        const sigma = hook?.sigma;
        if (!hook || !sigma) return [];
        return hook.graph.nodes().flatMap((key) => {
          const data = sigma.getNodeDisplayData(key);
          if (!data || data.hidden) return [];
          const attributes = hook.graph.getNodeAttributes(key);
          const at = sigma.graphToViewport({ x: attributes.x, y: attributes.y });
          const radius = sigma.scaleSize(data.size);
          return [{ key, ...at, radius, color: data.color, label: attributes.label, name: attributes.name }];
        });
      });

    /** Clicks an item of the Export menu and waits for the file it downloads. */
    async function exportItem(page: Page, item: string): Promise<{ download: Download; text: string }> {
      await page.locator("#export-menu summary").click();
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator(item).click()]);
      const path = await download.path();
      return { download, text: readFileSync(path, "utf8") };
    }

    it("draws every node /api/graph returns, in its colour where it is, and a label filter removes exactly that label's nodes", async () => {
      const { page, problems } = await open();
      const { nodes, edges } = await counts(page);
      const stats = (await (await fetch(new URL("api/stats", server.url))).json()) as { totalNodes: number };
      expect(nodes).toBe(stats.totalNodes);
      expect(edges).toBeGreaterThan(100);
      await poll(() => page.locator("#graph-stats").textContent()).toBe(`${nodes} nodes · ${edges} edges`);
      // The layout runs in a worker after the first frame, then stops.
      expect(page.workers().length).toBeGreaterThan(0);

      // Drawn: exactly the nodes the API returned.
      const all = await apiGraph();
      const keysOf = (list: { key: string }[]) => list.map((node) => node.key).sort();
      expect(keysOf(await onScreen(page))).toEqual(keysOf(all.nodes));
      expect(all.nodes.length).toBe(stats.totalNodes);

      // Once the layout has stopped, the screenshot shows each node that stands alone in its colour.
      await poll(() => page.locator("#layout-toggle").textContent(), { timeout: 30_000 }).toBe("Run layout");
      const shown = await onScreen(page);
      const shot = await page.locator("#graph").screenshot({ path: artifactPath("viewer-1280x800.png") });
      const { count, total } = await countNonBackgroundPixels(shot);
      expect(count, `${count} of ${total} pixels differ from the background`).toBeGreaterThan(1500);
      const box = await page.locator("#graph").boundingBox();
      const alone = standingAlone(shown, box?.width ?? 0, box?.height ?? 0).slice(0, 10);
      expect(alone.length, "nodes drawn clear of the others").toBeGreaterThanOrEqual(5);
      for (const node of alone) {
        const seen = await pixelsOfColorNear(shot, node, node.radius * 0.6, node.color);
        expect(
          seen.count / seen.total,
          `${node.key} (${node.color}) at ${Math.round(node.x)},${Math.round(node.y)}`,
        ).toBeGreaterThan(0.5);
      }
      const concepts = all.nodes.filter((node) => node.attributes.label === "Concept").length;
      expect(concepts).toBeGreaterThan(10);
      expect(await countPixelsOfColor(shot, CONCEPT_COLOR)).toBeGreaterThan(200);
      await page.screenshot({ path: artifactPath("viewer-page-1280x800.png") });

      // Unticking Concept: drawn are exactly the nodes /api/graph returns for the other labels,
      // so the count drops by exactly the Concept nodes, and no Concept colour is left on screen.
      await page.locator('#filters input[value="Concept"]').uncheck();
      const others = all.nodes
        .map((node) => node.attributes.label)
        .filter((label, i, labels) => label !== "Concept" && labels.indexOf(label) === i);
      const filtered = await apiGraph(`&labels=${others.join(",")}`);
      await poll(async () => (await onScreen(page)).length).toBe(filtered.nodes.length);
      expect(keysOf(await onScreen(page))).toEqual(keysOf(filtered.nodes));
      expect(all.nodes.length - filtered.nodes.length).toBe(concepts);
      const after = await page.locator("#graph").screenshot({ path: artifactPath("viewer-no-concepts.png") });
      expect(await countPixelsOfColor(after, CONCEPT_COLOR)).toBeLessThan(20);
      await done(page, problems);
    });

    it("selects the node clicked on the canvas: the details panel names it, and it is drawn in its colour, the rest dimmed", async () => {
      const { page, problems } = await open("?layout=0");
      const box = await page.locator("#graph").boundingBox();
      if (!box) throw new Error("#graph has no box");
      const before = await onScreen(page);
      const [target] = standingAlone(before, box.width, box.height);
      if (!target) throw new Error("no node is drawn clear of the others");
      await page.mouse.click(box.x + target.x, box.y + target.y);

      await poll(() => page.locator("#details-title").textContent()).toBe(target.name);
      expect(await details(page).locator(".badge").first().textContent()).toBe(target.label);
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#node=${target.key}`);
      // Drawn selected, with its whole name as its label, and that label is on screen.
      const selected = await page.evaluate((key) => {
        const sigma = (globalThis as unknown as ViewerGlobals).__notegraph?.sigma;
        const data = sigma?.getNodeDisplayData(key);
        return {
          label: data?.label,
          highlighted: data?.highlighted,
          labelDrawn: sigma?.getNodeDisplayedLabels().has(key),
        };
      }, target.key);
      expect(selected).toEqual({ label: target.name, highlighted: true, labelDrawn: true });

      // Off the node (no hover): the screenshot shows it in its label's colour, and a node
      // that is not its neighbour in the dimmed grey instead of its own colour.
      await page.mouse.move(box.x + 2, box.y + 2);
      const neighbours = new Set(
        await page.evaluate(
          (key) => (globalThis as unknown as ViewerGlobals).__notegraph?.graph.neighbors(key) ?? [],
          target.key,
        ),
      );
      const now = await onScreen(page);
      const drawnTarget = now.find((node) => node.key === target.key);
      expect(drawnTarget?.color).toBe(LABEL_COLORS[target.label]);
      const [far] = standingAlone(now, box.width, box.height).filter(
        (node) => node.key !== target.key && !neighbours.has(node.key),
      );
      if (!drawnTarget || !far) throw new Error("no node to compare with");
      expect(far.color).toBe(DIMMED);
      await page.waitForTimeout(300);
      const shot = await page.locator("#graph").screenshot({ path: artifactPath("viewer-clicked.png") });
      const mine = await pixelsOfColorNear(shot, drawnTarget, drawnTarget.radius * 0.6, drawnTarget.color);
      expect(mine.count / mine.total, `${target.key} in ${drawnTarget.color}`).toBeGreaterThan(0.5);
      const dimmed = await pixelsOfColorNear(shot, far, far.radius * 0.6, DIMMED, 8);
      expect(dimmed.count / dimmed.total, `${far.key} dimmed`).toBeGreaterThan(0.5);
      const ownColour = await pixelsOfColorNear(
        shot,
        far,
        far.radius * 0.6,
        LABEL_COLORS[far.label] ?? "#000000",
      );
      expect(ownColour.count, `${far.key} not in ${far.label}'s colour`).toBe(0);
      await done(page, problems);
    });

    it("starts and stops ForceAtlas2 from its button", async () => {
      const { page, problems } = await open("?layout=0");
      const button = page.locator("#layout-toggle");
      await poll(() => button.textContent()).toBe("Run layout");
      const position = () =>
        page.evaluate(() => {
          const graph = (globalThis as unknown as ViewerGlobals).__notegraph?.graph;
          const { x, y } = graph?.getNodeAttributes("model:blip-2") ?? { x: 0, y: 0 };
          return `${x},${y}`;
        });
      const before = await position();
      await button.click();
      expect(await button.getAttribute("aria-pressed")).toBe("true");
      await poll(position).not.toBe(before);
      await button.click();
      expect(await button.textContent()).toBe("Run layout");
      await page.waitForTimeout(200);
      const stopped = await position();
      await page.waitForTimeout(400);
      expect(await position()).toBe(stopped);
      await done(page, problems);
    });

    it("searches BLIP-2 with the keyboard, selects it and shows its paper and losses", async () => {
      const { page, problems } = await open("?layout=0");
      const input = page.locator("#search-input");
      await input.fill("BLIP-2");
      const options = page.locator("#search-results [role=option]");
      await poll(() => options.count()).toBeGreaterThan(0);
      const names = await page.locator("#search-results [role=option] .hit-name").allTextContents();
      const index = names.indexOf("BLIP-2");
      expect(index, `hits: ${names.join(" | ")}`).toBeGreaterThanOrEqual(0);
      for (let i = 0; i <= index; i++) await input.press("ArrowDown");
      expect(await options.nth(index).getAttribute("aria-selected")).toBe("true");
      await input.press("Enter");

      await poll(() => page.locator("#details-title").textContent()).toBe("BLIP-2");
      expect(new URL(page.url()).hash).toContain("node=model:blip-2");
      expect(new URL(page.url()).hash).toContain("q=BLIP-2");
      const panel = details(page);
      const arxiv = panel.locator('a[href="https://arxiv.org/abs/2301.12597"]');
      await poll(() => arxiv.count()).toBeGreaterThan(0);
      const paper = await panel.locator('[data-type="INTRODUCED_IN"]').textContent();
      expect(paper).toContain("BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image Encoders");
      const losses = await panel.locator('[data-type="USES_LOSS"] .node-link .name').allTextContents();
      expect(losses.map((loss) => loss.trim()).sort()).toEqual(["ITC", "ITG", "ITM"]);
      expect(await panel.locator(".provenance li").count()).toBeGreaterThan(0);
      // Selected: drawn highlighted; the camera went to it.
      expect((await display(page, "model:blip-2"))?.highlighted).toBe(true);
      await poll(() =>
        page.evaluate(
          () => (globalThis as unknown as ViewerGlobals).__notegraph?.sigma?.getCamera().ratio ?? 1,
        ),
      ).toBeLessThanOrEqual(0.51);
      await page.screenshot({ path: artifactPath("viewer-search-blip2.png") });
      const box = await page.locator("#graph").boundingBox();
      await poll(async () => {
        const blip = (await onScreen(page)).find((node) => node.key === "model:blip-2");
        return blip && box ? Math.hypot(blip.x - box.width / 2, blip.y - box.height / 2) : -1;
      }).toBeLessThan(3);
      const blip = (await onScreen(page)).find((node) => node.key === "model:blip-2");
      if (!blip) throw new Error("BLIP-2 is not drawn");
      const shot = await page.locator("#graph").screenshot();
      const seen = await pixelsOfColorNear(shot, blip, blip.radius * 0.6, LABEL_COLORS.Model ?? "");
      expect(seen.count / seen.total, "BLIP-2 in the middle, in green").toBeGreaterThan(0.5);
      await done(page, problems);
    });

    it("expands a node's neighbourhood and collapses it back", async () => {
      const { page, problems } = await open("?limit=6&layout=0#node=model:blip-2");
      await poll(() => page.locator("#details-title").textContent()).toBe("BLIP-2");
      const before = await counts(page);
      expect(before.nodes).toBe(6);
      const keys = () =>
        page.evaluate(() => (globalThis as unknown as ViewerGlobals).__notegraph?.graph.nodes() ?? []);
      const initial = await keys();
      const toggle = details(page).locator("[data-action=expand]");
      expect(await toggle.textContent()).toBe("Expand neighbours");
      await toggle.click();
      await poll(async () => (await counts(page)).nodes).toBeGreaterThan(before.nodes);
      // Exactly the neighbours that were missing came in.
      const neighbours = (await (
        await fetch(
          new URL(`api/nodes/${encodeURIComponent("model:blip-2")}/neighbors?limit=100`, server.url),
        )
      ).json()) as { nodes: { key: string }[] };
      const shown = await keys();
      expect(neighbours.nodes.length).toBeGreaterThan(10);
      expect(new Set(shown)).toEqual(new Set([...initial, ...neighbours.nodes.map((node) => node.key)]));
      expect(shown).toContain("loss:itc");
      await poll(() => toggle.textContent()).toBe("Collapse neighbours");
      await page.screenshot({ path: artifactPath("viewer-expanded.png") });
      await toggle.click();
      await poll(() => counts(page)).toEqual(before);
      await poll(() => toggle.textContent()).toBe("Expand neighbours");
      await done(page, problems);
    });

    it("runs Cypher in the console, shows a table and highlights the result's nodes", async () => {
      const { page, problems } = await open("?layout=0");
      await page
        .locator("#cypher-input")
        .fill(
          "MATCH (m:Model)-[:USES_LOSS]->(l:Loss) WHERE m.name = 'BLIP-2' RETURN m, l.name AS loss, l ORDER BY loss",
        );
      await page.locator("#console button[type=submit]").click();
      const rows = page.locator("#console [data-role=results] tbody tr");
      await poll(() => rows.count()).toBe(3);
      expect(await page.locator("#console [data-role=results] th").allTextContents()).toEqual([
        "m",
        "loss",
        "l",
      ]);
      expect(await page.locator("#console [data-role=status]").textContent()).toMatch(
        /3 rows · 4 nodes highlighted/,
      );
      for (const key of ["model:blip-2", "loss:itc", "loss:itm", "loss:itg"]) {
        expect((await display(page, key))?.highlighted, key).toBe(true);
      }
      const other = await display(page, "model:clip");
      expect(other?.highlighted).toBe(false);
      expect(other?.color).toBe("#e2e4e8");
      await page.screenshot({ path: artifactPath("viewer-cypher.png") });
      // A bad query is an error message, not a broken page.
      await page.locator("#cypher-input").fill("MATCH (n) DELETE n");
      await page.locator("#console button[type=submit]").click();
      await poll(() => page.locator("#console [data-role=status]").getAttribute("class")).toContain("error");
      // Chromium logs the refused request (403) as a console error.
      await done(page, problems, /status of 403/);
    });

    it("shows a note titled <script> as text, and nothing runs", async () => {
      const { page, problems } = await open("?layout=0");
      const input = page.locator("#search-input");
      await input.fill("alert");
      const option = page.locator("#search-results [role=option]", { hasText: XSS_TITLE });
      await poll(() => option.count()).toBeGreaterThan(0);
      await option.first().dispatchEvent("mousedown");
      await poll(() => page.locator("#details-title").textContent()).toBe(XSS_TITLE);
      expect(await details(page).textContent()).toContain("<img src=x onerror=alert(2)>");
      const injected = await page.evaluate(
        () =>
          (globalThis as unknown as ViewerGlobals).document.querySelectorAll(
            "#details script, #details img[src=x], #search-results script",
          ).length,
      );
      expect(injected).toBe(0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath("viewer-script-title.png") });
      await done(page, problems);
    });

    it("restores selection, filters and search text from a deep link", async () => {
      const { page, problems } = await open("?layout=0#node=model:blip-2&labels=Paper,Model&q=BLIP");
      await poll(() => page.locator("#details-title").textContent()).toBe("BLIP-2");
      expect(await page.locator("#search-input").inputValue()).toBe("BLIP");
      const checked = async (label: string) => page.locator(`#filters input[value="${label}"]`).isChecked();
      expect(await checked("Paper")).toBe(true);
      expect(await checked("Model")).toBe(true);
      expect(await checked("Concept")).toBe(false);
      expect(await checked("Note")).toBe(false);
      expect((await display(page, "concept:q-former"))?.hidden).toBe(true);
      expect((await display(page, "note:multimodal/index.md"))?.hidden).toBe(true);
      expect((await display(page, "paper:arxiv:2301.12597"))?.hidden).toBe(false);
      expect((await display(page, "model:clip"))?.hidden).toBe(false);
      // The data is untouched: filters only change what is drawn, which is what /api/graph
      // returns for those labels (BLIP-2, selected, is a Model), and no other label's colour.
      expect((await counts(page)).nodes).toBeGreaterThan(60);
      const papersAndModels = await apiGraph("&labels=Paper,Model");
      await poll(async () => (await onScreen(page)).map((node) => node.key).sort()).toEqual(
        papersAndModels.nodes.map((node) => node.key).sort(),
      );
      // The whole graph in view ("Fit"), once the camera has come back from BLIP-2.
      await page.locator("#fit").click();
      await poll(() =>
        page.evaluate(
          () => (globalThis as unknown as ViewerGlobals).__notegraph?.sigma?.getCamera().ratio ?? 0,
        ),
      ).toBe(1);
      await page.waitForTimeout(200);
      const filtered = await page
        .locator("#graph")
        .screenshot({ path: artifactPath("viewer-deep-link.png") });
      for (const label of ["Concept", "Note", "Loss", "Figure"])
        expect(await countPixelsOfColor(filtered, LABEL_COLORS[label] ?? ""), label).toBeLessThan(20);
      expect(await countPixelsOfColor(filtered, LABEL_COLORS.Model ?? "")).toBeGreaterThan(50);
      // Ticking a label back writes it into the URL.
      await page.locator('#filters input[value="Concept"]').check();
      await poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain("labels=Concept,Model,Paper");
      expect((await display(page, "concept:q-former"))?.hidden).toBe(false);
      await page.screenshot({ path: artifactPath("viewer-deep-link-page.png") });
      await done(page, problems);
    });

    it("sends the token given as ?token= and keeps it out of the address bar", async () => {
      const secured = await startKgServe(join(work, "kg"), ["--token", "s3cret"]);
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(new URL("?token=s3cret&layout=0#node=model:blip-2", secured.url).toString());
        await waitForViewer(page);
        await poll(() => page.locator("#details-title").textContent()).toBe("BLIP-2");
        expect(page.url()).not.toContain("s3cret");
        expect(new URL(page.url()).hash).toBe("#node=model:blip-2");
        // Remembered for the next visit.
        await page.goto(new URL("?layout=0", secured.url).toString());
        await waitForViewer(page);
        expect((await counts(page)).nodes).toBeGreaterThan(60);
        expect(problems.errors).toEqual([]);
        await context.close();

        // Without it: a message that says what to do, and no graph.
        const bare = await browser.newContext();
        const denied = await bare.newPage();
        await denied.goto(new URL("?layout=0", secured.url).toString());
        await poll(() => denied.locator("#status").textContent()).toMatch(/token/);
        await bare.close();
      } finally {
        await secured.close();
      }
    });

    it("downloads the visible graph as GEXF and JSON, leaving out what a label filter hides", async () => {
      const { page, problems } = await open("?layout=0");
      await page.locator('#filters input[value="Concept"]').uncheck();
      const visible = await drawn(page);
      expect(visible.nodes.length).toBeLessThan(visible.all);
      expect(visible.nodes.some((key) => key.startsWith("concept:"))).toBe(false);
      await page.locator("#export-menu summary").click();
      await page.screenshot({ path: artifactPath("viewer-export-menu.png") });
      await page.locator("#export-menu summary").click();

      const { download, text } = await exportItem(page, '#export-menu [data-format="gexf"]');
      expect(download.suggestedFilename()).toMatch(/^notegraph-\d{4}-\d{2}-\d{2}\.gexf$/);
      const graph = gexf.parse(MultiDirectedGraph, text);
      expect(new Set(graph.nodes())).toEqual(new Set(visible.nodes));
      expect(new Set(graph.edges())).toEqual(new Set(visible.edges));
      const blip = graph.getNodeAttributes("model:blip-2");
      expect(blip).toMatchObject({ label: "BLIP-2", nodeLabel: "Model", ...visible.blip });
      expect(blip.size).toBeGreaterThan(0);
      expect(blip.color).toMatch(/^(#|rgb)/);
      graph.forEachEdge((key, attributes) => {
        expect(attributes.label, key).toBe(attributes.type);
        expect(key.startsWith(`${attributes.type}:`), key).toBe(true);
      });
      // The stored properties and each relationship's evidence come along, as `kg export` writes them.
      expect(blip.aliases).toBe('json:["BLIP2"]');
      expect(blip.description).toMatch(/Q-Former/);
      expect(blip).not.toHaveProperty("embedding");
      const uses = graph.getEdgeAttributes("USES_LOSS:model:blip-2->loss:itc");
      expect(uses).toMatchObject({ label: "USES_LOSS", sources: 'json:["note:multimodal/index.md"]' });
      expect(typeof uses.line).toBe("number");

      const json = await exportItem(page, '#export-menu [data-format="json"]');
      expect(json.download.suggestedFilename()).toMatch(/^notegraph-\d{4}-\d{2}-\d{2}\.json$/);
      const fromJson = MultiDirectedGraph.from(JSON.parse(json.text));
      expect(new Set(fromJson.nodes())).toEqual(new Set(visible.nodes));
      expect(fromJson.size).toBe(visible.edges.length);
      expect(fromJson.getNodeAttributes("model:blip-2")).toMatchObject({
        label: "Model",
        name: "BLIP-2",
        aliases: ["BLIP2"],
      });
      expect(fromJson.getNodeAttribute("paper:arxiv:2301.12597", "arxivId")).toBe("2301.12597");
      expect(fromJson.getEdgeAttribute("USES_LOSS:model:blip-2->loss:itc", "sources")).toEqual([
        "note:multimodal/index.md",
      ]);

      // The public Gephi Lite (the default) is another origin: it opens, and the GEXF is downloaded for it.
      await page
        .context()
        .route("https://gephi.org/gephi-lite/**", (route) =>
          route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Gephi Lite</title>" }),
        );
      await page.locator("#export-menu summary").click();
      const [gephi, handed] = await Promise.all([
        page.context().waitForEvent("page"),
        page.waitForEvent("download"),
        page.locator('#export-menu [data-action="gephi-lite"]').click(),
      ]);
      expect(gephi.url()).toBe("https://gephi.org/gephi-lite/");
      expect(handed.suggestedFilename()).toMatch(/\.gexf$/);
      await poll(() => page.locator("#status").textContent()).toMatch(/Open graph file/);
      await done(page, problems);
    });

    it("opens a same-origin Gephi Lite and broadcasts the visible graph to it", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.route(
        (url) => url.pathname.startsWith("/gephi-lite/"),
        (route) => route.fulfill({ contentType: "text/html", body: FAKE_GEPHI_LITE }),
      );
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(
        new URL("?layout=0&gephiLite=/gephi-lite/#labels=Model,Loss,Paper", server.url).toString(),
      );
      await waitForViewer(page);
      const visible = await drawn(page);
      expect(visible.nodes.length).toBeLessThan(visible.all);

      await page.locator("#export-menu summary").click();
      const [gephi] = await Promise.all([
        context.waitForEvent("page"),
        page.locator('#export-menu [data-action="gephi-lite"]').click(),
      ]);
      const opened = new URL(gephi.url());
      expect(`${opened.origin}${opened.pathname}`).toBe(new URL("gephi-lite/", server.url).toString());
      expect(opened.searchParams.get("broadcast")).toMatch(/^notegraph-[0-9a-f]{24}$/);
      await gephi.waitForFunction(() => (globalThis as { imported?: unknown }).imported !== undefined);
      const imported = await gephi.evaluate(() => (globalThis as { imported?: unknown }).imported);
      const graph = MultiDirectedGraph.from(imported as Parameters<typeof MultiDirectedGraph.from>[0]);
      expect(new Set(graph.nodes())).toEqual(new Set(visible.nodes));
      expect(new Set(graph.edges())).toEqual(new Set(visible.edges));
      expect(graph.getNodeAttributes("model:blip-2")).toMatchObject({
        label: "BLIP-2",
        nodeLabel: "Model",
        aliases: 'json:["BLIP2"]',
        ...visible.blip,
      });
      expect(graph.getEdgeAttribute("USES_LOSS:model:blip-2->loss:itc", "label")).toBe("USES_LOSS");
      await poll(() => page.locator("#status").textContent()).toMatch(/Gephi Lite has the graph/);
      await gephi.screenshot({ path: artifactPath("viewer-gephi-lite-stand-in.png") });
      await done(page, problems);
    });

    it("fits a 480 px window: panels stack, nothing overflows sideways", async () => {
      const { page, problems } = await open("?layout=0#node=model:blip-2", { width: 480, height: 800 });
      await poll(() => page.locator("#details-title").textContent()).toBe("BLIP-2");
      const widths = await page.evaluate(() => {
        const g = globalThis as unknown as ViewerGlobals;
        return {
          document: g.document.documentElement.scrollWidth,
          body: g.document.body.scrollWidth,
          window: g.innerWidth,
        };
      });
      expect(widths.document).toBeLessThanOrEqual(widths.window);
      expect(widths.body).toBeLessThanOrEqual(widths.window);
      const graph = await page.locator("#graph").boundingBox();
      const panel = await page.locator("#details").boundingBox();
      expect(graph && panel).toBeTruthy();
      if (graph && panel) {
        expect(graph.width).toBeGreaterThan(400);
        expect(panel.y).toBeGreaterThanOrEqual(graph.y + graph.height - 1);
      }
      expect(await page.locator("#filters-panel").getAttribute("open")).toBeNull();
      // The graph is all there, and BLIP-2 is drawn in its colour where the camera took it.
      const shown = await onScreen(page);
      expect(shown.map((node) => node.key).sort()).toEqual(
        (await apiGraph()).nodes.map((node) => node.key).sort(),
      );
      await poll(() =>
        page.evaluate(
          () => (globalThis as unknown as ViewerGlobals).__notegraph?.sigma?.getCamera().ratio ?? 1,
        ),
      ).toBeLessThanOrEqual(0.51);
      await page.waitForTimeout(300);
      const blip = (await onScreen(page)).find((node) => node.key === "model:blip-2");
      expect(blip?.color).toBe(LABEL_COLORS.Model);
      const shot = await page.locator("#graph").screenshot();
      expect((await countNonBackgroundPixels(shot)).count).toBeGreaterThan(500);
      if (!blip || !graph) throw new Error("BLIP-2 is not drawn");
      expect(Math.abs(blip.x - graph.width / 2), "centred across").toBeLessThan(5);
      expect(Math.abs(blip.y - graph.height / 2), "centred down").toBeLessThan(5);
      const seen = await pixelsOfColorNear(shot, blip, blip.radius * 0.6, blip.color);
      expect(
        seen.count / seen.total,
        `BLIP-2 at ${Math.round(blip.x)},${Math.round(blip.y)}`,
      ).toBeGreaterThan(0.5);
      await page.screenshot({ path: artifactPath("viewer-480.png"), fullPage: true });
      await done(page, problems);
    });
  },
);
