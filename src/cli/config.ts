/**
 * The CLI side of the config file: `--config <file>` (or KG_CONFIG), loaded once before any
 * command runs, its values and the environment's filled into the options the command line
 * left unset (src/config/apply.ts). `kg doctor` asks `loadedConfig` what was loaded.
 */
import type { Command } from "commander";
import { applyConfig } from "../config/apply.js";
import { type LoadedConfig, loadConfig } from "../config/load.js";

const loaded = new WeakMap<Command, LoadedConfig>();

export function installConfig(program: Command): Command {
  return program
    .option(
      "--config <file>",
      "the config file (default: kg.config.json|yaml|yml here or up to the git root; or KG_CONFIG)",
    )
    .hook("preAction", (root, action) => {
      const file = (root.opts().config as string | undefined) ?? (process.env.KG_CONFIG || undefined);
      const config = loadConfig({ file, cwd: process.cwd() });
      applyConfig(root, config, process.env);
      if (action !== root) applyConfig(action, config, process.env);
      loaded.set(root, config);
    });
}

/** The config the running command was given (the program's, looked up from any subcommand). */
export function loadedConfig(command: Command): LoadedConfig {
  let root = command;
  while (root.parent) root = root.parent;
  const config = loaded.get(root);
  if (!config) throw new Error("loadedConfig: called before the preAction hook ran");
  return config;
}
