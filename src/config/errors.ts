/**
 * Config problems as messages that name the place (file:line:column when known), the key
 * path, what was expected and what was found; a misspelt key gets a suggestion.
 */
import type { z } from "zod";
import { UsageError } from "../errors.js";

/** A config file or a config environment variable is malformed: exit code 2, like bad flags. */
export class ConfigError extends UsageError {}

/**
 * What a value should have been, and what it was: "expected one of \"table\", \"json\", got
 * \"xml\"". A secret's value (a password, a token) is never repeated: error output ends up in
 * terminals and CI logs.
 */
export function describeIssue(
  issue: z.core.$ZodIssue,
  field?: { expects?: string | undefined; secret?: boolean },
): string {
  const expects = field?.expects;
  const found = "input" in issue && field?.secret !== true ? describeValue(issue.input) : undefined;
  const got = found === undefined ? "" : `, got ${found}`;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${expects ?? article(issue.expected)}${got}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${got}`;
    case "too_small":
      return `expected ${issue.origin === "array" ? "at least" : ">="} ${String(issue.minimum)}${issue.inclusive === false ? " (exclusive)" : ""}${got}`;
    case "too_big":
      return `expected <= ${String(issue.maximum)}${got}`;
    case "invalid_union":
      return `expected ${expects ?? "another kind of value"}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function article(expected: string): string {
  if (expected === "int") return "a whole number";
  if (expected === "object") return "a mapping of keys to values";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === "object") return Array.isArray(value) ? "a list" : "a mapping";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The known key closest to a misspelt one, if it is close enough to be what was meant. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  const loose = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const same = known.find((key) => loose(key) === loose(unknown));
  if (same) return same;
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(loose(unknown), loose(key));
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(unknown.length / 3)) ? best.key : undefined;
}

/** Levenshtein distance with adjacent transpositions ("prot" is one edit from "port"). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}
