/** `GET /api/nodes/:id` (details) and `GET /api/nodes/:id/neighbors` (a subgraph around it). */
import { Router } from "express";
import { z } from "zod";
import type { ApiRoutes } from "../api-types.js";
import type { ServerContext } from "../context.js";
import { nodeDetails } from "../read/details.js";
import { neighbourhood } from "../read/neighbourhood.js";
import { depthParam, idSegment, parseInput, wholeNumber } from "../validate.js";

type Response<K extends keyof ApiRoutes> = ApiRoutes[K]["response"];

export function nodeRoutes(ctx: ServerContext): Router {
  const router = Router();
  const detailsQuery = z.object({ limit: wholeNumber(1, ctx.limits.groupLimitMax).optional() });
  const neighboursQuery = z.object({
    depth: depthParam.optional(),
    limit: wholeNumber(1, ctx.limits.neighbourNodesMax).optional(),
  });

  router.get("/api/nodes/:id", async (req, res) => {
    const id = parseInput(idSegment, req.params.id, "id");
    const query = parseInput(detailsQuery, req.query, "query");
    const details: Response<"GET /api/nodes/:id"> = await nodeDetails(ctx.store, id, {
      groupLimit: query.limit ?? ctx.limits.groupLimit,
    });
    res.json(details);
  });

  router.get("/api/nodes/:id/neighbors", async (req, res) => {
    const id = parseInput(idSegment, req.params.id, "id");
    const query = parseInput(neighboursQuery, req.query, "query");
    const graph: Response<"GET /api/nodes/:id/neighbors"> = await neighbourhood(ctx.store, id, {
      depth: query.depth ?? 1,
      limit: query.limit ?? ctx.limits.neighbourNodes,
      degrees: ctx.degrees,
      adjacency: ctx.adjacency,
      topics: async () => (await ctx.topics()).byNode,
      maxNeighbours: ctx.limits.neighbourRows,
    });
    res.json(graph);
  });
  return router;
}
