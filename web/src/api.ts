/**
 * The viewer's HTTP client, typed by the server's route map (src/server/api-types.ts): a
 * route name gives its path parameters, query and response type. Errors are `ApiError`s
 * carrying the status and the server's `{ error }` message.
 */
import type { ApiRoutes, CypherRequest, ErrorBody } from "../../src/server/api-types.js";

export type Route = keyof ApiRoutes;
type Query<R extends Route> = ApiRoutes[R]["query"];
type Result<R extends Route> = ApiRoutes[R]["response"];
type Body<R extends Route> = ApiRoutes[R] extends { body: infer B } ? B : never;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  graph(query: Query<"GET /api/graph">): Promise<Result<"GET /api/graph">>;
  node(id: string): Promise<Result<"GET /api/nodes/:id">>;
  neighbors(
    id: string,
    query?: Query<"GET /api/nodes/:id/neighbors">,
  ): Promise<Result<"GET /api/nodes/:id/neighbors">>;
  search(query: Query<"GET /api/search">, signal?: AbortSignal): Promise<Result<"GET /api/search">>;
  cypher(body: CypherRequest): Promise<Result<"POST /api/cypher">>;
  topics(): Promise<Result<"GET /api/topics">>;
  /** A URL an `<img>` can show: the image route, or a data: URL when a token must be sent. */
  figureImage(id: string): Promise<string>;
}

/** `"GET /api/nodes/:id"` + `{ id }` -> `GET`, `/api/nodes/<encoded id>`. */
export function routeUrl(route: Route, params: Record<string, string> = {}, query: object = {}): string {
  const path = route.slice(route.indexOf(" ") + 1).replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`routeUrl: ${route} needs the parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === "string" && value !== "") search.set(key, value);
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export function createApiClient(token: string | null, base = ""): ApiClient {
  const headers = (json: boolean): Record<string, string> => ({
    Accept: "application/json",
    ...(json ? { "Content-Type": "application/json" } : {}),
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  });

  async function send(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const response = await fetch(base + url, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
    if (!response.ok) {
      let message = `${method} ${url}: HTTP ${response.status}`;
      try {
        const error = (await response.json()) as Partial<ErrorBody>;
        if (typeof error.error === "string") message = error.error;
      } catch {
        // Not JSON: keep the status line.
      }
      throw new ApiError(response.status, message);
    }
    return response;
  }

  async function call<R extends Route>(
    route: R,
    options: { params?: Record<string, string>; query?: Query<R>; body?: Body<R>; signal?: AbortSignal } = {},
  ): Promise<Result<R>> {
    const method = route.slice(0, route.indexOf(" "));
    const response = await send(
      method,
      routeUrl(route, options.params, options.query ?? {}),
      options.body,
      options.signal,
    );
    return (await response.json()) as Result<R>;
  }

  return {
    graph: (query) => call("GET /api/graph", { query }),
    node: (id) => call("GET /api/nodes/:id", { params: { id } }),
    neighbors: (id, query = {}) => call("GET /api/nodes/:id/neighbors", { params: { id }, query }),
    search: (query, signal) => call("GET /api/search", { query, ...(signal ? { signal } : {}) }),
    cypher: (body) => call("POST /api/cypher", { body }),
    topics: () => call("GET /api/topics"),
    async figureImage(id) {
      const url = routeUrl("GET /api/figures/:id/image", { id });
      if (!token) return base + url;
      const blob = await (await send("GET", url)).blob();
      return new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
      });
    },
  };
}
