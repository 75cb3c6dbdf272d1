/** `kg stats`: node counts by label and relationship counts by type. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { resolveGlobals, withStore } from "../context.js";
import { formatCounts } from "../format.js";

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("count nodes by label and relationships by type")
    .option("--format <format>", "table or json", "table")
    .action(async (flags: { format: string }, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      if (flags.format !== "table" && flags.format !== "json") {
        throw new UsageError(`--format expects table or json, got '${flags.format}'`);
      }
      await withStore(globals, true, async (store) => {
        const stats = await store.stats();
        if (flags.format === "json") {
          process.stdout.write(`${JSON.stringify({ store: store.kind, ...stats }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${formatCounts("label", stats.nodes)}\n${formatCounts("relationship", stats.relationships)}\n`,
        );
        process.stdout.write(
          `${stats.totalNodes} nodes, ${stats.totalRelationships} relationships (${store.kind})\n`,
        );
      });
    });
}
