/**
 * `GET /api/figures/search` (text to figure through CLIP; 503 with the reason when no model
 * loads) and `GET /api/figures/:id/image` (the bytes of a known figure, from inside the
 * allowed folders only, under a CSP that lets nothing in an SVG run).
 */
import { Router } from "express";
import { z } from "zod";
import type { ApiRoutes } from "../api-types.js";
import type { ServerContext } from "../context.js";
import { HttpError, NotFoundError } from "../http-errors.js";
import { figureFile, searchFigureHits } from "../read/figures.js";
import { labelOfId } from "../read/labels.js";
import { IMAGE_CSP } from "../security.js";
import { idSegment, parseInput, queryText, wholeNumber } from "../validate.js";

export function figureRoutes(ctx: ServerContext): Router {
  const router = Router();
  const searchQuery = z.object({ q: queryText, k: wholeNumber(1, ctx.limits.searchKMax).optional() });

  router.get("/api/figures/search", async (req, res) => {
    const query = parseInput(searchQuery, req.query, "query");
    const clip = await ctx.clip.get();
    if (!clip.ok) throw new HttpError(503, `figure search is unavailable: ${clip.reason}`);
    const hits: ApiRoutes["GET /api/figures/search"]["response"] = await searchFigureHits(
      ctx.store,
      clip.embedder,
      query.q,
      query.k ?? ctx.limits.searchK,
    );
    res.json(hits);
  });

  router.get("/api/figures/:id/image", async (req, res) => {
    const id = parseInput(idSegment, req.params.id, "id");
    if (labelOfId(id) !== "Figure") throw new NotFoundError(`'${id}' is not a figure id`);
    const file = await figureFile(ctx.store, id, await ctx.figureRoots());
    if (!file.ok) throw new NotFoundError(file.reason);
    res.setHeader("Content-Type", file.contentType);
    res.setHeader("Content-Security-Policy", IMAGE_CSP);
    res.setHeader("Cache-Control", "private, max-age=300");
    await new Promise<void>((resolve, reject) => {
      res.sendFile(file.path, { dotfiles: "allow" }, (error) => (error ? reject(error) : resolve()));
    });
  });
  return router;
}
