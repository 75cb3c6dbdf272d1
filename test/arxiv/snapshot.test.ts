import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { ArxivRecord } from "../../ingest/arxiv/record.js";
import {
  decodeLatexName,
  matchesFilter,
  parseSnapshotLine,
  readSnapshot,
  SnapshotFileError,
  type SnapshotItem,
  SnapshotLineError,
  type SnapshotOptions,
} from "../../ingest/arxiv/snapshot.js";
import { UsageError } from "../../src/errors.js";

/** 200 real snapshot lines (see the README there). */
const SAMPLE = resolve(import.meta.dirname, "../fixtures/arxiv/snapshot/sample.jsonl");
const EDGE_CASES = resolve(import.meta.dirname, "../fixtures/arxiv/snapshot/edge-cases.jsonl");

async function readAll(file: string, options?: SnapshotOptions): Promise<SnapshotItem[]> {
  const items: SnapshotItem[] = [];
  for await (const item of readSnapshot(file, options)) items.push(item);
  return items;
}
const recordsOf = (items: SnapshotItem[]): ArxivRecord[] =>
  items.flatMap((item) => ("record" in item ? [item.record] : []));
const errorsOf = (items: SnapshotItem[]) => items.flatMap((item) => ("error" in item ? [item] : []));

/** The raw JSON of the sample, read without the code under test. */
const rawSample = (): Record<string, unknown>[] =>
  readFileSync(SAMPLE, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function sampleLine(id: string): Record<string, unknown> {
  const found = rawSample().find((raw) => raw.id === id);
  if (!found) throw new Error(`${id} is not in the sample`);
  return found;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "notegraph-snapshot-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function writeTemp(name: string, content: string | Uint8Array): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

describe("readSnapshot on the 200 real lines", () => {
  it("yields 200 records, 0704.0001 to 0704.0200, on lines 1 to 200, and no errors", async () => {
    const items = await readAll(SAMPLE);
    expect(errorsOf(items)).toEqual([]);
    expect(items.map((item) => item.line)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(recordsOf(items).map((r) => r.id)).toEqual(
      Array.from({ length: 200 }, (_, i) => `0704.${String(i + 1).padStart(4, "0")}`),
    );
  });

  it("reads every field of 0704.0001", async () => {
    const [first] = recordsOf(await readAll(SAMPLE));
    expect(first).toEqual({
      id: "0704.0001",
      version: 2,
      title: "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
      abstract: expect.stringMatching(
        /^A fully differential calculation in perturbative quantum chromodynamics is presented for the production .* can be obtained with judicious selection of events\.$/,
      ),
      authors: [
        { name: "C. Balázs", affiliations: [] },
        { name: "E. L. Berger", affiliations: [] },
        { name: "P. M. Nadolsky", affiliations: [] },
        { name: "C. -P. Yuan", affiliations: [] },
      ],
      published: "2007-04-02T19:18:42Z",
      updated: "2007-07-24T20:10:27Z",
      categories: ["hep-ph"],
      primaryCategory: "hep-ph",
      doi: "10.1103/PhysRevD.76.013009",
      journalRef: "Phys.Rev.D76:013009,2007",
      comments: "37 pages, 15 figures; published version",
      license: null,
    });
    expect(first?.abstract).not.toMatch(/\n| {2}/);
    expect(first?.abstract).toContain("gluon-(anti)quark, and gluon-gluon subprocesses are included");
  });

  it("reads names with suffixes, collaborations and single names, licences and version counts", async () => {
    const byId = new Map(recordsOf(await readAll(SAMPLE)).map((r) => [r.id, r]));
    expect(byId.get("0704.0002")).toMatchObject({
      title: "Sparsity-certifying Graph Decompositions",
      categories: ["math.CO", "cs.CG"],
      primaryCategory: "math.CO",
      license: "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
      published: "2007-03-31T02:26:18Z",
      updated: "2008-12-13T17:26:00Z",
      journalRef: null,
      doi: null,
      authors: [
        { name: "Ileana Streinu", affiliations: [] },
        { name: "Louis Theran", affiliations: [] },
      ],
    });
    expect(byId.get("0704.0009")?.authors.map((a) => a.name)).toContain("Neal J. Evans II");
    expect(byId.get("0704.0020")?.authors.map((a) => a.name)).toContain("The BABAR Collaboration");
    expect(byId.get("0704.0147")?.authors.map((a) => a.name)).toContain("Sudha");
    expect(byId.get("0704.0062")?.authors.map((a) => a.name)).toEqual(
      expect.arrayContaining(["Rastislav Šrámek", "Broňa Brejová", "Tomáš Vinař"]),
    );
    // The 4th element of authors_parsed is an affiliation; ArxivAuthor leaves them empty here.
    expect(byId.get("0704.0163")?.authors[0]).toEqual({ name: "Peter Brommer", affiliations: [] });
    expect(byId.get("0704.0027")).toMatchObject({ version: 4, updated: "2009-09-24T12:40:18Z" });
    expect(byId.get("0704.0011")?.title).toBe(
      "Computing genus 2 Hilbert-Siegel modular forms over $\\Q(\\sqrt{5})$ via the Jacquet-Langlands correspondence",
    );
  });

  it("finds the records with a cs category: 8, counted independently from the raw JSON", async () => {
    const independent = rawSample().filter((raw) =>
      String(raw.categories)
        .split(" ")
        .some((category) => category.startsWith("cs.")),
    );
    // SOURCES.md says 36: that is how many lines contain "cs" anywhere, "physics" included.
    expect(independent).toHaveLength(8);
    const records = recordsOf(await readAll(SAMPLE));
    const cs = records.filter((r) => matchesFilter(r, { categories: ["cs"] }));
    expect(cs.map((r) => r.id)).toEqual(independent.map((raw) => raw.id));
    expect(cs.map((r) => r.id)).toEqual([
      "0704.0002",
      "0704.0046",
      "0704.0047",
      "0704.0050",
      "0704.0062",
      "0704.0090",
      "0704.0098",
      "0704.0108",
    ]);
  });

  it("filters by category prefix (OR, any category, any case) and by first-version date", async () => {
    const records = recordsOf(await readAll(SAMPLE));
    const count = (filter: Parameters<typeof matchesFilter>[1]) =>
      records.filter((r) => matchesFilter(r, filter)).length;
    const raw = rawSample();
    const rawCount = (test: (categories: string[], firstDay: string) => boolean) =>
      raw.filter((line) => {
        const versions = line.versions as { created: string }[];
        const day = new Date(versions[0]?.created ?? "").toISOString().slice(0, 10);
        return test(String(line.categories).split(" "), day);
      }).length;

    expect(count({})).toBe(200);
    expect(count({ categories: ["cs.AI"] })).toBe(2);
    expect(count({ categories: ["CS.ai"] })).toBe(2);
    expect(count({ categories: ["math", "cs"] })).toBe(
      rawCount((categories) => categories.some((c) => c.startsWith("math") || c.startsWith("cs"))),
    );
    expect(count({ categories: ["hep-th"] })).toBe(15);
    expect(count({ since: "2007-04-02", until: "2007-04-02" })).toBe(
      rawCount((_, day) => day === "2007-04-02"),
    );
    expect(count({ since: "2007-04-01" })).toBe(rawCount((_, day) => day >= "2007-04-01"));
    expect(count({ until: "2007-03-31" })).toBe(rawCount((_, day) => day <= "2007-03-31"));
    expect(count({ until: "2007-03-31" })).toBeGreaterThan(0);
    expect(count({ categories: ["cs"], since: "2007-04-01" })).toBe(
      rawCount((categories, day) => categories.some((c) => c.startsWith("cs.")) && day >= "2007-04-01"),
    );
  });

  it("falls back to the authors string when authors_parsed is missing, decoding LaTeX accents", () => {
    const { authors_parsed: _, ...line } = sampleLine("0704.0001");
    expect(String(line.authors)).toContain("Bal\\'azs");
    expect(parseSnapshotLine(JSON.stringify(line)).authors.map((a) => a.name)).toEqual([
      "C. Balázs",
      "E. L. Berger",
      "P. M. Nadolsky",
      "C.-P. Yuan",
    ]);
  });
});

describe("readSnapshot on edge cases", () => {
  it("yields records and errors with their line numbers, skipping blank lines, going on after errors", async () => {
    const items = await readAll(EDGE_CASES);
    expect(items.map((item) => ["record" in item ? item.record.id : "error", item.line])).toEqual([
      ["hep-th/9901001", 1],
      ["0704.9001", 4],
      ["error", 5],
      ["error", 6],
      ["error", 7],
      ["hep-th/9901001", 8],
      ["error", 9],
      ["0704.9005", 10],
      ["error", 11],
    ]);
    expect(errorsOf(items)).toEqual([
      { line: 5, error: expect.stringMatching(/^not valid JSON: Expected ',' or '}' after property value/) },
      { line: 6, error: 'record 0704.9003 has no "title"' },
      { line: 7, error: '"id" "not-an-id" is not an arXiv id' },
      { line: 9, error: "expected a JSON object, got an array" },
      {
        line: 11,
        error: expect.stringMatching(
          /^truncated last line \(no newline at the end of the file\): Unterminated string/,
        ),
      },
    ]);
  });

  it("reads an old-style id, a wrapped LaTeX title, three versions and LaTeX author names", async () => {
    const [first, fallback, duplicate, nulls] = recordsOf(await readAll(EDGE_CASES));
    expect(first).toEqual({
      id: "hep-th/9901001",
      version: 3,
      title: 'Supersymmetric $\\mathcal{N}=4$ Yang-Mills Theory and the Gr\\"obner Basis of the Lattice',
      abstract:
        "We compute the $\\beta$-function of $\\mathcal{N}=4$ theory on a lattice with spacing $a \\to 0$, and compare with \\cite{Maldacena} at strong coupling.",
      authors: [
        "Hans Müller",
        "Csaba Balázs",
        "Jean François",
        "John Smith Jr",
        "Jiří Škoda",
        "The ATLAS Collaboration",
      ].map((name) => ({ name, affiliations: [] })),
      published: "1999-01-01T10:00:00Z",
      updated: "1999-03-03T23:59:59Z",
      categories: ["hep-th", "hep-lat", "math-ph", "math.MP"],
      primaryCategory: "hep-th",
      doi: "10.1016/S0550-3213(99)00001-X",
      journalRef: "Nucl.Phys. B550 (1999) 123-145",
      comments: "12 pages, 3 figures; v3: typos fixed",
      license: "http://creativecommons.org/licenses/by/4.0/",
    });
    expect(first?.authors[1]?.name).toBe("Csaba Bal\u00e1zs"); // one precomposed character, not a + U+0301
    expect(fallback?.authors.map((a) => a.name)).toEqual(["J. Müller", "K. O'Neil", "L. Østergaard"]);
    expect(fallback).toMatchObject({
      version: null,
      published: null,
      updated: null,
      abstract: null,
      license: null,
    });
    expect(fallback?.categories).toEqual(["cs.LG", "stat.ML"]);
    expect(duplicate).toMatchObject({ id: "hep-th/9901001", version: 1, updated: "1999-01-01T10:00:00Z" });
    expect(nulls).toEqual({
      id: "0704.9005",
      version: null,
      title: "All Optional Fields Null",
      abstract: null,
      authors: [],
      published: null,
      updated: null,
      categories: ["math.CO"],
      primaryCategory: "math.CO",
      doi: null,
      journalRef: null,
      comments: null,
      license: null,
    });
  });
});

describe("readSnapshot on compressed and awkward files", () => {
  it("detects gzip by its magic bytes, not by the file name", async () => {
    const plain = await readAll(SAMPLE);
    const gzipped = writeTemp("snapshot.jsonl", gzipSync(readFileSync(SAMPLE)));
    expect(await readAll(gzipped)).toEqual(plain);
    const misnamed = writeTemp("snapshot.jsonl.gz", readFileSync(SAMPLE));
    expect(await readAll(misnamed)).toEqual(plain);
    const edge = writeTemp("edge.gz", gzipSync(readFileSync(EDGE_CASES)));
    expect(await readAll(edge)).toEqual(await readAll(EDGE_CASES));
  });

  it("reports a cut-off gzip file as an error item after the records it could read", async () => {
    const whole = gzipSync(readFileSync(SAMPLE));
    const items = await readAll(writeTemp("cut.jsonl.gz", whole.subarray(0, Math.floor(whole.length / 2))));
    const errors = errorsOf(items);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatch(/^the gzip stream is truncated or corrupt: /);
    expect(items.at(-1)).toBe(errors[0]);
    const records = recordsOf(items);
    expect(records.length).toBeGreaterThan(20);
    expect(records.length).toBeLessThan(200);
    expect(errors[0]?.line).toBe(records.length + 1);
  });

  it("reads CRLF line endings and a file without a final newline", async () => {
    const lines = readFileSync(SAMPLE, "utf8").split("\n").slice(0, 3);
    const items = await readAll(writeTemp("crlf.jsonl", lines.join("\r\n")));
    expect(recordsOf(items).map((r) => r.id)).toEqual(["0704.0001", "0704.0002", "0704.0003"]);
    expect(errorsOf(items)).toEqual([]);
  });

  it("decodes a multi-byte character split across two read chunks", async () => {
    const head = '{"id":"0704.0001","title":"';
    // The reader reads 1 MiB at a time: put the two bytes of "ü" on either side of that edge.
    const title = `${"a".repeat((1 << 20) - 1 - head.length)}üb`;
    const file = writeTemp("split.jsonl", `${head}${title}"}\n{"id":"0704.0002","title":"next"}\n`);
    const records = recordsOf(await readAll(file));
    expect(records.map((r) => r.id)).toEqual(["0704.0001", "0704.0002"]);
    expect(records[0]?.title.endsWith("aüb")).toBe(true);
    expect(records[0]?.title).toHaveLength(title.length);
  });

  it("an over-long line is an error item with its line number, and reading goes on", async () => {
    const record = (id: string) => JSON.stringify({ id, title: `Paper ${id}` });
    const long = JSON.stringify({ id: "0704.0002", title: "Long", abstract: "a".repeat(5000) });
    const items = await readAll(
      writeTemp("long.jsonl", [record("0704.0001"), long, record("0704.0003"), long].join("\n")),
      { maxLineChars: 1000 },
    );
    expect(items.map((item) => ["record" in item ? item.record.id : item.error, item.line])).toEqual([
      ["0704.0001", 1],
      ["line is longer than 1000 characters (the reader's limit); skipped", 2],
      ["0704.0003", 3],
      ["line is longer than 1000 characters (the reader's limit); skipped", 4],
    ]);
  });

  it("a line longer than the limit is never carried whole across chunks, plain or gzip", async () => {
    // 3.5 MiB without a newline spans four 1 MiB reads: it is dropped as it streams past.
    const huge = `{"id":"0704.0002","title":"${"x".repeat(3.5 * (1 << 20))}"}`;
    const content = ["", huge, '{"id":"0704.0003","title":"after"}', huge, ""].join("\n");
    for (const [name, bytes] of [
      ["huge.jsonl", content],
      ["huge.jsonl.gz", gzipSync(content)],
    ] as const) {
      const items = await readAll(writeTemp(name, bytes), { maxLineChars: 64 * 1024 });
      expect(
        items.map((item) => ["record" in item ? item.record.id : item.error, item.line]),
        name,
      ).toEqual([
        ["line is longer than 65536 characters (the reader's limit); skipped", 2],
        ["0704.0003", 3],
        ["line is longer than 65536 characters (the reader's limit); skipped", 4],
      ]);
    }
  });

  it("throws SnapshotFileError for a file it cannot read", async () => {
    await expect(readAll(join(tempDir(), "missing.jsonl"))).rejects.toThrow(SnapshotFileError);
    await expect(readAll(tempDir())).rejects.toThrow(/cannot read the snapshot/);
  });
});

describe("parseSnapshotLine", () => {
  const error = (text: string): string => {
    try {
      parseSnapshotLine(text);
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(SnapshotLineError);
      return (thrown as Error).message;
    }
    throw new Error("expected parseSnapshotLine to throw");
  };

  it("names what is wrong", () => {
    expect(error("{")).toMatch(/^not valid JSON: /);
    expect(error("null")).toBe("expected a JSON object, got null");
    expect(error('{"title":"t"}')).toBe('record has no "id"');
    expect(error('{"id":704.0001,"title":"t"}')).toBe('"id" is a number, expected a string');
    expect(error('{"id":"2301.12597","title":"  "}')).toBe('record 2301.12597 has no "title"');
    expect(error('{"id":"2301.12597","title":"t","doi":12}')).toBe(
      'record 2301.12597: "doi" is a number, expected a string',
    );
    expect(error('{"id":"2301.12597","title":"t","versions":{}}')).toBe(
      'record 2301.12597: "versions" is an object, expected an array',
    );
    expect(error('{"id":"2301.12597","title":"t","versions":[{"version":"v1","created":"yesterday"}]}')).toBe(
      'record 2301.12597: version date "yesterday" is not a date',
    );
  });

  it("normalises versioned ids and reads dates in other formats", () => {
    const record = parseSnapshotLine(
      '{"id":"2301.12597v3","title":"t","versions":[{"version":"v1","created":"2023-01-30T18:20:01Z"}]}',
    );
    expect(record).toMatchObject({ id: "2301.12597", version: 1, published: "2023-01-30T18:20:01Z" });
  });
});

describe("decodeLatexName", () => {
  it("turns accent macros into precomposed Unicode", () => {
    const cases: [string, string][] = [
      ["Bal\\'azs", "Balázs"],
      ['Sch{\\"o}n', "Schön"],
      ['Sch\\"{o}n', "Schön"],
      ["Fran\\c{c}ois", "François"],
      ["Fran\\c cois", "François"],
      ["\\v{S}koda", "Škoda"],
      ["Ji\\v{r}\\'{\\i}", "Jiří"],
      ["Erd\\H{o}s", "Erdős"],
      ["Ma\\~nana", "Mañana"],
      ["\\.{Z}ak", "Żak"],
      ["\\k{a}", "ą"],
      ["Gro\\ss{}mann", "Großmann"],
      ["{\\L}ukasz", "Łukasz"],
      ["J\\o rgensen", "Jørgensen"],
      ['{\\AA}ngstr{\\"o}m', "Ångström"],
      ["C. -P. Yuan", "C. -P. Yuan"],
      ["A.~B. Smith", "A. B. Smith"],
    ];
    for (const [latex, unicode] of cases) expect([latex, decodeLatexName(latex)]).toEqual([latex, unicode]);
    expect(decodeLatexName("Bal\\'azs")).toBe("Bal\u00e1zs");
  });
});

describe("matchesFilter", () => {
  const record = parseSnapshotLine(
    JSON.stringify({
      id: "2103.00020",
      title: "t",
      categories: "cs.CV cs.LG",
      versions: [{ version: "v1", created: "Fri, 26 Feb 2021 17:57:52 GMT" }],
    }),
  );

  it("matches category prefixes on any category", () => {
    expect(matchesFilter(record, { categories: ["cs"] })).toBe(true);
    expect(matchesFilter(record, { categories: ["cs.LG"] })).toBe(true);
    expect(matchesFilter(record, { categories: ["math", "cs.CV"] })).toBe(true);
    expect(matchesFilter(record, { categories: ["math", "stat"] })).toBe(false);
    expect(matchesFilter(record, { categories: [] })).toBe(true);
  });

  it("bounds the first version's date inclusively", () => {
    expect(matchesFilter(record, { since: "2021-02-26", until: "2021-02-26" })).toBe(true);
    expect(matchesFilter(record, { since: "2021-02-27" })).toBe(false);
    expect(matchesFilter(record, { until: "2021-02-25" })).toBe(false);
    const undated = parseSnapshotLine('{"id":"2103.00020","title":"t"}');
    expect(matchesFilter(undated, { since: "2000-01-01" })).toBe(false);
    expect(matchesFilter(undated, {})).toBe(true);
  });

  it("refuses a bound that is not YYYY-MM-DD", () => {
    expect(() => matchesFilter(record, { since: "2021" })).toThrow(UsageError);
    expect(() => matchesFilter(record, { until: "26/02/2021" })).toThrow(/YYYY-MM-DD/);
  });
});
