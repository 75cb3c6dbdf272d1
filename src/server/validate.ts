/**
 * zod at the HTTP boundary: every query string and body is parsed here, and a failure is a
 * 400 whose message names the parameter (`limit: expected a whole number from 1 to 5000, got 'x'`).
 */
import { z } from "zod";
import { tagId } from "../graph/ids.js";
import { NODE_LABELS, type NodeLabel } from "../graph/schema.js";
import { BadRequestError } from "./http-errors.js";

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : where;
  const detail =
    issue?.code === "invalid_key"
      ? `invalid name (${issue.issues[0]?.message ?? issue.message})`
      : issue?.message;
  throw new BadRequestError(`${name}: ${detail ?? "invalid"}`);
}

/** One query-string value (a repeated parameter is refused). */
const single = z.string({
  error: (issue) => (issue.input === undefined ? "required" : "expected a single value"),
});

/** A whole number written in a query string, within [min, max]. */
export function wholeNumber(min: number, max: number) {
  return single.transform((raw, ctx) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      ctx.addIssue({
        code: "custom",
        message: `expected a whole number from ${min} to ${max}, got '${raw}'`,
      });
      return z.NEVER;
    }
    return value;
  });
}

/** `Note,Paper` (any case) -> the labels; an unknown one is refused. */
export const labelList = single.transform((raw, ctx) => {
  const labels: NodeLabel[] = [];
  for (const part of raw.split(",")) {
    const name = part.trim();
    if (!name) continue;
    const label = NODE_LABELS.find((each) => each.toLowerCase() === name.toLowerCase());
    if (!label) {
      ctx.addIssue({
        code: "custom",
        message: `unknown label '${name}' (labels: ${NODE_LABELS.join(", ")})`,
      });
      return z.NEVER;
    }
    if (!labels.includes(label)) labels.push(label);
  }
  if (labels.length === 0) {
    ctx.addIssue({ code: "custom", message: "expected a comma-separated list of labels" });
    return z.NEVER;
  }
  return labels;
});

const idText = single.min(1, "must not be empty").max(4096, "too long");

/** A note id (`note:<path>`), or the path alone. */
export const noteParam = idText.transform((raw) => (raw.startsWith("note:") ? raw : `note:${raw}`));
/** A tag id (`tag:<name>`), or the name alone. */
export const tagParam = idText.transform((raw) => (raw.startsWith("tag:") ? raw : tagId(raw)));

export const queryText = single
  .transform((raw) => raw.trim())
  .pipe(z.string().min(1, "required: the text to search for").max(500, "too long (500 characters at most)"));

export const depthParam = single
  .refine((raw) => raw === "1" || raw === "2", "expected 1 or 2")
  .transform((raw): 1 | 2 => (raw === "2" ? 2 : 1));

/** A node id taken from the path (Express has decoded it). */
export const idSegment = z.string().min(1, "must not be empty").max(4096, "too long");
