/**
 * What a watching server last did, on the page: a status line in the toolbar ("Watching ·
 * 14:02:31 ingested 1 note") and, while notes fail, their problems as the CLI prints them
 * (`index.md:3:13: error: ... [frontmatter/toml]`). Text only.
 */
import type { LiveBatch, LiveStatus } from "../../src/server/api-types.js";
import { h, replaceChildren } from "./dom.js";

export interface LiveStatusView {
  show(status: LiveStatus): void;
  /** The stream dropped; it reconnects by itself. */
  lost(): void;
}

const time = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour12: false });

export function describeLastBatch(batch: LiveBatch): string {
  if (batch.error) return `${time(batch.at)}: a batch was not stored (${batch.error}); retrying`;
  const n = batch.notes;
  const parts = [
    `${n.ingested} note${n.ingested === 1 ? "" : "s"} ingested`,
    n.pruned ? `${n.pruned} removed` : null,
    n.failed ? `${n.failed} failed` : null,
  ].filter(Boolean);
  const what =
    batch.trigger === "start" ? "first ingest" : `${batch.files} file${batch.files === 1 ? "" : "s"} changed`;
  return `${time(batch.at)}: ${parts.join(", ")} (${what}, ${(batch.durationMs / 1000).toFixed(1)} s)`;
}

export function createLiveStatus(line: HTMLElement, errors: HTMLElement): LiveStatusView {
  return {
    show(status) {
      if (!status.watching) {
        line.hidden = true;
        errors.hidden = true;
        return;
      }
      line.hidden = false;
      line.dataset.state = status.errors.length > 0 ? "failing" : "ok";
      const last = status.last ? describeLastBatch(status.last) : "first ingest running…";
      line.textContent = `Watching · ${last}`;
      line.title = status.paths.join("\n");
      errors.hidden = status.errors.length === 0;
      replaceChildren(
        errors,
        ...status.errors.map((failing) =>
          h(
            "li",
            { dataset: { note: failing.note } },
            h("strong", {}, failing.note.replace(/^note:/, "")),
            " keeps its earlier graph until fixed: ",
            ...failing.problems.map((problem) =>
              h(
                "code",
                {},
                `${[problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
                  .filter((part) => part !== undefined)
                  .join(":")}: ${problem.severity}: ${problem.message} [${problem.rule}]`,
              ),
            ),
          ),
        ),
      );
    },
    lost() {
      if (line.hidden) return;
      line.dataset.state = "lost";
      line.textContent = "Watching · connection to the server lost, reconnecting…";
    },
  };
}
