/** `kg query <cypher>` / `kg query -f file.cypher`: read-only unless `--write`. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { resolveGlobals, withStore } from "../context.js";
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from "../format.js";
import { parseParams } from "../params.js";

interface QueryFlags {
  file?: string;
  param: string[];
  format: string;
  write?: boolean;
  timeout: string;
  maxRows: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerQuery(program: Command): void {
  program
    .command("query")
    .description("run a Cypher query (read-only unless --write)")
    .argument("[cypher]", "the query text")
    .option("-f, --file <file>", "read the query from a file")
    .option("--param <name=value>", "a parameter: name=text or name:=json (repeatable)", collect, [])
    .option("--format <format>", `output: ${OUTPUT_FORMATS.join(", ")}`, "table")
    .option("--write", "allow writes")
    .option("--timeout <ms>", "query time limit in milliseconds", "30000")
    .option("--max-rows <n>", "stop after this many rows", "100000")
    .action(async (cypher: string | undefined, flags: QueryFlags, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      const text = queryText(cypher, flags.file);
      if (!(OUTPUT_FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`--format expects one of ${OUTPUT_FORMATS.join(", ")}, got '${flags.format}'`);
      }
      const params = parseParams(flags.param);
      const timeoutMs = Number(flags.timeout);
      const maxRows = Number(flags.maxRows);
      if (!(timeoutMs > 0) || !(maxRows > 0))
        throw new UsageError("--timeout and --max-rows expect positive numbers");
      await withStore(globals, !flags.write, async (store) => {
        const result = await store.query(text, params, { readOnly: !flags.write, timeoutMs, maxRows });
        process.stdout.write(formatResult(result, flags.format as OutputFormat));
        if (result.truncated) process.stderr.write(`warning: output stopped at --max-rows ${maxRows}\n`);
      });
    });
}

function queryText(cypher: string | undefined, file: string | undefined): string {
  if (cypher && file) throw new UsageError("give the query as an argument or with -f, not both");
  if (file) {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read query file ${file}: ${(error as Error).message}`);
    }
  }
  if (!cypher?.trim()) throw new UsageError("no query: give Cypher text or -f <file>");
  return cypher;
}
