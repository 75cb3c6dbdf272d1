/** The watch session on the embedded store, opened as `kg serve --watch` opens it (reads beside writes). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openKuzuStore } from "../../src/store/kuzu.js";
import { watchSuite } from "./watch-suite.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

watchSuite("kuzu", async () => {
  const dir = mkdtempSync(join(tmpdir(), "notegraph-watch-kuzu-"));
  dirs.push(dir);
  return openKuzuStore({ dataDir: dir, sharedReads: true });
});
