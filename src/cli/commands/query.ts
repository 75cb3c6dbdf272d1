/**
 * `kg query <cypher>` / `kg query -f file.cypher`: read-only unless `--write`. Read-only
 * csv, json and jsonl output streams (stream-output.ts); the table needs every row for its
 * widths and stays under --max-rows, as do writes (their rows come after the commit).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { QueryTimeoutError, UsageError } from "../../errors.js";
import type { GraphStore, QueryOptions } from "../../store/types.js";
import { resolveGlobals, withStore } from "../context.js";
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from "../format.js";
import { parseParams } from "../params.js";
import { STREAMED_FORMATS, type StreamedFormat, writeStream } from "../stream-output.js";

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
        const options: QueryOptions = { readOnly: !flags.write, timeoutMs, maxRows };
        const format = flags.format as OutputFormat;
        const truncated = await printResult(store, text, params, options, format).catch((error: unknown) => {
          if (error instanceof QueryTimeoutError) {
            throw new QueryTimeoutError(`${error.message}; allow more with --timeout <ms>`, { cause: error });
          }
          throw error;
        });
        if (truncated) {
          process.stderr.write(`warning: output stopped at --max-rows ${maxRows}; the query has more rows\n`);
        }
      });
    });
}

/** Prints the result on stdout; true when --max-rows cut it short. */
async function printResult(
  store: GraphStore,
  text: string,
  params: Record<string, unknown>,
  options: QueryOptions,
  format: OutputFormat,
): Promise<boolean> {
  if (options.readOnly && (STREAMED_FORMATS as readonly string[]).includes(format)) {
    const outcome = await writeStream(
      store.stream(text, params, options),
      format as StreamedFormat,
      process.stdout,
    );
    return outcome.truncated;
  }
  const result = await store.query(text, params, options);
  process.stdout.write(formatResult(result, format));
  return result.truncated;
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
