/**
 * The API token: `?token=` in the page URL (remembered in localStorage, then removed from the
 * address bar so it is not copied with a deep link) or the one stored earlier.
 */
const STORAGE_KEY = "notegraph.token";

/** Reads the token once at start-up; returns null when the server needs none. */
export function loadToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    try {
      window.localStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be disabled (private mode): the token still works for this page.
    }
    url.searchParams.delete("token");
    window.history.replaceState(window.history.state, "", url.toString());
    return fromUrl;
  }
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
