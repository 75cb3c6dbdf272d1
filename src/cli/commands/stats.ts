/** `kg stats`: node counts by label and relationship counts by type. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { graphFingerprint } from "../../export/fingerprint.js";
import type { TopicsResponse } from "../../server/api-types.js";
import { storeTopics } from "../../topics/store-topics.js";
import { resolveGlobals, withStore } from "../context.js";
import { formatCounts, formatResult } from "../format.js";

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("count nodes by label and relationships by type")
    .option("--format <format>", "table or json", "table")
    .option("--fingerprint", "also print a hash of the whole graph (ids, relationships, properties)")
    .option(
      "--topics",
      "also list the topics (communities of notes, models, papers, concepts) with sizes and top members",
    )
    .action(async (flags: { format: string; fingerprint?: boolean; topics?: boolean }, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      if (flags.format !== "table" && flags.format !== "json") {
        throw new UsageError(`--format expects table or json, got '${flags.format}'`);
      }
      await withStore(globals, true, async (store) => {
        const stats = await store.stats();
        const fingerprint = flags.fingerprint ? (await graphFingerprint(store)).sha256 : undefined;
        const topics = flags.topics ? (await storeTopics(store)).summary : undefined;
        if (flags.format === "json") {
          process.stdout.write(
            `${JSON.stringify({ store: store.kind, ...stats, fingerprint, topics }, null, 2)}\n`,
          );
          return;
        }
        process.stdout.write(
          `${formatCounts("label", stats.nodes)}\n${formatCounts("relationship", stats.relationships)}\n`,
        );
        process.stdout.write(
          `${stats.totalNodes} nodes, ${stats.totalRelationships} relationships (${store.kind})\n`,
        );
        if (fingerprint) process.stdout.write(`fingerprint ${fingerprint}\n`);
        if (topics) process.stdout.write(formatTopics(topics));
      });
    });
}

/** The topics as a table: number, size, name, labels, and the most central members. */
export function formatTopics(topics: TopicsResponse): string {
  const rows = topics.topics.map((topic) => ({
    topic: topic.id,
    size: topic.size,
    name: topic.name,
    labels: Object.entries(topic.labels)
      .sort(([, a], [, b]) => b - a)
      .map(([label, count]) => `${label} ${count}`)
      .join(", "),
    top: topic.top
      .slice(0, 5)
      .map((member) => member.name)
      .join(", "),
  }));
  const table = formatResult({ columns: ["topic", "size", "name", "labels", "top"], rows }, "table");
  return `${table}${topics.topics.length} topics over ${topics.nodes} notes, models, papers and concepts (modularity ${topics.modularity.toFixed(3)}, computed in ${topics.computeMs} ms)\n`;
}
