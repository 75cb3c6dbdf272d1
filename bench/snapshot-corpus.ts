/**
 * A generated arXiv metadata snapshot for the import benchmark: `count` JSON lines with the
 * 14 fields of the real file (see test/fixtures/arxiv/snapshot/sample.jsonl), deterministic for
 * a seed, plus a gzip copy. Shapes follow the real snapshot: new-style ids (`0704.0001`,
 * `2301.12345`, numbered in order within their month, more per month in later years) with
 * about 10% old-style ones (`hep-th/9901001`) mixed in; titles wrapped over lines; abstracts of
 * 250 to 1,920 characters (about 1 KB) with inline LaTeX, wrapped, with the leading spaces and
 * trailing newline of the original; 1 to 15 authors drawn from a shared pool with a heavy head
 * (prolific authors recur across papers, so Author nodes grow much slower than papers), some
 * spelled with LaTeX accents in `authors` and decoded in `authors_parsed`; 1 to 4 categories,
 * about 38% cs.*; 1 to 5 versions with RFC 1123 dates; nulls for absent optional fields; and
 * non-ASCII written as \u escapes, as the real file does.
 *
 *   node dist/bench/snapshot-corpus.js <dir> <count> [seed]
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { authorId } from "../src/graph/ids.js";
import { createRandom, type Random } from "./prng.js";
import {
  ABSTRACT_WORDS,
  AFFILIATIONS,
  CATEGORIES,
  COMMENTS,
  FIRST_NAMES,
  JOURNALS,
  LAST_NAMES,
  LATEX_SNIPPETS,
  LICENSES,
  OLD_ARCHIVES,
  SYLLABLES,
  TITLE_LINKS,
  TITLE_WORDS,
} from "./snapshot-words.js";

/** Bump when the generator changes what it writes, so cached snapshots are regenerated. */
export const SNAPSHOT_VERSION = 3;
/** Written last: a directory without it (an interrupted run) is regenerated. */
export const SNAPSHOT_MARKER = ".snapshot.json";
export const SNAPSHOT_FILE = "arxiv-snapshot.jsonl";
export const SNAPSHOT_GZ_FILE = `${SNAPSHOT_FILE}.gz`;

const OLD_STYLE_SHARE = 0.1;
/** Distinct names in the author pool per record; the draws' heavy head makes far fewer appear. */
const AUTHOR_POOL_PER_RECORD = 0.75;
/** Draw exponent: index = pool * u^k; k > 1 gives a few authors many papers, most one or two. */
const AUTHOR_SKEW = 1.5;
/** Weights of 1..15 authors per paper (mean about 4). */
const AUTHOR_COUNT_WEIGHTS = [14, 18, 18, 15, 11, 8, 5, 3.5, 2.5, 1.5, 1, 0.8, 0.6, 0.5, 0.6];
const VERSION_COUNT_WEIGHTS = [55, 28, 10, 5, 2];
const CATEGORY_COUNT_WEIGHTS = [55, 30, 11, 4];

export interface SnapshotSummary {
  records: number;
  bytes: number;
  gzBytes: number;
  oldStyleIds: number;
  /** Author pool size; distinct Author ids its drawn names make (names collide, as real ones do). */
  authorPool: number;
  distinctAuthors: number;
  authorships: number;
  /** Records with a cs.* category among theirs, and with a cs.* primary. */
  withCsCategory: number;
  csPrimary: number;
}

interface PoolAuthor {
  last: string;
  lastLatex: string;
  first: string;
  suffix: string;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Mon, 2 Apr 2007 19:18:42 GMT`, the snapshot's version dates (day not zero-padded). */
function rfc1123(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

function weighted<T>(random: Random, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/** Breaks `text` at spaces into lines of at most `width` characters joined by `joiner`. */
function wrap(text: string, width: number, joiner: string): string {
  if (text.length <= width) return text;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join(joiner);
}

/** Python's json.dumps(ensure_ascii=True), as the real file: every non-ASCII UTF-16 unit as \uXXXX. */
const asciiJson = (line: string): string =>
  line.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** First instants of the months from `from` up to, not including, `until` (both month starts). */
function monthStarts(from: number, until: number): number[] {
  const start = new Date(from);
  const months: number[] = [];
  for (let k = 0; ; k++) {
    const month = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + k, 1);
    if (month >= until) return months;
    months.push(month);
  }
}

interface IdPlan {
  id: string;
  /** Start of the month the id was issued in, ms since the epoch. */
  monthStart: number;
  category: string | null;
}

/**
 * New-style ids month by month from 2007-04 to 2024-12, more per month in later years (4
 * digits before 2015, 5 after), and old-style ids from 1991-08 to 2007-03, interleaved.
 */
function planIds(count: number, random: Random): IdPlan[] {
  const oldCount = Math.round(count * OLD_STYLE_SHARE);
  const newCount = count - oldCount;
  const months = monthStarts(Date.UTC(2007, 3, 1), Date.UTC(2025, 0, 1));
  const weights = months.map((_, i) => 1 + i / 40);
  const total = weights.reduce((a, b) => a + b, 0);
  const quota = weights.map((w) => Math.floor((newCount * w) / total));
  quota[quota.length - 1] = (quota.at(-1) ?? 0) + newCount - quota.reduce((a, b) => a + b, 0);
  const fresh: IdPlan[] = [];
  months.forEach((monthStart, i) => {
    const d = new Date(monthStart);
    const yymm = `${String(d.getUTCFullYear() % 100).padStart(2, "0")}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    const digits = d.getUTCFullYear() >= 2015 ? 5 : 4;
    const take = Math.min(quota[i] ?? 0, 10 ** digits - 1);
    if (i + 1 < quota.length) quota[i + 1] = (quota[i + 1] ?? 0) + (quota[i] ?? 0) - take;
    for (let n = 1; n <= take; n++) {
      fresh.push({ id: `${yymm}.${String(n).padStart(digits, "0")}`, monthStart, category: null });
    }
  });
  const oldMonths = monthStarts(Date.UTC(1991, 7, 1), Date.UTC(2007, 3, 1));
  const numbers = new Map<string, number>();
  const old: IdPlan[] = [];
  for (let k = 0; k < oldCount; k++) {
    const monthStart = oldMonths[Math.floor((k * oldMonths.length) / Math.max(oldCount, 1))] as number;
    const [archive, category] = random.pick(OLD_ARCHIVES);
    const d = new Date(monthStart);
    const yymm = `${String(d.getUTCFullYear() % 100).padStart(2, "0")}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    const key = `${archive}/${yymm}`;
    const n = (numbers.get(key) ?? 0) + 1;
    numbers.set(key, n);
    if (n > 999) throw new Error(`too many old-style ids for ${key}: generate fewer records`);
    old.push({ id: `${key}${String(n).padStart(3, "0")}`, monthStart, category });
  }
  const plan: IdPlan[] = [];
  let i = 0;
  let j = 0;
  while (i < fresh.length || j < old.length) {
    const takeOld = j < old.length && (i >= fresh.length || random.chance(OLD_STYLE_SHARE));
    plan.push(takeOld ? (old[j++] as IdPlan) : (fresh[i++] as IdPlan));
  }
  return plan;
}

/** Half the pool gets a made-up family name (two or three syllables), so names collide about as often as real ones. */
function syntheticLastName(random: Random): { name: string; latex?: string } {
  let name = "";
  for (let i = random.int(2, 3); i > 0; i--) name += random.pick(SYLLABLES);
  return { name: capitalize(name) };
}

function authorPool(size: number, random: Random): PoolAuthor[] {
  const pool: PoolAuthor[] = [];
  for (let i = 0; i < size; i++) {
    const last = random.chance(0.5) ? syntheticLastName(random) : random.pick(LAST_NAMES);
    let first = random.pick(FIRST_NAMES);
    if (random.chance(0.35)) {
      first = `${first.charAt(0)}.`;
      if (random.chance(0.4)) first += ` ${random.pick(FIRST_NAMES).charAt(0)}.`;
    } else if (random.chance(0.15)) first += ` ${random.pick(FIRST_NAMES).charAt(0)}.`;
    const suffix = random.chance(0.005) ? "Jr." : random.chance(0.002) ? "III" : "";
    pool.push({
      last: last.name,
      lastLatex: last.latex ?? last.name,
      first,
      suffix,
    });
  }
  return pool;
}

const displayName = (a: PoolAuthor, latex: boolean): string =>
  [a.first, latex ? a.lastLatex : a.last, a.suffix].filter(Boolean).join(" ");

function title(random: Random): string {
  const words: string[] = [];
  const length = random.int(3, 13);
  for (let i = 0; i < length; i++) {
    words.push(
      i > 0 && i < length - 1 && random.chance(0.2) ? random.pick(TITLE_LINKS) : random.pick(TITLE_WORDS),
    );
  }
  if (random.chance(0.1)) words.splice(random.int(0, words.length), 0, random.pick(LATEX_SNIPPETS));
  if (random.chance(0.1)) words.push(`(${random.pick(TITLE_WORDS)})`);
  return wrap(words.join(" "), 72, "\n  ");
}

function abstract(random: Random): string {
  // Roughly normal around 1,000 characters, within arXiv's 1,920.
  const target = Math.min(
    1920,
    Math.max(250, Math.round(1000 + (random.next() + random.next() + random.next() - 1.5) * 700)),
  );
  const sentences: string[] = [];
  let length = 0;
  while (length < target) {
    const words: string[] = [];
    const n = random.int(8, 28);
    for (let i = 0; i < n; i++) words.push(random.pick(ABSTRACT_WORDS));
    if (random.chance(0.25)) words.splice(random.int(1, words.length), 0, random.pick(LATEX_SNIPPETS));
    if (random.chance(0.03)) words.push("na\u00efve", "Schr\u00f6dinger");
    const sentence = `${capitalize(words.join(" "))}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return `  ${wrap(sentences.join(" "), 80, "\n")}\n`;
}

function comments(random: Random): string | null {
  if (random.chance(0.1)) return null;
  const template = random.pick(COMMENTS);
  if (!template.startsWith("pages")) return template;
  return template
    .replace("pages", `${random.int(4, 60)} pages`)
    .replace("figures", `${random.int(1, 20)} figures`)
    .replace("tables", `${random.int(1, 8)} tables`);
}

interface Tally {
  authorIds: Set<string>;
  authorships: number;
  withCs: number;
  csPrimary: number;
  oldStyle: number;
}

function record(plan: IdPlan, pool: PoolAuthor[], random: Random, tally: Tally): string {
  // Authors: distinct draws from the pool's heavy head.
  const authorCount = weighted(
    random,
    AUTHOR_COUNT_WEIGHTS.map((_, i) => i + 1),
    AUTHOR_COUNT_WEIGHTS,
  );
  const picked = new Set<number>();
  for (let tries = 0; picked.size < authorCount && tries < authorCount * 4; tries++) {
    picked.add(Math.floor(pool.length * random.next() ** AUTHOR_SKEW));
  }
  const authors = [...picked].map((index) => pool[index] as PoolAuthor);
  for (const a of authors) tally.authorIds.add(authorId(displayName(a, false)));
  tally.authorships += authors.length;
  const affiliated = random.chance(0.05);
  const affiliations = authors.map(() => (affiliated ? random.pick(AFFILIATIONS) : ""));
  const names = authors.map((a, i) => {
    const name = displayName(a, true);
    return affiliations[i] ? `${name} (${affiliations[i]})` : name;
  });
  const authorText =
    names.length > 1 && random.chance(0.6)
      ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`
      : names.join(", ");

  // Categories: the old-style archive's, or weighted; extra ones mostly from the same group.
  const primary =
    plan.category ??
    weighted(
      random,
      CATEGORIES.map(([c]) => c),
      CATEGORIES.map(([, w]) => w),
    );
  const categories = [primary];
  const extra = weighted(random, [0, 1, 2, 3], CATEGORY_COUNT_WEIGHTS);
  const group = primary.split(".")[0] ?? primary;
  const sameGroup = CATEGORIES.filter(([c]) => c.startsWith(`${group}.`) || c === group);
  for (let tries = 0; categories.length < extra + 1 && tries < 10; tries++) {
    const [category] =
      random.chance(0.6) && sameGroup.length > 1 ? random.pick(sameGroup) : random.pick(CATEGORIES);
    if (!categories.includes(category)) categories.push(category);
  }
  if (categories.some((c) => c.startsWith("cs."))) tally.withCs++;
  if (primary.startsWith("cs.")) tally.csPrimary++;
  if (plan.category !== null) tally.oldStyle++;

  // Versions: the first in the id's month, later ones days to months after.
  const versionCount = weighted(random, [1, 2, 3, 4, 5], VERSION_COUNT_WEIGHTS);
  let time = plan.monthStart + random.int(0, 27) * 86_400_000 + random.int(0, 86_399) * 1000;
  const versions: { version: string; created: string }[] = [];
  for (let v = 1; v <= versionCount; v++) {
    if (v > 1) time += random.int(1, 200) * 86_400_000 + random.int(0, 86_399) * 1000;
    versions.push({ version: `v${v}`, created: rfc1123(time) });
  }
  const year = new Date(time).getUTCFullYear();
  const updated = new Date(time + random.int(0, 400) * 86_400_000).toISOString().slice(0, 10);

  const journal = random.chance(0.35)
    ? `${random.pick(JOURNALS)}${random.int(1, 120)}:${random.int(1000, 99999)},${year}`
    : null;
  const value = {
    id: plan.id,
    submitter:
      random.chance(0.7) && authors[0]
        ? displayName(authors[0], false)
        : displayName(random.pick(pool), false),
    authors: wrap(authorText, 72, "\n  "),
    title: title(random),
    comments: comments(random),
    "journal-ref": journal,
    doi: random.chance(0.4)
      ? `10.${random.int(1000, 9999)}/${random.hex(4)}.${random.int(10, 999)}.${random.int(1000, 99999)}`
      : null,
    "report-no": random.chance(0.06) ? `CERN-TH-${year}-${random.int(1, 300)}` : null,
    categories: categories.join(" "),
    license: year < 2010 && random.chance(0.8) ? null : random.pick(LICENSES),
    abstract: abstract(random),
    versions,
    update_date: updated,
    authors_parsed: authors.map((a, i) =>
      affiliations[i] ? [a.last, a.first, a.suffix, affiliations[i]] : [a.last, a.first, a.suffix],
    ),
  };
  return asciiJson(JSON.stringify(value));
}

const FLUSH_CHARS = 4 << 20;

export interface SnapshotCorpus extends SnapshotSummary {
  dir: string;
  file: string;
  gzFile: string;
  /** Seconds spent generating it in this run; null when the cached copy was used. */
  generatedSeconds: number | null;
}

/**
 * The cached snapshot of `count` records under `<root>/snapshot-<count>/`, generated when
 * missing, incomplete (no marker) or written by another generator version or seed.
 */
export async function ensureSnapshotCorpus(
  root: string,
  count: number,
  seed: number,
  log: (message: string) => void,
): Promise<SnapshotCorpus> {
  const dir = join(root, `snapshot-${count}`);
  const paths = { dir, file: join(dir, SNAPSHOT_FILE), gzFile: join(dir, SNAPSHOT_GZ_FILE) };
  const marker = join(dir, SNAPSHOT_MARKER);
  if (existsSync(marker) && existsSync(paths.file) && existsSync(paths.gzFile)) {
    const written = JSON.parse(readFileSync(marker, "utf8")) as Partial<SnapshotSummary> & {
      version?: number;
      seed?: number;
    };
    if (written.version === SNAPSHOT_VERSION && written.seed === seed && written.records === count) {
      const { version: _v, seed: _s, ...summary } = written;
      return { ...(summary as SnapshotSummary), ...paths, generatedSeconds: null };
    }
  }
  log(`  generating a ${count}-record arXiv snapshot (and its gzip) in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const summary = await generateSnapshot(dir, count, seed);
  return { ...summary, ...paths, generatedSeconds: (performance.now() - started) / 1000 };
}

/** Writes `<dir>/arxiv-snapshot.jsonl` (and `.gz`) with `count` records, then the marker. */
export async function generateSnapshot(dir: string, count: number, seed = 1): Promise<SnapshotSummary> {
  mkdirSync(dir, { recursive: true });
  const random = createRandom(seed);
  const plan = planIds(count, random);
  const pool = authorPool(Math.max(2000, Math.round(count * AUTHOR_POOL_PER_RECORD)), random);
  const tally: Tally = {
    authorIds: new Set(),
    authorships: 0,
    withCs: 0,
    csPrimary: 0,
    oldStyle: 0,
  };
  const file = join(dir, SNAPSHOT_FILE);
  const fd = openSync(file, "w");
  try {
    let buffer: string[] = [];
    let buffered = 0;
    for (const entry of plan) {
      const line = record(entry, pool, random, tally);
      buffer.push(line, "\n");
      buffered += line.length + 1;
      if (buffered >= FLUSH_CHARS) {
        writeSync(fd, buffer.join(""));
        buffer = [];
        buffered = 0;
      }
    }
    if (buffer.length > 0) writeSync(fd, buffer.join(""));
  } finally {
    closeSync(fd);
  }
  const gzFile = join(dir, SNAPSHOT_GZ_FILE);
  await pipeline(createReadStream(file), createGzip(), createWriteStream(gzFile));
  const summary: SnapshotSummary = {
    records: count,
    bytes: statSync(file).size,
    gzBytes: statSync(gzFile).size,
    oldStyleIds: tally.oldStyle,
    authorPool: pool.length,
    distinctAuthors: tally.authorIds.size,
    authorships: tally.authorships,
    withCsCategory: tally.withCs,
    csPrimary: tally.csPrimary,
  };
  writeFileSync(join(dir, SNAPSHOT_MARKER), JSON.stringify({ version: SNAPSHOT_VERSION, seed, ...summary }));
  return summary;
}

async function main(args: string[]): Promise<void> {
  const [dir, countText, seedText] = args;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count <= 0) {
    process.stderr.write("usage: node dist/bench/snapshot-corpus.js <dir> <count> [seed]\n");
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const summary = await generateSnapshot(resolve(dir), count, seedText ? Number(seedText) : 1);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify(summary)}\nin ${seconds.toFixed(1)} s\n`);
}

const invokedPath = process.argv[1];
if (invokedPath && realpathSync(invokedPath) === fileURLToPath(import.meta.url))
  await main(process.argv.slice(2));
