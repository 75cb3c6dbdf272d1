/**
 * Which models a note, and each of its sections, is about. Rules look at headings, the
 * title, the file name, the front matter, abbreviation definitions and the note's own
 * repeated names; each gives evidence with its registered confidence, and evidence for the
 * same model from different rules adds up (1 - Π(1 - c)). The vocabulary tells known names
 * apart (a concept or a loss is never a model) but is not needed to find a model.
 */
import { basename, dirname, extname } from "node:path";
import { isFolderIndex, modelId, normalizeArxivId } from "../../../src/graph/ids.js";
import { abbreviates, type Definition } from "../abbreviations.js";
import {
  cleanHeading,
  colonlessTitlePrefix,
  compactVersion,
  isStructuralHeading,
  isVersionSuffix,
  nameShape,
  OWNER_NAME,
  splitVersion,
  stripTitleSuffix,
  titleForAcronyms,
  titlePrefixName,
} from "../names.js";
import type { ModelLink, ModelRef } from "../note-record.js";
import { paperTitleShape } from "../paper-links.js";
import type { Vocabulary, VocabularyEntry } from "../vocabulary.js";
import { confidenceOf, type RuleId } from "./registry.js";

/** Below this a heading or title is not taken to be about a model. */
export const MODEL_THRESHOLD = 0.5;

/** The model a name refers to: the vocabulary's entry when it knows the name, else a model of its own; null for a vocabulary concept or loss. */
export function resolveModel(
  name: string,
  vocabulary: Vocabulary,
  rule: RuleId,
  confidence: number,
  line: number,
): ModelRef | null {
  const clean = name.replace(/[*_`]/g, "").trim();
  if (!clean) return null;
  const known =
    vocabulary.matcher.lookup(clean) ??
    vocabulary.matcher.lookup(compactVersion(clean)) ??
    singularOf(clean, vocabulary);
  if (known) {
    if (known.kind !== "model") return null;
    return { id: known.id, name: known.name, known: true, rule, confidence, line };
  }
  return { id: modelId(compactVersion(clean)), name: clean, known: false, rule, confidence, line };
}

/** `ResNets`, `ViTs`, `GANs`: the plural of a name the vocabulary knows is that name. */
function singularOf(name: string, vocabulary: Vocabulary): VocabularyEntry | undefined {
  const singular = /^(.*[A-Z0-9].*?)s$/.exec(name)?.[1];
  return singular && singular.length >= 2 ? vocabulary.matcher.lookup(singular) : undefined;
}

/** Noisy-or of independent pieces of evidence. */
export const combine = (confidences: readonly number[]): number =>
  Math.round((1 - confidences.reduce((rest, c) => rest * (1 - c), 1)) * 1000) / 1000;

/** How much of a rule's confidence a name's spelling alone supports. */
function shapeFactor(shape: number): number {
  if (shape >= 0.8) return 1;
  if (shape >= 0.6) return 0.9;
  if (shape >= 0.3) return 0.6;
  return 0;
}

/** Labels before a colon that introduce another work: `论文一：`, `后续工作：`, `方法二：`, `变体：`, `话题一：` (a discussion's topic). */
const WORK_LABEL =
  /^(?:论文|文章|工作|后续工作|后续|相关工作|延伸|扩展|拓展|变体|改进|进阶|对比|比较|第[一二三四五六七八九十\d]+(?:篇|个|部分)?|方法|模型|算法|话题|议题|主题|专题)[一二三四五六七八九十\d]*$/;

/** What an English headline says it does to the name after it: `reproducing DistilBERT`, `notes on SAM`. */
const ENGLISH_GUIDE =
  /^(?:reproducing|re-?implementing|implementing|notes on|reading notes on|reading|understanding|a look at|deep dive into|explaining|revisiting|inside)\s+(?:the\s+)?(?=[A-Za-z0-9])/i;

/** Phrases a Chinese post's title opens with before the name it explains. */
const GUIDE_PREFIX =
  /^(?:一文(?:读懂|看懂|搞懂|弄懂|了解|理解)|深入(?:理解|浅出|解读)|详解|图解|浅谈|浅析|解读|读懂|精读|论文精读|论文笔记|论文阅读|阅读笔记|笔记|回顾|复现|手撕|从零实现)[:：\s]*(?=[A-Za-z])/;

const LEADING_NAME =
  /^((?:[A-Za-z]|\d[A-Z]{2})[A-Za-z0-9]*(?:[-.+·][A-Za-z0-9]+)*\+*(?:\s+(?:[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|v?\d+(?:\.\d+)*)){0,2})(.*)$/s;

/** `Part 2: Paraformer`, `Paper 1 — DPR`: a talk's part, then the work it is about. */
const PART_LABEL =
  /^(?:part|paper|topic|chapter|section|model|method|approach|baseline|solution|variant|option|candidate|idea)\s*(?:\d+|[IVX]+|[A-D]|one|two|three)\s*(?:[:：.]|\s[-–—])\s*(?=\S)/i;
/** `Replication: LightGCN on Gowalla`, `Paper review — X`: what kind of document this is, then its subject. */
const DOC_KIND_LABEL =
  /^(?:replication|reproduction|reproducing|re-?implementation|paper review|review|paper notes?|reading notes?|notes?|summary|tutorial|explainer|deep dive|recap|report|walkthrough|case study|lecture\s*\d*|talk)\s*(?:[:：|]|\s[-–—]{1,2})\s*(?=\S)/i;
/** A list of names (`MoCo / SimCLR / BYOL`, `GAN 与 VAE`), not one name. */
const NAME_LIST = /\s[/&]\s|[、,，]|\s(?:vs\.?|and)\s|[与和]/;
/** `DETR 系列`, `LoRA 家族`, `the YOLO family`: what follows a name that makes it a family of models. */
const FAMILY_AFTER = /^\s*(?:系列|家族|全家桶|series\b|family\b)/i;

/**
 * The name a heading or title starts with, when the rest is nothing, CJK text, a generic
 * suffix or a subtitle: `BLIP-2 论文笔记` -> `BLIP-2`; `ViLT: Vision-and-Language ...` ->
 * `ViLT`; `MoCo v2` -> `MoCo v2`; `How CLIP works` -> null (a phrase, not a name).
 */
export function leadingName(text: string): string | null {
  const cleaned = stripTitleSuffix(
    cleanHeading(text)
      .replace(PART_LABEL, "")
      .replace(DOC_KIND_LABEL, "")
      .replace(/[*_`]/g, "")
      .replace(/\s*[(（][^)）]*[)）]\s*$/, "")
      // `PPO ✅（拖了一天）`: the mark before the remark goes too.
      .replace(/(?:\s|\p{Extended_Pictographic}|\uFE0F)+$/u, ""),
  );
  if (!cleaned || isStructuralHeading(cleaned)) return null;
  // `【原创】DETR系列论文精读（四）：DINO —— ...`: a series' label, then the one work this part is about.
  const series = /^(?:【[^】]{1,8}】\s*)?([^:：]{1,30}?(?:系列|串讲|合集)[^:：]{0,12})[:：]\s*(\S.*)$/u.exec(
    cleaned,
  );
  if (series?.[2]) {
    if (NAME_LIST.test(series[2].split(/\s+[—–-]{1,2}\s+/)[0] ?? "")) return null;
    return leadingName(series[2]);
  }
  // `论文一：MAE`, `后续工作：Deformable DETR`: a Chinese label, then the name.
  // A label that introduces a work (`结构：MED`, `模型结构：MED` name a part of the model), and
  // one name, not a list (`对比学习串讲：MoCo / SimCLR / BYOL`).
  const labelled = /^([\p{Script=Han}\d\s]{1,10})[:：]\s*(\S.*)$/u.exec(cleaned);
  if (labelled?.[1] && labelled[2]) {
    if (NAME_LIST.test(labelled[2])) return null;
    // `语音组周会：wav2vec 2.0 论文精读`: whatever the occasion, what follows is a note's title on one work.
    const whole = cleanHeading(text).replace(/[*_`]/g, "").trim();
    const titled = stripTitleSuffix(labelled[2]) !== labelled[2].trim() || stripTitleSuffix(whole) !== whole;
    if (!WORK_LABEL.test(labelled[1].trim()) && !titled) return null;
    return leadingName(labelled[2]);
  }
  // `基于 nnU-Net 的海马体 MRI 分割实验报告`: a report on work built on the one named.
  const basedOn = /^基于\s*([A-Za-z][\w.+-]*(?:\s+v?\d+(?:\.\d+)*)?)\s*的/u.exec(cleaned);
  if (basedOn?.[1]) return leadingName(basedOn[1]);
  // `Perception Team : Paper of the Week #23 – Mask2Former`: a wiki space's or team's name before
  // the page's own title; `Paper of the Week #23 – X`: a series' issue, then the work it is on.
  const owned = /^([^:：|]{1,40}?)\s*[:：|]\s*(\S.*)$/u.exec(cleaned);
  if (owned?.[1] && owned[2] && OWNER_NAME.test(owned[1])) return leadingName(owned[2]);
  const issue =
    /^(?:paper|pick|read|model)s? of the (?:week|day|month)\s*(?:#\s*)?\d*\s*(?:[:：.]|\s[-–—]{1,2})\s*(\S.*)$/iu.exec(
      cleaned,
    );
  if (issue?.[1]) return leadingName(issue[1]);
  // `从 AlphaGo 到 MuZero：...`, `From DETR to DINO`: the way to a work, told for where it ends.
  const journey = /^(?:从\s*|from\s+)[^:：]{1,40}?(?:\s*到\s*|\s+to\s+)([^:：]+?)\s*(?:[:：].*)?$/iu.exec(
    cleaned,
  );
  if (journey?.[1]) return leadingName(journey[1]);
  // `Focal Loss / RetinaNet：...`: a paper known by its loss, then the model it built with it.
  const lossFirst = /^[^/]{1,40}?(?:\bloss|损失)\s*\/\s*([^/]+)$/iu.exec(cleaned);
  if (lossFirst?.[1]) return leadingName(lossFirst[1]);
  // `一文读懂 Stable Diffusion：...`, `详解 DETR`: a reader's guide phrase, then the name.
  const guided = GUIDE_PREFIX.exec(cleaned);
  if (guided) return leadingName(cleaned.slice(guided[0].length));
  const prefixed = titlePrefixName(cleaned);
  if (prefixed) return prefixed;
  // `2.5D UNet`: how many dimensions the input has says which variant, not which model.
  const match = LEADING_NAME.exec(cleaned.replace(/^\d+(?:\.\d+)?D\s+(?=[A-Z])/, ""));
  if (!match?.[1]) return null;
  let name = match[1].trim();
  let rest = (match[2] ?? "").trim();
  // `CLIP 相关工作`, `CLIP 的应用`, `related work on CLIP`: about what surrounds the name, not the
  // name; `DETR 的系列`: a family of models, not one.
  if (
    /^(?:的)?(?:相关工作|相关论文|相关|应用|后续工作|后续|对比|比较|与)/.test(rest) ||
    FAMILY_AFTER.test(rest.replace(/^的/, ""))
  )
    return null;
  // `YOLO v3` takes its version; `GPT-4 Technical Report` keeps only the name.
  const tokens = name.split(/\s+/);
  while (tokens.length > 1 && nameShape(tokens.join(" ")) === 0) rest = `${tokens.pop()} ${rest}`.trim();
  name = tokens.join(" ");
  // `Lion optimizer`, `ResNet architecture`: the kind of thing the name is, not more words of it.
  if (/^(?:optimi[sz]er|model|architecture|method|algorithm|network|framework)$/i.test(rest)) rest = "";
  if (
    rest &&
    !/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(rest) &&
    !/^[:：\-–—|,，/]/.test(rest)
  ) {
    return null;
  }
  if (isStructuralHeading(name)) return null;
  return name;
}

/** `Visual Instruction Tuning`: a short title, every word capitalised but its small words. */
const SHORT_TITLE =
  /^[A-Z][\w'-]*(?:\s+(?:(?:a|an|the|of|for|and|or|to|in|on|with|from|by|via|is|are)\s+)*[A-Z][\w'-]*){2,}$/;

export interface HeadingContext {
  heading: string;
  line: number;
  /** The first block under the heading cites a paper. */
  opensWithCitation: boolean;
  /** ... and that citation is a reference line (not just a link): strong enough to name a model whatever the heading looks like. */
  opensWithReference: boolean;
  /** The section's own prose (not its sub-sections'), to see the name repeated. */
  body: string;
  /** The heading opens the note (its first heading, at depth 1): the note's title, read by noteSubjects. */
  opensNote?: boolean;
}

export interface HeadingModel {
  model: ModelRef;
  /** A vocabulary model the heading's longer name starts with (`BLIP` for `BLIP-Diffusion`). */
  extends: ModelRef | null;
  /** Other models the heading names beside the first (`## YOLOv2 / YOLO9000`). */
  also: ModelRef[];
}

/** `YOLOv2 / YOLO9000`, `BERT & RoBERTa`: the further names of a heading that names several. */
function furtherNames(cleaned: string, first: string, vocabulary: Vocabulary, line: number): ModelRef[] {
  const rest = cleaned.slice(cleaned.indexOf(first) + first.length);
  if (!/^\s*(?:\/|&|、|和|与|\band\b)\s*/.test(rest)) return [];
  return rest
    .split(/\s*(?:\/|&|、|和|与|\band\b)\s*/)
    .map((part) => part.trim())
    .filter((part) => part && nameShape(part) >= 0.6)
    .map((part) =>
      resolveModel(part, vocabulary, "model/heading-name", confidenceOf("model/heading-name"), line),
    )
    .filter((model): model is ModelRef => model !== null);
}

/** The lines at the top of a note where it says which paper it is about. */
const OPENING_LINES = 8;

/** `Day 5`, `第 3 天`, `3月8日`, `2024-03-08`, `Week 2`: when, not what. */
const DATE_OR_DAY =
  /^(?:(?:day|week)\s*\d+(?:\s*-\s*\d+)?|第\s*\d+\s*[天周]|\d{1,2}\s*月\s*\d{1,2}(?:\s*[-~]\s*\d{1,2})?\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$/i;

/** `Title (Name)` or `Title (Name, ICLR 2023)`, then perhaps a remark after a dash (`— Marr Prize`). */
const TITLE_THEN_BRACKET =
  /^(.{12,}?)\s*[(（]\s*([^()（）\s,，;；]{2,24})\s*(?:[,，;；]\s*[A-Za-z][A-Za-z-]*\s*['’]?\d{2,4}\s*)?[)）]\s*(?:[—–|-]{1,2}\s*\S.*)?$/u;

/**
 * `Scalable Diffusion Models with Transformers (DiT)`: a paper's title in title case, with one
 * name-shaped word in brackets after it (not a venue: nameShape knows those), names the model
 * the section is about; so does a Chinese name with its acronym (`近端策略优化（PPO）`).
 */
function titleBracketName(heading: string): string | null {
  // `近端策略优化（PPO）`, `软演员-评论家（SAC）`: a Chinese name, then the acronym it goes by.
  const chinese = /^[\p{Script=Han}\s·-]{2,20}[（(]\s*([A-Z][A-Za-z0-9-]{1,11})\s*[)）]$/u.exec(heading);
  if (chinese?.[1] && nameShape(chinese[1]) >= 0.6) return chinese[1];
  const match = TITLE_THEN_BRACKET.exec(heading);
  if (!match?.[1] || !match[2]) return null;
  const title = match[1].trim();
  if (paperTitleShape(title) !== "title-case" || title.split(/\s+/).length < 3) return null;
  return nameShape(match[2]) >= 0.6 && !/^(?:19|20)\d{2}$/.test(match[2]) ? match[2] : null;
}

/** The model a heading is about, by the rules for headings; null when it is not about one. */
export function headingModel(context: HeadingContext, vocabulary: Vocabulary): HeadingModel | null {
  const cleaned = cleanHeading(context.heading)
    .replace(/[*_`]/g, "")
    .replace(PART_LABEL, "")
    .replace(DOC_KIND_LABEL, "")
    .trim();
  if (!cleaned || isStructuralHeading(cleaned)) return null;
  const line = context.line;
  const bracketed = titleBracketName(cleaned);
  if (bracketed) {
    const rule = "model/title-bracket-name";
    const model = resolveModel(bracketed, vocabulary, rule, confidenceOf(rule), line);
    if (model) return { model, extends: null, also: [] };
  }
  // `Day 5 · 3月8日 · DQN ✅`: of a heading's parts between dots or bars, the one that is a name
  // (the others a day, a date, a mark) is what the section is about.
  const parts = cleaned.split(/\s+[·•|]\s+/);
  if (parts.length > 1) {
    const named = parts.filter((part) => !DATE_OR_DAY.test(part.trim()) && leadingName(part));
    if (named.length === 1 && named[0]) return headingModel({ ...context, heading: named[0] }, vocabulary);
  }
  const name = leadingName(cleaned);
  // A long heading is a sentence, unless it is a paper's title after its model's name
  // (`MiniGPT-4: Enhancing Vision-Language Understanding with Advanced Large Language Models`).
  if (cleaned.length > 80 && !(name && titlePrefixName(cleaned) === name)) return null;
  // A paper's title with no name in it (`Visual Instruction Tuning`) whose section says what
  // the paper introduces (`提出 LLaVA`, `We propose LLaVA`): the section is that model's.
  // (A name the title spells itself, `Momentum Contrast for ...`, is the title's: see noteSubjects.)
  const titleShaped = paperTitleShape(cleaned) === "title-case" || SHORT_TITLE.test(cleaned);
  // (`DreamFusion: Text-to-3D using 2D Diffusion` names its model before the colon: not another.)
  const unbracketed = cleaned.replace(/\s*[(（][^)）]*[)）]\s*$/, "");
  const subtitle = unbracketed.replace(/^[^:：]*[:：]\s*/, "");
  const prefixed =
    name !== null && titlePrefixName(unbracketed) === name && paperTitleShape(subtitle) === "title-case";
  if (!context.opensNote && !prefixed && (!name || nameShape(name) === 0 || titleShaped)) {
    const introduced = titleShaped ? introducedNames(context.body)[0] : undefined;
    if (
      introduced &&
      !cleaned.toLowerCase().includes(introduced.name.toLowerCase()) &&
      !vocabulary.matcher.find(cleaned).some((hit) => hit.value.kind === "model")
    ) {
      const model = resolveModel(
        introduced.name,
        vocabulary,
        "model/introduced-name",
        confidenceOf("model/introduced-name"),
        line,
      );
      if (model) return { model, extends: null, also: [] };
    }
  }

  const whole = vocabulary.matcher.lookup(stripTitleSuffix(cleaned));
  if (whole && whole.kind !== "model") return null;
  if (whole) {
    return {
      model: {
        id: whole.id,
        name: whole.name,
        known: true,
        rule: "model/vocabulary-heading",
        confidence: 1,
        line,
      },
      extends: null,
      also: [],
    };
  }
  if (name) {
    const known = vocabulary.matcher.lookup(name) ?? vocabulary.matcher.lookup(compactVersion(name));
    if (known?.kind === "model") {
      return {
        model: {
          id: known.id,
          name: known.name,
          known: true,
          rule: "model/vocabulary-heading",
          confidence: 1,
          line,
        },
        extends: null,
        also: furtherNames(cleaned, name, vocabulary, line),
      };
    }
    if (known) return null;
  }
  // A vocabulary model at the start of a longer name: the section is the longer name's.
  const firstHit = vocabulary.matcher.find(cleaned)[0];
  const extendsHit =
    firstHit &&
    firstHit.start === 0 &&
    firstHit.value.kind === "model" &&
    name &&
    name.length > firstHit.text.length
      ? ({
          id: firstHit.value.id,
          name: firstHit.value.name,
          known: true,
          rule: "model/vocabulary-heading",
          confidence: 1,
          line,
        } as ModelRef)
      : null;
  if (!name) {
    // (A phrase like `Reading list` is not a name, whatever follows it.)
    if (context.opensWithReference && cleaned.length <= 40 && !extendsHit && nameShape(cleaned) > 0) {
      // The first thing under the heading is a paper: the heading names its model, whatever it looks like.
      const model = resolveModel(
        cleaned,
        vocabulary,
        "model/heading-with-reference",
        confidenceOf("model/heading-with-reference"),
        line,
      );
      return model ? { model, extends: null, also: [] } : null;
    }
    return null;
  }
  if (context.opensWithCitation) {
    const model = resolveModel(
      name,
      vocabulary,
      "model/heading-with-reference",
      confidenceOf("model/heading-with-reference"),
      line,
    );
    return model ? { model, extends: extendsHit, also: furtherNames(cleaned, name, vocabulary, line) } : null;
  }
  // `Specformer: Spectral Graph Neural Networks Meet Transformers`: a paper's title names its
  // model before the colon (titlePrefixName judged the name's shape, `Tree of Thoughts` too).
  if (prefixed) {
    const model = resolveModel(
      name,
      vocabulary,
      "model/title-prefix",
      confidenceOf("model/title-prefix"),
      line,
    );
    if (model) return { model, extends: extendsHit, also: [] };
  }
  const shape = nameShape(name);
  if (shape === 0) return null;
  let confidence = confidenceOf("model/heading-name") * shapeFactor(shape);
  // A plain word (Flamingo) is a name when the section keeps calling it by that name.
  if (shape < 0.6 && countName(context.body, name) >= 2) confidence += 0.2;
  const model = resolveModel(name, vocabulary, "model/heading-name", Math.min(confidence, 0.9), line);
  return model ? { model, extends: extendsHit, also: furtherNames(cleaned, name, vocabulary, line) } : null;
}

/** Whole-word, case-sensitive occurrences of a name in text. */
export function countName(text: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "[\\s-]*");
  return [...text.matchAll(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g"))].length;
}

/**
 * In a note written as an outline, a short list item (`1. Region Proposal Networks(RPN网络)`)
 * with items nested under it acts as a heading: a figure nested under one that names exactly
 * one of the note's models illustrates that model. A sentence is not a label, however it starts.
 */
export function outlineModel(outline: readonly string[], models: readonly ModelRef[]): ModelRef | null {
  for (const label of [...outline].reverse()) {
    if (label.length > 40 || /[。；;！？!?，,]|[.:：]\s/.test(label)) continue;
    const named = models.filter((model) => countName(label, model.name) > 0);
    if (named.length === 1) return named[0] ?? null;
    if (named.length > 1) return null;
  }
  return null;
}

export interface SubjectInput {
  path: string;
  /** The note's title (front matter, else first heading), and whether the front matter gave it. */
  title: string | null;
  titleLine: number;
  /** The first heading, when it is a title (not `# Introduction`), whatever the front matter says. */
  firstHeading?: { text: string; line: number } | null;
  /** Titles of the paper a metadata list says the note is about (`**论文标题：** Self-RAG: ...`). */
  paperTitles?: readonly { title: string; line: number }[];
  /** Known models whose paper the note describes (or alone cites): see modelsOfPapers. */
  paperModels?: readonly { name: string; line: number; confidence: number }[];
  frontMatter: Record<string, unknown>;
  keyLines: Record<string, number>;
  /** The note's prose, block by block. */
  blocks: readonly { text: string; line: number; listItem: boolean }[];
  definitions: readonly (Definition & { line: number; sentence: string; inAbstract?: boolean })[];
  /** How many distinct models the note's headings are about. */
  sectionModels: number;
  /** An outline's top-level items with items of their own (parse-note.ts `outlineHeads`). */
  outlineHeads?: readonly { text: string; line: number }[];
}

const MODEL_KEYS = ["model", "models", "method", "methods", "architecture"];
/** (`网络：U-Net`, `network:`, `architecture:` name a part the note's model is built of, not the model.) */
const METADATA_LABEL =
  /^\s*(?:[*_]{0,2})(网络名称|模型名称|模型名|方法名称|算法名称|模型|model(?: name)?|method(?: name)?|name)(?:[*_]{0,2})\s*[:：]\s*(?:[*_]{0,2})(.+?)(?:[*_]{0,2})\s*$/i;
/** `Model: **TabNet** (...)`, `模型：DIN` after a sentence's end in a paragraph. */
const INLINE_MODEL_LABEL =
  /(?:^|[.。;；]\s+)[*_]{0,2}(?:model|模型)[*_]{0,2}\s*[:：]\s*[*_]{0,2}([^\n.。;；]+)/gim;
const INTRODUCTION_CUE =
  /\b(?:we|this paper|this work|the authors?|they)\s+(?:\w+\s+){0,2}(?:present|propose|introduce|call|term|dub|name|develop|design|build|describe)s?\b|\b(?:called|named|dubbed|termed|coined|known as)\b|提出|称为|称之为|名为|叫做|命名为/i;
const NOT_A_MODEL_HEAD =
  /\b(?:learning|loss|losses|error|rate|score|metric|accuracy|dataset|data|benchmark|task|function|distance|divergence|ratio|precision|recall|space|pairs?|samples?|tokens?|units?|conference|workshop|university|institute|laboratory|lab|team|company|corporation|association|society|committee|language|interface|protocol|format|license|language processing|vision|intelligence|estimation|inference|gradient|descent|regression|classification|segmentation|detection|recognition|generation|retrieval|answering|captioning|translation|norm|normalization|unit|layer|(?<!-)training|distillation)\s*$/i;

/**
 * The models the note as a whole is about: what its file name, title, front matter and
 * definitions say, strongest first. Two names for one model add their evidence up.
 */
export function noteSubjects(input: SubjectInput, vocabulary: Vocabulary): ModelRef[] {
  const isKnownModel = (name: string) => vocabulary.matcher.lookup(name)?.kind === "model";
  const evidence = new Map<string, { model: ModelRef; confidences: Map<string, number> }>();
  const add = (name: string, rule: RuleId, confidence: number, line: number) => {
    if (confidence <= 0) return;
    const model = resolveModel(name, vocabulary, rule, confidence, line);
    if (!model) return;
    const seen = evidence.get(model.id);
    if (!seen) {
      evidence.set(model.id, { model, confidences: new Map([[rule, confidence]]) });
      return;
    }
    if (confidence > (seen.confidences.get(rule) ?? 0)) seen.confidences.set(rule, confidence);
    if (confidence > seen.model.confidence) seen.model = { ...seen.model, rule, confidence, line };
  };
  const text = input.blocks.map((b) => b.text).join("\n");

  const nameFrom = (raw: string, rule: RuleId, line: number): void => {
    // `Replication: LightGCN on Gowalla`: the document's kind, then what it is about.
    const unlabelled = raw.replace(DOC_KIND_LABEL, "");
    if (unlabelled !== raw) {
      nameFrom(unlabelled, rule, line);
      return;
    }
    // `Direct Preference Optimization (DPO)`: the title spells out the name it abbreviates.
    const spelled = /^(.+?)\s*[(（]\s*([A-Za-z][\w-]{1,15})\s*[)）]\s*$/.exec(raw.trim());
    if (spelled?.[1] && spelled[2] && isAcronymOfTitle(spelled[2], spelled[1])) {
      add(spelled[2], rule, confidenceOf(rule), line);
      return;
    }
    const prefixed = titlePrefixName(raw);
    if (prefixed) {
      add(prefixed, "model/title-prefix", confidenceOf("model/title-prefix"), line);
      return;
    }
    const colonless = colonlessTitlePrefix(raw, isKnownModel);
    if (colonless) {
      add(colonless, "model/colonless-title-prefix", confidenceOf("model/colonless-title-prefix"), line);
      return;
    }
    // `…第 7 讲：ChatGPT 是怎么炼成的 —— InstructGPT`, `Lab notebook — reproducing DistilBERT (week 3)`:
    // the one part of a headline that is a name alone (after a guide word at most) is its subject.
    const rawParts = raw.split(/\s*(?:——|—|–|:|：|\s-\s|\|)\s*/);
    const guided = rawParts.map((part) => ENGLISH_GUIDE.test(part.trim()));
    const parts = rawParts.map((part) =>
      part
        .replace(/\s*[(（][^)）]*[)）]\s*$/, "")
        .replace(ENGLISH_GUIDE, "")
        .trim(),
    );
    const alone = parts.filter(
      (part, i) =>
        part.split(/\s+/).length <= 3 &&
        !/[,，、&/]|\s(?:and|vs\.?)\s/.test(part) &&
        (vocabulary.matcher.lookup(part)?.kind === "model" ||
          (nameShape(part) >= 0.6 && !isStructuralHeading(part)) ||
          // `…: reading Consistency Models`: capitalised words after a guide word, which the note keeps
          // writing, are the name of what it reads.
          (guided[i] === true &&
            /^[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}$/.test(part) &&
            !isStructuralHeading(part) &&
            countName(text, part) >= 3)),
    );
    if (parts.length > 1 && alone.length === 1 && alone[0]) {
      add(alone[0], rule, confidenceOf(rule), line);
      return;
    }
    // `LightGCN on Gowalla / Yelp2018`: a name-shaped word run on some data (a reproduction's title).
    const onData = /^([A-Za-z][\w.+-]*)\s+on\s+\S/.exec(raw)?.[1];
    if (onData && nameShape(onData) >= 0.6 && !isStructuralHeading(onData)) {
      add(onData, rule, confidenceOf(rule) * shapeFactor(nameShape(onData)), line);
      return;
    }
    // `Conformer-AISHELL1-复现报告`: a name joined by a hyphen to what it was run on; the note
    // never writes the two together, and keeps writing the name alone.
    const joined = /^([A-Za-z][\w.+]*)[-_]([A-Za-z][\w.+-]*)/.exec(raw);
    // A slug in lower case (`dreamerv3-thread`) names what the note spells `DreamerV3`.
    const head = joined?.[1] ? spelledAsInNote(joined[1], text) : "";
    if (
      rule === "model/file-name" &&
      head &&
      joined?.[2] &&
      !isVersionSuffix(joined[2]) &&
      // (`ssm-and-linear-recurrent-models`: a topic's words, not a name and what it ran on.)
      !/^(?:and|or|vs|versus|with|for|in|on|of|the|a|to)(?:[-_]|$)/i.test(joined[2]) &&
      countName(text, `${head}-${joined[2]}`) === 0 &&
      countName(text, head) >= 3 &&
      (vocabulary.matcher.lookup(head)?.kind === "model" || nameShape(head) >= 0.3)
    ) {
      add(head, rule, confidenceOf(rule) * shapeFactor(Math.max(0.6, nameShape(head))), line);
      return;
    }
    const name = leadingName(raw);
    if (!name || name.split(/\s+/).length > 3) return;
    const known = vocabulary.matcher.lookup(name);
    const shape = known?.kind === "model" ? 1 : nameShape(name);
    let confidence = confidenceOf(rule) * shapeFactor(shape);
    if (shape < 0.6 && countName(text, name) >= 2) confidence += 0.15;
    add(name, rule, Math.min(confidence, 0.9), line);
  };

  // The file name, or a page bundle's folder name (`post/CLIP/index.md`).
  const stem = basename(input.path, extname(input.path));
  const folderIndex = isFolderIndex(input.path);
  // A page bundle's `index.md` is named by its folder; a README or Hugo's `_index.md` is the
  // folder's own index, about its topic, not one model.
  const fileName =
    folderIndex || isCitationKey(stem)
      ? ""
      : fileNameProper(/^index$/i.test(stem) ? basename(dirname(input.path)) : stem);
  if (fileName && fileName !== ".") nameFrom(spelledAsInNote(fileName, text), "model/file-name", 1);
  // (A title that is only the file's name, `paper.cv.yolov4`, was read as the file name.)
  if (input.title && input.title !== fileName && input.title !== stem && !folderIndex)
    nameFrom(input.title, "model/title", input.titleLine);
  // A front-matter title and a first heading that says something else (`# DPO: Your Language
  // Model is Secretly a Reward Model`): both title the note.
  const heading = input.firstHeading;
  if (heading && heading.text !== input.title && !folderIndex)
    nameFrom(heading.text, "model/title", heading.line);
  // `# patchtst-lite` opening a repository's README: the repository's name, read as a file name is.
  if (heading && folderIndex && /^[a-z][a-z0-9._-]*$/.test(heading.text.trim()))
    nameFrom(heading.text.trim(), "model/file-name", heading.line);

  for (const key of Object.keys(input.frontMatter)) {
    const value = input.frontMatter[key];
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    const line = input.keyLines[key] ?? 1;
    if (MODEL_KEYS.includes(key.toLowerCase())) {
      for (const item of values) add(item, "model/front-matter", confidenceOf("model/front-matter"), line);
    } else if (/^model[-_]index$/i.test(key) && Array.isArray(value)) {
      // A Hugging Face model card names its model in `model-index: - name: ...`.
      for (const entry of value) {
        const name = entry && typeof entry === "object" ? (entry as { name?: unknown }).name : null;
        if (typeof name === "string")
          add(name, "model/front-matter", confidenceOf("model/front-matter"), line);
      }
    } else if (/^alias(?:es)?$/i.test(key)) {
      // Obsidian aliases of a paper note are often the model's short name.
      for (const item of values) if (nameShape(item) >= 0.6) add(item, "model/front-matter", 0.7, line);
    }
  }
  // A mind map's branches: two or more top-level items that are names, each holding its own
  // items (`- GCN` over `  - 论文`, `  - 核心公式`, ...), are the models the outline is about.
  const heads = (input.outlineHeads ?? []).filter(
    (head) => isKnownModel(head.text) || nameShape(head.text) >= 0.6,
  );
  if (heads.length >= 2) {
    for (const head of heads)
      add(head.text, "model/outline-item", confidenceOf("model/outline-item"), head.line);
  }
  // `... not releases. Model: **TabNet** (Arik & Pfister, ...)`: a label inside the opening
  // paragraph names the model as a metadata line would.
  for (const block of input.blocks) {
    if (block.listItem || block.line > OPENING_LINES) continue;
    for (const match of block.text.matchAll(INLINE_MODEL_LABEL)) {
      const value = metadataName(match[1] ?? "", isKnownModel);
      const line = block.line + (block.text.slice(0, match.index).match(/\n/g)?.length ?? 0);
      if (value) add(value, "model/front-matter", confidenceOf("model/front-matter"), line);
    }
  }
  for (const block of input.blocks) {
    if (!block.listItem) continue;
    const match = METADATA_LABEL.exec(block.text.split("\n")[0] ?? "");
    const value = match?.[2] ? metadataName(match[2], isKnownModel) : null;
    if (value) add(value, "model/front-matter", confidenceOf("model/front-matter"), block.line);
  }

  const titleWords = input.title ? titleForAcronyms(input.title) : "";
  const fileWords = titleForAcronyms(fileName);
  const opening = input.blocks
    .filter((block) => block.line <= OPENING_LINES)
    .map((block) => block.text)
    .join("\n")
    .toLowerCase();
  for (const definition of input.definitions) {
    const shape = nameShape(definition.short);
    const known = vocabulary.matcher.lookup(definition.short);
    if ((shape < 0.6 && known?.kind !== "model") || (known && known.kind !== "model")) continue;
    const longKnown = vocabulary.matcher.lookup(definition.long);
    if (longKnown && longKnown.kind !== "model") continue;
    if (NOT_A_MODEL_HEAD.test(definition.long)) continue;
    const inTitle = [titleWords, fileWords].some(
      (words) =>
        words &&
        (countName(words, definition.short) > 0 ||
          words.toLowerCase().includes(definition.long.toLowerCase())),
    );
    const introduced = INTRODUCTION_CUE.test(definition.sentence);
    const repeated = countName(text, definition.short) >= 3;
    // `Vision Transformer (ViT)` in a note titled `... Transformers for Image Recognition`: the
    // title speaks of what the definition names.
    const sharesTitle = repeated && sharesContentWord(definition.long, `${titleWords} ${fileWords}`);
    const inAbstract = definition.inAbstract === true && repeated;
    // `**Paper:** ... *High-Resolution Image Synthesis with Latent Diffusion Models*` at the top of
    // a note that keeps saying LDM: the paper the note opens with is named for what it defines.
    const long = definition.long.toLowerCase().replace(/s$/, "");
    const inOpening = repeated && long.split(/\s+/).length >= 2 && opening.includes(long);
    // A definition alone (`generalised IoU (GIoU)`) is not what a note is about; an introduction is.
    const confidence =
      introduced || inTitle || sharesTitle || inAbstract || inOpening
        ? confidenceOf("model/definition")
        : repeated
          ? 0.45
          : 0;
    add(definition.short, "model/definition", confidence, definition.line);
  }

  // `Fine-tuning ViT-B/16 on CIFAR-10`, `Notes on ResNet`: a short title (or a short part of one:
  // `Shifted Windows, Explained: Notes on the Swin Transformer`) naming one known model, and no
  // other, is about it (weakly: `How Much Can CLIP Benefit Vision-and-Language Tasks` studies
  // CLIP, so a longer title, a paper's, does not count; nor does a folder's README).
  if (input.title && !folderIndex) {
    const named = new Map<string, string>();
    for (const part of input.title.split(/\s*(?::|：|\s[-–—]\s)\s*/)) {
      if (part.split(/\s+/).length > 6) continue;
      for (const hit of vocabulary.matcher.find(part)) {
        // `YOLO系列梳理`, `the YOLO family`: a family, not the model.
        if (FAMILY_AFTER.test(part.slice(hit.end))) continue;
        if (hit.value.kind === "model") named.set(hit.value.id, hit.text);
      }
    }
    const [only] = named.values();
    if (named.size === 1 && only)
      add(only, "model/title-mention", confidenceOf("model/title-mention"), input.titleLine);
  }

  // The paper's title, given in a metadata list, names its model before the colon.
  const [paperTitle, ...otherTitles] = input.paperTitles ?? [];
  const titlePrefix = paperTitle && otherTitles.length === 0 ? titlePrefixName(paperTitle.title) : null;
  if (paperTitle && titlePrefix)
    add(titlePrefix, "model/title-prefix", confidenceOf("model/title-prefix"), paperTitle.line);

  for (const known of input.paperModels ?? [])
    add(known.name, "model/paper-id", known.confidence, known.line);

  // `They propose SimCLR, a simple framework ...`: the name the paper is said to introduce.
  for (const block of input.blocks) {
    for (const { name, offset } of introducedNames(block.text)) {
      const line = block.line + (block.text.slice(0, offset).match(/\n/g)?.length ?? 0);
      const known = vocabulary.matcher.lookup(name);
      if (known ? known.kind === "model" : nameShape(name) >= 0.6)
        add(name, "model/introduced-name", confidenceOf("model/introduced-name"), line);
    }
  }

  // A title that is itself a model's long name: `Denoising Diffusion Probabilistic Models`,
  // `Generative Adversarial Nets`; named by its initials when the note uses them.
  const named = input.title ? modelNamedByTitle(input.title, text) : null;
  if (named) add(named, "model/title-names-model", confidenceOf("model/title-names-model"), input.titleLine);

  // A name the note keeps using that abbreviates its title: DDPM, SimCLR, MoCo.
  for (const words of new Set([titleWords, fileWords])) {
    if (!words || words.split(/\s+/).length < 2) continue;
    for (const [token, line] of repeatedNames(input.blocks)) {
      // A name the title itself contains (`ImageNet` in `ImageNet Classification with ...`) abbreviates nothing.
      if (countName(words, token) === 0 && isAcronymOfTitle(token, words))
        add(token, "model/title-acronym", confidenceOf("model/title-acronym"), line);
    }
  }

  // A note whose declared paper is a known model's (`model/paper-id` at full confidence) is not
  // about another known model with a paper of its own, when only prose points at that one
  // (`Vision Transformer (ViT)` in DINO's abstract, `... in Self-Supervised Vision Transformers`).
  const declared = (input.paperModels ?? []).some(
    (known) => known.confidence >= confidenceOf("model/paper-id"),
  );
  const isPaperModel = (id: string) =>
    (input.paperModels ?? []).some(
      (known) => resolveModel(known.name, vocabulary, "model/paper-id", 1, 0)?.id === id,
    );
  const ranked = [...evidence.values()]
    .filter(
      ({ model, confidences }) =>
        !declared ||
        isPaperModel(model.id) ||
        !vocabulary.byId.get(model.id)?.arxiv ||
        [...confidences.keys()].some((rule) => EXPLICIT_SUBJECT_RULES.has(rule)),
    )
    .map(({ model, confidences }) => ({ ...model, confidence: combine([...confidences.values()]) }))
    .filter((model) => model.confidence >= MODEL_THRESHOLD)
    .sort((a, b) => b.confidence - a.confidence || a.line - b.line || a.id.localeCompare(b.id));
  // A note with sections about several models (a survey) is about one model only on strong evidence.
  const floor = input.sectionModels >= 2 ? 0.8 : MODEL_THRESHOLD;
  const top = ranked.find((model) => model.confidence >= floor);
  if (!top) return [];
  // One subject, unless another is as strongly attested and is not just a version of it; an
  // outline's branches are each one, as a survey's sections are.
  const branches = new Set(
    [...evidence.values()]
      .filter(({ confidences }) => confidences.has("model/outline-item"))
      .map(({ model }) => model.id),
  );
  return ranked.filter(
    (model) =>
      model === top || branches.has(model.id) || (model.confidence >= 0.8 && !sameFamily(model, top)),
  );
}

/** Rules that name the note's own subject outright: its file name, title prefix, front matter. */
const EXPLICIT_SUBJECT_RULES = new Set<string>([
  "model/file-name",
  "model/title-prefix",
  "model/colonless-title-prefix",
  "model/front-matter",
  "model/vocabulary-heading",
]);

function sameFamily(a: ModelRef, b: ModelRef): boolean {
  const base = (name: string) => (splitVersion(name)?.base ?? name).toLowerCase().replace(/[\s_-]/g, "");
  return base(a.name) === base(b.name);
}

/** Name-shaped tokens the note uses at least twice, with the line of their first use. */
function repeatedNames(blocks: SubjectInput["blocks"]): Map<string, number> {
  const counts = new Map<string, { count: number; line: number }>();
  for (const block of blocks) {
    for (const match of block.text.matchAll(
      /(?<![A-Za-z0-9-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9-])/g,
    )) {
      const token = match[0];
      if (token.length < 3 || nameShape(token) < 0.6) continue;
      const seen = counts.get(token);
      if (seen) seen.count++;
      else
        counts.set(token, {
          count: 1,
          line: block.line + (block.text.slice(0, match.index).match(/\n/g)?.length ?? 0),
        });
    }
  }
  return new Map([...counts].filter(([, v]) => v.count >= 2).map(([k, v]) => [k, v.line]));
}

const STOP_WORDS = new Set([
  "of",
  "for",
  "the",
  "a",
  "an",
  "with",
  "and",
  "to",
  "in",
  "on",
  "via",
  "by",
  "from",
  "at",
  "as",
  "is",
  "are",
  "&",
]);

/**
 * `DDPM` abbreviates "Denoising Diffusion Probabilistic Models": an all-capitals token's
 * letters are the initials of the title's words in order (small words may be skipped); a
 * mixed-case token (`SimCLR`, `MoCo`) may take several letters from one word, as in
 * Schwartz-Hearst. The first letter must start the title's first content word or a later one.
 */
export function isAcronymOfTitle(token: string, title: string): boolean {
  const letters = token.replace(/[^A-Za-z0-9]/g, "");
  if (letters.length < 3) return false;
  const words = title.split(/[\s\-–—:：,]+/).filter(Boolean);
  if (words.length < 2) return false;
  if (/^[A-Z0-9]+$/.test(letters)) {
    // Initials, in order, of consecutive content words.
    const content = words.filter((w) => !STOP_WORDS.has(w.toLowerCase()));
    const initials = content.map((w) => w[0]?.toUpperCase() ?? "").join("");
    return initials.includes(letters.toUpperCase());
  }
  // Camel case: each capitalised part starts a title word, in order, and the rest of the part
  // is spelled inside that word (`SimCLR`: Simple, Contrastive, Learning, Representations).
  const parts = letters.match(/[A-Z][a-z]*|[a-z]+|\d+/g) ?? [];
  let at = 0;
  for (const part of parts) {
    const lower = part.toLowerCase();
    let found = false;
    for (; at < words.length; at++) {
      const word = (words[at] ?? "").toLowerCase();
      if (word.startsWith(lower[0] ?? "") && isSubsequence(lower.slice(1), word.slice(1))) {
        found = true;
        at++;
        break;
      }
    }
    if (!found) return false;
  }
  return parts.length >= 2;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (const char of haystack) if (char === needle[i]) i++;
  return i === needle.length;
}

/**
 * A model named as a version of another (`MoCo v2` of `MoCo`), or whose name extends a
 * known model's (`BLIP-Diffusion`, `Deformable DETR`): the link between the two.
 */
export function lineageOfName(
  model: ModelRef,
  extendsModel: ModelRef | null,
  vocabulary: Vocabulary,
): ModelLink | null {
  const version = splitVersion(model.name);
  if (version && !isVersionSuffix(model.name)) {
    const base = resolveModel(
      version.base,
      vocabulary,
      "lineage/version",
      confidenceOf("lineage/version"),
      model.line,
    );
    if (base && base.id !== model.id && nameShape(version.base) > 0) {
      return {
        type: "VARIANT_OF",
        from: model,
        to: base,
        line: model.line,
        rule: "lineage/version",
        confidence: confidenceOf("lineage/version"),
      };
    }
  }
  if (extendsModel && extendsModel.id !== model.id) {
    return {
      type: "BUILDS_ON",
      from: model,
      to: extendsModel,
      line: model.line,
      rule: "lineage/name-extends",
      confidence: confidenceOf("lineage/name-extends"),
    };
  }
  // `Deformable DETR`: a known model at the end of the name; `AudioCLIP`, `CLIP4Clip`,
  // `RoBERTa`: one spelled inside it, set apart by a change of case or a digit.
  const last = model.name.split(/\s+/).pop();
  if (last) {
    const known =
      last !== model.name ? vocabulary.matcher.lookup(last) : modelSpelledInside(last, vocabulary);
    if (known?.kind === "model" && known.id !== model.id) {
      const to: ModelRef = {
        id: known.id,
        name: known.name,
        known: true,
        rule: "lineage/name-extends",
        confidence: 1,
        line: model.line,
      };
      return {
        type: "BUILDS_ON",
        from: model,
        to,
        line: model.line,
        rule: "lineage/name-extends",
        confidence: confidenceOf("lineage/name-extends"),
      };
    }
  }
  return null;
}

/** Letter case or digit: where two parts of a camel-case name meet, the class changes. */
const charClass = (char: string | undefined): string =>
  char === undefined ? "" : /\d/.test(char) ? "d" : char === char.toUpperCase() ? "U" : "l";

/** A known model whose name (three letters or more, as the vocabulary spells it) stands inside `token` as one of its parts. */
function modelSpelledInside(token: string, vocabulary: Vocabulary): VocabularyEntry | undefined {
  for (const entry of vocabulary.entries) {
    if (entry.kind !== "model") continue;
    for (const name of [entry.name, ...entry.aliases]) {
      if (name.length < 3 || name.length >= token.length || /\s/.test(name)) continue;
      const at = token.indexOf(name);
      if (at === -1) continue;
      const end = at + name.length;
      const apartBefore = at === 0 || charClass(token[at - 1]) !== charClass(token[at]);
      const apartAfter = end === token.length || charClass(token[end]) !== charClass(token[end - 1]);
      if (apartBefore && apartAfter) return entry;
    }
  }
  return undefined;
}

/**
 * A file name written in lower case (`alexnet.md`, `vilt.md`, as summary repositories name
 * them) spelled the way the note spells it (`AlexNet`, `ViLT`), when the note does.
 */
function spelledAsInNote(fileName: string, text: string): string {
  if (fileName !== fileName.toLowerCase() || !/^[a-z][a-z0-9-]*$/.test(fileName)) return fileName;
  const escaped = fileName.replace(/[-]/g, "[-\\s]?");
  const spellings = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "gi"))) {
    if (match[0] !== fileName) spellings.set(match[0], (spellings.get(match[0]) ?? 0) + 1);
  }
  const best = [...spellings].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= 2 && nameShape(best[0]) >= 0.6 ? best[0] : fileName;
}

/**
 * The model name in a metadata value: `AlexNet 5卷积层 + 3全连接层` -> AlexNet; `CLIP（Contrastive
 * Language-Image Pre-training）` -> CLIP; `Non-deep Networks (ParNet)` -> ParNet (the part in
 * brackets when what precedes it is not a name).
 */
export function metadataName(
  value: string,
  isKnownModel: (name: string) => boolean = () => false,
): string | null {
  const first = value.split(/[,，;；/、]/)[0]?.trim() ?? "";
  const bracketed = /[(（]\s*([^)）]+?)\s*[)）]/.exec(first)?.[1]?.trim() ?? null;
  const outside = first.replace(/\s*[(（][^)）]*[)）]?/g, " ").trim();
  const lead =
    /^([A-Za-z][A-Za-z0-9]*(?:[-.+·][A-Za-z0-9]+)*(?:\s+(?:[A-Z][A-Za-z0-9-]*|v?\d+(?:\.\d+)?)(?![\p{L}\d]))?)/u.exec(
      outside,
    )?.[1];
  for (const candidate of [lead, bracketed]) {
    // A name the vocabulary knows as a model is one, though its letters spell a metric too (`MAE`).
    if (
      candidate &&
      (nameShape(candidate) >= 0.3 || isKnownModel(candidate)) &&
      candidate.split(/\s+/).length <= 3
    )
      return candidate;
  }
  return null;
}

const MODEL_HEAD =
  /^(?:models?|networks?|nets?|transformers?|machines?|autoencoders?|encoders?|decoders?|detectors?|policy|policies|learners?|classifiers?|generators?)$/i;

/** `Denoising Diffusion Probabilistic Models` -> `DDPM` (when the note writes it) or the title itself. */
function modelNamedByTitle(title: string, text: string): string | null {
  const words = cleanHeading(title).split(/\s+/).filter(Boolean);
  // Three words at least (`Foundation Models` is a topic), and not a paper's sentence
  // (`Learning Vision-based ... Policies`, `Towards ...`).
  if (words.length < 3 || words.length > 5) return null;
  if (
    /^(?:learning|towards?|on|improving|scaling|training|exploring|rethinking|understanding|revisiting|making|using|beyond|when|how|why|what)$/i.test(
      words[0] ?? "",
    )
  )
    return null;
  if (!MODEL_HEAD.test(words.at(-1) ?? "")) return null;
  if (!words.every((word) => /^[A-Z0-9]/.test(word) || STOP_WORDS.has(word.toLowerCase()))) return null;
  // `SSD Single Shot MultiBox Detector`: a file name that lost the colon after the acronym.
  const [first = "", ...rest] = words;
  if (
    /^[A-Z][A-Z0-9-]+$/.test(first) &&
    first[0] === rest[0]?.[0]?.toUpperCase() &&
    abbreviates(first, rest.join(" "))
  )
    return first;
  const initials = words
    .filter((word) => !STOP_WORDS.has(word.toLowerCase()))
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
  for (const form of [initials, `${initials}s`])
    if (initials.length >= 2 && countName(text, form) > 0) return initials;
  return words.join(" ");
}

/** The two texts share a content word (by its first five letters: Transformer ~ Transformers). */
function sharesContentWord(a: string, b: string): boolean {
  const stems = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((word) => word.length > 3 && !STOP_WORDS.has(word))
        .map((word) => word.slice(0, 5)),
    );
  const left = stems(a);
  return [...stems(b)].some((stem) => left.has(stem));
}

/**
 * A file name without what orders or dates it: `01-CLIP` -> CLIP, `2021-03-15 ViLT` -> ViLT,
 * `[2021] BLIP-2` -> BLIP-2, `CLIP (2021)` -> CLIP, `clip_notes` -> `clip notes`.
 */
const MODELS_BY_ARXIV = new WeakMap<Vocabulary, Map<string, VocabularyEntry>>();

/**
 * The vocabulary's models by the arXiv id of the paper that introduced them: a note about
 * arXiv 2103.00020 (its front matter, file name or lead link says so) is about CLIP, with
 * confidence 0.85; a note that describes no paper but cites only that one, and names CLIP,
 * is about it with 0.6 (a card: `LoRA: ... 出处：arXiv:2106.09685v2`).
 */
export function modelsOfPapers(
  described: readonly { arxivId: string | null; line: number; rule: string; title?: string | null }[],
  cited: readonly { arxivId: string | null; line: number }[],
  text: string,
  vocabulary: Vocabulary,
  titleHeading: string | null = null,
): { name: string; line: number; confidence: number }[] {
  let byArxiv = MODELS_BY_ARXIV.get(vocabulary);
  if (!byArxiv) {
    byArxiv = new Map();
    for (const entry of vocabulary.entries)
      if (entry.kind === "model" && entry.arxiv) byArxiv.set(entry.arxiv, entry);
    MODELS_BY_ARXIV.set(vocabulary, byArxiv);
  }
  const ids = (papers: readonly { arxivId: string | null }[]) => [
    ...new Set(papers.flatMap((paper) => (paper.arxivId ? [paper.arxivId] : []))),
  ];
  // The front matter or the file name says which paper the note is about, or a lead link under
  // the paper's title and authors (`# Emerging Properties ...`, `**Authors**: ...`, `[Paper](arxiv)`).
  const declared = described.filter(
    (paper) =>
      paper.rule !== "paper/lead-link" || (paper.title && titleHeading && paper.title === titleHeading),
  );
  const declaredIds = ids(declared);
  if (declaredIds.length === 1) {
    const entry = byArxiv.get(declaredIds[0] ?? "");
    const line = declared.find((paper) => paper.arxivId)?.line ?? 1;
    return entry ? [{ name: entry.name, line, confidence: confidenceOf("model/paper-id") }] : [];
  }
  if (declared.length > 0) return [];
  // Else the one paper it links or cites, when it also names the model beyond the citation
  // (`**LoRA**：...` above `出处：LoRA: Low-Rank ...`): a reading list with one reference is not
  // about its paper's model.
  const citedIds = ids([...described, ...cited]);
  const entry = citedIds.length === 1 ? byArxiv.get(citedIds[0] ?? "") : undefined;
  if (!entry || ![entry.name, ...entry.aliases].some((name) => countName(text, name) >= 2)) return [];
  return [{ name: entry.name, line: cited.find((paper) => paper.arxivId)?.line ?? 1, confidence: 0.6 }];
}

/**
 * `vaswaniAttentionAllYou2017`, `he2016deep`, `Vaswani2017`, `vaswani_attention_2017`: a
 * reference manager's citation key names the file (Zotero and Better BibTeX literature
 * notes), not a model. A model's name does not carry its year.
 */
export function isCitationKey(stem: string): boolean {
  return /^@?[A-Z]?[a-z]{2,}(?:[-_]?[A-Za-z][a-z]*)*[-_]?(?:19[5-9]\d|20[0-4]\d)[a-z]?(?:[-_]?[A-Za-z][a-z]*)*$/.test(
    stem,
  );
}

/** A model's name as it follows an introduction: `SimCLR`, `MoCo v2`, `Faster R-CNN`, `the Transformer`. */
const INTRODUCED_NAME =
  "(?:the\\s+)?([A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?:\\s+(?:v?\\d+(?:\\.\\d+)*|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)){0,2})";
/** `a new simple network architecture, the ...`, `a method called ...`: what the name is, before it. */
const DESCRIBED_AS =
  "(?:(?:a|an|the)\\s+((?:[A-Za-z-]+\\s+){0,6}?[A-Za-z-]+)(?:\\s+(?:called|named|dubbed|termed)\\s+|,\\s*(?:called\\s+|which we call\\s+)?))?";
/** What is introduced is not a model: `a new dataset, COCO`, `a loss called ...`. */
const NOT_A_MODEL_DESCRIPTION =
  /\b(?:dataset|data set|corpus|benchmark|metric|measure|loss|objective|task|library|toolkit|framework for evaluation|evaluation|challenge|competition|suite)s?\b/i;
const AFTER_NAME =
  "(?=\\s*(?:[,.;:()（，。；：]|$)|\\s+(?:which|that|to|for|as|and|with|by|in|on|is|a|an)\\b)";
const INTRODUCTIONS = [
  // `We propose SimCLR, ...`, `the authors present a new method called DINO`, `we introduce a simple architecture, the Transformer`.
  new RegExp(
    `\\b(?:[Ww]e|[Tt]hey|[Tt]he authors?|[Tt]his (?:paper|work|article)|[Tt]he paper)\\s+(?:also\\s+|first\\s+|here\\s+)?(?:propose|present|introduce)[sd]?\\s+${DESCRIBED_AS}${INTRODUCED_NAME}${AFTER_NAME}`,
    "g",
  ),
  // `We implement our findings into a simple method, called DINO`, `a policy, which we call VIP`: the name given.
  new RegExp(
    `\\b(?:[Ww]e|[Tt]hey|[Tt]he authors?)\\s+(?:\\w+\\s+){0,2}(?:implement|propose|present|introduce|develop|design|build|create)[sd]?\\b([^.;:!?。；]{0,100}?)(?:,\\s*|\\s)(?:called|named|dubbed|termed)\\s+${INTRODUCED_NAME}${AFTER_NAME}`,
    "g",
  ),
  new RegExp(
    `((?:[A-Za-z-]+,?\\s+){0,4})which we (?:call|name|dub|term)\\s+${INTRODUCED_NAME}${AFTER_NAME}`,
    "g",
  ),
  // A telegraphic summary: `Proposes the Transformer, a sequence model ...` opening a line or a field.
  new RegExp(
    `(?:^|\\n|::?\\s*)(?:Proposes|Introduces|Presents)\\s+${DESCRIBED_AS}${INTRODUCED_NAME}${AFTER_NAME}`,
    "g",
  ),
  // A summary that opens with what the paper does: `摘要：提出 LLaVA，...`, `提出第一个实时端到端检测器 RT-DETR：...`
  // (a description in between, but no comparison or condition: `提出的方法比 BERT 好` names no new model).
  new RegExp(
    `(?:^|\\n|[：:。；]\\s*)(?:提出|介绍|设计)了?(?:一种|一个|一套)?((?:(?![比和与对在把将用是的])[\\p{Script=Han}]){0,16}?)\\s*${INTRODUCED_NAME}(?![A-Za-z0-9])`,
    "gu",
  ),
  // `本文提出了 MAE`, `作者提出了一种名为 SimCLR 的框架`.
  new RegExp(
    `(?:本文|论文|作者|文章|我们|该论文|这篇(?:论文|文章)|他们)(?:首次|主要)?(?:提出|介绍|设计)了?(?:一种|一个|一套)?(?:新的|全新的)?(?:[\\p{Script=Han}]{0,8}?(?:名为|叫做|称为|叫))?\\s*${INTRODUCED_NAME}(?![A-Za-z0-9])`,
    "gu",
  ),
];

/** The names a text says the paper introduces, with their offsets. */
export function introducedNames(text: string): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  for (const pattern of INTRODUCTIONS) {
    for (const match of text.matchAll(pattern)) {
      const name = match[2] ?? match[1];
      const description = match[2] ? match[1] : undefined;
      if (description && NOT_A_MODEL_DESCRIPTION.test(description)) continue;
      if (name) found.push({ name, offset: (match.index ?? 0) + match[0].lastIndexOf(name) });
    }
  }
  return found;
}

export function fileNameProper(stem: string): string {
  if (normalizeArxivId(stem)) return stem;
  // A week or a date range (`2024-W10-W11`, `2023-06-02`): a log, named by when, not by what.
  if (/^\d{4}(?:-W\d{2}(?:-W?\d{2})?|(?:[-_.]\d{1,2}){1,2}(?:[-_~]\d{1,2}){0,2})$/i.test(stem)) return "";
  // A chapter's, lecture's or week's number (`ch04-02`, `lec03`, `week09`): where it stands in a series.
  if (
    /^(?:ch|chap|chapter|lec|lecture|week|wk|day|part|sec|section|unit|hw|lab)[\s_-]?\d{1,3}(?:[-_.]\d{1,3})*$/i.test(
      stem,
    )
  )
    return "";
  // Dendron's dotted hierarchy (`paper.nlp.t5`): the last part names the note.
  const dotted = /^[a-z0-9-]+(?:\.[a-z0-9-]+){2,}$/i.test(stem)
    ? stem.slice(stem.lastIndexOf(".") + 1)
    : stem;
  return dotted
    .replace(/^\s*(?:\[\d{4}(?:-\d{2})?\]|\(\d{4}\)|\d{4}(?:[-_.]\d{1,2}){0,2}|\d{1,3})[\s._-]+(?=\S)/, "")
    .replace(/\s*[[(]\d{4}[\])]\s*$/, "")
    .replace(/_/g, " ")
    .trim();
}
