/**
 * The kinds of value a config key holds. Each kind knows three things: how the config file
 * writes it (a zod schema), how an environment variable spells it (text, parsed here), and
 * what commander would hold had the value been typed on the command line, so a value from
 * the file or the environment reaches a command exactly as a flag would.
 */
import path from "node:path";
import { z } from "zod";

export type FieldKind =
  | "flag"
  | "text"
  | "text-or-off"
  | "path"
  | "integer"
  | "number"
  | "choice"
  | "list"
  | "day";

/** `false`: no environment variable (e.g. `query.write`, which must be asked for each time). */
export type EnvName = string | false;

export interface FieldOptions {
  /** The environment variable; default `KG_<SECTION>_<KEY>` (see envName in spec.ts). */
  env?: EnvName;
  /** Never printed in full (doctor shows that it is set and where from). */
  secret?: boolean;
}

export interface ConfigField {
  readonly kind: FieldKind;
  readonly schema: z.ZodType;
  readonly env: EnvName | undefined;
  readonly secret: boolean;
  /** What the value looks like, for messages and the README's table. */
  readonly expects: string;
  /** Environment text to a value for `schema`: invalid text stays text, so zod names the problem. */
  fromEnv(raw: string): unknown;
  /** A valid value as commander holds it; relative paths from the config file resolve against `baseDir`. */
  toOption(value: unknown, baseDir: string | null): unknown;
}

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

function field(
  kind: FieldKind,
  schema: z.ZodType,
  expects: string,
  options: FieldOptions,
  parts: Partial<Pick<ConfigField, "fromEnv" | "toOption">> = {},
): ConfigField {
  return {
    kind,
    schema,
    expects,
    env: options.env,
    secret: options.secret === true,
    fromEnv: parts.fromEnv ?? ((raw) => raw),
    toOption: parts.toOption ?? ((value) => value),
  };
}

const numberFromEnv = (raw: string): unknown =>
  raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;

/** A switch: `--force`, or a negated one (`--no-embeddings` is the key `embeddings`). */
export const flag = (options: FieldOptions = {}): ConfigField =>
  field("flag", z.boolean(), "true or false", options, {
    fromEnv: (raw) => {
      const text = raw.trim().toLowerCase();
      return TRUE.has(text) ? true : FALSE.has(text) ? false : raw;
    },
  });

export const text = (options: FieldOptions = {}): ConfigField =>
  field("text", z.string().min(1), "a non-empty string", options);

/**
 * Text that can be switched off: `--token <t>`, or `--no-token` (false), one key for both. The
 * environment only ever gives text: a variable holds a value, and an empty one counts as unset.
 */
export const textOrOff = (options: FieldOptions = {}): ConfigField =>
  field(
    "text-or-off",
    z.union([z.string().min(1), z.literal(false)]),
    "a non-empty string, or false",
    options,
  );

/** A file or folder; relative in the config file means relative to the config file's folder. */
export const filePath = (options: FieldOptions = {}): ConfigField =>
  field("path", z.string().min(1), "a path", options, {
    toOption: (value, baseDir) => (baseDir ? path.resolve(baseDir, value as string) : value),
  });

export const integer = (bounds: { min: number; max?: number }, options: FieldOptions = {}): ConfigField => {
  let schema = z.number().int().min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  const expects =
    bounds.max === undefined
      ? `a whole number >= ${bounds.min}`
      : `a whole number from ${bounds.min} to ${bounds.max}`;
  return field("integer", schema, expects, options, {
    fromEnv: numberFromEnv,
    toOption: (value) => String(value),
  });
};

export const positiveNumber = (options: FieldOptions = {}): ConfigField =>
  field("number", z.number().positive(), "a number > 0", options, {
    fromEnv: numberFromEnv,
    toOption: (value) => String(value),
  });

export const choice = (values: readonly [string, ...string[]], options: FieldOptions = {}): ConfigField =>
  field("choice", z.enum(values), `one of ${values.join(", ")}`, options);

/**
 * Several values (a repeatable or variadic option). The environment separates them with
 * `separator`: the platform's path list separator for files, a comma otherwise.
 */
export const list = (
  options: FieldOptions & { paths?: boolean; of?: readonly [string, ...string[]] } = {},
): ConfigField => {
  const separator = options.paths ? path.delimiter : ",";
  const item = options.of ? z.enum(options.of) : z.string().min(1);
  return field(
    "list",
    z.array(item),
    options.of
      ? `a list of ${options.of.join(", ")}`
      : options.paths
        ? "a list of paths"
        : "a list of strings",
    options,
    {
      fromEnv: (raw) =>
        raw
          .split(separator)
          .map((part) => part.trim())
          .filter(Boolean),
      toOption: (value, baseDir) =>
        options.paths && baseDir
          ? (value as string[]).map((item) => path.resolve(baseDir, item))
          : [...(value as string[])],
    },
  );
};

export const day = (options: FieldOptions = {}): ConfigField =>
  field(
    "day",
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date YYYY-MM-DD" }),
    "a date YYYY-MM-DD",
    options,
  );
