/**
 * `kg doctor`: what kg would use and whether it works: the config file and where each value
 * came from, the store (reachable?), the CLIP model (present?), versions. Exit 0 when the
 * selected store is usable, 1 otherwise; a missing model is only a warning.
 */
import type { Command } from "commander";
import { explainSources, type ResolvedValue } from "../../config/apply.js";
import { formatDoctorReport } from "../../doctor/format.js";
import { type DoctorInput, runDoctor } from "../../doctor/report.js";
import { resolveClipSettings } from "../../embed/settings.js";
import { UsageError } from "../../errors.js";
import { loadedConfig } from "../config.js";
import { resolveGlobals } from "../context.js";

/** The commands that load CLIP, and the option that makes them. */
const CLIP_COMMANDS = ["ingest", "search", "serve"] as const;

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check the configuration, the store, the CLIP model and versions")
    .option("--format <format>", "text or json", "text")
    .action(async (flags: { format: string }, command: Command) => {
      if (flags.format !== "text" && flags.format !== "json") {
        throw new UsageError(`--format expects text or json, got '${flags.format}'`);
      }
      const globals = resolveGlobals(command.optsWithGlobals());
      const config = loadedConfig(command);
      const root = command.parent ?? command;
      const values = [root, ...root.commands].flatMap((each) => explainSources(each, config, process.env));
      const report = await runDoctor({
        configFile: config.file,
        values,
        store: globals,
        clip: clipSettings(values),
      });
      process.stdout.write(
        flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
      );
      process.exitCode = report.ok ? 0 : 1;
    });
}

function clipSettings(values: ResolvedValue[]): DoctorInput["clip"] {
  const resolved = (key: string): unknown => values.find((value) => value.key === key)?.value;
  return CLIP_COMMANDS.map((command) => ({
    command,
    settings: resolveClipSettings({
      model: resolved(`${command}.model`) as string | undefined,
      quantized: resolved(`${command}.quantized`) as boolean | undefined,
      offline: resolved(`${command}.offline`) as boolean | undefined,
    }),
  }));
}
