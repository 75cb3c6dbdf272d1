/**
 * `startServer`: open the store read-only (or take one), build the app, listen, and hand
 * back the URL and a `close()` that stops listening, ends open connections, and closes
 * what it opened. Used by `kg serve`, the tests and the bench.
 *
 * With the embedded store the server holds the database open: Kuzu lets one process write,
 * so `kg ingest` needs the server stopped first (it says so when it finds the lock).
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Logger } from "pino";
import { packageRoot } from "../paths.js";
import { openStore } from "../store/open.js";
import type { GraphStore } from "../store/types.js";
import { createApp } from "./app.js";
import { type ClipSource, defaultClipSource, sharedClip } from "./clip.js";
import type { ServerLimits } from "./limits.js";
import type { LiveFeed } from "./live.js";
import { isLoopback, refuseUnguardedExposure } from "./security.js";

export interface StartServerOptions {
  /** A store to serve (the caller closes it); else one is opened read-only from `dataDir` / `neo4jUri`. */
  store?: GraphStore | undefined;
  dataDir?: string | undefined;
  neo4jUri?: string | undefined;
  /** With `neo4jUri`; each defaults to its NEO4J_* variable. */
  neo4jUser?: string | undefined;
  neo4jPassword?: string | undefined;
  neo4jDatabase?: string | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default 3000; 0 picks a free port. */
  port?: number | undefined;
  token?: string | undefined;
  /**
   * Serve a non-loopback host without a token (`kg serve --no-token`); without it, such a start
   * is refused before the store is opened.
   */
  openWithoutToken?: boolean | undefined;
  /** Default: `web/dist` of the package when it holds index.html, else null. */
  webRoot?: string | null | undefined;
  /** Default: the roots of the stored notes and `<dataDir>/cache` (downloaded figures). */
  figureRoots?: string[] | undefined;
  /** Default: the CLIP model from the environment (KG_MODEL_DIR, KG_CLIP_MODEL, ...), loaded on first use. */
  clip?: ClipSource | undefined;
  limits?: Partial<ServerLimits> | undefined;
  logger?: Logger | undefined;
  /** A watching server's feed (see AppOptions.live). */
  live?: LiveFeed | undefined;
  /** Folders figures may also come from besides the stored notes' roots (the watched ones). */
  extraFigureRoots?: string[] | undefined;
}

export interface RunningServer {
  /** `http://127.0.0.1:3000/` */
  url: string;
  host: string;
  port: number;
  store: GraphStore;
  close(): Promise<void>;
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 3000;

export function defaultWebRoot(): string | null {
  const dist = path.join(packageRoot(), "web", "dist");
  return existsSync(path.join(dist, "index.html")) ? dist : null;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  refuseUnguardedExposure(host, options.token, options.openWithoutToken === true);
  const dataDir = options.dataDir ?? ".kg";
  const owned = options.store === undefined;
  const store =
    options.store ??
    (await openStore({
      dataDir,
      neo4jUri: options.neo4jUri,
      neo4jUser: options.neo4jUser,
      neo4jPassword: options.neo4jPassword,
      neo4jDatabase: options.neo4jDatabase,
      readOnly: true,
    }));
  const clip = sharedClip(options.clip ?? defaultClipSource());
  try {
    const figureRoots = options.figureRoots ?? [
      ...new Set([
        ...(await store.notes()).flatMap((note) => (note.root ? [note.root] : [])),
        ...(options.extraFigureRoots ?? []),
      ]),
      path.resolve(dataDir, "cache"),
    ];
    const app = createApp({
      store,
      clip: () => clip.get(),
      token: options.token,
      webRoot: options.webRoot === undefined ? defaultWebRoot() : options.webRoot,
      figureRoots,
      limits: options.limits,
      allowedHosts: isLoopback(host) ? [] : "any",
      logger: options.logger,
      live: options.live,
    });
    const server = app.listen(options.port ?? DEFAULT_PORT, host);
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    const { port } = server.address() as AddressInfo;
    const shown = host.includes(":") ? `[${host}]` : host;
    let closing: Promise<void> | null = null;
    return {
      url: `http://${shown}:${port}/`,
      host,
      port,
      store,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await clip.close();
          if (owned) await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await clip.close();
    if (owned) await store.close();
    throw error;
  }
}
