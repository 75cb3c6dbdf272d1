/**
 * Export settings in the viewer's four parts (type, defaults, validate, resolve; see
 * ../settings.ts): where "Open in Gephi Lite" goes, and how long it waits for an answer.
 * The page's `?gephiLite=<url>` overrides the URL (absolute, or a path on this server).
 */
export interface ExportSettings {
  /**
   * Gephi Lite's address. A Gephi Lite served from the viewer's own origin (e.g. `/gephi-lite/`)
   * receives the graph over a BroadcastChannel, which browsers confine to one origin; any
   * other (the public one by default) is opened and handed the downloaded GEXF by the user.
   */
  gephiLiteUrl: string;
  /** How long a same-origin Gephi Lite may take to load and take the graph. */
  gephiLiteTimeoutMs: number;
}

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = {
  gephiLiteUrl: "https://gephi.org/gephi-lite/",
  gephiLiteTimeoutMs: 20_000,
};

/** The Gephi Lite URL resolved against the page, or an error naming the setting. */
export function gephiLiteUrl(settings: ExportSettings, page: string): URL {
  let url: URL;
  try {
    url = new URL(settings.gephiLiteUrl, page);
  } catch {
    throw new Error(`Export settings: "gephiLiteUrl" is not a URL: ${settings.gephiLiteUrl}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`Export settings: "gephiLiteUrl" must be http(s), got ${url.protocol}`);
  return url;
}

export type GephiLiteRoute =
  /** Same origin: the graph goes over the broadcast channel (gephi-lite.ts). */
  | { kind: "broadcast"; url: URL }
  /** Another origin: no channel reaches it; the user opens a downloaded file there. */
  | { kind: "file"; url: URL };

export function gephiLiteRoute(url: URL, pageOrigin: string): GephiLiteRoute {
  return url.origin === pageOrigin ? { kind: "broadcast", url } : { kind: "file", url };
}

export function validateExportSettings(settings: ExportSettings, page: string): void {
  gephiLiteUrl(settings, page);
  const timeout = settings.gephiLiteTimeoutMs;
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new Error(`Export settings: "gephiLiteTimeoutMs" must be a positive number, got ${timeout}.`);
}

export function resolveExportSettings(overrides: Partial<ExportSettings>, page: string): ExportSettings {
  const settings = { ...DEFAULT_EXPORT_SETTINGS, ...overrides };
  validateExportSettings(settings, page);
  return settings;
}

/** `?gephiLite=<url>`; a value that is not an http(s) URL is ignored (the default stays). */
export function exportSettingsFromQuery(search: string, page: string): Partial<ExportSettings> {
  const value = new URLSearchParams(search).get("gephiLite");
  if (!value) return {};
  try {
    gephiLiteUrl({ ...DEFAULT_EXPORT_SETTINGS, gephiLiteUrl: value }, page);
    return { gephiLiteUrl: value };
  } catch {
    return {};
  }
}
