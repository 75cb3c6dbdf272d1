/**
 * The named queries (cypher/queries/) against rows written by hand in
 * test/fixtures/named-queries/expected.json, on the graph those rows describe: examples/ plus
 * the fixture's own note, ingested with `--embed` on the tiny CLIP model and a colour
 * vocabulary, plus the arXiv records of the three papers the example note cites. Each store
 * runs the same suite against the same rows, so the stores also agree with each other.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";
import { makeTinyClip } from "../make-tiny-clip.js";

const REPO = resolve(import.meta.dirname, "../..");
export const QUERIES_DIR = join(REPO, "cypher/queries");
const FIXTURE = join(REPO, "test/fixtures/named-queries");
export const EXPECTED_FILE = join(FIXTURE, "expected.json");
const SNAPSHOT = join(REPO, "test/fixtures/arxiv/snapshot/multimodal.jsonl");

type Row = Record<string, unknown>;

const Expectations = z.record(
  z.string(),
  z.object({ params: z.record(z.string(), z.string()), rows: z.array(z.record(z.string(), z.unknown())) }),
);
export type Expectations = z.infer<typeof Expectations>;

/** The named queries, by file name without `.cypher`. */
export const namedQueries = (): string[] =>
  readdirSync(QUERIES_DIR)
    .filter((file) => file.endsWith(".cypher"))
    .map((file) => file.slice(0, -".cypher".length))
    .sort();

export const loadExpectations = (): Expectations =>
  Expectations.parse(JSON.parse(readFileSync(EXPECTED_FILE, "utf8")));

/** An expected cell `{"between": [low, high]}` stands for any number in that range. */
const Between = z.object({ between: z.tuple([z.number(), z.number()]) }).strict();

/**
 * The two sides in a form `toEqual` can compare: lists sorted (a `collect()` has no defined
 * order, in either engine), and each `between` cell replaced by the actual number when it is in
 * range (left as it is otherwise, so the difference shows).
 */
export function comparable(
  actual: readonly Row[],
  expected: readonly Row[],
): { actual: Row[]; expected: Row[] } {
  return {
    actual: actual.map(sortLists),
    expected: expected.map((row, i) => {
      const got = actual[i] ?? {};
      return Object.fromEntries(
        Object.entries(sortLists(row)).map(([key, cell]) => {
          const range = Between.safeParse(cell);
          if (!range.success) return [key, cell];
          const [low, high] = range.data.between;
          const value = got[key];
          return [key, typeof value === "number" && value >= low && value <= high ? value : cell];
        }),
      );
    }),
  };
}

function sortLists(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, cell]) => [
      key,
      Array.isArray(cell)
        ? [...cell].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        : cell,
    ]),
  );
}

/** Ingests the graph the expected rows describe into the store that `storeArgs` select. */
async function ingestGraph(storeArgs: readonly string[]): Promise<void> {
  const models = tempDir("notegraph-models-");
  await makeTinyClip(models);
  const env = { KG_MODEL_DIR: models, KG_CLIP_MODEL: "tiny-clip" };
  const vocab = ["--vocab", join(FIXTURE, "colours.yaml")];
  const notes = [EXAMPLES, join(FIXTURE, "notes")];
  const ingest = await kg(["ingest", ...notes, ...vocab, "--embed", "--offline", ...storeArgs], { env });
  if (ingest.code !== 0) throw new Error(`kg ingest failed (${ingest.code}): ${ingest.stderr}`);
  if (!/embed: tiny-clip/.test(ingest.stderr)) throw new Error(`figures were not embedded: ${ingest.stderr}`);
  const arxiv = await kg(["arxiv", SNAPSHOT, ...storeArgs]);
  if (arxiv.code !== 0) throw new Error(`kg arxiv failed (${arxiv.code}): ${arxiv.stderr}`);
}

/**
 * Every named query returns its expected rows on one store. `prepare` empties the store and
 * returns the `kg` flags that select it.
 */
export function describeNamedQueries(store: string, prepare: () => Promise<string[]>): void {
  describe(`cypher/queries/ return their expected rows: ${store}`, () => {
    let storeArgs: string[];
    const expectations = loadExpectations();

    beforeAll(async () => {
      storeArgs = await prepare();
      await ingestGraph(storeArgs);
    }, 180_000);

    it.each(namedQueries())("%s", async (name) => {
      const expected = expectations[name];
      if (!expected) throw new Error(`${name}: no expected rows in ${EXPECTED_FILE}`);
      expect(expected.rows.length, `${name}: the expected rows must not be empty`).toBeGreaterThan(0);
      const params = Object.entries(expected.params).flatMap(([key, value]) => [
        "--param",
        `${key}=${value}`,
      ]);
      const result = await kg([
        "query",
        "-f",
        join(QUERIES_DIR, `${name}.cypher`),
        "--format",
        "json",
        ...params,
        ...storeArgs,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const rows = comparable(JSON.parse(result.stdout) as Row[], expected.rows);
      expect(rows.actual).toEqual(rows.expected);
    });
  });
}
