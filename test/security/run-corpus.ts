/**
 * Runs the bypass corpus (bypass-corpus.ts) against one store through both read-only doors,
 * `kg query` (the built CLI, spawned) and `POST /api/cypher` (a server opened as `kg serve`
 * opens it). Each answer must be exactly the one the corpus names: for a refusal, its whole
 * message, and the layer that gave it (the lexical guard's own verdict on the text is the
 * refusal named, or, for Neo4j's plan check, nothing). After each door, `kg stats
 * --fingerprint` must be what it was and the corpus' folder must hold only its input file.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprintOf } from "../../bench/kill-resume.js";
import type { ErrorBody } from "../../src/server/api-types.js";
import { type RunningServer, startServer } from "../../src/server/start.js";
import { screenReadOnly } from "../../src/store/cypher-guard.js";
import { kg } from "../helpers/cli.js";
import {
  type BypassAttempt,
  cliParams,
  corpusFor,
  forStore,
  refusalMessage,
  type StoreKind,
} from "./bypass-corpus.js";

export interface CorpusTarget {
  /** `--data-dir <dir>` or `--neo4j-uri <uri>`. */
  cliArgs: string[];
  /** startServer options that select the store, as `kg serve` would. */
  server: { dataDir?: string; neo4jUri?: string };
  /** A second view of the stored data, besides `kg stats --fingerprint`: equal exactly when it is. */
  fingerprint?: () => Promise<string>;
}

export function describeBypassCorpus(kind: StoreKind, target: () => Promise<CorpusTarget>): void {
  describe(`bypass corpus: ${kind}`, () => {
    const dir = mkdtempSync(join(tmpdir(), "notegraph-bypass-"));
    writeFileSync(join(dir, "in.csv"), "id,name\ntag:pwn,pwn\n");
    const attempts = corpusFor(kind, dir);
    let t: CorpusTarget;
    let before: { cli: string; own: string | null };

    const fingerprints = async () => ({
      cli: await fingerprintOf(t.cliArgs),
      own: t.fingerprint ? await t.fingerprint() : null,
    });

    beforeAll(async () => {
      t = await target();
      before = await fingerprints();
    }, 120_000);

    const nothingWritten = async () => {
      expect(readdirSync(dir)).toEqual(["in.csv"]);
      expect(await fingerprints()).toEqual(before);
    };

    it("has at least 25 attempts for this store", () => {
      expect(attempts.length).toBeGreaterThanOrEqual(25);
    });

    // Which layer refuses: the guard is a pure function of the text, so its verdict on each
    // attempt is checked directly. What the guard lets through reaches the plan check or the engine.
    it.each(attempts)("$name: the lexical guard's verdict is the one named", (attempt) => {
      const expected = attempt.expect;
      const verdict = screenReadOnly(attempt.cypher, kind);
      if ("refused" in expected && forStore(expected.refused, kind).by === "guard") {
        const { found, reason } = forStore(expected.refused, kind);
        expect(verdict).toEqual({ found, reason });
      } else {
        expect(verdict).toBeNull();
      }
    });

    describe("kg query", () => {
      it.each(attempts)("$name: exactly the answer named", async (attempt) => {
        await throughCli(attempt, kind, t.cliArgs);
      });

      it("wrote nothing: kg stats --fingerprint unchanged, no file created", nothingWritten);
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

      it.each(attempts)("$name: exactly the answer named", async (attempt) => {
        await throughApi(attempt, kind, server);
      });

      it("wrote nothing: kg stats --fingerprint unchanged, no file created", nothingWritten);
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
    expect(result.stdout, what).toBe("");
    expect(result.stderr, what).toBe(`kg: ${refusalMessage(forStore(expected.refused, kind))}\n`);
    expect(result.code, what).toBe(1);
  } else if (expected.invalid.by === "params") {
    expect(result.stdout, what).toBe("");
    expect(result.stderr, what).toBe(`kg: ${expected.invalid.cli}\n`);
    expect(result.code, what).toBe(2);
  } else {
    expect(result.stdout, what).toBe("");
    expect(result.stderr, what).toMatch(/^kg: .*\n$/s);
    expect(result.stderr.slice("kg: ".length, -1), what).toMatch(forStore(expected.invalid.message, kind));
    expect(result.code, what).toBe(1);
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
    expect(body, what).toEqual({ error: refusalMessage(forStore(expected.refused, kind)) });
    expect(response.status, what).toBe(403);
  } else if (expected.invalid.by === "params") {
    expect(body, what).toEqual({ error: expected.invalid.api });
    expect(response.status, what).toBe(400);
  } else {
    expect(Object.keys(body), what).toEqual(["error"]);
    expect(body.error, what).toMatch(forStore(expected.invalid.message, kind));
    expect(response.status, what).toBe(400);
  }
}
