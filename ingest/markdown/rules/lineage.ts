/**
 * Lineage stated in prose: `BLIP builds on ALBEF`, `based on ViT`, `基于 MoCo`, `在 BLIP-2 的
 * 基础上`, `应用在原有的 MoCo 框架`. The model the phrase names may be one the vocabulary does not know (`builds on
 * Chinchilla`): then it must look like a name, and a plain word must be used as a name
 * elsewhere in the note. A negation in the clause (`not on a language model`) stops it.
 */

import { nameShape } from "../names.js";
import type { ModelRef, Section } from "../note-record.js";
import type { Vocabulary } from "../vocabulary.js";
import { countName, resolveModel } from "./models.js";
import { confidenceOf } from "./registry.js";
import { type BlockView, clauseAround } from "./terms.js";

export interface LineageFound {
  target: ModelRef;
  line: number;
  section: number;
}

const NAME = String.raw`([A-Za-z][A-Za-z0-9]*(?:[-.+·][A-Za-z0-9]+)*(?:\s+v?\d+(?:\.\d+)?(?![\w.]))?)`;
const PHRASES = [
  new RegExp(
    String.raw`\b(?:based on|builds? (?:up)?on|built (?:up)?on|extends|extending|on top of|a successor (?:of|to)|successor of|improves? (?:up)?on)\s+(?:the\s+)?${NAME}`,
    "gi",
  ),
  new RegExp(String.raw`(?:基于|借鉴(?:了)?|沿用(?:了)?|继承(?:了)?)\s*${NAME}`, "g"),
  new RegExp(String.raw`在\s*${NAME}\s*(?:的)?基础上`, "g"),
  // `将其应用在原有的 MoCo 框架上`, `applies them to the original MoCo framework`: built into it.
  new RegExp(
    String.raw`(?:应用|用|放|集成|整合|迁移)(?:在|到)\s*(?:原有的|原来的|已有的)?\s*${NAME}\s*(?:的)?(?:框架|架构)`,
    "g",
  ),
  new RegExp(
    String.raw`\b(?:appl(?:y|ies|ied)|plug(?:s|ged)?|integrat(?:e|es|ed)|incorporat(?:e|es|ed))\s+(?:\w+\s+){0,3}(?:in|into|to|on)\s+(?:the\s+)?(?:original\s+|existing\s+)?${NAME}\s+(?:framework|architecture)\b`,
    "gi",
  ),
];
const NEGATION = /\b(?:not|unlike|instead of|rather than)\b|没有|不是|而不是|不同于|并非/i;

export function findLineage(
  blocks: readonly BlockView[],
  sections: readonly Section[],
  subject: ModelRef | null,
  vocabulary: Vocabulary,
): LineageFound[] {
  const text = blocks.map((b) => b.text).join("\n");
  const noteModels = new Map(
    [subject, ...sections.map((section) => section.model)]
      .filter((model): model is ModelRef => model !== null && model !== undefined)
      .map((model) => [model.name.toLowerCase(), model.name]),
  );
  const found: LineageFound[] = [];
  for (const block of blocks) {
    const model = sections[block.section]?.model ?? subject;
    if (!model) continue;
    for (const pattern of PHRASES) {
      for (const match of block.text.matchAll(pattern)) {
        const matched = match[1] ?? "";
        const start = match.index + match[0].indexOf(matched);
        // `基于 Inst Disc`: a name of two words, as the note's own models or the vocabulary spell it.
        const longer = /^\s+([A-Z][\w-]*)/.exec(block.text.slice(start + matched.length))?.[1];
        const twoWords = longer ? `${matched} ${longer}` : null;
        const name =
          twoWords &&
          (noteModels.has(twoWords.toLowerCase()) || vocabulary.matcher.lookup(twoWords)?.kind === "model")
            ? twoWords
            : matched;
        const clause = clauseAround(block.text, match.index, start + name.length);
        if (NEGATION.test(block.text.slice(clause.start, clause.end))) continue;
        const next = block.text.slice(start + name.length).match(/^\s+([a-z]+)/)?.[1];
        const known = vocabulary.matcher.lookup(name);
        if (known && known.kind !== "model") continue;
        // `based on Gaussian noise`: a capitalised word followed by a noun is not a model's name.
        const shape = known ? 1 : nameShape(name);
        if (!known && (shape === 0 || (shape < 0.6 && (next !== undefined || countName(text, name) < 2))))
          continue;
        const line = block.line + (block.text.slice(0, start).match(/\n/g)?.length ?? 0);
        const target = resolveModel(name, vocabulary, "lineage/phrase", confidenceOf("lineage/phrase"), line);
        if (!target || target.id === model.id) continue;
        found.push({ target, line, section: block.section });
      }
    }
  }
  return found;
}
