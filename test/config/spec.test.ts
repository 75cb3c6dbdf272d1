/**
 * The config keys and the CLI's options are one list seen twice: every option of every
 * command has a key of a fitting kind, and every key is an option. Adding a flag without a
 * config key (or the other way round) fails here. The README's key table is a third view:
 * the same keys, flags and variables, and the values as the code checks them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command, Option } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { configurableOptions, sectionOf } from "../../src/config/apply.js";
import type { FieldKind } from "../../src/config/fields.js";
import {
  COMMAND_SECTIONS,
  CONFIG_SPEC,
  envName,
  keyPath,
  type SectionName,
  sectionFields,
} from "../../src/config/spec.js";

const program = buildProgram();
const commands: Command[] = [program, ...program.commands];

/** The kinds of value an option can carry, from its shape on the command line. */
function kindsFor(option: Option, command: Command): FieldKind[] {
  const same = configurableOptions(command).filter(
    (other) => other.attributeName() === option.attributeName(),
  );
  // `--token <t>` with `--no-token`: one key, a value or false.
  if (same.some((other) => other.negate) && same.some((other) => !other.negate && !other.isBoolean()))
    return ["text-or-off"];
  if (option.isBoolean() || option.negate) return ["flag"];
  if (option.variadic || Array.isArray(option.defaultValue)) return ["list"];
  return ["text", "path", "integer", "number", "choice", "day"];
}

describe("config keys and CLI options", () => {
  it("has a section for every command and none for a command that does not exist", () => {
    expect([...COMMAND_SECTIONS].sort()).toEqual(program.commands.map((command) => command.name()).sort());
  });

  for (const command of commands) {
    const section = sectionOf(command);
    const label = command === program ? "global options" : `kg ${command.name()}`;

    it(`${label}: every option has a config key of a fitting kind`, () => {
      const missing: string[] = [];
      for (const option of configurableOptions(command)) {
        const field = sectionFields(section)[option.attributeName()];
        if (!field) {
          missing.push(`${option.flags} (key "${option.attributeName()}" in section "${section}")`);
          continue;
        }
        expect(kindsFor(option, command), `${option.flags} is a ${field.kind}`).toContain(field.kind);
      }
      expect(missing, "options without a config key: add them to src/config/spec.ts").toEqual([]);
    });

    it(`${label}: every config key is an option`, () => {
      const options = new Set(configurableOptions(command).map((option) => option.attributeName()));
      const extra = Object.keys(sectionFields(section)).filter((key) => !options.has(key));
      expect(extra, "config keys without an option").toEqual([]);
    });
  }

  it("gives each environment variable to one meaning", () => {
    // The same variable may serve several commands only for the same setting (KG_CLIP_MODEL).
    const meanings = new Map<string, Set<string>>();
    for (const section of Object.keys(CONFIG_SPEC) as SectionName[]) {
      for (const key of Object.keys(sectionFields(section))) {
        const name = envName(section, key);
        if (!name) continue;
        meanings.set(name, (meanings.get(name) ?? new Set()).add(key));
      }
    }
    for (const [name, keys] of meanings) expect([...keys], name).toHaveLength(1);
    expect(envName("query", "maxRows")).toBe("KG_QUERY_MAX_ROWS");
    expect(envName("global", "dataDir")).toBe("KG_DATA_DIR");
    expect(envName("global", "neo4jUri")).toBe("NEO4J_URI");
    expect(envName("query", "write")).toBeNull();
  });
});

interface ReadmeRow {
  key: string;
  flags: string[];
  env: string | null;
  value: string;
}

/** The rows of the key table in the README's "Configuration" section. */
function readmeKeyTable(): ReadmeRow[] {
  const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Configuration\n"));
  const lines = section.split("\n");
  const start = lines.findIndex((line) => /^\|\s*key\s*\|\s*flag\s*\|/.test(line));
  const rows: ReadmeRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [key = "", flags = "", env = "", value = ""] = line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim());
    rows.push({
      key: key.replace(/`/g, ""),
      flags: [...flags.matchAll(/`(--[a-z0-9-]+)`/g)].map((match) => match[1] ?? ""),
      env: env === "—" ? null : env.replace(/`/g, ""),
      value,
    });
  }
  return rows;
}

describe("the README's key table", () => {
  const rows = readmeKeyTable();
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const keys = (Object.keys(CONFIG_SPEC) as SectionName[]).flatMap((section) =>
    Object.keys(sectionFields(section)).map((key) => ({ section, key, path: keyPath(section, key) })),
  );

  it("lists every key once, and no other", () => {
    expect(rows.map((row) => row.key)).toEqual(keys.map((key) => key.path));
  });

  it("gives each key its flags and its environment variable", () => {
    for (const { section, key, path } of keys) {
      const command = section === "global" ? program : program.commands.find((c) => c.name() === section);
      const flags = configurableOptions(command as Command)
        .filter((option) => option.attributeName() === key)
        .map((option) => option.long ?? "");
      expect(byKey.get(path)?.flags, path).toEqual(flags);
      expect(byKey.get(path)?.env, path).toBe(envName(section, key));
    }
  });

  it("states the values each key takes as the code checks them (free text aside)", () => {
    for (const { section, key, path } of keys) {
      const field = sectionFields(section)[key];
      if (!field || field.kind === "text") continue;
      expect(byKey.get(path)?.value, path).toMatch(new RegExp(`^${escapeRegExp(field.expects)}( \\(|$)`));
    }
  });
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
