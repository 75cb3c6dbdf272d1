/**
 * What keeps a local graph server local: security headers (a CSP fit for a Vite-built Sigma
 * app), a Host check against DNS rebinding while bound to loopback, a bearer token on /api
 * (required off loopback unless openness is asked for), and a cap on Cypher queries in flight.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";
import { UsageError } from "../errors.js";
import { HttpError } from "./http-errors.js";

/**
 * Helmet with a CSP for the viewer: scripts and styles from the server only (no inline
 * scripts; inline styles for libraries that set them), WebGL needs nothing, layout workers
 * from self or blob:, images from self, data: and blob:. No HSTS and no
 * upgrade-insecure-requests: the server speaks plain HTTP on loopback.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", "blob:"],
        childSrc: ["'self'", "blob:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
  });
}

/** The CSP of an image response: nothing runs, even an SVG opened on its own. */
export const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Off loopback, anyone who can reach the address can read the graph (and the notes' text), so
 * a server there needs a token, unless its user has said it may be open (`kg serve --no-token`,
 * `openWithoutToken`). Throws UsageError (exit code 2) saying how to go on.
 */
export function refuseUnguardedExposure(
  host: string,
  token: string | undefined,
  openWithoutToken: boolean,
): void {
  if (isLoopback(host) || token || openWithoutToken) return;
  throw new UsageError(
    `refusing to serve on ${host} without a token: anyone who can reach it could read the graph. ` +
      "Require one with --token <token> (or KG_TOKEN), or pass --no-token to serve it openly",
  );
}

/**
 * Refuses requests whose Host header names anything but a loopback address (and `extra`
 * names): a web page cannot reach the API through a DNS name rebound to 127.0.0.1.
 */
export function loopbackHostOnly(extra: readonly string[] = []): RequestHandler {
  const allowed = new Set(extra.map((name) => name.toLowerCase()));
  return (req, _res, next) => {
    const header = req.headers.host ?? "";
    const name = header.replace(/:\d+$/, "").toLowerCase();
    if (isLoopback(name) || allowed.has(name)) next();
    else next(new HttpError(403, `requests must address this server by a loopback name, not '${header}'`));
  };
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** `Authorization: Bearer <token>`, compared in constant time; 403 when missing or wrong. */
export function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match?.[1]) {
      next(new HttpError(403, "this server needs a token: send 'Authorization: Bearer <token>'"));
      return;
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      next(new HttpError(403, "wrong token"));
      return;
    }
    next();
  };
}

/**
 * At most `limit` operations at once; a caller that finds no room gets false and answers 429.
 * Released when the operation ends, not when the client goes away.
 */
export class InFlightLimit {
  private inFlight = 0;

  constructor(readonly limit: number) {}

  async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit) {
      throw new HttpError(429, `too many ${what} in flight (at most ${this.limit}); retry shortly`);
    }
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }
}
