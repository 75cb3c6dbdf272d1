/**
 * A lexical guard for read-only Cypher: finds a clause keyword that writes (or changes the
 * database, its transactions or its files) outside string literals, comments and quoted
 * identifiers. It is the first line of defence for `kg query` without `--write` and for the
 * HTTP API; the store also runs read-only queries in a read-only transaction, so a keyword
 * this misses is still refused by the engine.
 */

const WRITE_KEYWORDS = new Set([
  "CREATE",
  "MERGE",
  "SET",
  "DELETE",
  "DETACH",
  "REMOVE",
  "DROP",
  "ALTER",
  "COPY",
  "LOAD",
  "INSTALL",
  "ATTACH",
  "IMPORT",
  "EXPORT",
  "CALL",
  "BEGIN",
  "COMMIT",
  "ROLLBACK",
  "CHECKPOINT",
  "USE",
]);

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;

/**
 * The first write keyword (upper-cased) used as a clause, or null when the statement only
 * reads. Words after `.` (properties), `:` (labels, types), `$` (parameters) and before `:`
 * (map keys) are names, not clauses, so `n.set`, `:Create` or `{delete: 1}` pass.
 */
export function findWriteClause(cypher: string): string | null {
  let i = 0;
  let previous = "";
  while (i < cypher.length) {
    const ch = cypher[i] as string;
    const next = cypher[i + 1];
    if (ch === "'" || ch === '"' || ch === "`") {
      i = skipQuoted(cypher, i, ch);
      previous = ch;
    } else if (ch === "/" && next === "/") {
      i = indexOrEnd(cypher, "\n", i + 2);
    } else if (ch === "/" && next === "*") {
      i = indexOrEnd(cypher, "*/", i + 2) + 2;
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < cypher.length && WORD_PART.test(cypher[end] as string)) end++;
      const word = cypher.slice(i, end).toUpperCase();
      if (WRITE_KEYWORDS.has(word) && !isName(previous, nextSignificant(cypher, end))) return word;
      previous = "w";
      i = end;
    } else {
      if (!/\s/.test(ch)) previous = ch;
      i++;
    }
  }
  return null;
}

function isName(previous: string, following: string): boolean {
  return previous === "." || previous === ":" || previous === "$" || following === ":";
}

function nextSignificant(text: string, from: number): string {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return text[i] ?? "";
}

/**
 * Index just past the closing quote, as Kuzu's lexer reads it: strings escape with a
 * backslash, quoted names with a doubled backtick. An unterminated literal runs to the end
 * (the parser rejects the statement anyway).
 */
function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (quote !== "`" && ch === "\\") {
      i += 2;
    } else if (ch !== quote) {
      i++;
    } else if (quote === "`" && text[i + 1] === "`") {
      i += 2;
    } else {
      return i + 1;
    }
  }
  return text.length;
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}
