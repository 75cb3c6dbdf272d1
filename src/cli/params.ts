/**
 * `--param name=BLIP-2` gives the string "BLIP-2"; `--param k:=5` or `--param ids:='["a","b"]'`
 * gives JSON, so a value that looks like a number stays text unless asked otherwise.
 */
import { UsageError } from "../errors.js";

export function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const json = /^([A-Za-z_][A-Za-z0-9_]*):=(.*)$/s.exec(pair);
    if (json?.[1]) {
      try {
        params[json[1]] = JSON.parse(json[2] ?? "");
      } catch {
        throw new UsageError(`--param ${pair}: the value after ':=' is not valid JSON`);
      }
      continue;
    }
    const text = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!text?.[1]) throw new UsageError(`--param ${pair}: expected name=value (text) or name:=json`);
    params[text[1]] = text[2] ?? "";
  }
  return params;
}
