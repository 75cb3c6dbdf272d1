/**
 * The Express app of `kg serve`, wiring only: security first (headers, Host check, token),
 * then the API routes (src/server/routes/), the viewer's static files, JSON 404s and the one
 * error handler. The graph reading lives in src/server/read/, usable without HTTP.
 */
import express from "express";
import { type Logger, pino } from "pino";
import type { GraphStore } from "../store/types.js";
import type { ErrorBody } from "./api-types.js";
import { AnswerCache } from "./cache.js";
import { type ClipSource, sharedClip } from "./clip.js";
import type { ServerContext } from "./context.js";
import { errorHandler, NotFoundError } from "./http-errors.js";
import { resolveLimits, type ServerLimits } from "./limits.js";
import { LiveFeed } from "./live.js";
import { loadAdjacency } from "./read/adjacency.js";
import { realRoots } from "./read/figures.js";
import { allDegrees, forgetTypesInUse } from "./read/subgraph.js";
import { readTopics } from "./read/topics.js";
import { cypherRoutes } from "./routes/cypher.js";
import { eventRoutes } from "./routes/events.js";
import { figureRoutes } from "./routes/figures.js";
import { graphRoutes } from "./routes/graph.js";
import { nodeRoutes } from "./routes/nodes.js";
import { searchRoutes } from "./routes/search.js";
import { webRoutes } from "./routes/web.js";
import { InFlightLimit, loopbackHostOnly, requireToken, securityHeaders } from "./security.js";

export interface AppOptions {
  store: GraphStore;
  /** Loads CLIP for figure search; absent or failing: figure search answers 503 with the reason. */
  clip?: ClipSource | undefined;
  /** When set, /api/* needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** The built viewer (web/dist), or null for the "not built" page. */
  webRoot: string | null;
  /** Folders figure images may be served from (symlinks resolved). */
  figureRoots: string[];
  limits?: Partial<ServerLimits> | undefined;
  /**
   * Host header names accepted besides loopback ones (DNS-rebinding guard), or "any" when the
   * server listens on a non-loopback address.
   */
  allowedHosts?: readonly string[] | "any" | undefined;
  /** Where 500s are logged; default pino to stderr. */
  logger?: Logger | undefined;
  /**
   * A watching server's feed (`kg serve --watch`): on each batch the cached answers are
   * dropped, then viewers are told (`GET /api/events`). Default: a feed that never changes.
   */
  live?: LiveFeed | undefined;
}

export function createApp(options: AppOptions): express.Express {
  // Neo4j may change under the server (ingest can run beside it): reuse answers for a minute.
  const given = Object.entries(options.limits ?? {}).filter(([, value]) => value !== undefined);
  const limits = resolveLimits({
    ...(options.store.kind === "neo4j" ? { cacheTtlMs: 60_000 } : {}),
    ...Object.fromEntries(given),
  });
  const logger = options.logger ?? defaultLogger();
  const cache = new AnswerCache(limits.cacheTtlMs, limits.cacheEntries);
  const live = options.live ?? new LiveFeed();
  // Subscribed first: the caches are fresh before any viewer hears of the change.
  live.subscribe(() => {
    cache.clear();
    forgetTypesInUse(options.store);
  });
  let roots: Promise<string[]> | null = null;
  // Held in memory only when it is reused: without a cache, reading the whole graph for
  // every answer would cost more than querying the part that answer needs.
  const adjacency =
    limits.cacheTtlMs > 0 ? () => cache.get("adjacency", () => loadAdjacency(options.store)) : undefined;
  const ctx: ServerContext = {
    store: options.store,
    limits,
    cache,
    adjacency,
    degrees: adjacency
      ? async () => (await adjacency()).degrees
      : () => cache.get("degrees", () => allDegrees(options.store)),
    topics: () =>
      cache.get("topics", async () =>
        readTopics(options.store, adjacency ? await adjacency() : await loadAdjacency(options.store)),
      ),
    figureRoots: () => {
      roots ??= realRoots(options.figureRoots);
      return roots;
    },
    clip: sharedClip(options.clip),
    cypher: new InFlightLimit(limits.cypherConcurrency),
    logger,
    live,
  };

  const app = express();
  app.disable("x-powered-by");
  // `<` `>` `&` escaped inside JSON strings: a response sniffed as HTML cannot open a tag.
  app.set("json escape", true);
  app.use(securityHeaders());
  if (options.allowedHosts !== "any") app.use(loopbackHostOnly(options.allowedHosts ?? []));

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true, store: options.store.kind });
  });
  if (options.token) app.use("/api", requireToken(options.token));
  app.use(graphRoutes(ctx));
  app.use(nodeRoutes(ctx));
  app.use(searchRoutes(ctx));
  app.use(figureRoutes(ctx));
  app.use(cypherRoutes(ctx));
  app.use(eventRoutes(ctx));
  app.use("/api", (req, _res, next) => {
    next(new NotFoundError(`no API route ${req.method} ${req.originalUrl.split("?")[0]}`));
  });
  app.use(webRoutes(options.webRoot));
  app.use((req, res) => {
    const body: ErrorBody = { error: `not found: ${req.method} ${req.originalUrl.split("?")[0]}` };
    res.status(404).json(body);
  });
  app.use(errorHandler(logger));
  return app;
}

/** pino to stderr (stdout is for results); `kg serve --log-level` or KG_LOG_LEVEL sets the level. */
export function defaultLogger(level: string = process.env.KG_LOG_LEVEL ?? "info"): Logger {
  return pino({ name: "notegraph", level }, pino.destination({ dest: 2, sync: true }));
}
