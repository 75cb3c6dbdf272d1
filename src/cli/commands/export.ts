/** `kg export`: the graph as graphology JSON, GEXF or GraphML, to stdout or a file. */
import { renameSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { EXPORT_FORMATS, type ExportFormat, writeGraph } from "../../export/formats.js";
import { loadGraph } from "../../export/load-graph.js";
import { isNodeLabel, NODE_LABELS, type NodeLabel } from "../../graph/schema.js";
import { assignTopics, storeTopics } from "../../topics/store-topics.js";
import { info, resolveGlobals, withStore } from "../context.js";

interface ExportFlags {
  format: string;
  output?: string;
  label?: string[];
  embeddings: boolean;
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("write the graph for Gephi, yEd, Cytoscape or graphology")
    .option("--format <format>", `one of ${EXPORT_FORMATS.join(", ")}`, "json")
    .option("-o, --output <file>", "write here instead of stdout")
    .option("--label <label...>", "only nodes of these labels (and relationships among them)")
    .option("--no-embeddings", "leave figure embeddings out")
    .action(async (flags: ExportFlags, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      if (!(EXPORT_FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`--format expects ${EXPORT_FORMATS.join(", ")}, got '${flags.format}'`);
      }
      const labels = (flags.label ?? []).map((label): NodeLabel => {
        if (!isNodeLabel(label))
          throw new UsageError(`--label: unknown label '${label}'; labels: ${NODE_LABELS.join(", ")}`);
        return label;
      });
      const text = await withStore(globals, true, async (store) => {
        const graph = await loadGraph(store, {
          ...(labels.length > 0 ? { labels } : {}),
          withoutEmbeddings: !flags.embeddings,
        });
        // Each node's topic (computed on the whole graph, as `kg serve` and `kg stats --topics` do).
        const topics = await storeTopics(store);
        assignTopics(graph, topics);
        info(
          globals,
          `export: ${graph.order} nodes, ${graph.size} relationships, ${topics.summary.topics.length} topics as ${flags.format}`,
        );
        return writeGraph(graph, flags.format as ExportFormat);
      });
      if (!flags.output) {
        process.stdout.write(text);
        return;
      }
      // Written beside the target and renamed: an interrupted export leaves the old file whole.
      const temporary = `${flags.output}.${process.pid}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, flags.output);
    });
}
