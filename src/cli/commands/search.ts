/** `kg search <text>`: names in the graph, or with --figures, figures CLIP finds the text in. */
import type { Command } from "commander";
import { loadClip } from "../../embed/clip.js";
import { resolveClipSettings } from "../../embed/settings.js";
import { NotegraphError, UsageError } from "../../errors.js";
import { searchFiguresByText } from "../../search/figures.js";
import { searchText } from "../../search/text.js";
import type { JsonValue } from "../../store/types.js";
import { resolveGlobals, withStore } from "../context.js";
import { formatResult } from "../format.js";

interface SearchFlags {
  figures?: boolean;
  k: string;
  format: string;
  model?: string;
  quantized?: boolean;
}

/** No model, no figure search: exit 1 with the reason, unlike ingest where it is a warning. */
export class ModelUnavailableError extends NotegraphError {}

export function registerSearch(program: Command): void {
  program
    .command("search")
    .description("search names and titles, or with --figures, figures by what they show")
    .argument("<text>", "what to look for")
    .option("--figures", "text-to-figure search with CLIP (figures ingested with --embed)")
    .option("-k, --k <n>", "how many results", "10")
    .option("--format <format>", "table or json", "table")
    .option("--model <id>", "with --figures: the CLIP model the figures were embedded with")
    .option("--quantized", "with --figures: the 8-bit weights")
    .action(async (text: string, flags: SearchFlags, command: Command) => {
      const globals = resolveGlobals(command.optsWithGlobals());
      const k = Number(flags.k);
      if (!Number.isInteger(k) || k < 1 || k > 1000)
        throw new UsageError(`--k expects 1..1000, got '${flags.k}'`);
      if (flags.format !== "table" && flags.format !== "json") {
        throw new UsageError(`--format expects table or json, got '${flags.format}'`);
      }
      const rows = flags.figures
        ? await figureRows(globals, text, k, flags)
        : await withStore(globals, true, (store) => searchText(store, text, { k }));
      const plain = rows as unknown as Record<string, JsonValue>[];
      const columns = Object.keys(plain[0] ?? {});
      process.stdout.write(
        formatResult({ columns, rows: plain }, flags.format === "json" ? "json" : "table"),
      );
    });
}

async function figureRows(
  globals: ReturnType<typeof resolveGlobals>,
  text: string,
  k: number,
  flags: SearchFlags,
): Promise<unknown[]> {
  const loaded = await loadClip(resolveClipSettings({ model: flags.model, quantized: flags.quantized }));
  if (!loaded.ok) throw new ModelUnavailableError(`figure search needs the CLIP model: ${loaded.reason}`);
  try {
    return await withStore(globals, true, (store) => searchFiguresByText(store, loaded.embedder, text, k));
  } finally {
    await loaded.embedder.close();
  }
}
