/**
 * Runs the bypass corpus (bypass-corpus.ts) against one store through both read-only doors,
 * `kg query` (the built CLI, spawned) and `POST /api/cypher` (a server opened as `kg serve`
 * opens it), checking each answer, then that the graph's fingerprint is what it was and
 * that the corpus' folder holds only its input file.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphFingerprint } from "../../src/export/fingerprint.js";
import type { ErrorBody } from "../../src/server/api-types.js";
import { type RunningServer, startServer } from "../../src/server/start.js";
import type { GraphStore } from "../../src/store/types.js";
import { kg } from "../helpers/cli.js";
import { type BypassAttempt, cliParams, corpusFor, forStore, type StoreKind } from "./bypass-corpus.js";

export interface CorpusTarget {
  /** `--data-dir <dir>` or `--neo4j-uri <uri>`. */
  cliArgs: string[];
  /** startServer options that select the store, as `kg serve` would. */
  server: { dataDir?: string; neo4jUri?: string };
  /** The graph's fingerprint: the same exactly when the stored data is the same. */
  fingerprint: () => Promise<string>;
}

/** `kg stats --fingerprint`'s hash, through a store opened for it. */
export async function storeFingerprint(open: () => Promise<GraphStore>): Promise<string> {
  const store = await open();
  try {
    return (await graphFingerprint(store)).sha256;
  } finally {
    await store.close();
  }
}

export function describeBypassCorpus(kind: StoreKind, target: () => Promise<CorpusTarget>): void {
  describe(`bypass corpus: ${kind}`, () => {
    const dir = mkdtempSync(join(tmpdir(), "notegraph-bypass-"));
    writeFileSync(join(dir, "in.csv"), "id,name\ntag:pwn,pwn\n");
    const attempts = corpusFor(kind, dir);
    let t: CorpusTarget;
    let before: string;

    beforeAll(async () => {
      t = await target();
      before = await t.fingerprint();
    }, 120_000);

    const nothingWritten = async () => {
      expect(readdirSync(dir)).toEqual(["in.csv"]);
      expect(await t.fingerprint()).toBe(before);
    };

    it("has at least 25 attempts for this store", () => {
      expect(attempts.length).toBeGreaterThanOrEqual(25);
    });

    it("kg query refuses each attempt with a clear message, and nothing is written", {
      timeout: 300_000,
    }, async () => {
      for (const attempt of attempts) await throughCli(attempt, kind, t.cliArgs);
      await nothingWritten();
    });

    describe("POST /api/cypher", () => {
      let server: RunningServer;
      beforeAll(async () => {
        server = await startServer({
          ...t.server,
          port: 0,
          webRoot: null,
          figureRoots: [],
          clip: async () => ({ ok: false, reason: "no model in the bypass tests" }),
        });
      });
      afterAll(async () => {
        await server?.close();
      });

      it("refuses each attempt with a clear message, and nothing is written", {
        timeout: 120_000,
      }, async () => {
        for (const attempt of attempts) await throughApi(attempt, kind, server);
        await nothingWritten();
      });
    });
  });
}

async function throughCli(attempt: BypassAttempt, kind: StoreKind, args: string[]): Promise<void> {
  const result = await kg([
    "query",
    "--format",
    "json",
    attempt.cypher,
    ...cliParams(attempt.params),
    ...args,
  ]);
  const what = `${attempt.name}: ${attempt.cypher}\n${result.stderr}`;
  const expected = attempt.expect;
  if ("data" in expected) {
    expect(result.code, what).toBe(0);
    expect(JSON.parse(result.stdout), what).toEqual(expected.data);
  } else if ("refused" in expected) {
    expect(result.code, what).toBe(1);
    expect(result.stdout, what).toBe("");
    expect(result.stderr, what).toMatch(/^kg: read-only query refused: /);
    expect(result.stderr, what).toMatch(forStore(expected.refused, kind));
  } else {
    expect(result.code, what).not.toBe(0);
    expect(result.stderr, what).toMatch(forStore(expected.invalid, kind));
  }
}

async function throughApi(attempt: BypassAttempt, kind: StoreKind, server: RunningServer): Promise<void> {
  const response = await fetch(new URL("/api/cypher", server.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: attempt.cypher, params: attempt.params ?? {} }),
  });
  const body = (await response.json()) as ErrorBody & { columns?: string[]; rows?: unknown[][] };
  const what = `${attempt.name}: ${attempt.cypher}\n${JSON.stringify(body)}`;
  const expected = attempt.expect;
  if ("data" in expected) {
    expect(response.status, what).toBe(200);
    const rows = (body.rows ?? []).map((row) =>
      Object.fromEntries((body.columns ?? []).map((column, i) => [column, row[i]])),
    );
    expect(rows, what).toEqual(expected.data);
  } else if ("refused" in expected) {
    expect(response.status, what).toBe(403);
    expect(body.error, what).toMatch(/^read-only query refused: /);
    expect(body.error, what).toMatch(forStore(expected.refused, kind));
  } else {
    expect(response.status, what).toBe(400);
    expect(body.error, what).toMatch(forStore(expected.invalid, kind));
  }
}
