/**
 * Config into commander. Before a command runs, every option that was not given on the
 * command line takes its value from the environment, else from the config file, else keeps
 * its built-in default: flag > environment > file > default. Values are handed over as
 * commander would have parsed them from a flag, so the commands need not know where they
 * came from; `explainSources` tells `kg doctor`.
 */
import path from "node:path";
import type { Command, Option } from "commander";
import { ConfigError, describeIssue } from "./errors.js";
import type { ConfigField } from "./fields.js";
import type { LoadedConfig } from "./load.js";
import { sectionValues } from "./schema.js";
import { envName, keyPath, type SectionName, sectionFields } from "./spec.js";

export type ValueSource = "flag" | "env" | "file" | "default";

export interface ResolvedValue {
  /** `dataDir`, `query.format`. */
  key: string;
  /** As the command sees it (commander's form: numbers as text); undefined when unset. */
  value: unknown;
  source: ValueSource;
  /** The environment variable for this key, when it has one. */
  env: string | null;
  secret: boolean;
}

/** Options that configure the config itself or print and exit: no config key. */
export const OPTIONS_WITHOUT_KEYS = new Set(["config", "version", "help"]);

export function configurableOptions(command: Command): Option[] {
  return command.options.filter((option) => !OPTIONS_WITHOUT_KEYS.has(option.attributeName()));
}

/** The section a command's options live in: `global` for the program itself. */
export function sectionOf(command: Command): SectionName {
  return (command.parent ? command.name() : "global") as SectionName;
}

/**
 * Fills the options of `command` that the command line left unset; returns where each value
 * came from. Throws ConfigError for an environment variable that does not fit its key.
 */
export function applyConfig(command: Command, config: LoadedConfig, env: NodeJS.ProcessEnv): ResolvedValue[] {
  return resolveOptions(command, config, env, true);
}

/** Like applyConfig, without changing the command: what it would see, and why. */
export function explainSources(
  command: Command,
  config: LoadedConfig,
  env: NodeJS.ProcessEnv,
): ResolvedValue[] {
  return resolveOptions(command, config, env, false);
}

function resolveOptions(
  command: Command,
  config: LoadedConfig,
  env: NodeJS.ProcessEnv,
  apply: boolean,
): ResolvedValue[] {
  const section = sectionOf(command);
  const fields = sectionFields(section);
  const fromFile = sectionValues(config.values, section);
  const baseDir = config.file ? path.dirname(config.file) : null;
  // `--token <t>` and `--no-token` are two options of one key: resolve it once.
  const seen = new Set<string>();
  return configurableOptions(command).flatMap((option): ResolvedValue[] => {
    const name = option.attributeName();
    if (seen.has(name)) return [];
    seen.add(name);
    const field = fields[name];
    // An option without a key fails test/config/spec.test.ts; at run time it keeps its flag or default.
    if (!field) return [];
    const variable = envName(section, name);
    const described = { key: keyPath(section, name), env: variable, secret: field.secret };
    const source = command.getOptionValueSource(name);
    if (source === "cli") return [{ ...described, value: command.getOptionValue(name), source: "flag" }];
    const raw = variable ? env[variable] : undefined;
    // An empty variable counts as unset (`NEO4J_URI= kg stats` means: no Neo4j).
    if (raw !== undefined && raw !== "") {
      const value = field.toOption(fromEnvironment(field, variable as string, raw, described.key), null);
      if (apply) command.setOptionValueWithSource(name, value, "env");
      return [{ ...described, value, source: "env" }];
    }
    if (fromFile[name] !== undefined) {
      const value = field.toOption(fromFile[name], baseDir);
      if (apply) command.setOptionValueWithSource(name, value, "config");
      return [{ ...described, value, source: "file" }];
    }
    return [{ ...described, value: command.getOptionValue(name), source: "default" }];
  });
}

function fromEnvironment(field: ConfigField, variable: string, raw: string, key: string): unknown {
  const parsed = field.schema.safeParse(field.fromEnv(raw), { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(
    `${variable} (config key "${key}"): ${issue ? describeIssue(issue, field) : "invalid"}`,
  );
}
