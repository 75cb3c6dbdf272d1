/** `GET /api/stats`, `GET /api/graph` and `GET /api/topics`: counts, the subgraph the viewer opens with, the topics. */
import { Router } from "express";
import { z } from "zod";
import type { ApiRoutes } from "../api-types.js";
import type { ServerContext } from "../context.js";
import { BadRequestError } from "../http-errors.js";
import { overview } from "../read/overview.js";
import { labelList, noteParam, parseInput, tagParam, wholeNumber } from "../validate.js";

type Response<K extends keyof ApiRoutes> = ApiRoutes[K]["response"];

export function graphRoutes(ctx: ServerContext): Router {
  const router = Router();
  const graphQuery = z.object({
    limit: wholeNumber(1, ctx.limits.graphNodesMax).optional(),
    labels: labelList.optional(),
    note: noteParam.optional(),
    tag: tagParam.optional(),
  });

  router.get("/api/stats", async (_req, res) => {
    const stats: Response<"GET /api/stats"> = await ctx.cache.get("stats", () => ctx.store.stats());
    res.json(stats);
  });

  router.get("/api/graph", async (req, res) => {
    const query = parseInput(graphQuery, req.query, "query");
    if (query.note !== undefined && query.tag !== undefined) {
      throw new BadRequestError("note, tag: give one of them, not both");
    }
    const options = {
      limit: query.limit ?? ctx.limits.graphNodes,
      labels: query.labels,
      note: query.note,
      tag: query.tag,
    };
    const graph: Response<"GET /api/graph"> = await ctx.cache.get(`graph ${JSON.stringify(options)}`, () =>
      overview(ctx.store, {
        ...options,
        degrees: ctx.degrees,
        adjacency: ctx.adjacency,
        topics: async () => (await ctx.topics()).byNode,
        maxNeighbours: ctx.limits.neighbourRows,
      }),
    );
    res.json(graph);
  });

  router.get("/api/topics", async (_req, res) => {
    const topics: Response<"GET /api/topics"> = (await ctx.topics()).answer;
    res.json(topics);
  });
  return router;
}
