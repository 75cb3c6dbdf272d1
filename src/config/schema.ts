/**
 * The config file's zod schema, derived from the key table (spec.ts): strict objects all the
 * way down, so a misspelt key is an error rather than a setting silently ignored.
 */
import { z } from "zod";
import { COMMAND_SECTIONS, CONFIG_SPEC, type SectionName, sectionFields } from "./spec.js";

function sectionShape(section: SectionName): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(sectionFields(section)).map(([key, field]) => [key, field.schema.optional()]),
  );
}

export const configSchema = z.strictObject({
  ...sectionShape("global"),
  ...Object.fromEntries(
    COMMAND_SECTIONS.map((section) => [section, z.strictObject(sectionShape(section)).optional()]),
  ),
});

/** A validated config file: global keys at the top, then one object per command. */
export type ConfigValues = Record<string, unknown>;

/** The values a validated file gives one section (`global` are the top-level keys). */
export function sectionValues(values: ConfigValues, section: SectionName): Record<string, unknown> {
  if (section === "global") {
    return Object.fromEntries(Object.entries(values).filter(([key]) => key in CONFIG_SPEC.global));
  }
  return (values[section] as Record<string, unknown> | undefined) ?? {};
}
