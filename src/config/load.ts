/**
 * Finding, reading and validating the config file. Where: `--config <file>` (or KG_CONFIG),
 * else `kg.config.json`, `kg.config.yaml` or `kg.config.yml` in the current folder or the
 * nearest parent up to the root of the git repository it is in. Outside a repository only
 * the current folder is searched, so a stray file in /tmp or the home folder is never picked
 * up by accident.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { ConfigError, describeIssue, suggestKey } from "./errors.js";
import type { ConfigField } from "./fields.js";
import { type ConfigValues, configSchema } from "./schema.js";
import { COMMAND_SECTIONS, CONFIG_SPEC, type SectionName, sectionFields } from "./spec.js";

export const CONFIG_FILE_NAMES = ["kg.config.json", "kg.config.yaml", "kg.config.yml"] as const;

export interface LoadedConfig {
  /** Absolute path of the file read, or null when there is none. */
  file: string | null;
  values: ConfigValues;
}

export const NO_CONFIG: LoadedConfig = { file: null, values: {} };

/** The config file that applies in `cwd`, or null. Two candidates in one folder is an error. */
export function findConfigFile(cwd: string): string | null {
  let dir = path.resolve(cwd);
  const inRepository = repositoryRoot(dir) !== null;
  for (;;) {
    const present = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
    if (present.length > 1) {
      throw new ConfigError(`${present.join(" and ")}: two config files in one folder; keep one`);
    }
    if (present[0]) return present[0];
    if (!inRepository || existsSync(path.join(dir, ".git"))) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function repositoryRoot(start: string): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

export function loadConfig(options: { file?: string | undefined; cwd: string }): LoadedConfig {
  const file = options.file ? path.resolve(options.cwd, options.file) : findConfigFile(options.cwd);
  if (!file) return NO_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  return { file, values: parseConfig(text, file) };
}

/** Parses and validates config text; `file` names it in messages and picks JSON or YAML by extension. */
export function parseConfig(text: string, file: string): ConfigValues {
  const name = displayName(file);
  const lines = new LineCounter();
  // JSON is read by JSON.parse (strict JSON), then again as YAML, a superset, for key positions.
  const json = file.endsWith(".json");
  if (json) parseJson(text, name);
  const document = parseDocument(text, { lineCounter: lines });
  const syntax = document.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    // yaml appends " at line L, column C:" and a snippet; the place goes first instead.
    const message = syntax.message.split(/ at line \d+/)[0];
    throw new ConfigError(`${name}${at ? `:${at.line}:${at.col}` : ""}: YAML syntax error: ${message}`);
  }
  const data: unknown = document.toJS() ?? {};
  const result = configSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data as ConfigValues;
  const messages = result.error.issues.flatMap((issue): { offset: number; text: string }[] => {
    const place = (keys: readonly PropertyKey[], key?: string) => {
      const offset = keyOffset(document.contents, keys.map(String), key);
      if (offset === undefined) return { offset: -1, where: name };
      const { line, col } = lines.linePos(offset);
      return { offset, where: `${name}:${line}:${col}` };
    };
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const full = [...issue.path.map(String), key].join(".");
        const hint = suggestKey(key, knownKeys(issue.path.map(String)));
        const { offset, where } = place(issue.path, key);
        return { offset, text: `${where}: unknown key "${full}"${hint ? ` (did you mean "${hint}"?)` : ""}` };
      });
    }
    const key = issue.path.map(String).join(".") || "(top level)";
    const { offset, where } = place(issue.path);
    return [{ offset, text: `${where}: "${key}": ${describeIssue(issue, fieldAt(issue.path))}` }];
  });
  // In file order, as a compiler lists them.
  messages.sort((a, b) => a.offset - b.offset);
  throw new ConfigError(messages.map((message) => message.text).join("\n"));
}

/** The file as the user would name it: relative to the current folder when inside it. */
function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function parseJson(text: string, name: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    if (position === undefined) throw new ConfigError(`${name}: JSON syntax error: ${message}`);
    const before = text.slice(0, Number(position)).split("\n");
    const line = before.length;
    const col = (before.at(-1)?.length ?? 0) + 1;
    throw new ConfigError(
      `${name}:${line}:${col}: JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, "")}`,
    );
  }
}

/** Keys valid at a path: the top level holds global keys and command sections. */
function knownKeys(at: readonly string[]): string[] {
  if (at.length === 0) return [...Object.keys(CONFIG_SPEC.global), ...COMMAND_SECTIONS];
  const section = at[0] as SectionName;
  return at.length === 1 && section in CONFIG_SPEC ? Object.keys(sectionFields(section)) : [];
}

/** The field a value belongs to (a list's item belongs to the list's field). */
function fieldAt(at: readonly PropertyKey[]): ConfigField | undefined {
  const [first, second] = at.map(String);
  if (first === undefined) return undefined;
  if (first in CONFIG_SPEC.global) return sectionFields("global")[first];
  return second !== undefined && first in CONFIG_SPEC
    ? sectionFields(first as SectionName)[second]
    : undefined;
}

/** Where a key (or, without `key`, the value at `at`) starts in the document, if found. */
function keyOffset(node: unknown, at: readonly string[], key?: string): number | undefined {
  let current = node;
  const steps = key === undefined ? at : [...at, key];
  let offset: number | undefined;
  for (const step of steps) {
    if (!isMap(current)) return offset;
    const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === step);
    if (!pair) return offset;
    offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
    current = pair.value;
  }
  if (key === undefined && isScalar(current) && current.range) return current.range[0];
  return offset;
}
