/**
 * Every term a note's prose holds, before any judgement of sense or relation: vocabulary
 * terms (term-matcher.ts), losses found by how losses are written (loss-phrases.ts), and
 * the note's abbreviation definitions. Overlaps are settled here: `prefix language modeling
 * loss` is its own loss, not LM; `symmetric InfoNCE loss` is InfoNCE; a term inside another
 * term's expansion (`cross entropy loss` in `NT-Xent (normalized temperature-scaled cross
 * entropy loss)`) belongs to that term.
 */

import { lossId } from "../../../src/graph/ids.js";
import { groupBy } from "../../../src/store/collections.js";
import { type Definition, findDefinitions } from "../abbreviations.js";
import { lineAt } from "../inline-refs.js";
import type { Vocabulary, VocabularyEntry } from "../vocabulary.js";
import {
  findBracketedLossNames,
  findCopulaLosses,
  findFormulaLosses,
  findLossClassNames,
  findLossPhrases,
  findObjectives,
  findObjectiveTerms,
  findOptimisedQuantities,
  type LossPhrase,
  lossDefinitions,
  onlyQualifies,
  splitCamelCase,
} from "./loss-phrases.js";
import { type BlockView, LOSS_HEADING, type TermHit } from "./terms.js";

export interface NoteDefinition extends Definition {
  block: number;
  line: number;
  sentence: string;
}

export interface TermHits {
  hits: TermHit[];
  definitions: NoteDefinition[];
}

/**
 * `depths`, when given, is each section's heading depth (by section index): it lets a heading
 * that defines an abbreviation beside a loss heading name a loss (`loss/sibling-heading`).
 */
export function termHits(
  blocks: readonly BlockView[],
  vocabulary: Vocabulary,
  depths?: readonly number[],
): TermHits {
  const hits: TermHit[] = [];
  const definitions: NoteDefinition[] = [];
  const aboutObjective = objectiveBlocks(blocks);
  blocks.forEach((block, index) => {
    const blockDefinitions = findDefinitions(block.text).map((definition) => ({
      ...definition,
      block: index,
      line: lineAt(block.text, definition.offset, block.line),
      sentence: sentenceOf(block.text, definition.offset),
    }));
    definitions.push(...blockDefinitions);
    let vocabularyHits: TermHit[] = vocabulary.matcher.find(block.text).map((hit) => ({
      entry: hit.value,
      surface: hit.text,
      start: hit.start,
      end: hit.end,
      block: index,
      line: lineAt(block.text, hit.start, block.line),
    }));
    const phrases: LossPhrase[] = [
      ...findLossPhrases(block.text),
      ...findLossClassNames(block.text),
      ...findObjectives(block.text),
      ...findOptimisedQuantities(block.text),
      ...findCopulaLosses(block.text),
      ...findBracketedLossNames(block.text),
      ...findFormulaLosses(block.text),
      ...(aboutObjective.has(index) ? findObjectiveTerms(block.text, block.emphasis) : []),
      ...lossDefinitions(blockDefinitions).map((d) => definitionPhrase(d, "loss/definition")),
    ];
    const extra: TermHit[] = [];
    for (const phrase of phrases) {
      // `L^CLIP`: a formula's symbol is the loss's whole name; the CLIP in it is no model.
      if (phrase.rule === "loss/formula")
        vocabularyHits = vocabularyHits.filter(
          (hit) => hit.entry.kind === "loss" || !(hit.start >= phrase.start && hit.end <= phrase.end),
        );
      const inside = vocabularyHits.filter((hit) => hit.start >= phrase.start && hit.end <= phrase.end);
      const known =
        lookupLoss(phrase.name, vocabulary) ??
        // `\mathcal{L}_{ITC}`: the subscript is the loss's name.
        (phrase.rule === "loss/formula" ? lookupLoss(phrase.name.slice(2), vocabulary) : undefined) ??
        // `nn.CrossEntropyLoss`: the class of a known loss.
        (phrase.rule === "loss/class-name" ? lookupLoss(splitCamelCase(phrase.name), vocabulary) : undefined);
      const losses = inside.filter((hit) => hit.entry.kind === "loss");
      if (known) {
        // The phrase is a known loss in other words (`contrastive losses`, `cross entropy loss`).
        if (!losses.some((hit) => hit.entry.id === known.id)) {
          vocabularyHits = vocabularyHits.filter((hit) => !inside.includes(hit) || hit.entry.kind !== "loss");
          extra.push(hitOf(phrase, known, block, index));
        }
        continue;
      }
      const main = losses[0];
      if (main) {
        const before = block.text.slice(phrase.start, main.start);
        // `contrastive cross-entropy loss`: a qualifier that is itself a kind of loss makes another loss.
        if (onlyQualifies(before) && !lookupLoss(`${before.trim()} loss`, vocabulary)) continue;
        // `prefix language modeling loss`: a loss of its own, not the one it contains.
        vocabularyHits = vocabularyHits.filter((hit) => hit !== main);
      }
      if (phrase.rule === "loss/definition" && vocabularyHits.some((hit) => hit.start === phrase.start))
        continue;
      extra.push(hitOf(phrase, adhocLoss(phrase), block, index));
    }
    const all = [...vocabularyHits, ...extra].sort((a, b) => a.start - b.start);
    hits.push(
      ...all.filter(
        (hit) =>
          !insideOtherExpansion(hit, all, blockDefinitions, vocabulary) &&
          !insideTermBrackets(hit, all, block.text) &&
          !restatedByCopula(hit, all, block.text),
      ),
    );
  });
  const again = definedLossesAgain(blocks, hits);
  if (again.length > 0) {
    // What the symbol written again holds (`CLIP` of `L^{CLIP}`) is part of its name.
    const covered = (hit: TermHit) =>
      again.some((other) => other.block === hit.block && other.start <= hit.start && hit.end <= other.end);
    const kept = hits.filter((hit) => !covered(hit));
    hits.splice(0, hits.length, ...kept);
  }
  if (depths) hits.push(...siblingHeadingLosses(blocks, hits, definitions, depths, vocabulary));
  if (depths || again.length > 0) {
    hits.push(...again);
    hits.sort((a, b) => a.block - b.block || a.start - b.start);
  }
  return { hits: withoutRestated(symbolsAsNamed(hits, blocks, definitions), blocks), definitions };
}

/**
 * `trained with maximum likelihood (the MLM loss)`, `对数似然（即交叉熵）`: a loss restated in
 * brackets by the name of another is that other loss, which stands in the brackets; the words
 * before make no loss of their own.
 */
function withoutRestated(hits: readonly TermHit[], blocks: readonly BlockView[]): TermHit[] {
  return hits.filter((hit) => {
    if (hit.entry.kind !== "loss") return true;
    const after = blocks[hit.block]?.text.slice(hit.end, hit.end + 12) ?? "";
    return !restatedAs(hit, hits, after, RESTATING_BRACKET);
  });
}

const RESTATING_BRACKET = /^\s*[(（]\s*(?:the\s+|i\.e\.,?\s*|即|也就是)/i;

/**
 * The loss hit is restated as another: `connector` opens the text `after` it, and another
 * loss's hit of the same block starts right where the connector ends.
 */
function restatedAs(hit: TermHit, hits: readonly TermHit[], after: string, connector: RegExp): boolean {
  const found = connector.exec(after);
  if (!found) return false;
  const at = hit.end + found[0].length;
  return hits.some(
    (other) =>
      other !== hit &&
      other.block === hit.block &&
      other.entry.kind === "loss" &&
      other.entry.id !== hit.entry.id &&
      other.start === at,
  );
}

/**
 * `$\mathcal{L}_{SCE}$` in a note that defines `Scaled Cosine Error (SCE)`, `L_{BPR}` beside `BPR
 * loss`, `L_{Hungarian}` beside `匈牙利损失（Hungarian loss）`: a formula's symbol named for a loss
 * the note names in words (or for an abbreviation it defines) is that loss, not another.
 */
function symbolsAsNamed(
  hits: readonly TermHit[],
  blocks: readonly BlockView[],
  definitions: readonly NoteDefinition[],
): TermHit[] {
  const key = (name: string) =>
    name
      .toLowerCase()
      .replace(/\s*(?:loss|损失)$/, "")
      .replace(/[\s_-]+/g, "");
  const named = new Map<string, VocabularyEntry>();
  const name = (text: string, entry: VocabularyEntry) => {
    if (!named.has(key(text))) named.set(key(text), entry);
  };
  for (const hit of hits) {
    const { entry } = hit;
    if (entry.kind !== "loss" || entry.rule === "loss/formula" || /^L[_^]/.test(entry.name)) continue;
    for (const alias of [entry.name, ...entry.aliases]) name(alias, entry);
    // (`匈牙利损失（Hungarian loss）`: the words in brackets name it too.)
    const spelled = /^\s*[（(]([^()（）]{2,40})[)）]/.exec(blocks[hit.block]?.text.slice(hit.end) ?? "")?.[1];
    if (spelled) name(spelled, entry);
  }
  // (A defined abbreviation counts when its long form names a loss: `Scaled Cosine Error`, not `Latent Diffusion Models`.)
  for (const definition of definitions) {
    if (
      !/(?:loss|error|entropy|divergence|likelihood|distance|similarity|误差|损失|熵|散度)$/i.test(
        definition.long,
      )
    )
      continue;
    name(definition.short, adhocLoss(definitionPhrase(definition, "loss/formula")));
  }
  return hits.map((hit) => {
    const symbol = /^L[_^]([A-Za-z]{2,15})$/.exec(hit.entry.name)?.[1];
    const entry = symbol && hit.entry.kind === "loss" ? named.get(key(symbol)) : undefined;
    return entry ? { ...hit, entry } : hit;
  });
}

/** Words that say a text is about what a model is trained to optimise. */
const OBJECTIVE_WORDS =
  /\b(?:loss(?:es)?|objectives?|criterion|minimi[sz]\w*|maximi[sz]\w*)\b|损失|目标|最小化|最大化/i;

/**
 * The blocks where a bonus, a penalty or a regulariser is a part of an objective: those that
 * speak of a loss or an objective, the other items of a list that does (`- L^VF = ... value loss`
 * then `- S = entropy bonus`) or that one introduces (`The critic objective has two terms:`), and
 * the blocks of a section headed as a loss
 * (`## The loss I actually optimise`).
 */
function objectiveBlocks(blocks: readonly BlockView[]): Set<number> {
  const lists = new Set(
    blocks
      .filter((block) => block.listKey !== null && OBJECTIVE_WORDS.test(block.text))
      .map((b) => b.listKey),
  );
  // `The critic objective has two terms:` then the list of them.
  blocks.forEach((block, index) => {
    const before = blocks[index - 1];
    if (
      block.listKey !== null &&
      before &&
      before.listKey !== block.listKey &&
      OBJECTIVE_WORDS.test(before.text)
    )
      lists.add(block.listKey);
  });
  const sections = new Set(
    blocks.filter((block) => block.kind === "heading" && LOSS_HEADING.test(block.text)).map((b) => b.section),
  );
  const about = new Set<number>();
  blocks.forEach((block, index) => {
    if (
      OBJECTIVE_WORDS.test(block.text) ||
      (block.listKey !== null && lists.has(block.listKey)) ||
      sections.has(block.section) ||
      (block.outline ?? []).some((line) => OBJECTIVE_WORDS.test(line))
    )
      about.add(index);
  });
  return about;
}

/**
 * `VariFocal Loss (VFL)` in one paragraph, `最终采用 VFL` in the next: a loss the note defined
 * is the same loss wherever the note names it again by its abbreviation. Those later hits carry
 * rule `loss/defined-earlier`, so that, as for a vocabulary acronym, the context must say the
 * model is trained with it.
 */
function definedLossesAgain(blocks: readonly BlockView[], hits: readonly TermHit[]): TermHit[] {
  const defined = new Map<string, VocabularyEntry>();
  for (const hit of hits) {
    const { entry } = hit;
    if (entry.rule === "loss/definition" && /^[A-Z][A-Za-z0-9-]{1,11}$/.test(entry.name)) {
      defined.set(entry.name, { ...entry, rule: "loss/defined-earlier" });
    }
  }
  // `$L_{vlb} = ...$` defined, then `并没有直接用 $L_{vlb}$ 去训练`: a formula's loss symbol, wherever it is written again.
  const symbols = new Map<string, VocabularyEntry>();
  for (const hit of hits) {
    const symbol =
      hit.entry.rule === "loss/formula" ? /^L([_^])([A-Za-z]{2,15})$/.exec(hit.entry.name) : null;
    if (symbol?.[2]) symbols.set(symbol[2], { ...hit.entry, rule: "loss/defined-earlier" });
  }
  if (defined.size === 0 && symbols.size === 0) return [];
  const alternatives: string[] = [];
  if (defined.size > 0) {
    const names = [...defined.keys()].map((name) => name.replace(/[-]/g, "\\-"));
    alternatives.push(`(?<![A-Za-z0-9_-])(?<name>${names.join("|")})(?![A-Za-z0-9_-])`);
  }
  if (symbols.size > 0) {
    alternatives.push(
      String.raw`(?<![A-Za-z\\])(?:\\mathcal\s*\{\s*L\s*\}|L)\s*[_^]\s*\{?\s*(?:\\(?:text|mathrm|rm)\s*\{\s*)?(?<symbol>${[...symbols.keys()].join("|")})(?![A-Za-z])\s*\}?\s*\}?`,
    );
  }
  const pattern = new RegExp(alternatives.join("|"), "g");
  const taken = groupBy(hits, (hit) => hit.block);
  const found: TermHit[] = [];
  blocks.forEach((block, index) => {
    for (const match of block.text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      // (Only a loss found there already takes the place; a model inside a symbol does not.)
      if (
        (taken.get(index) ?? []).some(
          (hit) => hit.start < end && start < hit.end && (hit.entry.kind === "loss" || !match.groups?.symbol),
        )
      )
        continue;
      const entry = match.groups?.name
        ? defined.get(match.groups.name)
        : symbols.get(match.groups?.symbol ?? "");
      if (!entry) continue;
      const phrase: LossPhrase = { start, end, name: match[0], fullName: null, rule: "loss/defined-earlier" };
      found.push(hitOf(phrase, entry, block, index));
    }
  });
  return found;
}

/**
 * `### Masked Language Model (MLM)` then `### Next Sentence Prediction (NSP)`: a heading that
 * defines an abbreviation the vocabulary does not know, beside a heading that names a known loss
 * (same depth, same parent) or under a loss heading (`## Pre-training tasks`, `## 损失函数`),
 * names a loss of its own, as the note abbreviates it. So does a list item that opens with such a
 * definition under an item naming the objectives.
 */
const TASK_HEAD =
  /(?:prediction|predicting|modell?ing|detection|matching|reconstruction|recovery|discrimination|contrast|contrastive learning|classification|generation|denoising|alignment|ordering|restoration|预测|建模|检测|还原|复原|重建|重构|匹配|判别|对比|分类|生成|去噪|对齐|排序)$/i;

function siblingHeadingLosses(
  blocks: readonly BlockView[],
  hits: readonly TermHit[],
  definitions: readonly NoteDefinition[],
  depths: readonly number[],
  vocabulary: Vocabulary,
): TermHit[] {
  const parentOf = (section: number): number => {
    for (let s = section - 1; s >= 0; s--) if ((depths[s] ?? 0) < (depths[section] ?? 0)) return s;
    return -1;
  };
  const headingOf = (section: number): string =>
    blocks.find((b) => b.kind === "heading" && b.section === section)?.text ?? "";
  const lossHeadings = new Set(
    hits
      .filter((hit) => hit.entry.kind === "loss" && !hit.entry.rule && blocks[hit.block]?.kind === "heading")
      .map((hit) => blocks[hit.block]?.section ?? -1),
  );
  const found: TermHit[] = [];
  for (const definition of definitions) {
    const block = blocks[definition.block];
    if (!block || depths[block.section] === undefined) continue;
    // `- **pretraining objectives**:` then `- NSP (next sentence prediction): ...`: an item that
    // opens with a task's definition, under an item that names the objectives, is one of them.
    const underLossItem =
      block.itemStart &&
      /^[\s*_]*$/.test(block.text.slice(0, definition.offset)) &&
      LOSS_HEADING.test(block.parentItem ?? "");
    if (block.kind !== "heading" && !underLossItem) continue;
    // A known term (a model, a concept, a loss) is the vocabulary's to place.
    if (vocabulary.matcher.lookup(definition.short) || vocabulary.matcher.lookup(definition.long)) continue;
    if (
      hits.some(
        (hit) =>
          hit.block === definition.block && hit.start <= definition.offset && hit.end > definition.offset,
      )
    )
      continue;
    // A task is named by what it does: `... Prediction`, `... Detection`, `... 还原`; `Gated Linear Unit` is not one.
    if (!TASK_HEAD.test(definition.long)) continue;
    const section = block.section;
    const parent = parentOf(section);
    const besideLoss = [...lossHeadings].some(
      (other) => other !== section && depths[other] === depths[section] && parentOf(other) === parent,
    );
    if (!underLossItem && !besideLoss && !(parent >= 0 && LOSS_HEADING.test(headingOf(parent)))) continue;
    const phrase = definitionPhrase(definition, "loss/sibling-heading");
    found.push(hitOf(phrase, adhocLoss(phrase), block, definition.block));
  }
  return found;
}

/** A loss the note names by an abbreviation it defines, where the abbreviation stands. */
function definitionPhrase(
  definition: Pick<Definition, "short" | "long" | "offset">,
  rule: LossPhrase["rule"],
): LossPhrase {
  return {
    start: definition.offset,
    end: definition.offset + definition.short.length,
    name: definition.short,
    fullName: definition.long,
    rule,
  };
}

function lookupLoss(name: string, vocabulary: Vocabulary): VocabularyEntry | undefined {
  // `L1` named as a loss is the vocabulary's `L1 loss`.
  for (const form of [name, name.replace(/\s*(?:loss|损失)$/i, ""), `${name} loss`]) {
    const entry = vocabulary.matcher.lookup(form);
    if (entry?.kind === "loss") return entry;
  }
  return undefined;
}

/** A loss the vocabulary does not have, as an entry of its own for this note. */
function adhocLoss(phrase: LossPhrase): VocabularyEntry {
  return {
    kind: "loss",
    id: lossId(phrase.name),
    name: phrase.name,
    nameZh: null,
    fullName: phrase.fullName,
    aliases: [],
    description: null,
    rule: phrase.rule,
  };
}

function hitOf(phrase: LossPhrase, entry: VocabularyEntry, block: BlockView, index: number): TermHit {
  return {
    entry,
    surface: block.text.slice(phrase.start, phrase.end),
    start: phrase.start,
    end: phrase.end,
    block: index,
    line: lineAt(block.text, phrase.start, block.line),
  };
}

/** A term inside the expansion of another term (`NT-Xent (normalized temperature-scaled cross entropy loss)`) is that term's. */
function insideOtherExpansion(
  hit: TermHit,
  all: readonly TermHit[],
  definitions: readonly Definition[],
  vocabulary: Vocabulary,
): boolean {
  return definitions.some((definition) => {
    const from = definition.longOffset;
    const to = from + definition.long.length;
    if (hit.start < from || hit.end > to) return false;
    const owner = all.find((other) => other.start === definition.offset) ?? null;
    const ownerId = owner?.entry.id ?? vocabulary.matcher.lookup(definition.short)?.id ?? null;
    return ownerId !== null && ownerId !== hit.entry.id && owner !== hit;
  });
}

/**
 * `NT-Xent (normalized temperature-scaled cross entropy loss)`: words in brackets right after
 * a term spell that term out, even when the letters do not line up; the terms in them are its.
 */
const COPULA_AFTER =
  /^\s*(?:是|为|就是|即|用的是|采用的是|=|:=|is|was)\s*(?:the\s+|a\s+|an\s+|plain\s+|just\s+)?/i;

/**
 * `MAE 的重建损失是 MSE`, `the reconstruction loss is MSE`: a loss described in words and then
 * named is the named one; the description is no loss of its own.
 */
function restatedByCopula(hit: TermHit, all: readonly TermHit[], text: string): boolean {
  if (hit.entry.kind !== "loss" || hit.entry.rule !== "loss/phrase") return false;
  return restatedAs(hit, all, text.slice(hit.end), COPULA_AFTER);
}

function insideTermBrackets(hit: TermHit, all: readonly TermHit[], text: string): boolean {
  // `鲁棒损失函数（平滑 L1）`: brackets after the word loss name which loss, not the word.
  if (hit.entry.rule === "loss/bracketed-name") return false;
  const open = text.lastIndexOf("(", hit.start);
  const openWide = text.lastIndexOf("（", hit.start);
  const at = Math.max(open, openWide);
  if (at === -1) return false;
  const close = text.slice(at).search(/[)）]/);
  if (close === -1 || at + close < hit.end) return false;
  const inner = text.slice(at + 1, at + close).trim();
  // (Chinese writes a spelled-out name without spaces: `BCE（二分类交叉熵）`.)
  const words = /[\u4e00-\u9fff]{3}/.test(inner) ? 2 : inner.split(/\s+/).length;
  if (
    words < 2 ||
    // `image-text matching (ITM, with hard negatives ...)`: an abbreviation first is the other way round.
    /^[A-Z][A-Z0-9-]+\b/.test(inner) ||
    /^(?:with|without|e\.g\.|i\.e\.|see|which|from|using|and|or|not|as|in|on|for|by|like|such)\b/i.test(inner)
  ) {
    return false;
  }
  const owner = all.find(
    (other) => other !== hit && /^\s*$/.test(text.slice(other.end, at)) && other.end <= at,
  );
  // Only a short name is spelled out in brackets; a phrase before brackets is not.
  return owner !== undefined && owner.entry.id !== hit.entry.id && !/\s/.test(owner.surface.trim());
}

function sentenceOf(text: string, offset: number): string {
  const start = Math.max(
    text.lastIndexOf(". ", offset),
    text.lastIndexOf("。", offset),
    text.lastIndexOf("\n", offset),
    0,
  );
  const ends = [". ", "。", "\n"].map((mark) => text.indexOf(mark, offset)).filter((i) => i !== -1);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length);
}
