/**
 * The pass over every vocabulary term a note's prose holds: decide its sense (rules/terms.ts
 * `senseOf`), then how it relates to the model its section is about (`relationOf`). Pure:
 * hits and blocks in, occurrences out.
 */

import { lossId } from "../../../src/graph/ids.js";
import { groupBy } from "../../../src/store/collections.js";
import type { Definition } from "../abbreviations.js";
import { nameShape } from "../names.js";
import type { ModelRef, Section, TermOccurrence } from "../note-record.js";
import { paperTitleShape } from "../paper-links.js";
import type { Vocabulary, VocabularyEntry } from "../vocabulary.js";
import { isLossOfModel } from "./loss-phrases.js";
import { outlineModel } from "./models.js";
import { confidenceOf, type RuleId } from "./registry.js";
import {
  type BlockView,
  clauseAround,
  LOSS_COLUMN,
  relationOf,
  type SenseContext,
  senseOf,
  sentenceAround,
  type TermHit,
  withoutClosedAsides,
} from "./terms.js";

export interface TermPassInput {
  hits: readonly TermHit[];
  blocks: readonly BlockView[];
  sections: readonly Section[];
  subjects: readonly ModelRef[];
  definitions: readonly Definition[];
  vocabulary: Vocabulary;
}

export interface TermPassResult {
  occurrences: TermOccurrence[];
  /** Longer model names a vocabulary name starts (`YOLO v3`, `BLIP-Diffusion`), where they stand. */
  longerNames: { name: string; line: number; section: number }[];
}

export function classifyTerms(input: TermPassInput): TermPassResult {
  const { blocks, sections, vocabulary } = input;
  const definitions = new Map<string, string[]>();
  for (const definition of input.definitions) {
    definitions.set(definition.short, [...(definitions.get(definition.short) ?? []), definition.long]);
  }
  const senseContext: SenseContext = { definitions, lookup: (text) => vocabulary.matcher.lookup(text) };

  const kept: { hit: TermHit; entry: VocabularyEntry }[] = [];
  const longerNames: TermPassResult["longerNames"] = [];
  const noteModelRefs = [...input.subjects, ...sections.flatMap((s) => (s.model ? [s.model] : []))];
  const ownModels = noteModelRefs.map((model) => model.name);
  for (const hit of input.hits) {
    const block = blocks[hit.block];
    if (!block) continue;
    if (hit.entry.rule === "loss/phrase" && isLossOfModel(hit.entry.name, ownModels)) continue;
    const sense = senseOf(hit, block, senseContext);
    if (sense.keep) kept.push({ hit, entry: sense.entry });
    else if (sense.longerName)
      longerNames.push({ name: sense.longerName.trim(), line: hit.line, section: block.section });
  }

  const subject = input.subjects.length === 1 ? (input.subjects[0] ?? null) : null;
  const namesOf = (model: ModelRef): string[] => {
    const entry = vocabulary.byId.get(model.id);
    return entry
      ? [entry.name, entry.nameZh, ...entry.aliases].filter((n): n is string => Boolean(n))
      : [model.name];
  };

  const losses = lossIndex(kept, blocks);
  const modelHits = groupBy(
    kept.filter(({ entry }) => entry.kind === "model").map(({ hit }) => hit),
    (hit) => hit.block,
  );
  const headingCache = new Map<number, string[]>();
  const headings = (section: number): string[] => {
    let found = headingCache.get(section);
    if (!found) {
      found = headingsOf(sections, section);
      headingCache.set(section, found);
    }
    return found;
  };
  const occurrences: TermOccurrence[] = [];
  /** `model|loss` pairs the note denies outright (deniedLoss), and each occurrence's model. */
  const denied = new Set<string>();
  const modelOf: (string | null)[] = [];
  const hitOf: TermHit[] = [];
  const noteModels = new Map(noteModelRefs.map((model) => [model.name.toLowerCase(), model]));
  for (const { hit, entry } of kept) {
    const block = blocks[hit.block] as BlockView;
    const section = sections[block.section];
    // `| GCN | ... | cross-entropy |` under `| Model | ... | Loss |`: the row's model, when the note
    // is about it, uses the loss in its row's loss column.
    const rowModel =
      entry.kind === "loss" && block.cell && LOSS_COLUMN.test(block.cell.header)
        ? (noteModels.get(block.cell.rowName.toLowerCase()) ?? null)
        : null;
    const placed = rowModel ?? section?.model ?? subject;
    // In a note about several models, an outline item naming one of them is its section.
    const outlined = rowModel ?? (placed ? null : outlineModel(block.outline ?? [], input.subjects));
    const model = placed ?? outlined;
    const found = relationOf(hit, entry, {
      block,
      colistedLosses: entry.kind === "loss" ? losses.colisted(hit) : 0,
      headings: block.parentItem ? [...headings(block.section), block.parentItem] : headings(block.section),
      model: model ? { names: namesOf(model) } : null,
      inSubHeading: block.kind === "heading" && !section?.opensModel && model !== null,
    });
    if (found.relation === "none") {
      // `只保留 clip，不加 KL 惩罚`: a loss's short name denied outright still denies the loss,
      // though alone it is too weak to name one.
      if (
        model &&
        entry.kind === "loss" &&
        DENIED_RIGHT_BEFORE.test(clauseBefore(block, hit)) &&
        !inQuestion(block, hit)
      )
        denied.add(`${model.id}|${entry.id}`);
      continue;
    }
    const relation: { relation: "uses" | "mentions"; rule: RuleId; confidence: number } = rowModel
      ? found.rule === "term" || found.relation === "uses"
        ? { relation: "uses", rule: "uses/table-row", confidence: confidenceOf("uses/table-row") }
        : { ...found, relation: found.relation }
      : found.relation === "uses" &&
          model &&
          ((block.cell !== undefined && rowOfOtherModel(block.cell.rowName, namesOf(model), vocabulary)) ||
            (block.columnHeader !== undefined &&
              rowOfOtherModel(block.columnHeader, namesOf(model), vocabulary)) ||
            subjectIsOtherModel(hit, block, model.id, namesOf(model), modelHits) ||
            aboutFollowUp(hit, block) ||
            itemLedByOtherModel(block, namesOf(model), vocabulary, hit.surface) ||
            (found.rule === "uses/loss-context" &&
              aboutOtherModel(hit, block, model.id, namesOf(model), modelHits)) ||
            relativeClauseOfOtherName(hit, block, namesOf(model)))
        ? {
            relation: "mentions" as const,
            rule: "relation/other-model" as const,
            confidence: confidenceOf("term"),
          }
        : { ...found, relation: found.relation };
    // (`HuBERT 不用对比损失` in wav2vec 2.0's note denies it of HuBERT; `如果把 diversity loss 去掉会怎么样？` asks.)
    if (
      model &&
      entry.kind === "loss" &&
      relation.rule === "relation/negated" &&
      deniedLoss(block, hit) &&
      !inQuestion(block, hit) &&
      !subjectIsOtherModel(hit, block, model.id, namesOf(model), modelHits)
    ) {
      denied.add(`${model.id}|${entry.id}`);
    }
    modelOf.push(model?.id ?? null);
    hitOf.push(hit);
    occurrences.push({
      kind: entry.kind,
      id: entry.id,
      line: hit.line,
      section: block.section,
      relation: relation.relation,
      rule: relation.rule,
      confidence: relation.confidence,
      ...(outlined ? { outlineModel: outlined.id } : {}),
      ...(entry.rule ? { adhoc: { name: entry.name, fullName: entry.fullName, rule: entry.rule } } : {}),
    });
  }
  // `- no diversity loss, because there is no codebook` in HuBERT's own section: a loss the note
  // denies for its model is not that model's anywhere in the note, whatever a weaker cue says
  // elsewhere (the background paragraph on wav2vec 2.0 that names it).
  const settled =
    denied.size === 0
      ? occurrences
      : occurrences.map((occurrence, i) =>
          occurrence.relation === "uses" && denied.has(`${modelOf[i]}|${occurrence.id}`)
            ? {
                ...occurrence,
                relation: "mentions" as const,
                rule: "relation/denied-in-note" as const,
                confidence: confidenceOf("relation/denied-in-note"),
              }
            : occurrence,
        );
  return { occurrences: notChosen(settled, hitOf, modelOf, blocks), longerNames };
}

/**
 * `最终采用 VFL`, `In the end they chose GIoU loss`: a choice, not a step in a sequence
 * (`Finally, it uses LM` is not one: `use` names no choice).
 */
const CHOICE =
  /(?:最终|最后)(?:还是)?(?:决定)?(?:采[用⽤]|选[择用⽤]了?|选了|定为)|(?:最终|最后|后面)[^，。；,.;\n]{0,8}?(?:还是|继续|仍然|依然|仍)[^，。；,.;\n]{0,6}?[用⽤]|\b(?:finally|eventually|ultimately|in the end)\b[,\s]+(?:[\w-]+\s+){0,3}?(?:adopt(?:s|ed)?|cho(?:se|oses?)|select(?:s|ed)?|pick(?:s|ed)?|settle[sd]? on|opt(?:s|ed)? for|went with|go(?:es)? with)\b|\b(?:we|they|the authors?)\s+(?:thus\s+|therefore\s+|then\s+)?(?:chose|selected|opted for|settled on|went with)\b/i;
/** Candidates were weighed: compared, evaluated, tried. */
const WEIGHED =
  /评估|比较|对比了|实验|尝试|试了|试过|消融|\b(?:compar\w*|evaluat\w*|tried|tested|experiment\w*|ablat\w*|candidates?|alternatives?)\b/i;

/**
 * `Focal Loss ...; QFL ...; VFL ... — 我们评估了这些分类损失，最终采用 VFL`: when a note weighs
 * losses and then names the one chosen (`所以最后还是老老实实用 BPR`, `后面所有实验继续用交叉熵`),
 * the ones before the choice that it passed over are mentions (rule `relation/not-chosen`). The
 * scope is the choice's list (its sibling items), or its section when it is not in a list; a
 * choice that names no loss it knows settles nothing.
 */
function notChosen(
  occurrences: readonly TermOccurrence[],
  hits: readonly TermHit[],
  models: readonly (string | null)[],
  blocks: readonly BlockView[],
): TermOccurrence[] {
  const choices: { block: number; at: number; model: string | null; chosen: Set<string> }[] = [];
  const lossesIn = groupBy(
    occurrences.flatMap((occurrence, i) => (occurrence.kind === "loss" ? [i] : [])),
    (i) => (hits[i] as TermHit).block,
  );
  for (const [b, indices] of lossesIn) {
    const block = blocks[b] as BlockView;
    const cue = CHOICE.exec(block.text);
    if (!cue) continue;
    const sentence = sentenceAround(block.text, cue.index, cue.index + cue[0].length);
    const chosen = indices.filter((i) => {
      const hit = hits[i] as TermHit;
      return hit.start >= cue.index + cue[0].length && hit.end <= sentence.end;
    });
    // `所以最后还是老老实实用 BPR`: the choice may name a loss the note found elsewhere (`BPR loss`) by its bare name.
    const bare = /^\s*[*_]*([A-Za-z][\w-]*)/.exec(block.text.slice(cue.index + cue[0].length))?.[1];
    const named = bare
      ? occurrences.find(
          (occurrence) =>
            occurrence.kind === "loss" && [lossId(bare), lossId(`${bare} loss`)].includes(occurrence.id),
        )
      : undefined;
    const ids = chosen.map((i) => (occurrences[i] as TermOccurrence).id);
    if (ids.length === 0 && named) ids.push(named.id);
    if (ids.length === 0) continue;
    choices.push({
      block: b,
      at: cue.index,
      model: models[chosen[0] ?? (indices[0] as number)] ?? null,
      chosen: new Set(ids),
    });
  }
  if (choices.length === 0) return [...occurrences];
  const out = [...occurrences];
  for (const choice of choices) {
    const at = blocks[choice.block] as BlockView;
    const inScope = (b: number) => {
      const block = blocks[b] as BlockView;
      return at.listKey ? block.listKey === at.listKey : block.section === at.section && !block.listKey;
    };
    const before = (i: number) => {
      const hit = hits[i] as TermHit;
      return hit.block < choice.block || (hit.block === choice.block && hit.start < choice.at);
    };
    const scopeText = [...lossesIn.keys()]
      .filter((b) => b <= choice.block && inScope(b))
      .map((b) => (blocks[b] as BlockView).text)
      .join("\n");
    if (!WEIGHED.test(scopeText)) continue;
    out.forEach((occurrence, i) => {
      if (
        occurrence.kind === "loss" &&
        occurrence.relation === "uses" &&
        models[i] === choice.model &&
        !choice.chosen.has(occurrence.id) &&
        inScope((hits[i] as TermHit).block) &&
        before(i)
      ) {
        out[i] = {
          ...occurrence,
          relation: "mentions",
          rule: "relation/not-chosen",
          confidence: confidenceOf("relation/not-chosen"),
        };
      }
    });
  }
  return out;
}

/**
 * A denial, not a comparison: `no X`, `without X`, `X is not used`, `去掉了 X`, `没有用 X`
 * (`compared with X`, `better than X` say nothing about whether X is used; `有没有影响`, `用不用`
 * ask whether, and deny nothing).
 */
/** Chinese words that deny a use outright (`没有`, `不用`, `不加`): before a term, in its clause or right before it. */
const DENY_ZH = "(?<!有)没有|没用|(?<!用)不用|不使用|不需要|不加入?|不引入|不采用|无需";
const DENIAL_BEFORE = new RegExp(
  `(?:\\b(?:no|not|without|w\\/o|never|neither|nor|drop(?:s|ped)?|remov(?:e|es|ed)|discard(?:s|ed)?|abandon(?:s|ed)?)\\b|${DENY_ZH}|去掉|去除|移除|舍弃|抛弃|放弃|弃用)(?:(?!\\s(?:but|and|so|then|while|whereas|--)\\s|[—–]|但|而)[^,;:。；，：]){0,30}$`,
  "i",
);
const DENIAL_AFTER =
  /^[^,;:。；，：]{0,30}(?:\b(?:is|are|was|were)\s+not\b|\bisn[’']t\b|(?<!有)没有|(?<!用)不用|去掉|被去掉)/i;

/** A denial right before the term (`不加 KL 惩罚`, `without KL`): about the term, not the clause. */
const DENIED_RIGHT_BEFORE = new RegExp(
  `(?:\\b(?:no|without|w\\/o|never)\\s+(?:the\\s+|an?\\s+|any\\s+)?|${DENY_ZH})\\s*(?:任何)?\\s*$`,
  "i",
);

function deniedLoss(block: BlockView, hit: TermHit): boolean {
  const clause = clauseAround(block.text, hit.start, hit.end);
  return (
    DENIAL_BEFORE.test(clauseBefore(block, hit)) || DENIAL_AFTER.test(block.text.slice(hit.end, clause.end))
  );
}

/** The term's clause before it; inside brackets the denial outside does not reach (`不用 MLM 了（换成了生成式的 LM）`). */
function clauseBefore(block: BlockView, hit: TermHit): string {
  const clause = clauseAround(block.text, hit.start, hit.end);
  const before = block.text.slice(clause.start, hit.start);
  const opened = Math.max(before.lastIndexOf("("), before.lastIndexOf("（"));
  const closed = Math.max(before.lastIndexOf(")"), before.lastIndexOf("）"));
  return opened > closed ? before.slice(opened + 1) : withoutClosedAsides(before);
}

/** `The follow-up *Improved Techniques ...* ... switches to a Pseudo-Huber loss`, `后续：同组的 iCT …改用 Pseudo-Huber 损失`. */
const FOLLOW_UP =
  /\b(?:the|a|its|their)\s+follow-?up\b|\bfollow-?up\s+(?:paper|work)\b|\b(?:later|subsequent)\s+(?:paper|work)\b|后续(?:工作|论文|版本)?\s*[：:]|后来的?[^，。；,;]{0,6}?(?:工作|论文|版本|模型|方法|算法|检测器)|\blater\s+(?:\w+\s+)?(?:models|methods|detectors|versions)\b/i;

/** A sentence about a later paper than the note's: what it uses is that paper's. */
function aboutFollowUp(hit: TermHit, block: BlockView): boolean {
  const sentence = sentenceAround(block.text, hit.start, hit.end);
  return FOLLOW_UP.test(block.text.slice(sentence.start, hit.start));
}

/**
 * `GPT-3 以文字接龙（language modeling）方式生成回答` in InstructGPT's section: the clause is about
 * the model it opens with, another than the section's, so what it names is not the section
 * model's use.
 */
function subjectIsOtherModel(
  hit: TermHit,
  block: BlockView,
  modelId: string,
  ownNames: readonly string[],
  modelHits: ReadonlyMap<number, readonly TermHit[]>,
): boolean {
  let clause = clauseAround(block.text, hit.start, hit.end);
  // `TabNet（arXiv:1908.07442）在…`: a colon inside a bracket ends no clause.
  if (/^[^（(]*[）)]/.test(block.text.slice(clause.start, hit.start))) {
    const open = Math.max(
      block.text.lastIndexOf("（", clause.start),
      block.text.lastIndexOf("(", clause.start),
    );
    if (open >= 0) clause = { ...clause, start: clauseAround(block.text, open, open + 1).start };
  }
  const subjectAt = (from: number): number =>
    from + (SUBJECT_LEAD.exec(block.text.slice(from, hit.start))?.[0].length ?? 0);
  const hits = modelHits.get(hit.block) ?? [];
  /**
   * At `at` stands another model than the section's, as the subject of what follows: one the
   * vocabulary knows, or a name-shaped word (`wav2vec 2.0`, `IPO`, `GAE / VGAE`) then its verb
   * (`IPO（arXiv:…）就是…`, `SimMIM 的 encoder 会…`, `UltraGCN skips …`).
   */
  const otherSubject = (at: number, ownClause: boolean): boolean => {
    const known = hits.find(
      (other) => other.start === at && other.end <= hit.start && other.entry.id !== modelId,
    );
    // A known model opening the term's own clause is its subject; one opening the sentence is,
    // for a later clause, only with its verb (`ResNet + FPN 骨干，…，框回归子网络用 smooth L1 loss`
    // is not ResNet's).
    if (known && ownClause) return true;
    const named = known
      ? block.text.slice(known.start, known.end)
      : NAMED_SUBJECT.exec(block.text.slice(at, hit.start))?.[0];
    if (!named) return false;
    const first = named.split(/\s*\/\s*/)[0] ?? named;
    if (!known && (nameShape(first) < 0.6 || holdsOwnName(named, ownNames))) return false;
    // The bracket that cites it, `那套 <link>`: what stands between a name and its verb.
    const after = block.text
      .slice(at + named.length)
      .replace(/^\]\]/, "")
      .replace(/^\s*[(（][^)）]{0,80}[)）]/, "")
      .replace(/^\s*(?:那套|这套|那篇|这篇)?\s*(?:https?:\/\/\S+)?/, "");
    // (An English clause's own subject counts when the vocabulary knows it: `The RPN is trained
    // with a multi-task loss` in Faster R-CNN's note is about a part of it.)
    return CHINESE_VERB.test(after) || (!ownClause && ENGLISH_VERB.test(after));
  };
  const clauseOpening = block.text.slice(clause.start, hit.start).trimStart();
  // The clause's own subject (`IPO 把 log-sigmoid 换成了一个平方损失`).
  // (After a label's colon inside the clause too: `和 TabNet 对比一下：TabNet（arXiv:…）在…之外`.)
  const colonInClause = lastColonAt(block.text, hit.start);
  if (
    otherSubject(subjectAt(clause.start), true) ||
    (colonInClause > clause.start && otherSubject(subjectAt(colonInClause + 1), true))
  )
    return true;
  // `wav2vec 2.0 的做法是在线学一个量化器，再用对比损失去区分正负样本`: a Chinese clause that opens
  // with no name of its own (`再用…`) goes on with its sentence's subject; so does an English one
  // that opens with its verb (`[[UltraGCN]] skips the message passing, approximates ... with a constraint loss`).
  const sentence = sentenceAround(block.text, hit.start, hit.end);
  const continues =
    /^[\p{Script=Han}]/u.test(clauseOpening) ||
    /^(?:and\s+|then\s+|also\s+)?[a-z]+(?:s|ed)\b/.test(clauseOpening);
  if (
    sentence.start >= clause.start ||
    !continues ||
    // (`类似 SimSiam 的…损失`: a name the clause likens its term to is not its subject.)
    hits.some(
      (other) =>
        other.start >= clause.start &&
        other.end <= hit.start &&
        !/(?:类似|像|如同|借鉴|参考)\s*$/.test(block.text.slice(clause.start, other.start)),
    )
  )
    return false;
  // At the sentence's start, or after a label's colon (`和 SimMIM 的区别：SimMIM 的 encoder 会…`).
  const colon = lastColonAt(block.text, clause.start);
  const starts = colon > sentence.start ? [sentence.start, colon + 1] : [sentence.start];
  return starts.some((start) => otherSubject(subjectAt(start), false));
}

/** The text names one of the section model's own names (folding case). */
function holdsOwnName(text: string, ownNames: readonly string[]): boolean {
  const folded = text.toLowerCase();
  return ownNames.some((name) => name && folded.includes(name.toLowerCase()));
}

/** The last colon (either width) at or before `at`, or -1. */
function lastColonAt(text: string, at: number): number {
  return Math.max(text.lastIndexOf("：", at), text.lastIndexOf(":", at));
}

/** The term stands in a sentence that ends with a question mark. */
function inQuestion(block: BlockView, hit: TermHit): boolean {
  const sentence = sentenceAround(block.text, hit.start, hit.end);
  return /^[^\n]*?[?？]/.test(block.text.slice(hit.end, Math.min(block.text.length, sentence.end + 1)));
}

/** What may stand before a clause's subject: markup, `the`, `while`, `以前的`. */
const SUBJECT_LEAD =
  /^[\s>*_\-–—(（"“]*(?:(?:所以|因此|而且|而|但是|但|不过|另外|此外|同时|其实|因为)\s*)?(?:\[\[)?(?:the\s+|while\s+|whereas\s+|(?:以前|之前|早期|传统|原来|原始|后来|后续)的\s*)?/i;
/** A name, or names given together (`GAE / VGAE`). */
const NAMED_SUBJECT = /^[A-Za-z][\w.-]*(?:\s\d+(?:\.\d+)?)?(?:\s*\/\s*[A-Za-z][\w.-]*)*/;
const ENGLISH_VERB =
  /^\s*(?:also\s+|then\s+)?(?!(?:loss|class|bias|process|less|access|miss|mass|pass|cross|focus|status|corpus)\b)(?:is|was|[a-z]+(?:s|ed))\b/;
const CHINESE_VERB =
  /^\s*(?:的\s*(?:[A-Za-z]+|\p{Script=Han}{1,4})?\s*)?(?:做法|方法|思路|方案)?(?:不|没|并不|也)?(?:有|是|则|就|用|采用|通过|会|先|在|把|将|提出|引入|加入|改用|重建)/u;

/**
 * The name a list item opens with, before a dash or colon (`**CPC** [3] -- predict ...`,
 * `wav2vec 2.0: ...`, `[[wav2vec 2.0]] — ...`), past a bracket that cites its paper
 * (`- **IPO**（A General Theoretical Paradigm ...）：...`; a setting like `(γ=0)` is no
 * citation, and keeps the item the section's).
 */
const ITEM_LEAD =
  /^[\s*_]*(?:\[\[)?([^\s*_:：—–()（）[\]][^*_:：—–()（）[\]\n]{0,38}?)(?:\]\])?[\s*_]*(?:\[\d+\]\s*)*(?:[(（](?=[^()（）\n]*(?:\b(?:19|20)\d{2}\b|et al|arxiv|[A-Z][a-z]+\s+[A-Z][a-z]+\s+[A-Za-z]))[^()（）\n]{0,160}[)）][\s*_]*)?(?:\s--|—|–|:|：)/;

const TITLE_LEAD =
  /^[\s*_]*([A-Z][^()（）:：—–\n]{15,140}?)\s*[(（][^()（）\n]{0,80}(?:[Aa]r[Xx]iv|\b(?:19|20)\d{2}\b|et al)[^()（）\n]{0,80}[)）][\s*_]*(?:—|–|--|:|：)/;

/**
 * `- **CPC** -- predict the future ... with InfoNCE` in HuBERT's note: a list item (or what hangs
 * under one) that opens with another model's name and a dash or colon is about that model, so
 * what it names is that model's. A lead that is a loss or a step (`ITC:`, `Stage 1:`) is not.
 */
function itemLedByOtherModel(
  block: BlockView,
  ownNames: readonly string[],
  vocabulary: Vocabulary,
  term: string,
): boolean {
  const leads = [block.itemStart ? block.text : null, block.parentItem ?? null];
  // `- Improved Techniques for Training Consistency Models (iCT, arXiv:2310.14189) — drops LPIPS
  // and uses a Pseudo-Huber loss`: an item led by another paper's title, with the bracket that cites it.
  const ledByTitle = (text: string): boolean => {
    const title = TITLE_LEAD.exec(text)?.[1]?.trim();
    return title !== undefined && paperTitleShape(title) === "title-case" && !holdsOwnName(title, ownNames);
  };
  if (leads.some((text) => text !== null && ledByTitle(text))) return true;
  return leads.some((text) => {
    // (`- 相关:: [[SigLIP]] —— ...`: a Dataview or Logseq field's key comes before the item's lead.)
    const lead = text
      ? ITEM_LEAD.exec(text.replace(/^[\s*_-]*[\p{L}\p{N}_ ]{1,16}::\s*/u, ""))?.[1]?.trim()
      : undefined;
    // (`- NSP (next sentence prediction): ...`: an item that defines the term itself.)
    if (!lead || lead.toLowerCase() === term.toLowerCase() || holdsOwnName(lead, ownNames)) return false;
    // `InstructGPT / RLHF-PPO`: names given together, any of them a model.
    return lead.split(/\s*\/\s*/).some((part) => {
      const known = vocabulary.matcher.lookup(part);
      if (known) return known.kind === "model";
      return nameShape(part) >= 0.6 && !/loss|objective|stage|step|phase|损失|阶段|步/i.test(part);
    });
  });
}

/**
 * `| PPO（RLHF） | ... | clipped surrogate objective |` in DPO's note: a row of a comparison
 * table (one with a model column) that names another model says what that model uses; so does
 * a column headed by another model (`| | HF-Rank v7 (prod) | DCN-V2 (proposal) |`).
 */
function rowOfOtherModel(rowName: string, ownNames: readonly string[], vocabulary: Vocabulary): boolean {
  const name = rowName.replace(/\s*[(（][^)）]*[)）]\s*$/, "").trim();
  if (!name || holdsOwnName(name, ownNames)) return false;
  const known = vocabulary.matcher.lookup(name);
  return known ? known.kind === "model" : nameShape(name) >= 0.6;
}

/**
 * `Masked language modeling made BERT the default recipe` in MAE's note: a loss named without
 * the word loss, in a clause that names another model and not the section's own, is that
 * model's. (`InfoNCE loss` says what it is wherever it stands, and is left alone.)
 */
function aboutOtherModel(
  hit: TermHit,
  block: BlockView,
  modelId: string,
  ownNames: readonly string[],
  modelHits: ReadonlyMap<number, readonly TermHit[]>,
): boolean {
  if (/loss|objective|损失|目标/i.test(hit.surface)) return false;
  const clause = clauseAround(block.text, hit.start, hit.end);
  const text = block.text.slice(clause.start, clause.end);
  if (holdsOwnName(text, ownNames)) return false;
  return (modelHits.get(hit.block) ?? []).some(
    (other) => other.start >= clause.start && other.end <= clause.end && other.entry.id !== modelId,
  );
}

/**
 * `compare this with SASRec, which trains with **binary cross-entropy**`: a relative clause on
 * another name (spelled like a model's: SASRec, GPT-2, DETR) says what that one uses, whether or
 * not the vocabulary knows it.
 */
function relativeClauseOfOtherName(hit: TermHit, block: BlockView, ownNames: readonly string[]): boolean {
  const sentence = sentenceAround(block.text, hit.start, hit.end);
  const before = block.text.slice(sentence.start, hit.start);
  const named = /([A-Za-z][\w.-]*)\s*,?\s+(?:which|who|that)\s+(?:\S+\s+){0,4}$/.exec(before)?.[1];
  if (!named || nameShape(named) < 0.6) return false;
  return !ownNames.some((name) => name.toLowerCase() === named.toLowerCase());
}

/** Other losses in the same sentence, or in the same list (`- ITC ...`, `- ITM: ...`, `- LM: ...`). */
function lossIndex(
  kept: readonly { hit: TermHit; entry: VocabularyEntry }[],
  blocks: readonly BlockView[],
): { colisted(hit: TermHit): number } {
  const byBlock = new Map<number, TermHit[]>();
  const byList = new Map<string, Set<string>>();
  for (const { hit, entry } of kept) {
    if (entry.kind !== "loss") continue;
    byBlock.set(hit.block, [...(byBlock.get(hit.block) ?? []), hit]);
    const list = blocks[hit.block]?.listKey;
    if (list) byList.set(list, (byList.get(list) ?? new Set()).add(hit.entry.id));
  }
  return {
    colisted(hit) {
      const block = blocks[hit.block] as BlockView;
      const sentence = sentenceAround(block.text, hit.start, hit.end);
      // The block's loss hits are in text order: look only at those inside the sentence.
      const inBlock = byBlock.get(hit.block) ?? [];
      let inSentence = 0;
      for (let i = firstAtOrAfter(inBlock, sentence.start); i < inBlock.length; i++) {
        const other = inBlock[i] as TermHit;
        if (other.start >= sentence.end) break;
        if (other.entry.id !== hit.entry.id && other.end <= sentence.end) inSentence++;
      }
      const listed = block.listKey ? byList.get(block.listKey) : undefined;
      const inList = listed ? [...listed].filter((id) => id !== hit.entry.id).length : 0;
      return inSentence + inList;
    },
  };
}

/** The heading of a section and of each section it sits in. */
function headingsOf(sections: readonly Section[], index: number): string[] {
  const headings: string[] = [];
  let depth = Number.POSITIVE_INFINITY;
  for (let i = index; i > 0; i--) {
    const section = sections[i];
    if (!section || section.depth >= depth) continue;
    headings.push(section.heading);
    depth = section.depth;
  }
  return headings;
}

function firstAtOrAfter(hits: readonly TermHit[], offset: number): number {
  let low = 0;
  let high = hits.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((hits[middle]?.start ?? 0) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
