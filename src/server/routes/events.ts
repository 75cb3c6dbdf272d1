/**
 * `GET /api/events`: server-sent events for the viewer. `status` on connecting (what a
 * watching server last ingested, which notes fail), then `change` after every stored batch;
 * a comment every 25 s keeps proxies from closing a quiet stream.
 */
import { Router } from "express";
import type { LiveEvent } from "../api-types.js";
import type { ServerContext } from "../context.js";

const KEEP_ALIVE_MS = 25_000;

/** One SSE message; `<`, `>` and `&` escaped as the JSON answers escape them. */
export function formatEvent(event: LiveEvent): string {
  const data = JSON.stringify(event).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `event: ${event.type}\ndata: ${data}\n\n`;
}

export function eventRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get("/api/events", (req, res) => {
    res.status(200);
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no");
    res.flushHeaders();
    res.write(formatEvent({ type: "status", status: ctx.live.current() }));
    const unsubscribe = ctx.live.subscribe((event) => res.write(formatEvent(event)));
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    req.on("close", () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
  return router;
}
