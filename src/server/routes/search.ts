/** `GET /api/search`: nodes by name, title, Chinese name, full name or alias. */
import { Router } from "express";
import { z } from "zod";
import type { ApiRoutes } from "../api-types.js";
import type { ServerContext } from "../context.js";
import { searchNodes } from "../read/search.js";
import { parseInput, queryText, wholeNumber } from "../validate.js";

export function searchRoutes(ctx: ServerContext): Router {
  const router = Router();
  const searchQuery = z.object({ q: queryText, k: wholeNumber(1, ctx.limits.searchKMax).optional() });

  router.get("/api/search", async (req, res) => {
    const query = parseInput(searchQuery, req.query, "query");
    const hits: ApiRoutes["GET /api/search"]["response"] = await searchNodes(ctx.store, query.q, {
      k: query.k ?? ctx.limits.searchK,
    });
    res.json(hits);
  });
  return router;
}
