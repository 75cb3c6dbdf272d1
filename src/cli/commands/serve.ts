/**
 * `kg serve`: the HTTP API and the viewer (src/server/) on 127.0.0.1:3000 by default, over
 * the store opened read-only. Runs until SIGINT or SIGTERM, then closes cleanly (exit 0).
 */
import { spawn } from "node:child_process";
import type { Command } from "commander";
import { LOG_LEVELS } from "../../config/spec.js";
import { UsageError } from "../../errors.js";
import { defaultLogger } from "../../server/app.js";
import { defaultClipSource } from "../../server/clip.js";
import { isLoopback } from "../../server/security.js";
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from "../../server/start.js";
import { info, resolveGlobals, storeOptions } from "../context.js";

interface ServeFlags {
  host: string;
  port: string;
  /** false: `--no-token`. */
  token?: string | false;
  open?: boolean;
  model?: string;
  quantized?: boolean;
  logLevel?: string;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API and the graph viewer (read-only)")
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
    .action(async (flags: ServeFlags, command: Command) => {
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
      const server = await startServer({
        ...storeOptions(globals, true),
        host: flags.host,
        port,
        token,
        openWithoutToken: openly,
        clip: defaultClipSource({ model: flags.model, quantized: flags.quantized }),
        ...(flags.logLevel ? { logger: defaultLogger(flags.logLevel) } : {}),
      });
      process.stderr.write(`notegraph viewer: ${server.url}\n`);
      if (server.store.kind === "kuzu") {
        info(globals, "kg serve: the graph database is open read-only; stop the server before `kg ingest`");
      }
      if (flags.open) openBrowser(server.url);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
      });
      info(globals, `kg serve: ${signal}, stopping`);
      await server.close();
    });
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
