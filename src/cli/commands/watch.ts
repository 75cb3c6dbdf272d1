/**
 * `kg watch <paths...>`: ingest the notes once, then follow them: every batch of changes is
 * ingested as it happens (src/watch/). Runs until SIGINT or SIGTERM; `kg serve --watch` does
 * the same with the viewer.
 */
import type { Command } from "commander";
import { startWatch } from "../../watch/session.js";
import { info, resolveGlobals, withStore } from "../context.js";
import { markStoreHolder } from "../holders.js";
import { type WatchFlags, watchOptionsOf, watchSettings } from "../watch-options.js";

export function registerWatch(program: Command): void {
  watchOptionsOf(
    program
      .command("watch")
      .description("ingest notes, then follow them: changed notes are ingested as they are written")
      .argument("<paths...>", "note files or folders"),
  ).action(async (paths: string[], flags: WatchFlags, command: Command) => {
    const globals = resolveGlobals(command.optsWithGlobals());
    const settings = watchSettings(globals, paths, flags);
    await withStore(
      globals,
      false,
      async (store) => {
        await store.applySchema();
        const unmark = markStoreHolder(globals.dataDir, store, { command: "kg watch", url: null });
        const session = startWatch(store, settings);
        try {
          await session.ready;
          info(globals, "kg watch: following the notes; Ctrl-C stops");
          const signal = await nextSignal();
          info(globals, `kg watch: ${signal}, stopping`);
        } finally {
          await session.close();
          unmark();
        }
        process.exitCode = session.state().errors.length > 0 ? 1 : 0;
      },
      { sharedReads: true, command: "kg watch" },
    );
  });
}

export function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}
