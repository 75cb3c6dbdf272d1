/**
 * The config keys and the CLI's options are one list seen twice: every option of every
 * command has a key of a fitting kind, and every key is an option. Adding a flag without a
 * config key (or the other way round) fails here.
 */
import type { Command, Option } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { configurableOptions, sectionOf } from "../../src/config/apply.js";
import type { FieldKind } from "../../src/config/fields.js";
import {
  COMMAND_SECTIONS,
  CONFIG_SPEC,
  envName,
  type SectionName,
  sectionFields,
} from "../../src/config/spec.js";

const program = buildProgram();
const commands: Command[] = [program, ...program.commands];

/** The kinds of value an option can carry, from its shape on the command line. */
function kindsFor(option: Option): FieldKind[] {
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
        expect(kindsFor(option), `${option.flags} is a ${field.kind}`).toContain(field.kind);
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
