/**
 * Staging files for Kuzu's COPY: a bulk load writes each table's new rows to disk as they
 * come (memory stays flat in the input's size) and loads every file with one COPY.
 *
 * The format is what Kuzu 0.11.3's CSV reader reads fastest (measured: a quoted 1 KB field
 * costs it 5 to 7 times an unquoted one, 110 against 22 us): fields separated by U+001E, which
 * text here does not hold, and quoted (`"`, inner quotes doubled) only when a value holds that
 * separator, a quote or a line break. Lists are joined with U+001F and split in the COPY's
 * LOAD subquery. An empty field is null; Kuzu also reads `""` as null, so an empty string, a
 * list holding one, and a list item holding U+001F cannot travel in a file: such values are
 * written as null and set afterwards (`StagedTable.fixups`). A quoted line break makes Kuzu
 * read the file on one thread (`parallel=false`); the file knows whether it holds one.
 *
 * Staging directories live beside the database (`graph.kuzu.bulk-<pid>`), so a killed load's
 * files are found and removed by the next process that opens it.
 */
import fs from "node:fs";
import path from "node:path";
import type { PropertyType } from "../graph/schema.js";
import { quoteIdent } from "./kuzu-schema.js";

export const FIELD_SEPARATOR = "\u001e";
export const LIST_SEPARATOR = "\u001f";
/** Built from a string: a control character in a regex literal reads as a mistake. */
const NEEDS_QUOTES = new RegExp(`["\\n\\r${FIELD_SEPARATOR}]`);
const LINE_BREAK = /[\n\r]/;
const FLUSH_CHARS = 1 << 20;
const QUOTE_CODE = 34;

export type StagedValue = string | number | boolean | null | readonly string[] | readonly number[];

export interface StagedColumn {
  name: string;
  type: PropertyType;
}

/** A value that cannot travel in the file: written as null there, set after the COPY. */
export interface Fixup {
  /** The row's key: the node id (node tables only). */
  id: string;
  column: string;
  value: StagedValue;
}

/** One table's staged rows: a file written in chunks, its row count, and what it cannot hold. */
export class StagedTable {
  rows = 0;
  /** A quoted line break was written: Kuzu must read the file on one thread. */
  lineBreaks = false;
  readonly fixups: Fixup[] = [];
  private buffer: string[] = [];
  private buffered = 0;
  private readonly fd: number;
  private closed = false;

  constructor(
    readonly file: string,
    readonly columns: readonly StagedColumn[],
  ) {
    this.fd = fs.openSync(file, "w");
    this.push(columns.map((column) => column.name).join(FIELD_SEPARATOR));
  }

  /** Appends a row of values in column order; `id` names the row for fixups. */
  write(values: readonly StagedValue[], id: string): void {
    const fields: string[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as StagedValue;
      const field = encode(value);
      if (field === null) {
        this.fixups.push({ id, column: (this.columns[i] as StagedColumn).name, value });
        fields[i] = "";
      } else {
        if (field.charCodeAt(0) === QUOTE_CODE && LINE_BREAK.test(field)) this.lineBreaks = true;
        fields[i] = field;
      }
    }
    this.push(fields.join(FIELD_SEPARATOR));
    this.rows++;
  }

  /** Writes what is buffered and closes the file (again: nothing). */
  close(): void {
    if (this.closed) return;
    this.flush();
    fs.closeSync(this.fd);
    this.closed = true;
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.buffered += line.length + 1;
    if (this.buffered >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    fs.writeSync(this.fd, `${this.buffer.join("\n")}\n`);
    this.buffer = [];
    this.buffered = 0;
  }
}

/** The field for a value; null when the value cannot travel in the file (see the header). */
export function encode(value: StagedValue): string | null {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value === "" ? null : quote(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value.length === 0) return "";
  const items = value.map(String);
  if (items.some((item) => item.includes(LIST_SEPARATOR))) return null;
  const joined = items.join(LIST_SEPARATOR);
  return joined === "" ? null : quote(joined);
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `LOAD WITH HEADERS (...) FROM '<file>' (...)`: the reading clause over a staged file. */
export function loadClause(table: StagedTable): string {
  const header = table.columns.map(
    ({ name, type }) => `${quoteIdent(name)} ${type.endsWith("[]") ? "STRING" : type}`,
  );
  const options = [
    "header=true",
    `delim='${FIELD_SEPARATOR}'`,
    "quote='\"'",
    "escape='\"'",
    `parallel=${table.lineBreaks ? "false" : "true"}`,
  ];
  return `LOAD WITH HEADERS (${header.join(", ")}) FROM ${pathLiteral(table.file)} (${options.join(", ")})`;
}

/** A staged column read back with its table type: lists are split again. */
export function columnValue(column: StagedColumn): string {
  const name = quoteIdent(column.name);
  if (column.type === "STRING[]") return `string_split(${name}, '${LIST_SEPARATOR}')`;
  if (column.type === "DOUBLE[]") return `cast(string_split(${name}, '${LIST_SEPARATOR}') AS DOUBLE[])`;
  return name;
}

/** The subquery a COPY reads a staged file through: every column, typed, in file order. */
export function loadSubquery(table: StagedTable): string {
  const values = table.columns.map((column) => `${columnValue(column)} AS ${quoteIdent(column.name)}`);
  return `${loadClause(table)} RETURN ${values.join(", ")}`;
}

function pathLiteral(file: string): string {
  return `'${file.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

const STAGING_PREFIX = ".bulk-";

/** A fresh staging directory beside the database, named by this process. */
export function makeStagingDir(database: string): string {
  const dir = `${database}${STAGING_PREFIX}${process.pid}`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes staging directories that processes no longer running left beside the database. */
export function removeStaleStaging(database: string, isAlive: (pid: number) => boolean): void {
  const dir = path.dirname(database);
  const prefix = `${path.basename(database)}${STAGING_PREFIX}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && (pid === process.pid || !isAlive(pid))) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}
