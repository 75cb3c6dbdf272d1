/**
 * Papers a note names by their title in running text, set off as titles are: in italics or in
 * quotes, after an author (`You et al., *Large Batch Training of Convolutional Networks*`) or a
 * word that points at a source (`from "Generalized Intersection over Union: ..."`, `see *...*`).
 * A title-case span of five words or more needs no pointer. Pure functions over one block.
 */
import { paperTitleShape } from "./paper-links.js";
import type { Span } from "./prose.js";
import { isAcronymOfTitle } from "./rules/models.js";

export interface ProseTitle {
  title: string;
  /** Offset of the title in the block's text. */
  offset: number;
}

/** What comes just before a title that cites: an author, `from`, `see`, `cf.`, `paper`. */
const CUE_BEFORE =
  /(?:\bet\s+al\.?\s*,?|\b(?:from|see|cf\.|in|paper|titled|entitled|called|pointed\s+to|following|via|title\s+is|title:|read|re-read|reread|revisit(?:ed)?)|[A-Za-z0-9][\w.-]*\s*(?=[(（])|论文|文章|出自|来自|参见|见|(?:标题|题目|名字)(?:是|为|叫)?[:：]?)\s*[(（[]?\s*[*_“"「《]*$/iu;
/** After a title: its authors and year in brackets, or after a comma (`(Schulman et al. 2015)`, `, Vaswani et al.`). */
const CUE_AFTER =
  /^[*_”"」》]*\s*(?:[(（]\s*[\p{Lu}][\p{L}'’-]+(?:\s+(?:et\s+al\.?|and|&)\s*[\p{Lu}]?[\p{L}'’-]*)?,?\s*(?:19|20)\d{2}|,\s*[\p{Lu}][\p{L}'’-]+\s+et\s+al\.)/u;
/** The last of a list of authors written with initials (`..., O. Wang.`), then an opening quote. */
const AUTHORS_BEFORE = /(?:^|[,;]\s*)(?:\p{Lu}\.\s*(?:-?\p{Lu}\.\s*)*)[\p{Lu}][\p{L}'’-]+[.,]\s*[“"]$/u;
/** The capitals a name is made of, one per word but the small ones: `Bidirectional Encoder Representations from Transformer` -> `BERT`. */
function initialsOf(words: string): string {
  return words
    .split(/\s+/)
    .filter((word) => !/^(?:a|an|the|of|for|from|and|or|to|in|on|with|by|via)$/i.test(word))
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}

/** A run of English words between Chinese text (or a line's ends) and Chinese text, brackets or punctuation. */
const ENGLISH_IN_CHINESE =
  /(?:^|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]\s*))([A-Z][\w'’-]*(?:[ \t]*[:,]?[ \t]+[\w'’-]+){4,30})(?=[ \t]*(?:[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|$))/gmu;
/** A quoted title, on one line or wrapped onto the next. */
const QUOTED = /[“"「《]([^”"」》\n]{5,200}(?:\n[^”"」》\n]{1,200})?)[”"」》]/gu;
/** `ConVIRT（Contrastive Learning of Medical Visual Representations from Paired Images and Text）`: a name, then its paper's title in brackets. */
const BRACKETED_AFTER_NAME = /[A-Za-z0-9][\w.-]*\s*[(（]([^()（）\n]{20,200})[)）]/gu;

export function findProseTitles(text: string, italics: readonly Span[]): ProseTitle[] {
  const candidates: (ProseTitle & { bracketed: boolean })[] = [];
  const quoted: ProseTitle[] = [];
  for (const match of text.matchAll(QUOTED)) {
    if (match[1] && match[1].replace(/\s+/g, "").length >= 10)
      quoted.push({ title: match[1], offset: (match.index ?? 0) + 1 });
  }
  // `*Carion et al., "End-to-End Object Detection with Transformers", ECCV 2020*`: the quotes
  // inside the italics hold the title, not the whole span.
  for (const span of italics) {
    if (quoted.some((q) => q.offset > span.start && q.offset < span.end)) continue;
    candidates.push({ title: text.slice(span.start, span.end), offset: span.start, bracketed: false });
  }
  for (const q of quoted) candidates.push({ ...q, bracketed: false });
  for (const match of text.matchAll(BRACKETED_AFTER_NAME)) {
    const inner = match[1] ?? "";
    const at = (match.index ?? 0) + match[0].indexOf(inner);
    // `(You et al., *Large Batch ...*)`, `(from "...")`: a pointer to a title set off inside.
    const holdsTitle = candidates.some((c) => c.offset >= at && c.offset < at + inner.length);
    if (holdsTitle || /^\s*(?:from|see|cf\.|in|e\.g\.|i\.e\.)\s|et\s+al/i.test(inner)) continue;
    // Longer than a model's expansion (`Bidirectional Encoder Representations from Transformers`).
    if (isStrictTitleCase(inner) && inner.trim().split(/\s+/).length >= 7)
      candidates.push({ title: inner, offset: at, bracketed: true });
  }
  // `那篇 Elucidating the Design Space of Diffusion-Based Generative Models`, `原文标题：Soft Actor-Critic:
  // ...（ICML 2018）`: a long title-case run of English in Chinese prose is set off by the script alone.
  let acronyms: Set<string> | undefined;
  for (const match of text.matchAll(ENGLISH_IN_CHINESE)) {
    // `Paper: Mamba: Linear-Time ...`: a field of the note's metadata, read as such (rules/papers.ts).
    if (/^(?:Paper|Title|Source|Reference|Ref|Original|Link)\s*:\s*/i.test(match[1] ?? "")) continue;
    const run = (match[1] ?? "").replace(/[\s,:;-]+$/, "");
    if (run.split(/\s+/).length < 5 || paperTitleShape(run) !== "title-case") continue;
    // `（Long-term Time Series Forecasting, LTSF）`: a term spelled out with its abbreviation;
    // `MSR-VTT, MSVC, LSMDC, ActivityNet, and DiDe`: a list of names.
    if (/,\s*[A-Z][A-Za-z0-9-]*[A-Z]$/.test(run) || (run.match(/,/g)?.length ?? 0) >= 2) continue;
    const at = (match.index ?? 0) + match[0].indexOf(run);
    // `BERT（Bidirectional Encoder Representations from Transformer）`, `全称为 Bidirectional Encoder ...`:
    // a name the text uses, spelled out.
    acronyms ??= new Set(text.match(/\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b/g) ?? []);
    if (acronyms.has(initialsOf(run))) continue;
    // (Chinese on one side at least: a line of English alone is English prose.)
    const side = `${text.slice(Math.max(0, at - 2), at)}${text.slice(at + run.length, at + run.length + 2)}`;
    if (!/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u.test(side)) continue;
    if (candidates.some((c) => c.offset <= at && at < c.offset + c.title.length)) continue;
    candidates.push({ title: run, offset: at, bracketed: true });
  }
  const found: ProseTitle[] = [];
  for (const candidate of candidates) {
    // `*NeRF: Representing Scenes ... for View Synthesis.*`: the full stop ends the reference's field, not the title.
    const title = candidate.title
      .replace(/\s+/g, " ")
      .trim()
      .replace(/(?<=[\p{L}\d)])\.$/u, "");
    const shape = paperTitleShape(title);
    // `*Dana Reyes · 9 min read · Sep 14, 2023*`: a byline's fields, set apart by dots, are no title.
    if (/\s[·•]\s/.test(title) || /\bmin(?:ute)?s?\s+read\b/i.test(title)) continue;
    // `> "This paper shows that masked autoencoders ... vision." (He et al., 2021, p. 1)`: a
    // passage quoted from the paper (a Zotero highlight) is a sentence, not its title.
    if (
      shape === "sentence-case" &&
      /[\p{L}\d)]\.\s*$/u.test(candidate.title) &&
      /^(?:this|these|that|our|we|it|its|in this|here|there|they|unlike|to|as|by)\s/i.test(title)
    )
      continue;
    if (
      !shape ||
      looksLikeAuthorList(title) ||
      isExpandedName(title, text.slice(candidate.offset + candidate.title.length))
    )
      continue;
    const before = text.slice(Math.max(0, candidate.offset - 40), candidate.offset);
    // `the step from "SSM as a fixed kernel" to "data-controlled operator"`: from one idea to another, not a source.
    if (
      /\bfrom\s*[“"]$/i.test(before) &&
      /^[”"]\s+to\s+[“"]/.test(text.slice(candidate.offset + candidate.title.length))
    )
      continue;
    const cued =
      candidate.bracketed ||
      CUE_BEFORE.test(before) ||
      // `R. Zhang, P. Isola, ..., O. Wang. "The Unreasonable ..."`: an author list in initials before it.
      AUTHORS_BEFORE.test(before) ||
      // `"Trust Region Policy Optimization" (Schulman et al. 2015)`: its authors right after it.
      CUE_AFTER.test(
        text.slice(candidate.offset + candidate.title.length, candidate.offset + candidate.title.length + 60),
      ) ||
      // `《Trust Region Policy Optimization》`: Chinese marks a work's title so.
      text[candidate.offset - 1] === "《";
    const words = title.split(/\s+/).length;
    if (cued || (shape === "title-case" && words >= 5)) found.push({ title, offset: candidate.offset });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** `A. Krizhevsky, I. Sutskever, G. E. Hinton`, `Kaiming He, Xiangyu Zhang and Jian Sun`: names, not a title. */
export function looksLikeAuthorList(text: string): boolean {
  const parts = text.split(/\s*(?:,|;|\band\b|&)\s*/).filter(Boolean);
  if (parts.length < 2) return false;
  return parts.every((part) =>
    /^(?:(?:[A-Z]\.\s*-?\s*)+|(?:[\p{Lu}][\p{Ll}'’-]+\s+){1,2})[\p{Lu}][\p{L}'’-]+(?:\s+et\s+al\.?)?$/u.test(
      part.trim(),
    ),
  );
}

/** Every content word capitalised, opening with a capital letter, no list inside: a title, not a remark in brackets. */
function isStrictTitleCase(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (!/^[A-Z]/.test(words[0] ?? "") || /[,;，；]/.test(text)) return false;
  const content = words.filter(
    (word) =>
      /[A-Za-z]/.test(word) &&
      !/^(?:a|an|the|of|for|and|or|to|in|on|with|from|by|via|as|at|into|without|towards?|through|using)$/i.test(
        word,
      ),
  );
  return content.length > 0 && content.every((word) => /^[^a-z]*[A-Z]/.test(word));
}

/** `"Training an Agent Manually via Evaluative Reinforcement," or tamer`: a name spelled out, not a paper's title. */
function isExpandedName(title: string, after: string): boolean {
  // `DETR with Improved deNoising anchOr boxes`: capitals inside words spell an acronym out.
  if ((title.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []).length >= 2) return true;
  const short = /^[*_”"」》,，\s]*(?:or\s+|[(（]\s*)([A-Za-z][\w-]*)/.exec(after)?.[1];
  return short !== undefined && isAcronymOfTitle(short.toUpperCase(), title);
}
