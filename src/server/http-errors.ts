/**
 * HTTP errors and the one place errors become responses: `{ error }` with the status
 * DESIGN.md names (400 bad input, 403 write refused or token missing, 404 unknown id, 504
 * timeout); anything unexpected is a 500 whose details go to the log, never to the client.
 */
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import { NotegraphError, QueryTimeoutError, StoreUnavailableError, WriteRefusedError } from "../errors.js";
import type { ErrorBody } from "./api-types.js";
import { UnknownNodeError } from "./read/errors.js";

export class HttpError extends NotegraphError {
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, message, options);
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message);
  }
}

/** What a client is told about an error, and whether it is ours to log. */
export function describeError(error: unknown): { status: number; body: ErrorBody; ours: boolean } {
  const known = (status: number, message: string) => ({ status, body: { error: message }, ours: false });
  if (error instanceof HttpError) return known(error.status, error.message);
  if (error instanceof UnknownNodeError) return known(404, error.message);
  if (error instanceof WriteRefusedError) return known(403, error.message);
  if (error instanceof QueryTimeoutError) return known(504, error.message);
  if (error instanceof StoreUnavailableError)
    return { status: 503, body: { error: error.message }, ours: true };
  // body-parser and send mark client errors with `expose` and a 4xx status.
  const { status, expose, type } = (error ?? {}) as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof status === "number" && status >= 400 && status < 500 && expose === true) {
    if (type === "entity.too.large") {
      const { limit } = error as { limit?: unknown };
      return known(
        413,
        `request body too large: at most ${typeof limit === "number" ? `${limit} bytes` : "the server's limit"}`,
      );
    }
    if (type === "entity.parse.failed") return known(400, "request body is not valid JSON");
    return known(status, error instanceof Error ? error.message : "bad request");
  }
  return { status: 500, body: { error: "internal error (details are in the server log)" }, ours: true };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, body, ours } = describeError(error);
    if (status === 429 || status === 503) res.setHeader("Retry-After", "1");
    if (ours)
      logger.error({ err: error, method: req.method, url: req.originalUrl, status }, "request failed");
    res.status(status).json(body);
  };
}
