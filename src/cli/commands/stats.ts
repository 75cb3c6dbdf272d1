/** `kg stats`: node counts by label and relationship counts by type. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { graphFingerprint } from "../../export/fingerprint.js";
import { resolveGlobals, withStore } from "../context.js";
import { formatCounts } from "../format.js";

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("count nodes by label and relationships by type")
    .option("--format <format>", "table or json", "table")
    .option("--fingerprint", "also print a hash of the whole graph (ids, relationships, properties)")
    .action(async (flags: { format: string; fingerprint?: boolean }, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      if (flags.format !== "table" && flags.format !== "json") {
        throw new UsageError(`--format expects table or json, got '${flags.format}'`);
      }
      await withStore(globals, true, async (store) => {
        const stats = await store.stats();
        const fingerprint = flags.fingerprint ? (await graphFingerprint(store)).sha256 : undefined;
        if (flags.format === "json") {
          process.stdout.write(`${JSON.stringify({ store: store.kind, ...stats, fingerprint }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${formatCounts("label", stats.nodes)}\n${formatCounts("relationship", stats.relationships)}\n`,
        );
        process.stdout.write(
          `${stats.totalNodes} nodes, ${stats.totalRelationships} relationships (${store.kind})\n`,
        );
        if (fingerprint) process.stdout.write(`fingerprint ${fingerprint}\n`);
      });
    });
}
