/** `kg doctor`'s report as text for a terminal: one block per finding, the verdict last. */
import type { ClipCheck } from "./clip.js";
import type { DoctorReport, ReportedValue } from "./report.js";
import type { StoreCheck } from "./store.js";

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    ...configLines(report),
    "",
    ...storeLines(report.store),
    "",
    ...report.clip.flatMap(clipLines),
    "",
    "versions:",
    ...table(Object.entries(report.versions)),
    "",
    ...report.warnings.map((warning) => `warning: ${warning}`),
    report.ok
      ? `doctor: ok, the ${report.store.kind} store is usable${report.warnings.length ? ` (${plural(report.warnings.length, "warning")})` : ""}`
      : `doctor: the ${report.store.kind} store is not usable`,
  ];
  return `${lines.join("\n")}\n`;
}

function configLines(report: DoctorReport): string[] {
  const set = report.config.values.filter((value) => value.source !== "default");
  return [
    `config: ${report.config.file ?? "no config file (kg.config.json, kg.config.yaml or kg.config.yml)"}`,
    ...(set.length
      ? table(set.map((value) => [value.key, show(value.value), from(value)]))
      : ["  every option at its built-in default"]),
  ];
}

function from(value: ReportedValue): string {
  if (value.source === "env") return `env ${value.env}`;
  if (value.source === "file") return "config file";
  return value.source === "flag" ? "command line" : "default";
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function storeLines(store: StoreCheck): string[] {
  switch (store.status) {
    case "ok":
      return store.kind === "kuzu"
        ? [
            `store: kuzu (embedded) at ${store.path}`,
            `  ok: opens read-only; ${store.nodes} nodes, ${store.relationships} relationships`,
          ]
        : [
            `store: neo4j at ${store.uri}${store.database ? ` (database ${store.database})` : ""}`,
            `  ok: Neo4j ${store.serverVersion} ${store.edition} answers`,
            store.schema.applied === 0
              ? "  schema: not applied yet"
              : store.schema.missing.length
                ? `  schema: ${store.schema.applied} of ${store.schema.applied + store.schema.missing.length} constraints and indexes; missing ${store.schema.missing.join(", ")}`
                : `  schema: applied (${store.schema.applied} constraints and indexes)`,
          ];
    case "not-created":
      return [
        `store: kuzu (embedded) at ${store.path}`,
        store.writable
          ? "  not created yet: run `kg ingest <notes>` (it creates the database here)"
          : "  error: not created yet, and the folder is not writable: `kg ingest` cannot create it",
      ];
    case "unavailable":
      return [`store: kuzu (embedded) at ${store.path}`, `  error: ${store.reason}`];
    case "unreachable":
      return [`store: neo4j at ${store.uri}`, `  error: unreachable: ${store.reason}`];
  }
}

function clipLines(check: ClipCheck): string[] {
  const head = `clip: ${check.key} (for ${check.usedBy.map((command) => `kg ${command}`).join(", ")})`;
  const where = check.from === "model-dir" ? "KG_MODEL_DIR" : "the download cache";
  if (check.status === "available") return [head, `  ok: in ${where}, ${check.folder}`];
  return [
    head,
    `  warning: not in ${where}, ${check.folder}: missing ${check.missing.join(", ")}`,
    `  ${check.hint}`,
  ];
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map(
    (row) =>
      `  ${row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join("  ")}`,
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
