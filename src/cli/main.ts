#!/usr/bin/env node
/**
 * The `kg` command line: a thin layer over the library. Exit codes: 0 success, 1 when an
 * input failed (the rest was still processed), 2 on usage errors.
 */
import { Command, CommanderError } from "commander";
import { NotegraphError } from "../errors.js";
import { registerArxiv } from "./commands/arxiv.js";
import { registerExport } from "./commands/export.js";
import { registerIngest } from "./commands/ingest.js";
import { registerQuery } from "./commands/query.js";
import { registerSearch } from "./commands/search.js";
import { registerServe } from "./commands/serve.js";
import { registerStats } from "./commands/stats.js";

export function buildProgram(): Command {
  const program = new Command("kg")
    .description("notegraph: a knowledge graph of papers, models and concepts from your Markdown notes")
    .version("0.1.0")
    .option("--data-dir <dir>", "embedded store directory (default .kg, or KG_DATA_DIR)")
    .option("--neo4j-uri <uri>", "use Neo4j at this URI (or NEO4J_URI)")
    .option("-q, --quiet", "print results only")
    .option("-v, --verbose", "print more about what happens")
    .exitOverride()
    .showHelpAfterError();
  registerIngest(program);
  registerArxiv(program);
  registerQuery(program);
  registerSearch(program);
  registerExport(program);
  registerStats(program);
  registerServe(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof NotegraphError) {
      process.stderr.write(`kg: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `kg: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

const code = await main(process.argv);
process.exitCode = code;
