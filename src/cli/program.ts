/**
 * The `kg` program: global options, the config file, and every command. Built apart from
 * main.ts so tests can enumerate the commands and options without running the CLI.
 */
import { Command } from "commander";
import { registerArxiv } from "./commands/arxiv.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerExport } from "./commands/export.js";
import { registerIngest } from "./commands/ingest.js";
import { registerQuery } from "./commands/query.js";
import { registerSearch } from "./commands/search.js";
import { registerServe } from "./commands/serve.js";
import { registerStats } from "./commands/stats.js";
import { registerVocab } from "./commands/vocab.js";
import { registerWatch } from "./commands/watch.js";
import { installConfig } from "./config.js";

export function buildProgram(): Command {
  const program = new Command("kg")
    .description("notegraph: a knowledge graph of papers, models and concepts from your Markdown notes")
    .version("0.1.0")
    .option("--data-dir <dir>", "embedded store directory (default .kg, or KG_DATA_DIR)")
    .option("--neo4j-uri <uri>", "use Neo4j at this URI (or NEO4J_URI)")
    .option("--neo4j-user <user>", "Neo4j user (default neo4j, or NEO4J_USER)")
    .option(
      "--neo4j-password <password>",
      "Neo4j password (better NEO4J_PASSWORD: other users can see a command line)",
    )
    .option("--neo4j-database <name>", "Neo4j database (default: the server's, or NEO4J_DATABASE)")
    .option("-q, --quiet", "print results only")
    .option("-v, --verbose", "print more about what happens")
    .exitOverride()
    .showHelpAfterError();
  installConfig(program);
  registerIngest(program);
  registerArxiv(program);
  registerQuery(program);
  registerSearch(program);
  registerExport(program);
  registerStats(program);
  registerServe(program);
  registerDoctor(program);
  registerVocab(program);
  registerWatch(program);
  return program;
}
