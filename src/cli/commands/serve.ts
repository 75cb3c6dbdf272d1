/**
 * `kg serve`: the HTTP API and the viewer (src/server/) on 127.0.0.1:3000 by default, over
 * the store opened read-only. Runs until SIGINT or SIGTERM, then closes cleanly (exit 0).
 *
 * `kg serve --watch <paths...>`: one process owns the store (the embedded one allows a single
 * writer), ingests the paths, serves, and follows the notes as they are written (src/watch/);
 * open viewers hear of each batch (`GET /api/events`) and update in place.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { LOG_LEVELS } from "../../config/spec.js";
import { UsageError } from "../../errors.js";
import { findVaultRoot } from "../../pipeline/walk.js";
import { defaultLogger } from "../../server/app.js";
import { defaultClipSource } from "../../server/clip.js";
import { LiveFeed } from "../../server/live.js";
import { isLoopback } from "../../server/security.js";
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from "../../server/start.js";
import { startWatch } from "../../watch/session.js";
import { type GlobalOptions, info, resolveGlobals, storeOptions, withStore } from "../context.js";
import { markStoreHolder } from "../holders.js";
import { type WatchFlags, watchOptionsOf, watchSettings } from "../watch-options.js";
import { nextSignal } from "./watch.js";

interface ServeFlags extends WatchFlags {
  host: string;
  port: string;
  /** false: `--no-token`. */
  token?: string | false;
  open?: boolean;
  model?: string;
  quantized?: boolean;
  logLevel?: string;
  watch?: string[];
}

export function registerServe(program: Command): void {
  watchOptionsOf(
    program
      .command("serve")
      .description("serve the HTTP API and the graph viewer (read-only; --watch: ingest and follow notes)")
      .option("--host <host>", "address to listen on", DEFAULT_HOST)
      .option("--port <port>", "port to listen on (0: any free port)", String(DEFAULT_PORT))
      .option("--token <token>", "require 'Authorization: Bearer <token>' on /api (or KG_TOKEN)")
      .option("--no-token", "serve a non-loopback --host without a token (refused otherwise)")
      .option("--open", "open the viewer in the default browser")
      .option("--model <id>", "CLIP model for figure search (as `kg search --figures`)")
      .option("--quantized", "figure search with the 8-bit CLIP weights")
      .option(
        "--log-level <level>",
        `the server log on stderr: ${LOG_LEVELS.join(", ")} (default info, or KG_LOG_LEVEL)`,
      )
      .option(
        "--watch <paths...>",
        "ingest these note files or folders, then follow them: changes are ingested and the viewer updates",
      ),
  ).action(async (flags: ServeFlags, command: Command) => {
    const globals = resolveGlobals(command.optsWithGlobals());
    const port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port > 65535) {
      throw new UsageError(`--port expects 0..65535, got '${flags.port}'`);
    }
    if (flags.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) {
      throw new UsageError(`--log-level expects one of ${LOG_LEVELS.join(", ")}, got '${flags.logLevel}'`);
    }
    const openly = flags.token === false;
    const token = flags.token === false ? undefined : (flags.token ?? (process.env.KG_TOKEN || undefined));
    // Off loopback without a token startServer refuses to start, unless --no-token said so.
    if (openly && !isLoopback(flags.host)) {
      info(
        globals,
        `kg serve: warning: listening on ${flags.host} without a token (--no-token); anyone who can reach it can read the graph`,
      );
    }
    const serverOptions: StartServerOptions = {
      host: flags.host,
      port,
      token,
      openWithoutToken: openly,
      clip: defaultClipSource({ model: flags.model, quantized: flags.quantized }),
      ...(flags.logLevel ? { logger: defaultLogger(flags.logLevel) } : {}),
    };
    if (flags.watch && flags.watch.length > 0) {
      await serveWatching(globals, flags, flags.watch, serverOptions);
      return;
    }
    const server = await startServer({ ...storeOptions(globals, true), ...serverOptions });
    announce(server, flags);
    const unmark = markStoreHolder(globals.dataDir, server.store, { command: "kg serve", url: server.url });
    if (server.store.kind === "kuzu") {
      info(
        globals,
        "kg serve: the graph database is open read-only; stop the server before `kg ingest`, or serve with `kg serve --watch <notes>` to ingest while serving",
      );
    }
    const signal = await nextSignal();
    info(globals, `kg serve: ${signal}, stopping`);
    await server.close();
    unmark();
  });
}

/** `kg serve --watch`: the store opened for writing (reads beside the writes), served and followed. */
async function serveWatching(
  globals: GlobalOptions,
  flags: ServeFlags,
  paths: string[],
  serverOptions: StartServerOptions,
): Promise<void> {
  const settings = watchSettings(globals, paths, flags);
  await withStore(
    globals,
    false,
    async (store) => {
      await store.applySchema();
      const live = new LiveFeed({ paths: paths.map((given) => resolve(given)) });
      const server = await startServer({
        ...serverOptions,
        store,
        dataDir: globals.dataDir,
        live,
        extraFigureRoots: paths.map(figureRootOf),
      });
      announce(server, flags);
      const unmark = markStoreHolder(globals.dataDir, store, {
        command: "kg serve --watch",
        url: server.url,
      });
      const session = startWatch(store, {
        ...settings,
        onBatch: (report, state) => {
          settings.onBatch?.(report, state);
          live.publish(report, state);
        },
      });
      try {
        const outcome = await Promise.race([session.ready.then(() => "ready" as const), nextSignal()]);
        if (outcome === "ready") {
          info(globals, "kg serve: following the notes; the open viewer updates as they change");
          const signal = await nextSignal();
          info(globals, `kg serve: ${signal}, stopping`);
        } else {
          info(globals, `kg serve: ${outcome}, stopping`);
        }
      } finally {
        await session.close();
        await server.close();
        unmark();
      }
    },
    { sharedReads: true, command: "kg serve --watch" },
  );
}

function announce(server: RunningServer, flags: ServeFlags): void {
  process.stderr.write(`notegraph viewer: ${server.url}\n`);
  if (flags.open) openBrowser(server.url);
}

/** The folder figures of a watched path may be read from: its vault root (walk.ts), or the folder itself. */
function figureRootOf(given: string): string {
  const absolute = resolve(given);
  const folder = statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  return findVaultRoot(folder) ?? folder;
}

/** Best effort: the platform's opener, detached; a failure only means no browser. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { detached: true, stdio: "ignore" });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No opener on this machine.
  }
}
