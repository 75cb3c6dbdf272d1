/**
 * The significant tokens of a Cypher text, as both engines' lexers see them: words and single
 * symbols, with string literals, quoted names and comments taken out. Used by the read-only
 * guard (cypher-guard.ts), which only has to know which words are clauses.
 *
 * Words are ASCII letter runs: anything else splits them. That over-approximates on purpose:
 * `éCREATE` yields the word CREATE although the engines read one name, so the guard errs
 * towards refusing, never towards missing a keyword.
 */

export type CypherToken =
  | { kind: "word"; text: string; upper: string }
  | { kind: "symbol"; text: string }
  /** A string literal or a backtick-quoted name: data, never a keyword. */
  | { kind: "literal" }
  /**
   * Text the two engines' lexers may split differently, so no reading of it can be trusted:
   * a block comment holding `**` (Kuzu's grammar steps over `**`, so slash-star-star-star-slash
   * does not end there, while Neo4j ends at the first star-slash), or a comment or literal
   * left open.
   */
  | { kind: "unclear"; text: string; reason: string };

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;

export function cypherTokens(cypher: string): CypherToken[] {
  const tokens: CypherToken[] = [];
  let i = 0;
  while (i < cypher.length) {
    const ch = cypher[i] as string;
    const next = cypher[i + 1];
    if (ch === "'" || ch === '"' || ch === "`") {
      const end = skipQuoted(cypher, i, ch);
      if (end < 0) {
        tokens.push({ kind: "unclear", text: ch, reason: "opens a literal that never closes" });
        return tokens;
      }
      i = end;
      tokens.push({ kind: "literal" });
    } else if (ch === "/" && next === "/") {
      i = indexOrEnd(cypher, "\n", i + 2);
    } else if (ch === "/" && next === "*") {
      const close = cypher.indexOf("*/", i + 2);
      if (close === -1) {
        tokens.push({ kind: "unclear", text: "/*", reason: "opens a comment that never closes" });
        return tokens;
      }
      if (cypher.slice(i + 2, close + 1).includes("**")) {
        tokens.push({
          kind: "unclear",
          text: "/* ** */",
          reason: "is a comment holding `**`, which the engines end in different places",
        });
        return tokens;
      }
      i = close + 2;
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < cypher.length && WORD_PART.test(cypher[end] as string)) end++;
      const text = cypher.slice(i, end);
      tokens.push({ kind: "word", text, upper: text.toUpperCase() });
      i = end;
    } else {
      if (!/\s/.test(ch)) tokens.push({ kind: "symbol", text: ch });
      i++;
    }
  }
  return tokens;
}

/**
 * Index just past the closing quote, as both lexers read it: strings escape with a
 * backslash, quoted names with a doubled backtick; -1 when the literal never closes.
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
  return -1;
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}
