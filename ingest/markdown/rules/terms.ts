/**
 * What a vocabulary term found in prose says. First its sense: `MAE (mean absolute error)`
 * is not the MAE model, `an LM` is not the LM loss, `BLIP` in `BLIP-Diffusion` is not BLIP.
 * Then its relation to the model whose section it stands in: a plain co-occurrence is only
 * a MENTIONS; USES needs a signal that names the relation (a use verb, a definition, a loss
 * list, emphasis, the model's own name in the sentence), and a negation or contrast in the
 * sentence keeps it a MENTIONS. Each decision records its rule.
 */

import { isReferenceHeading } from "../loose-references.js";
import type { Span } from "../prose.js";
import { isAcronym } from "../term-matcher.js";
import type { VocabularyEntry } from "../vocabulary.js";
import { confidenceOf, type RuleId } from "./registry.js";

export interface BlockView {
  text: string;
  emphasis: readonly Span[];
  kind: "paragraph" | "heading" | "tableCell";
  /** Same for the paragraphs of one list (any item), for loss lists spread over items. */
  listKey: string | null;
  /** The first paragraph of a list item: where `- ITM: ...` defines a term. */
  itemStart: boolean;
  /** The first line of the list item the block's list hangs under: in an outline, its heading. */
  parentItem?: string | null;
  /** The first lines of every list item the block hangs under, outermost first. */
  outline?: readonly string[];
  section: number;
  line: number;
  /** A cell of a table with a model column: its column's header and the row's model cell. */
  cell?: { header: string; rowName: string };
  /** A cell of a table that compares systems by columns: its column's header (`DCN-V2 (proposal)`). */
  columnHeader?: string;
  /** In a list a label such as `参考：` or `延伸阅读：` makes a references list. */
  references?: boolean;
}

export interface TermHit {
  entry: VocabularyEntry;
  surface: string;
  start: number;
  end: number;
  block: number;
  line: number;
}

export interface SenseContext {
  /** The note's abbreviation definitions: short form -> long forms. */
  definitions: ReadonlyMap<string, readonly string[]>;
  lookup: (text: string) => VocabularyEntry | undefined;
}

export type Sense =
  | { keep: true; entry: VocabularyEntry }
  | { keep: false; rule: RuleId; longerName?: string };

const VERSION_AFTER = /^[\s-]?(v\d+(?:\.\d+)*|\d(?:\.\d)?)(?![\d.]*\d)(?![A-Za-z])/;
/** `BLIP-Diffusion`: another name; `Swin-L`, `ViT-B/16` are sizes of the same model. */
const LONGER_NAME_AFTER =
  /^-(?!(?:[SBLHTGM]|XL|XXL|Base|Large|Small|Tiny|Huge|Mini|Nano)(?![A-Za-z]))(?:[A-Z][A-Za-z0-9]*)(?:-[A-Za-z0-9]+)*/;
const LOSS_CUE_AFTER =
  /^\s*[-‐]?\s*(?:loss(?:es)?|objectives?|criterion|terms?\b|head\s+loss|(?:pre-?training\s+)?tasks?\b|损失|目标函数|目标|任务|loss function)/i;
const NOUN_BEFORE =
  /(?:\b(?:a|an|the|our|their|its|this|that|each|every|any|frozen|large|small|big|pretrained|pre-trained|base|causal|autoregressive|decoder-only|downstream|language)\s+)$|\b(?:a|an|the|our|their|its|this|that)\s+(?:(?:frozen|original|same|whole|underlying|pretrained|pre-trained|big|large|small|base|full|target|teacher|student)[,\s]+){1,2}$/i;
const NOUN_AFTER =
  /^(?:\s*[(（][^)）]{0,40}\bmodels?\s*[)）]|s\b|'s\b|’s\b|\s+(?:head|heads|decoder|encoder|backbone|model|models|tokenizer|weights|layers?|outputs?|logits|embeddings?|prompts?|agent|agents|checkpoint|size|sizes|parameters|vocabulary))/i;
const ABILITY_AFTER =
  /^\s*(?:能力|水平|性能|表现|技能|abilit(?:y|ies)|capabilit(?:y|ies)|skills?|performance|proficiency)/i;
const TRAINING_SENTENCE =
  /\b(?:trained|training|trains|train|optimi[sz]\w*|minimi[sz]\w*|objective)\b|训练|优化|最小化|目标函数/i;
export const LOSS_HEADING =
  /loss|objective|criterion|pre-?training tasks?|pretext tasks?|损失|目标函数|训练目标|优化目标|预训练任务|代理任务/i;
/** `the loss is the cross-entropy`, `Objective: ...`, `损失是均方误差`: the term is named as the loss. */
const LOSS_CUE_BEFORE =
  /(?:loss(?:es)?|objectives?|criterion|损失|损失函数|目标函数|训练目标)(?:\s+function)?\s*(?:is|are|was|were|computes|=|:|：|是|为|采用|用|仍然是|就是)\s*(?:the|a|an)?\s*[^.;。；]{0,40}$/i;

/** `the mean squared error (MSE)`: the acronym in brackets right after its own full name. */
function spelledOutBefore(entry: VocabularyEntry, before: string): boolean {
  return (
    entry.fullName !== undefined &&
    entry.fullName !== null &&
    before.toLowerCase().trimEnd().endsWith(`${entry.fullName.toLowerCase()} (`)
  );
}

/** Whether the term, where it stands, means what the vocabulary says. */
export function senseOf(hit: TermHit, block: BlockView, context: SenseContext): Sense {
  const after = block.text.slice(hit.end, hit.end + 40);
  if (hit.entry.kind === "model") {
    const version = VERSION_AFTER.exec(after);
    if (version) return { keep: false, rule: "sense/longer-name", longerName: `${hit.surface}${version[0]}` };
    const longer = LONGER_NAME_AFTER.exec(after);
    if (longer) return { keep: false, rule: "sense/longer-name", longerName: `${hit.surface}${longer[0]}` };
  }
  const expansions = context.definitions.get(hit.surface);
  if (expansions?.length && isAcronym(hit.surface)) {
    const agrees = expansions.some((long) => expansionAgrees(long, hit.entry, context));
    if (!agrees) {
      const other = expansions.map((long) => context.lookup(long)).find((entry) => entry !== undefined);
      if (other && other.id !== hit.entry.id) return { keep: true, entry: other };
      return { keep: false, rule: "sense/local-expansion" };
    }
  }
  return { keep: true, entry: hit.entry };
}

/** True when the note's expansion of an acronym names the vocabulary entry (its forms, or most of its words in the description). */
function expansionAgrees(long: string, entry: VocabularyEntry, context: SenseContext): boolean {
  if (context.lookup(long)?.id === entry.id) return true;
  const known = [entry.name, entry.fullName, entry.description, ...entry.aliases]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  const words = long
    .toLowerCase()
    .split(/[^a-z0-9\u4e00-\u9fff]+/)
    .filter((w) => w.length > 2);
  if (words.length === 0) return true;
  const found = words.filter((w) => known.includes(w.slice(0, Math.max(4, w.length - 2))));
  return found.length * 2 >= words.length;
}

export interface RelationContext {
  block: BlockView;
  /** Loss hits (kept) in the same sentence or the same list, besides this one. */
  colistedLosses: number;
  /** Headings of the term's section and its ancestors. */
  headings: readonly string[];
  /** The model the term's section is about, with every way the note may write its name. */
  model: { names: readonly string[] } | null;
  /** The term stands in a heading inside the model's section (not the model's own heading). */
  inSubHeading: boolean;
}

export type Relation = { relation: "uses" | "mentions" | "none"; rule: RuleId; confidence: number };

/** English negation precedes what it denies (`does not use X`, `without X`, `unlike X`), or follows as `X is not used`. */
const NEGATION_EN_BEFORE =
  /\b(?:not|no|without|w\/o|never|neither|nor|unlike|instead of|rather than|compared (?:with|to)|in contrast (?:to|with)|as opposed to|lacks?|lacking|(?:does|do|did|is|are|was|were|can|could|would|should)n[’']t|cannot|removes?|removing|removed|drops?|dropping|dropped|discards?|discarding|abandons?|avoids?|avoiding|replaces?|replacing|replaced|ablat\w*|w\/o|outperform\w*|surpass\w*|beats?|beating|(?:better|worse|faster|slower) than|superior to|vs|versus)\b/i;
/** `... — we do not use it`, `..., which is not used here`: a sentence that says its loss is not used. */
const NOT_USED_LATER =
  /\b(?:we|they|i|the\s+\w+|it|this\s+\w+)\s+(?:do(?:es)?\s+not|don[’']t|doesn[’']t|did\s+not|didn[’']t|never)\s+use\s+(?:it|this|that|them)\b|\b(?:it|this|which)\s+(?:is|was)\s+not\s+used\b/i;
/** The verdict that closes a tried item: `**Reverted.**`, `Dropped.`, `（已放弃）`. */
const RETIRED_ITEM =
  /(?:\b(?:reverted|dropped|abandoned|discarded|rejected|removed|not used|gave up)\b|放弃|弃用|回滚|回退|去掉了|不用了)[.!。！）)*_\s]*$/i;
const NEGATION_EN_AFTER =
  /^[^,;:]{0,30}\b(?:is|are|was|were)\s+(?:not|never)\b|^[^,;:]{0,30}\b(?:isn[’']t|aren[’']t|wasn[’']t)\b|^\s*(?:is|are|was|were)\s+(?:dropped|removed|replaced|discarded|superseded)\b/i;
/**
 * `NCE loss变成了Info NCE loss`, `the NCE loss becomes InfoNCE`: a loss that turns into another
 * loss is what came before, not what the model uses.
 */
const BECOMES_OTHER_LOSS =
  /^\s*(?:(?:loss|损失|函数)\s*)?(?:就|也|则|便|又)?\s*(?:变成了?|变为|换成了?|改为|改成了?|演变为|演变成|升级为|被替换为|被替换成|被换成|becomes|became|turns? into|turned into|evolves? into|evolved into|gives? way to|gave way to)\s*[^，。；,;]*?(?:loss|损失|NCE|[A-Z][A-Za-z]*-?[A-Z])/i;
/** A question about the term, then a denial: `?" — there isn't one`, `? None.`, `？没有。` */
const ANSWERED_NO =
  /^[^.?!？\n]{0,20}[?？][\s"”'’*_—–-]{0,8}(?:there\s+(?:isn[’']t|is\s+no(?:ne)?|are\s+no|aren[’']t)\b|none\b|no\b|nope\b|没有|并没有)/i;
/** Chinese words that deny what follows them (`没有用 X`, `不使用 X`). */
const DENIAL_ZH =
  /(?<!有)没有|(?<!有)没|无需|无须|不需要|不再|不是|而不是|并非|并不|并未|从未|未曾|未(?=[用使采])|不(?=[用使采需做依含包加要靠])/;
/** Chinese words that set the term against something, before or after it in its clause (`相比`, `取代`). */
const CONTRAST_ZH = /无法|不同于|不一样|不像|相比|相较|区别于|去掉|去除|移除|取代|替代|代替|抛弃|舍弃|避免/;
/**
 * `与 World Models、Dreamer 这类需要通过重建损失……的方法不同`: a term inside the `与 … 不同` frame
 * is what the compared methods do, set against the subject.
 */
function unlikeFrameZh(text: string, start: number, end: number): boolean {
  const before = /[^，。；,;！？!?\n]*$/.exec(text.slice(Math.max(0, start - 80), start))?.[0] ?? "";
  const after = /^[^，。；,;！？!?\n]*/.exec(text.slice(end, end + 80))?.[0] ?? "";
  return /[与和跟]/.test(before) && /(?:不同|不一样)\s*$/.test(after);
}
/**
 * After the term, `没有` or `不` denies it only with a verb of using (`X 都没有使用`, `X 不用`, `X 没实现`)
 * or alone at the clause's end (`X 在 DPO 里就没有了`), or says it is unrelated (`没有任何关系`):
 * `MSE ✅ 没有任何花里胡哨` denies the frills, not MSE. A contrast counts wherever it stands, and
 * so does a claim taken back (`我说"DPO 用了 clip 损失"完全是错的`).
 */
function negatedAfterZh(after: string): boolean {
  if (CONTRAST_ZH.test(after)) return true;
  return /^[^，。；,;]{0,60}?(?:没有|没|不再|并未|未(?!来)|不(?![仅但只止光])|无需|无须)[^，。；,;]{0,12}?(?:使用|用到?|采用|引入|需要|加入?|包含|涉及|参与|用上|实现)|^[^，。；,;]{0,16}?(?:都|就|也)?(?:没有|没|不用|不需要)了?\s*$|没有(?:任何)?关系|没关系|无关|^[^。；;\n]{0,40}?(?:是错的|是错误的|搞错了|理解错了|说错了)/.test(
    after,
  );
}

const USE_VERB_EN =
  /\b(?:uses?|used|using|employ(?:s|ed|ing)?|adopt(?:s|ed|ing)?|leverag(?:e|es|ed|ing)|appl(?:y|ies|ied|ying)|introduc(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|incorporat(?:e|es|ed|ing)|rel(?:y|ies|ied|ying) (?:on|upon)|(?:pre-?)?train(?:s|ed|ing)? (?:with|using|on|by)|learn(?:s|ed|t|ing)? (?:with|by|through)|optimi[sz](?:e|es|ed|ing)|minimi[sz](?:e|es|ed|ing)|maximi[sz](?:e|es|ed|ing)|based on|built (?:up)?on|builds? (?:up)?on|combin(?:e|es|ed|ing)|consists? of|composed of|compris(?:e|es|ed|ing)|contains?|equipped with|add(?:s|ed|ing)?|via|through|by means of|feeds? (?:\w+ )?(?:in)?to|connect(?:s|ed)? (?:\w+ )?to|plug(?:s|ged)? (?:\w+ )?into|perform(?:s|ed|ing)?|do(?:es)?|with (?:a|an|the))\s+(?:\S+\s+){0,3}$/i;
const USE_VERB_ZH =
  /(?:使用|采用|利用|运用|用了|通过|借助|引入|提出|基于|加入|结合|融合|训练|进行|包含|包括|采取|依靠|依赖|映射到|送入|输入到|输入|接入|接到|做|实现|应用|引入了|用到|用于|中的)[^，。；！？,.;!?\n]{0,6}$/;
/** `NT-Xent (...) is used`, `X 被采用`: the use stated after the term. */
const USE_AFTER =
  /^\s*(?:[(（][^)）]{0,100}[)）]\s*)?(?:is|are|was|were|gets?|got)\s+(?:also\s+|then\s+)?(?:used|applied|adopted|employed|introduced|added|optimi[sz]ed|minimi[sz]ed|computed)\b|^\s*(?:被)?(?:使用|采用|引入)/i;
const DEFINITION_AFTER =
  /^\s*(?:[:：]|[-–—]\s|\((?:[^)]{0,40})\)\s*[:：]|\s(?:is|are|was|means|refers to|stands for)\b)|^\s*(?:是|指|为|即|做|用于|负责|用来)/i;

/** A table column of losses: `| Loss |`, `| 损失函数 |`, `| Training objective |`. */
export const LOSS_COLUMN =
  /^(?:loss(?:es)?(?:\s+functions?)?|(?:training\s+)?objectives?|损失|损失函数|目标函数|训练目标)$/i;

const LOSS_LABEL =
  /^[\s*_-]*(?:loss(?:es)?|objective|training objective|损失(?:函数)?|目标函数|训练目标|优化目标)[*_]*\s*[:：]/i;

/** How the term relates to its section's model: USES with the signal that says so, else MENTIONS. */
export function relationOf(hit: TermHit, entry: VocabularyEntry, context: RelationContext): Relation {
  const { block } = context;
  const sentence = sentenceAround(block.text, hit.start, hit.end);
  const before = block.text.slice(sentence.start, hit.start);
  const after = block.text.slice(hit.end, sentence.end);
  const mention: Relation = { relation: "mentions", rule: "term", confidence: confidenceOf("term") };

  const lossContext =
    entry.kind === "loss" &&
    ((entry.rule !== undefined && entry.rule !== "loss/defined-earlier") ||
      /loss|损失/i.test(hit.surface) ||
      LOSS_CUE_AFTER.test(after) ||
      LOSS_CUE_BEFORE.test(before) ||
      context.colistedLosses > 0 ||
      // A loss named in full (`cross-entropy`, not `LM`; `the mean squared error (MSE)`) in a
      // sentence about training.
      ((!isAcronym(hit.surface) || spelledOutBefore(entry, before)) &&
        TRAINING_SENTENCE.test(block.text.slice(sentence.start, sentence.end))) ||
      context.headings.some((heading) => LOSS_HEADING.test(heading)) ||
      /\b(?:trained with|training with|optimi[sz]ed with|optimi[sz]es?|optimi[sz]ing|minimi[sz]es?|minimi[sz]ing|maximi[sz]es?|maximi[sz]ing|uses?|using|with|by)\s+(?:the\s+|a\s+|an\s+)?(?:(?:plain|standard|simple|usual|vanilla|ordinary)\s+)?$/i.test(
        before,
      ) ||
      /(?:最小化|最大化|优化|使用|采用|用|引入|提出|通过|计算|算|求)[^，。；,.;]{0,4}$/.test(before) ||
      // `loss：... 算 MSE`, `目标函数：...`: a block labelled as the loss is about the loss.
      LOSS_LABEL.test(block.text) ||
      // A cell of a table's loss column.
      (block.cell !== undefined && LOSS_COLUMN.test(block.cell.header)));
  // A loss found by its own rule (`loss/definition`, `(GIoU) loss`) had its context checked there.
  // One named without the word loss (`LM`, `ITC`, `language modeling`, `语言建模`) needs the
  // context to say it is a loss: `通用语言建模能力` is an ability, `an LM` a model.
  if (
    entry.kind === "loss" &&
    (!entry.rule || entry.rule === "loss/defined-earlier") &&
    !/loss|损失|objective/i.test(hit.surface) &&
    !LOSS_CUE_AFTER.test(after)
  ) {
    // A short loss acronym that reads as a noun (`an LM`, `LMs`, `the LM decoder`) is not the loss;
    // `the loss is the MSE` says what the loss is.
    if (
      isAcronym(hit.surface) &&
      !LOSS_CUE_BEFORE.test(before) &&
      (NOUN_BEFORE.test(block.text.slice(Math.max(0, hit.start - 30), hit.start)) ||
        NOUN_AFTER.test(block.text.slice(hit.end)))
    ) {
      return { relation: "none", rule: "sense/loss-acronym-without-loss", confidence: 1 };
    }
    // `保留通用语言建模能力`, `language modeling ability`: a skill the model keeps, not what it is trained on.
    if (!lossContext || ABILITY_AFTER.test(after))
      return { relation: "none", rule: "sense/loss-acronym-without-loss", confidence: 1 };
  }

  if (entry.kind === "model") return mention;
  // A reference list's line (`Intermediate Loss Regularization for CTC-based ...`) names a paper.
  if (context.headings.some(isReferenceHeading) || block.references) return mention;
  // `### Not doing`, `## 放弃的尝试`: what a section of rejected ideas names is not used.
  if (context.headings.some((heading) => REJECTED_HEADING.test(heading.trim())))
    return { relation: "mentions", rule: "relation/negated", confidence: confidenceOf("term") };
  // `an InfoNCE-style ranking loss`, `a CLIP-like objective`: what the thing resembles, not what it
  // is; `KL 约束`, `a KL constraint`: a constraint on the training, not its loss.
  if (entry.kind === "loss" && /^(?:-?(?:style|like|esque)\b|\s*(?:constraints?\b|约束|限制))/i.test(after))
    return mention;
  // `(*SIoU Loss: More Powerful Learning for Bounding Box Regression*)`: a cited paper's title
  // names the loss the paper is about, not one the note's model uses.
  const emphasised = block.emphasis.find((span) => span.start <= hit.start && hit.end <= span.end);
  if (
    entry.kind === "loss" &&
    emphasised &&
    looksLikeTitle(block.text.slice(emphasised.start, emphasised.end))
  )
    return mention;
  // Negation reaches as far as its clause: `ResNet does not use self-attention, and ...`.
  const clause = clauseAround(block.text, hit.start, hit.end);
  // `Replaced Token Detection (RTD)`: the term's own long form is not a negation of it.
  let negationBefore = block.text.slice(clause.start, hit.start);
  if (entry.fullName) {
    const own = negationBefore.toLowerCase().lastIndexOf(entry.fullName.toLowerCase());
    if (own !== -1 && /^\s*[(（]\s*$/.test(negationBefore.slice(own + entry.fullName.length)))
      negationBefore = negationBefore.slice(0, own);
  }
  if (
    NEGATION_EN_BEFORE.test(withoutAsides(negationBefore).replace(NEGATION_STOP, "")) ||
    NEGATION_EN_AFTER.test(block.text.slice(hit.end, clause.end)) ||
    DENIAL_ZH.test(block.text.slice(clause.start, hit.start)) ||
    CONTRAST_ZH.test(block.text.slice(clause.start, hit.start)) ||
    unlikeFrameZh(block.text, hit.start, hit.end) ||
    negatedAfterZh(block.text.slice(hit.end, clause.end)) ||
    // `They also tried a margin triplet loss as an alternative; it was worse`: tried and rejected.
    triedAndRejected(block.text, sentence.start, hit.start, hit.end) ||
    // `The hybrid loss ... comes later, from Improved DDPM — **we do not use it**`: the sentence
    // takes it back, however far after the term.
    (entry.kind === "loss" && NOT_USED_LATER.test(block.text.slice(hit.end, sentence.end))) ||
    // `- run 04: L1 loss (= optimising MAE directly). Same story. **Dropped.**`: a list item a
    // verdict closes, in a log of runs, took back what it tried.
    (entry.kind === "loss" && block.itemStart && RETIRED_ITEM.test(block.text)) ||
    // `"Where's the perceptual loss?" — there isn't one`: asked and answered no.
    ANSWERED_NO.test(block.text.slice(hit.end, hit.end + 60)) ||
    // `它比交叉熵损失更好`: what a thing is compared with is not what it uses (`对比` is not `比`).
    /(?<![对无类相好])比(?:起)?\s*$/.test(negationBefore) ||
    (entry.kind === "loss" && BECOMES_OTHER_LOSS.test(block.text.slice(hit.end, clause.end)))
  ) {
    return { relation: "mentions", rule: "relation/negated", confidence: confidenceOf("term") };
  }
  // `I only log approx KL as a diagnostic`, `MAE 作为评价指标`: measured, not trained on.
  if (
    entry.kind === "loss" &&
    (measuredOnly(block.text.slice(clause.start, clause.end)) ||
      measuredOnly(block.text.slice(sentence.start, sentence.end)) ||
      // `compare log loss + AUC on the holdout`: named beside a metric, it is measured too.
      BESIDE_METRIC.test(block.text.slice(hit.end, hit.end + 24)) ||
      METRIC_BEFORE.test(block.text.slice(Math.max(clause.start, hit.start - 24), hit.start)))
  ) {
    return { relation: "mentions", rule: "relation/measured", confidence: confidenceOf("relation/measured") };
  }
  // `... minimising it is equivalent to minimising the expected KL`: the same objective restated.
  if (entry.kind === "loss" && RESTATED.test(block.text.slice(clause.start, hit.start))) {
    return { relation: "mentions", rule: "term", confidence: confidenceOf("term") };
  }
  // `先训一个奖励模型（pairwise ranking loss）……这样理解对吗？`: asked about, not said to be used.
  if (entry.kind === "loss" && askedAbout(block.text, sentence)) {
    return { relation: "mentions", rule: "relation/asked", confidence: confidenceOf("relation/asked") };
  }
  // Without a model to use it, a term is a mention (a negated one is marked as such above).
  if (!context.model) return mention;
  const uses = (rule: RuleId): Relation => ({ relation: "uses", rule, confidence: confidenceOf(rule) });
  if (lossContext) return uses("uses/loss-context");
  if (context.inSubHeading) return uses("uses/sub-heading");
  // `relies on data augmentation and large-scale pre-training`: a term joined by `and` to the
  // verb's first object shares the verb.
  const shared = before.replace(/\s*,?\s*(?:\b(?:and|or)\b|和|与|及|、|以及)\s*(?:[\w-]+\s+){0,2}$/i, " ");
  const verbBefore = (text: string) =>
    USE_VERB_EN.test(text.slice(-60).replace(/\s+/g, " ")) || USE_VERB_ZH.test(text.slice(-12));
  if (verbBefore(before) || (shared !== before && verbBefore(shared)) || USE_AFTER.test(after)) {
    return uses("uses/verb");
  }
  // `- ITM: ...` defines a part; `- 图文匹配` alone, in a model's list, names one of its features.
  const bareItem = block.itemStart && /^[\s*_.。;；,，]*$/.test(block.text.slice(hit.end));
  if (startsBlock(block, hit) && (DEFINITION_AFTER.test(after) || bareItem))
    return uses("uses/definition-item");
  if (block.emphasis.some((span) => span.start <= hit.start && hit.end <= span.end))
    return uses("uses/emphasis");
  const wholeSentence = block.text.slice(sentence.start, sentence.end);
  if (context.model.names.some((name) => nameInText(wholeSentence, name, hit)))
    return uses("uses/model-clause");
  return mention;
}

/**
 * A yes-or-no question (`...这样理解对吗？`, `是不是还有一项 KL？`, `Does DPO need a reward
 * model?`). A question that takes the use for granted (`为什么用 focal loss？`, `Why does it use
 * GIoU?`) says it is used, and is not one.
 */
function askedAbout(text: string, sentence: { start: number; end: number }): boolean {
  // `... beat BPR here?? #question`: an outliner's tags after the question mark; `Q: could we ...?`,
  // `"Do you need ...?"`: a question's label or quotes before it.
  const asked = text
    .slice(sentence.start, Math.min(text.length, sentence.end + 1))
    .replace(/(?:\s+#[\p{L}\p{N}_/-]+)+\s*$/u, "")
    .replace(/^[\s"“'‘(*_-]*(?:Q\d*\s*[:：.]\s*)?[\s"“'‘]*/u, "");
  if (!/[?？]\s*$/.test(asked) || /为什么|为何|怎么|如何|\bwhy\b|\bhow\b/i.test(asked)) return false;
  return (
    // `会不会`, `能不能`, `可不可以`, `有没有`: a Chinese verb asked as itself, not, itself.
    /吗|是否|难道|([\u4e00-\u9fff])[不没]\1/.test(asked) ||
    /^\s*(?:does|do|did|is|are|was|were|should|can|could|would|isn't|doesn't)\b/i.test(asked)
  );
}

const SMALL_WORD = /^(?:a|an|the|of|for|and|or|in|on|with|to|over|via|by|from|as|at|is|are|vs\.?)$/i;

/** Five words or more, most of the others capitalised, or a `Name: Subtitle`: a paper's title. */
function looksLikeTitle(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 5) return false;
  const content = words.filter((word) => !SMALL_WORD.test(word));
  const capitalised = content.filter((word) => /^[A-Z0-9]/.test(word)).length;
  return capitalised >= 0.75 * content.length;
}

/** The term opens its paragraph or list item (after a bullet, bold markers or a number). */
function startsBlock(block: BlockView, hit: TermHit): boolean {
  const head = block.text.slice(0, hit.start);
  return /^[\s\d.、)）*_-]*$/.test(head) && (block.itemStart || block.kind === "paragraph");
}

function nameInText(text: string, name: string, hit: TermHit): boolean {
  if (!name || name === hit.surface) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[\s-]+/g, "[\\s-]*");
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "i").test(text);
}

// A line break inside a paragraph is a soft break, not the end of a sentence; a blank line or
// a new list item is already another block.
const SENTENCE_END = /[。！？；;!?]|\.(?=\s|$)/g;
// A line break after Chinese text (or an emoji) ends a clause: Chinese is not wrapped at a width,
// so `→ 猜得越准越好` ends where its line does.
const CLAUSE_END =
  /[。！？；;!?,，:：]|\.(?=\s|$)|\s(?:but|while|whereas|and then)\s|但|而且|并且|(?<=[^\s -~])\n/g;
const TRIED_BEFORE =
  /\b(?:tried|tested|experimented with|explored|compares?|compared|evaluated)\b|尝试了?|试过|试了|对比了/i;
const REJECTED_AFTER =
  /\b(?:worse|inferior|dropped|abandoned|discarded|did(?:n[’']t| not) (?:help|work)|no (?:gain|improvement)|hurt|as (?:an )?alternatives?)\b|更差|变差|不如|没有提升|没有帮助|没有收益|没收益|放弃|弃用|未使用|未采用|没有采用|没(?:什么|有)?区别|差不多|还是保持|仍然(?:用|保持)|made no difference|no difference|about the same/i;

/**
 * `I briefly tried a focal loss, but it was slightly worse, so the final run uses cross-entropy`:
 * what was tried before the term and judged after it (to the sentence's end, across `;`) is not
 * used; what follows the judgement (cross-entropy) is.
 */
function triedAndRejected(text: string, sentenceStart: number, start: number, end: number): boolean {
  if (!TRIED_BEFORE.test(text.slice(sentenceStart, start))) return false;
  // (A decimal point, `4.19`, ends no sentence.)
  const rest = /^(?:[^.。!?！？\n]|\.(?=\d))*/.exec(text.slice(end))?.[0] ?? "";
  return REJECTED_AFTER.test(rest);
}

const REJECTED_HEADING =
  /^(?:#+\s*)?(?:not doing|won[’']?t do|will not do|wontfix|rejected(?: ideas)?|abandoned(?: ideas| runs)?|dropped(?: ideas)?|discarded|what didn[’']?t work|things that didn[’']?t work|failed (?:attempts|ideas|experiments)|未采用(?:的方案)?|放弃(?:的(?:尝试|方案))?|弃用|没用的(?:尝试)?|失败的尝试|不做)\b/i;
const MEASURED_EN =
  /\b(?:is|are|was|were) (?:only |just )?(?:monitored|logged|tracked|plotted)\b|\b(?:only|just|merely) a (?:diagnostic|metric|measure)\b|\bas (?:an? |the |our |its )?(?:[\w-]+ ){0,2}(?:metric|diagnostic|measure|sanity[ -]check|health check)s?\b|\b(?:evaluation|eval|validation|test|reported|headline|primary|offline) (?:metric|measure)s?\b|\bonly (?:\*|_)?(?:log|monitor|track|report|plot|watch)(?:s|ged|ed|ted|ing)?\b|\bfor (?:monitoring|diagnostics?|evaluation|early[ -]stopping)\b/i;
const MEASURED_ZH =
  /(?:评价|评估|评测|衡量|验证|测试|监控)指标|作为[^，。；,;]{0,6}指标|(?:只|仅)(?:是)?(?:用来|用于)?(?:记录|监控|打印|观察|评估|汇报)|用于(?:监控|评估|评价)|(?:^|[^训])(?:监控|观察)(?:一下)?$/;
/** Metrics a loss is named beside when both are measured (`log loss + AUC`, `AUC 和 logloss`). */
const METRIC_NAMES = String.raw`(?:ROC[- ]?AUC|AUC|GAUC|accuracy|acc|F1|mAP|mIoU|NDCG(?:@\d+)?|Recall@\d+|HR@\d+|BLEU|ROUGE|WER|CER|准确率|召回率)`;
const BESIDE_METRIC = new RegExp(String.raw`^\s*(?:\+|&|/|,|，|、|and|和|与)\s*${METRIC_NAMES}\b`, "i");
const METRIC_BEFORE = new RegExp(String.raw`\b${METRIC_NAMES}\s*(?:\+|&|/|,|，|、|and|和|与)\s*$`, "i");
/** `equivalent to minimising the expected KL`, `等价于最小化 KL`: another way to say the objective just named. */
const RESTATED =
  /\b(?:(?:is |are )?equivalent(?:ly)? to|amounts? to|(?:is |are )?the same as)\s+(?:[\w-]+\s+){0,3}$|(?:等价于|相当于|等同于)[^，。；,;]{0,8}$/i;
/** `not the objective`: a denial of training on it, which does not count as training on it. */
const NOT_TRAINED_ON =
  /\bnot (?:the |an? |our )?(?:training )?(?:objective|loss(?: function)?)\b|不是(?:训练)?(?:目标|损失)/gi;
/** What a clause says is trained on, whatever else it measures. */
const TRAINED_ON =
  /\b(?:train(?:s|ed|ing)? (?:with|on|using)|optimi[sz](?:e|es|ed|ing)|minimi[sz](?:e|es|ed|ing)|maximi[sz](?:e|es|ed|ing)|objective|loss function)\b|训练目标|优化目标|损失函数|最小化|最大化/i;

/**
 * The clause says the quantity is measured, logged or reported (`as a diagnostic`, `the
 * evaluation metric`, `评价指标`, `只记录`) and says nothing of training on it.
 */
export function measuredOnly(clause: string): boolean {
  return (
    (MEASURED_EN.test(clause) || MEASURED_ZH.test(clause)) &&
    !TRAINED_ON.test(clause.replace(NOT_TRAINED_ON, " "))
  );
}

/** What a negation before the term may reach across: `drops recurrence and uses X` does not deny X. */
const NEGATION_STOP = /.*(?:\b(?:and|but|while|whereas|yet|then|instead|so)\b|[,;—–]|\s--\s)/is;

/**
 * The text before a term without what cannot deny it: a closed aside (`two classes (object
 * or not) plus a smooth L1 loss`) and `or not` / `whether or not`, which ask rather than deny.
 */
function withoutAsides(text: string): string {
  return withoutClosedAsides(text).replace(/\b(?:whether\s+)?or\s+not\b/gi, " ");
}

/** The text with each closed aside in brackets blanked: what is said in it is not said of what follows. */
export function withoutClosedAsides(text: string): string {
  return text.replace(/\([^()]*\)|（[^（）]*）/g, " ");
}

/** The clause (between commas, colons and sentence ends) around [start, end). */
export function clauseAround(text: string, start: number, end: number): { start: number; end: number } {
  return spanAround(text, start, end, CLAUSE_END);
}

/** The sentence (or list line) around [start, end) in the text. */
export function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  return spanAround(text, start, end, SENTENCE_END);
}

/** A sentence or clause is looked for within this many characters of the term: a long paragraph costs no more. */
const REACH = 600;

function spanAround(
  text: string,
  start: number,
  end: number,
  boundary: RegExp,
): { start: number; end: number } {
  const windowStart = Math.max(0, start - REACH);
  const windowEnd = Math.min(text.length, end + REACH);
  const window = text.slice(windowStart, windowEnd);
  let from = windowStart;
  let to = windowEnd;
  for (const match of window.matchAll(boundary)) {
    const at = windowStart + match.index;
    if (at < start) from = at + match[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return { start: from, end: to };
}
