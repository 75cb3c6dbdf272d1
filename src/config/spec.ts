/**
 * Every option of the `kg` CLI as a config key: global options at the top level, each
 * command's options in a section named after the command. Keys are commander's attribute
 * names (`--max-rows` is `maxRows`, `--no-embeddings` is `embeddings`). test/config/spec.test.ts
 * holds this table and the commander program to each other, both ways.
 */
import { OUTPUT_FORMATS } from "../cli/format.js";
import { EXPORT_FORMATS } from "../export/formats.js";
import { NODE_LABELS } from "../graph/schema.js";
import {
  type ConfigField,
  choice,
  day,
  filePath,
  flag,
  integer,
  list,
  positiveNumber,
  text,
  textOrOff,
} from "./fields.js";

/** pino's levels, for the server's log. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const clipModel = () => text({ env: "KG_CLIP_MODEL" });
const clipQuantized = () => flag({ env: "KG_CLIP_QUANTIZED" });

export const CONFIG_SPEC = {
  global: {
    dataDir: filePath({ env: "KG_DATA_DIR" }),
    neo4jUri: text({ env: "NEO4J_URI" }),
    neo4jUser: text({ env: "NEO4J_USER" }),
    neo4jPassword: text({ env: "NEO4J_PASSWORD", secret: true }),
    neo4jDatabase: text({ env: "NEO4J_DATABASE" }),
    quiet: flag(),
    verbose: flag(),
  },
  ingest: {
    vocab: list({ paths: true }),
    // Deleting and dry runs are asked for per run, never left switched on by the environment.
    prune: flag({ env: false }),
    force: flag(),
    strict: flag(),
    dryRun: flag({ env: false }),
    format: choice(["text", "json"]),
    workers: integer({ min: 0 }),
    batchSize: integer({ min: 1 }),
    bulk: flag(),
    maxNoteSize: positiveNumber(),
    arxiv: flag(),
    offline: flag({ env: "KG_OFFLINE" }),
    arxivUrl: text({ env: "KG_ARXIV_URL" }),
    embed: flag(),
    model: clipModel(),
    quantized: clipQuantized(),
    // Lifts the guard against notes that point figures at this machine, the LAN or the cloud
    // metadata service: asked for per run or in a config file in view, never inherited
    // unseen from the environment (a profile, CI, a wrapper script).
    allowPrivateHosts: flag({ env: false }),
  },
  arxiv: {
    category: list(),
    since: day(),
    until: day(),
    limit: integer({ min: 0 }),
    batchSize: integer({ min: 1 }),
    bulk: flag(),
    citations: filePath({ env: false }),
  },
  query: {
    file: filePath({ env: false }),
    param: list({ env: false }),
    format: choice(OUTPUT_FORMATS),
    write: flag({ env: false }),
    timeout: positiveNumber(),
    maxRows: integer({ min: 1 }),
  },
  search: {
    figures: flag(),
    k: integer({ min: 1, max: 1000 }),
    format: choice(["table", "json"]),
    model: clipModel(),
    quantized: clipQuantized(),
  },
  export: {
    format: choice(EXPORT_FORMATS),
    output: filePath({ env: false }),
    label: list({ of: NODE_LABELS }),
    embeddings: flag(),
  },
  stats: {
    format: choice(["table", "json"]),
    fingerprint: flag(),
    topics: flag(),
  },
  serve: {
    host: text(),
    port: integer({ min: 0, max: 65535 }),
    // `--token <t>` or `--no-token`: false serves a non-loopback address without one, on purpose.
    token: textOrOff({ env: "KG_TOKEN", secret: true }),
    open: flag({ env: false }),
    model: clipModel(),
    quantized: clipQuantized(),
    logLevel: choice(LOG_LEVELS, { env: "KG_LOG_LEVEL" }),
    watch: list({ paths: true }),
    vocab: list({ paths: true }),
    strict: flag(),
    debounce: integer({ min: 0 }),
  },
  doctor: {
    format: choice(["text", "json"]),
  },
  vocab: {
    vocab: list({ paths: true }),
    minCount: integer({ min: 1 }),
  },
  watch: {
    vocab: list({ paths: true }),
    strict: flag(),
    debounce: integer({ min: 0 }),
  },
} as const satisfies Record<string, Record<string, ConfigField>>;

export type SectionName = keyof typeof CONFIG_SPEC;
export const SECTION_NAMES = Object.keys(CONFIG_SPEC) as SectionName[];

/** Sections named after commands (all but `global`). */
export const COMMAND_SECTIONS = SECTION_NAMES.filter((name) => name !== "global");

export function sectionFields(section: SectionName): Record<string, ConfigField> {
  return CONFIG_SPEC[section];
}

/** `query.maxRows`; global keys have no prefix (`dataDir`). */
export function keyPath(section: SectionName, key: string): string {
  return section === "global" ? key : `${section}.${key}`;
}

const upperSnake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/**
 * The environment variable of a key, or null when it has none: the field's own name when it
 * has one (NEO4J_URI, KG_CLIP_MODEL, ...), else `KG_` + the key path in upper snake case
 * (`query.maxRows` is KG_QUERY_MAX_ROWS, `quiet` is KG_QUIET).
 */
export function envName(section: SectionName, key: string): string | null {
  const declared = sectionFields(section)[key]?.env;
  if (declared === false) return null;
  if (declared) return declared;
  return section === "global" ? `KG_${upperSnake(key)}` : `KG_${upperSnake(section)}_${upperSnake(key)}`;
}
