/** A one-line status area for errors and notices (text only, `role=status`). */
export interface StatusLine {
  info(message: string): void;
  error(message: string): void;
  clear(): void;
}

export function createStatusLine(root: HTMLElement, infoMs = 4000): StatusLine {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (message: string, kind: "info" | "error") => {
    clearTimeout(timer);
    root.textContent = message;
    root.dataset.kind = kind;
    root.hidden = false;
    if (kind === "info") timer = setTimeout(() => (root.hidden = true), infoMs);
  };
  return {
    info: (message) => show(message, "info"),
    error: (message) => show(message, "error"),
    clear() {
      clearTimeout(timer);
      root.hidden = true;
      root.textContent = "";
    },
  };
}
