/**
 * The viewer: `web/dist` (built by Vite) as static files, `index.html` for client-side routes;
 * without a build, a short text page that says how to make one.
 */
import path from "node:path";
import express, { Router } from "express";

export const NO_VIEWER_TEXT =
  "notegraph API is running, but the viewer is not built.\n" +
  "Run `npm run build:web` (it writes web/dist/), then restart `kg serve`.\n" +
  'The API is under /api (see DESIGN.md, "HTTP API contract").\n';

export function webRoutes(webRoot: string | null): Router {
  const router = Router();
  if (!webRoot) {
    router.get("/", (_req, res) => {
      res.type("text/plain; charset=utf-8").send(NO_VIEWER_TEXT);
    });
    return router;
  }
  router.use(express.static(webRoot, { index: "index.html", redirect: false, dotfiles: "ignore" }));
  // Plain paths without an extension are the viewer's own routes; a missing asset (or anything
  // encoded, such as `%2e%2e`) stays a 404.
  router.get(/^\/(?!api(?:\/|$))[A-Za-z0-9_\-/]*$/, (_req, res, next) => {
    res.sendFile(path.join(webRoot, "index.html"), (error) => {
      if (error) next();
    });
  });
  return router;
}
