/**
 * Abbreviation definitions in running text, after Schwartz and Hearst's algorithm ("A simple
 * algorithm for identifying abbreviation definitions in biomedical text", PSB 2003): for
 * `long form (SF)` the short form's characters are matched right to left in the words before
 * the parenthesis, the first one at the start of a word. It finds "Momentum Contrast (MoCo)",
 * "Low-Rank Adaptation (LoRA)", "mean absolute error (MAE)", and the reversed "MAE (mean
 * absolute error)", with no list of names; and, as Chinese notes write them, both forms inside the
 * brackets after a translation: "下一句预测（Next Sentence Prediction，NSP）".
 */

export interface Definition {
  short: string;
  long: string;
  /** Offset of the short form in the text. */
  offset: number;
  /** Offset of the long form in the text. */
  longOffset: number;
}

const SHORT_FORM = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,14}$/;

/** True when `short` abbreviates `long`: its letters and digits in order, the first at a word start. */
export function abbreviates(short: string, long: string): boolean {
  return matchStart(short, long) !== null;
}

/** Where in `long` the abbreviation's match starts (the long form proper), or null. */
function matchStart(short: string, long: string): number | null {
  const s = short.toLowerCase().replace(/[^a-z0-9]/g, "");
  const l = long.toLowerCase();
  if (s.length < 2 || !/[a-z]/.test(s)) return null;
  let si = s.length - 1;
  let li = l.length - 1;
  for (; si >= 0; si--) {
    const char = s[si];
    const first = si === 0;
    for (;;) {
      if (li < 0) return null;
      const here = l[li];
      const atWordStart = li === 0 || !/[a-z0-9]/.test(l[li - 1] ?? "");
      if (here === char && (!first || atWordStart)) break;
      li--;
    }
    li--;
  }
  return li + 1;
}

/** A short form followed by the kind of thing it names, inside the brackets. */
const GENERIC_HEAD =
  /^([A-Za-z0-9][A-Za-z0-9.+-]{0,14}?)\s*(?:网络|模型|算法|方法|框架|模块|network|model|module|method|framework|architecture)$/i;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * Every `long form (SF)` and `SF (long form)` in the text. The long form is taken from at
 * most min(|SF| + 5, 2|SF|) words before the parenthesis, as the algorithm prescribes, and
 * trimmed to where the match starts.
 */
export function findDefinitions(text: string): Definition[] {
  const found: Definition[] = [];
  for (const match of text.matchAll(/[(（]\s*([^()（）\n]{1,80}?)\s*[)）]/g)) {
    const whole = (match[1] ?? "").trim();
    // `(MoCo, He et al. 2020)`: the short form is what comes before the first comma; `(3DGS from
    // here on)`, `(hereafter 3DGS)`, `(以下简称 3DGS)`: the short form the note will use.
    const first = (whole.split(/[,;，；]/)[0]?.trim() ?? "")
      .replace(/^(?:hereafter|henceforth|以下简称|下文简称|简称|下称)\s*/i, "")
      .replace(/\s+(?:from here on|hereafter|henceforth|for short|below)$/i, "");
    // `Region Proposal Networks(RPN网络)`, `(ViT model)`: the short form with the kind of thing it names.
    const head = SHORT_FORM.test(first) ? first : (GENERIC_HEAD.exec(first)?.[1] ?? first);
    const inner = SHORT_FORM.test(head) ? head : whole;
    const open = match.index;
    // `下一句预测（Next Sentence Prediction，NSP）`: the long form and its short form both in the brackets.
    const parts = whole.split(/\s*[,，]\s*/);
    const last = parts.at(-1) ?? "";
    if (
      inner === whole &&
      parts.length === 2 &&
      SHORT_FORM.test(last) &&
      /[A-Z]/.test(last) &&
      (parts[0] ?? "").split(/\s+/).length >= 2 &&
      matchStart(last, parts[0] ?? "") === 0
    ) {
      const wholeOffset = open + match[0].indexOf(whole);
      found.push({
        short: last,
        long: parts[0] ?? "",
        offset: wholeOffset + whole.lastIndexOf(last),
        longOffset: wholeOffset,
      });
      continue;
    }
    const before = text.slice(Math.max(0, open - 200), open);
    const beforeStart = open - before.length;
    const innerOffset = open + Math.max(0, match[0].indexOf(inner));
    if (SHORT_FORM.test(inner) && /[A-Za-z]/.test(inner)) {
      // long form (SF)
      const words = [...before.matchAll(WORD)];
      const max = Math.min(inner.replace(/[^A-Za-z0-9]/g, "").length + 5, inner.length * 2);
      const window = words.slice(-max);
      const first = window[0];
      if (!first) continue;
      const candidate = before.slice(first.index);
      const start = matchStart(inner, candidate);
      if (start === null) continue;
      const long = candidate
        .slice(start)
        .replace(/[\s,;:，、]+$/, "")
        .trim();
      if (!long || long.toLowerCase() === inner.toLowerCase()) continue;
      found.push({ short: inner, long, offset: innerOffset, longOffset: beforeStart + first.index + start });
    } else {
      // SF (long form): the short form is the word right before the parenthesis.
      const shortMatch = /([A-Za-z0-9][A-Za-z0-9.+-]{0,14})\s*$/.exec(before);
      const short = shortMatch?.[1];
      if (!short || !SHORT_FORM.test(short) || !/[A-Z]/.test(short)) continue;
      const long = inner.split(/[,;，；]/)[0]?.trim() ?? "";
      if (long.split(/\s+/).length < 2 || matchStart(short, long) !== 0) continue;
      found.push({ short, long, offset: beforeStart + (shortMatch?.index ?? 0), longOffset: innerOffset });
    }
  }
  return found;
}
