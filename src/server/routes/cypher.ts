/**
 * `POST /api/cypher`: read-only Cypher with the server's time limit and row cap (a request may
 * ask for less), a few queries in flight at most. Writes 403, timeouts 504, bad Cypher 400.
 */
import express, { Router } from "express";
import { z } from "zod";
import { QueryError, QueryTimeoutError, WriteRefusedError } from "../../errors.js";
import type { CypherResponse } from "../api-types.js";
import type { ServerContext } from "../context.js";
import { BadRequestError } from "../http-errors.js";
import { parseInput } from "../validate.js";

const cypherBody = z.object(
  {
    query: z.string({ error: "required: the Cypher text" }).trim().min(1, "required: the Cypher text"),
    params: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "parameter names are letters, digits and _"),
        z.json(),
      )
      .optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxRows: z.number().int().positive().optional(),
  },
  { error: "expected a JSON object { query, params }" },
);

export function cypherRoutes(ctx: ServerContext): Router {
  const router = Router();
  const json = express.json({ limit: ctx.limits.bodyBytes });

  router.post("/api/cypher", json, async (req, res) => {
    const body = parseInput(cypherBody, req.body, "body");
    const maxRows = Math.min(body.maxRows ?? ctx.limits.cypherMaxRows, ctx.limits.cypherMaxRows);
    const result = await ctx.cypher.run("Cypher queries", async () => {
      try {
        return await ctx.store.query(body.query, body.params ?? {}, {
          readOnly: true,
          timeoutMs: Math.min(body.timeoutMs ?? ctx.limits.cypherTimeoutMs, ctx.limits.cypherTimeoutMs),
          maxRows,
        });
      } catch (error) {
        // The user's Cypher is wrong: say so (400). Refused writes (403) and timeouts (504) pass through.
        if (
          error instanceof QueryError &&
          !(error instanceof WriteRefusedError || error instanceof QueryTimeoutError)
        ) {
          throw new BadRequestError(error.message, { cause: error });
        }
        throw error;
      }
    });
    const response: CypherResponse = {
      columns: result.columns,
      rows: result.rows.map((row) => result.columns.map((column) => row[column] ?? null)),
      truncated: result.truncated,
      maxRows,
    };
    res.json(response);
  });
  return router;
}
