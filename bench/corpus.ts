/**
 * The benchmark corpus: `count` deterministic notes in the style of
 * examples/multimodal/index.md, spread over 100 nested folders, plus the example's PNG
 * files once under `assets/` for the notes' local figures.
 *
 *   node dist/bench/corpus.js <dir> <count> [seed]
 */
import { copyFileSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadVocabulary } from "../ingest/markdown/vocabulary.js";
import { packageRoot } from "../src/paths.js";
import { termPools } from "./corpus-terms.js";
import { writeNote } from "./note-text.js";
import { createRandom, deriveSeed } from "./prng.js";

/** Bump when the generator changes what it writes, so cached corpora are regenerated. */
export const CORPUS_VERSION = 3;
/** Written last: a corpus without it (an interrupted run) is incomplete. */
export const CORPUS_MARKER = ".corpus.json";

const AREAS = 10;
const TOPICS_PER_AREA = 10;

export interface CorpusSummary {
  notes: number;
  bytes: number;
}

export const noteName = (index: number): string => `note-${String(index).padStart(5, "0")}`;

function noteFolder(index: number): string {
  const leaf = index % (AREAS * TOPICS_PER_AREA);
  return join(`area-${Math.floor(leaf / TOPICS_PER_AREA)}`, `topic-${leaf % TOPICS_PER_AREA}`);
}

export function generateCorpus(dir: string, count: number, seed = 1): CorpusSummary {
  const pools = termPools(loadVocabulary());
  const images = copyExampleImages(join(dir, "assets"));
  const localImages = images.map((image) => `../../assets/${image}`);
  let bytes = 0;
  for (let index = 0; index < count; index++) {
    const folder = join(dir, noteFolder(index));
    if (index < AREAS * TOPICS_PER_AREA) mkdirSync(folder, { recursive: true });
    const text = writeNote({
      random: createRandom(deriveSeed(seed, index)),
      seed,
      pools,
      index,
      count,
      localImages,
      noteName,
    });
    const encoded = Buffer.from(text, "utf8");
    writeFileSync(join(folder, `${noteName(index)}.md`), encoded);
    bytes += encoded.length;
  }
  const summary: CorpusSummary = { notes: count, bytes };
  writeFileSync(join(dir, CORPUS_MARKER), JSON.stringify({ version: CORPUS_VERSION, seed, ...summary }));
  return summary;
}

function copyExampleImages(target: string): string[] {
  const source = join(packageRoot(), "examples", "multimodal");
  const images = readdirSync(source)
    .filter((name) => name.endsWith(".png"))
    .sort();
  mkdirSync(target, { recursive: true });
  for (const image of images) copyFileSync(join(source, image), join(target, image));
  return images;
}

function main(args: string[]): void {
  const [dir, countText, seedText] = args;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count <= 0) {
    process.stderr.write("usage: node dist/bench/corpus.js <dir> <count> [seed]\n");
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const summary = generateCorpus(resolve(dir), count, seedText ? Number(seedText) : 1);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `wrote ${summary.notes} notes, ${(summary.bytes / 1048576).toFixed(1)} MB ` +
      `(${Math.round(summary.bytes / summary.notes)} B/note) to ${dir} in ${seconds.toFixed(1)} s\n`,
  );
}

const invokedPath = process.argv[1];
if (invokedPath && realpathSync(invokedPath) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
