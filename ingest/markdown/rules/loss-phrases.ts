/**
 * Losses the vocabulary does not know, found by how losses are written: a noun phrase that
 * ends in `loss` (`the focal loss`, `a sum-squared error loss`, `captioning loss`) or in
 * `损失` (`重建损失`), an abbreviation defined as a loss-like quantity in a sentence about
 * training (`the negative log-likelihood (NLL)` under `Objective:`), and the thing a model
 * is said to maximise or minimise (`目标是最大化 ELBO`). Each becomes a loss named as
 * written, with rule `loss/phrase`, `loss/definition` or `loss/objective`.
 */
import type { Definition } from "../abbreviations.js";
import { LOSS_CLASS_NAME, QUALIFIED } from "../prose.js";

export interface LossPhrase {
  start: number;
  end: number;
  /** The loss's name, as a node name: lower case (acronyms kept), singular. */
  name: string;
  fullName: string | null;
  rule:
    | "loss/phrase"
    | "loss/definition"
    | "loss/objective"
    | "loss/optimised-quantity"
    | "loss/bracketed-name"
    | "loss/copula"
    | "loss/sibling-heading"
    | "loss/defined-earlier"
    | "loss/formula"
    | "loss/objective-term"
    | "loss/class-name";
}

/**
 * A loss class as code names it (`MultipleNegativesRankingLoss`, `nn.CrossEntropyLoss`,
 * `BCEWithLogitsLoss`): camel case ending in `Loss`, in prose or in inline code.
 */
const LOSS_CLASS = new RegExp(`(?<![\\w$])${QUALIFIED}(${LOSS_CLASS_NAME})(?![\\w])`, "g");

export function findLossClassNames(text: string): LossPhrase[] {
  // (Most blocks hold no class name: the scan runs only where one can be.)
  if (!text.includes("Loss")) return [];
  return [...text.matchAll(LOSS_CLASS)].map((match) => {
    const name = match[1] ?? "";
    const start = match.index + match[0].length - name.length;
    return { start, end: start + name.length, name, fullName: null, rule: "loss/class-name" as const };
  });
}

/** `MultipleNegativesRankingLoss` -> `Multiple Negatives Ranking Loss`, to find it among the known losses. */
export function splitCamelCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
}

/** Words that say which loss but are not part of its name: articles, counts, `total`, `usual`. */
const NOT_A_MODIFIER =
  /^(?:following|including|include|includes|varying|novel|proposed|propose|proposes|new|little|less|more|much|minimal|minor|slight|significant|big|no|without|style|like|such|same|other|another|different|various|corresponding|respective|above|below|previous|standard|the|a|an|this|that|these|those|our|their|its|his|her|my|your|each|every|per|any|all|both|two|three|four|several|many|few|some|no|zero|one|total|overall|final|combined|weighted|joint|extra|additional|auxiliary|main|standard|usual|same|new|whole|plain|vanilla|simple|typical|common|original|modified|training|pre-?training|fine-?tuning|validation|val|test|train|low|lower|high|higher|small|large|mask|box|bbox|classification|regression|class|model|network|head|heads|step|steps|epoch|epochs|iteration|iterations|iter|batch|with|and|or|of|to|for|in|on|by|from|as|is|are|was|were|be|using|uses|use|used|via|into|plus|than|then|also|only|its|which|where|when|while|so|but|not|own|most|least|minimi[sz]es?|minimi[sz]ing|optimi[sz]es?|optimi[sz]ing|cls|reg|obj|objectness|conf|seg|det|aux|ran|run|runs|tried|try|tries|add|adds|added|apply|applies|applied|enable|enabled|disable|disabled|swap|swapped|switch|switched|keep|kept|drop|dropped|turned|eval|dev|held-out|full|entire|partial|raw|net|task|downstream|robust|separate|custom|suitable|proper|appropriate|better|worse|good|bad|right|wrong|single)$/i;
/** What a model is judged by: a loss of it is a drop (`accuracy loss`, `FID loss`), not a training objective. */
const MEASURE =
  /^(?:accuracy|acc|fid|ap|map|miou|iou-score|bleu|rouge|cider|wer|cer|performance|precision|recall|quality|information|throughput|speed|fidelity|detail|resolution)$/i;
/** Adjectives in front of a known loss that do not make another loss (`symmetric InfoNCE loss`). */
const ADJECTIVE = /(?:ed|al|ic|ous|ful|ive|ary|ent|ant|ble|ly|wise)$/i;

/**
 * Latin letters with their accents (`Lovász-softmax loss`: Latin-1 and the Latin Extended
 * blocks, spelled as ranges, which this hot regex runs faster with than a Unicode property),
 * digits, `_` and `-`; an opening bracket may stand before.
 */
const ENGLISH_PHRASE =
  /((?:[(（]?[A-Za-z0-9\u00C0-\u024F\u1E00-\u1EFF][\w\u00C0-\u024F\u1E00-\u1EFF-]*\s+){1,4})([Ll]oss(?:es)?|[Oo]bjectives?)\b/g;
/** (A line break ends the words before 损失: `猜得越准越好` on one line is no loss's name on the next.) */
const CHINESE_PHRASE = /([\u4e00-\u9fffA-Za-z0-9-]{1,10}?)[ \t]*损失(?:函数)?/g;
/** Verbs and function words that end what comes before a Chinese loss's name (`计算交叉熵损失` -> 交叉熵). */
const CHINESE_CUT =
  /^.*(?:的|用|过|需要|加上|[一两二三几每][次个种项]|了|和|与|及|是|在|为|个|种|等|即|把|将|做|由|以|于|没有|没|无|不|或|任何|加(?!权)|换成|改成|改用|换为|改为|来自|根据|基于|通过|关于|按照|依据|证明|表明|发现|显示|说明|它|其|最高|最低|较高|较低|更高|更低|对于|这些|那些|这个|那个|介绍|包括|包含|选择|择|起来|算|最佳|一系列|各|计算|控制|得到|求|最小化|最大化|降低|减少|优化|定义|写|自己|衡量|增加|表示|使得|使|让|叫做|叫|称为|称作|记为|记作|注意|关注|提出|引入|加入|去掉|去除|删除|移除|分析|研究|讨论|探讨|比较|受|：|:|，|,|、)/;

/** `loss` phrases in English and Chinese, with their spans in the text. */
export function findLossPhrases(text: string): LossPhrase[] {
  const found: LossPhrase[] = [];
  for (const match of text.matchAll(ENGLISH_PHRASE)) {
    // `📝 Note` on its own line, then `Losses, since ...`: a label's line is not part of the name.
    let lead = match[1] ?? "";
    const lineBreak = lead.lastIndexOf("\n");
    if (lineBreak >= 0) {
      const lineStart = text.lastIndexOf("\n", match.index + lineBreak - 1) + 1;
      const before = text.slice(lineStart, match.index + lineBreak).trim();
      if (before.split(/\s+/).length <= 3) lead = lead.slice(lineBreak + 1);
    }
    const words = lead.trim().split(/\s+/).filter(Boolean);
    const head = (match[2] ?? "").toLowerCase();
    // Keep the words right before `loss` that name it, up to the first word that does not.
    const kept: string[] = [];
    // `little loss in accuracy`, `the loss of information`: loss as a decrease, not an objective.
    if (/^\s+(?:of|in)\b/i.test(text.slice(match.index + match[0].length))) continue;
    for (let i = words.length - 1; i >= 0 && kept.length < 3; i--) {
      let word = words[i] ?? "";
      // `(auxiliary decoding losses, ...)`: an opening bracket ends the phrase after its word.
      const bracketed = /^[(（]/.test(word);
      if (bracketed) word = word.slice(1);
      // `the consistency training loss` names a way of training; `the training loss` is the loss on the training set.
      const previous = (words[i - 1] ?? "").replace(/^[(（]/, "");
      if (
        kept.length === 0 &&
        /^(?:pre-?)?training$/i.test(word) &&
        /^[a-z][a-z-]+$/.test(previous) &&
        !NOT_A_MODIFIER.test(previous) &&
        !/^(?:they|we|it|during|after|before|while|at|model|network)$/i.test(previous)
      ) {
        kept.unshift(word);
        continue;
      }
      // `auxiliary decoding loss` is a name; `auxiliary loss` and `the auxiliary MLM loss` are not.
      if (/^auxiliary$/i.test(word) && /^[a-z]/.test(kept[0] ?? "") && !NOT_A_MODIFIER.test(kept[0] ?? "")) {
        kept.unshift(word);
        if (bracketed) break;
        continue;
      }
      // Punctuation ends the phrase: `image-text matching (ITM) loss` is ITM's, not a new name.
      // `CLIP-style`, `two-term`, `token-level`: how the loss is set up, not its name.
      if (
        !word ||
        /[,;:()（）]/.test(word) ||
        NOT_A_MODIFIER.test(word) ||
        /^\d+(?:\.\d+)?[kKmM]?$/.test(word) ||
        /-(?:style|like|based|term|level|wise|free|only)$/i.test(word) ||
        // `they tried focal loss`: a subject or a verb ends what names the loss.
        /^(?:they|we|it|he|she|i|authors?|tried|tries|try|trying|adopted|adopts|applied|applies|trained|trains|added|adds|replaced|replaces|introduced|introduces|proposed|proposes|report|reported|reports|switched|swapped|compared?|compares|chose|chooses?|selected|selects?|picked|picks?|evaluated|evaluates?|tested|tests)$/i.test(
          word,
        )
      )
        break;
      kept.unshift(word);
      if (bracketed) break;
    }
    const first = kept[0];
    if (!first) continue;
    const start =
      match.index +
      (match[1] ?? "").lastIndexOf(first, (match[1] ?? "").length - kept.slice(1).join(" ").length - 1);
    // `BYOL's loss`: a model's own loss, not one named `s loss`.
    if (/^s$/i.test(first) && /[’']/.test(text[start - 1] ?? "")) continue;
    // `with small FID loss`, `some accuracy loss`: a measure that drops, not an objective.
    if (head.startsWith("loss") && kept.length === 1 && MEASURE.test(first)) continue;
    // `objective` only after a word that says what is learned: captioning, contrastive, denoising.
    // (or a name: `the VAE objective`, `the PPO objective`).
    if (
      head.startsWith("objective") &&
      !/(?:ing|ive)$/i.test(kept.at(-1) ?? "") &&
      !/^[A-Z][A-Z0-9-]+$/.test(kept.at(-1) ?? "")
    )
      continue;
    const phrase = `${kept.join(" ")} ${head.startsWith("loss") ? "loss" : "objective"}`;
    const end = match.index + match[0].length;
    found.push({ start, end, name: lossName(phrase), fullName: null, rule: "loss/phrase" });
  }
  // `the generalised IoU (GIoU) loss`: the abbreviation in brackets names the loss.
  for (const match of text.matchAll(/[(（]\s*([A-Za-z][\w-]{1,12})\s*[)）]\s*loss\b/g)) {
    const name = match[1] ?? "";
    const start = match.index + match[0].indexOf(name);
    found.push({ start, end: start + name.length, name, fullName: null, rule: "loss/phrase" });
  }
  for (const match of text.matchAll(CHINESE_PHRASE)) {
    // `Pseudo-Huber 损失`: a Latin name is taken whole, however long (the pattern stops at ten characters).
    const cutLatin = /^[A-Za-z0-9-]/.test(match[1] ?? "")
      ? (/[A-Za-z0-9-]+$/.exec(text.slice(0, match.index))?.[0] ?? "")
      : "";
    const matchStart = match.index - cutLatin.length;
    const matched = `${cutLatin}${match[0]}`;
    const modifier = `${cutLatin}${match[1] ?? ""}`
      .replace(CHINESE_CUT, "")
      // (`对称`, `对比`, `对数`, `对抗`: words that begin with 对, not 对 before a word.)
      .replace(/^(?:(?!对[称比数抗偶齐]|比[较例])[中上下时来于对把将被从向给让使比])+/, "")
      .trim();
    // `会有精度损失`, `信息损失`: a loss of something, a decrease, not an objective.
    if (/(?:精度|性能|信息|效果|质量|准确率|准确度|速度)$/.test(modifier)) continue;
    // `### Loss 损失函数`: the word said twice; `分类式损失`: a loss like a classifier's, not a name.
    if (/^(?:loss|losses|objective)$/i.test(modifier) || /式$/.test(modifier)) continue;
    if (
      modifier.length < 2 ||
      /^(?:总|总体|总体目标|整体|完整|最终|训练|验证|测试|这个|该|此|两个|三个|各个|每个|所有|分类|回归|鲁棒|主|辅助|额外|任务|相关|系列|目标|级分类|定位|置信|置信度|概率)$/.test(
        modifier,
      )
    )
      continue;
    let start = matchStart + matched.indexOf(modifier);
    let name = modifier;
    // `Fast R-CNN 损失`, `平滑 L1 损失`: a Latin name's first words stand before it, across a space.
    const before = text.slice(0, start);
    const latin = /^[A-Za-z0-9-]+$/.test(modifier);
    const lead = latin ? /(?:^|[^\w-])((?:[A-Z][\w-]*\s+){1,2})$/.exec(before) : null;
    const leadZh = latin && !lead ? /([\u4e00-\u9fff]{1,8})\s$/.exec(before) : null;
    const adjective = leadZh?.[1]?.replace(CHINESE_CUT, "") ?? "";
    // `iBOT 掩码预测损失`: a model's name before a Chinese description says whose loss it is.
    const owner = latin ? null : /(?:^|[^\w-])([A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\s$/.exec(before);
    if (owner?.[1]) {
      start -= owner[1].length + 1;
      name = `${owner[1]} ${modifier}`;
    } else if (lead?.[1]) {
      start -= lead[1].length;
      name = `${lead[1]}${modifier}`;
    } else if (adjective.length >= 2) {
      start -= adjective.length + 1;
      name = `${adjective} ${modifier}`;
    }
    found.push(lossAt(start, matchStart + matched.length, `${name}损失`, "loss/phrase"));
  }
  return found;
}

/**
 * `RPN 损失`, `the CLIP loss` in a note about RPN or CLIP: the words before `loss` say whose
 * loss it is (the model's total objective), not which kind; it names no loss of its own.
 */
export function isLossOfModel(lossName: string, modelNames: readonly string[]): boolean {
  const owner = lossName
    .replace(/\s*(?:loss|损失)$/i, "")
    .trim()
    .toLowerCase();
  return owner.length > 0 && modelNames.some((name) => name.toLowerCase() === owner);
}

/** Lower case but acronyms and model names kept (`InfoNCE`, `L1`, `GIoU`); `losses` -> `loss`. */
export function lossName(phrase: string): string {
  return phrase
    .split(/\s+/)
    .map((word) => (/[A-Z].*[A-Z0-9]|\d/.test(word) ? word : word.toLowerCase()))
    .join(" ")
    .replace(/\blosses$/, "loss")
    .trim();
}

/** True when the words before a known loss inside a phrase only qualify it (`symmetric`, `normalised softmax`). */
export function onlyQualifies(extraWords: string): boolean {
  const words = extraWords.trim().split(/\s+/).filter(Boolean);
  return words.every((word) => ADJECTIVE.test(word) || /^(?:softmax|sigmoid)$/i.test(word));
}

const LOSS_LIKE_HEAD =
  /\b(?:loss|error|likelihood|log-likelihood|entropy|divergence|distance|bound|ELBO|prediction|modell?ing)\s*$/i;
const TRAINING_CUE =
  /\b(?:objective|loss|minimi[sz]|maximi[sz]|optimi[sz]|trained|training|train)\w*|目标|损失|训练|优化|最小化|最大化/i;

/** `negative log-likelihood (NLL)` in a sentence about training: the short form names a loss. */
export function lossDefinitions(
  definitions: readonly (Definition & { sentence: string })[],
): { short: string; long: string; offset: number }[] {
  return definitions.filter(
    (definition) =>
      LOSS_LIKE_HEAD.test(definition.long) &&
      TRAINING_CUE.test(definition.sentence) &&
      /[A-Z]/.test(definition.short),
  );
}

const OBJECTIVE_OF =
  /(?:maximi[sz](?:e|es|ing)|minimi[sz](?:e|es|ing)|最大化|最小化)\s*(?:the\s+)?([A-Z][A-Za-z0-9-]{1,12})(?![A-Za-z0-9])(?=\s*(?:$|[,.;:，。；：(（)）]|\s+(?:and|or|of|with|on|over|to|for|by|under)\b))/g;

/** `maximise the log-likelihood`, `minimizing the KL divergence`: a loss-like quantity that is optimised. */
const OBJECTIVE_PHRASE =
  /(?:maximi[sz](?:e|es|ing)|minimi[sz](?:e|es|ing))\s+(?:the\s+)?((?:[A-Za-z][\w-]*\s+){0,2}?(?:log-likelihood|likelihood|variational bound|lower bound|evidence lower bound|divergence|cross-entropy|entropy|error))\b/gi;

/** `maximise the ELBO`, `目标是最大化 ELBO`, `maximize log-likelihood of ...`: what a model optimises. */
export function findObjectives(text: string): LossPhrase[] {
  const byAcronym = [...text.matchAll(OBJECTIVE_OF)].flatMap((match) => {
    const name = match[1] ?? "";
    if (!/[A-Z]{2}/.test(name)) return [];
    const start = match.index + match[0].lastIndexOf(name);
    return [{ start, end: start + name.length, name, fullName: null, rule: "loss/objective" as const }];
  });
  const byPhrase = [...text.matchAll(OBJECTIVE_PHRASE)].flatMap((match) => {
    const phrase = (match[1] ?? "").trim();
    const words = phrase.split(/\s+/);
    if (words.some((word, i) => i < words.length - 1 && NOT_A_MODIFIER.test(word))) return [];
    // `to minimise the error`: a generic head alone names no loss.
    if (/^(?:error|likelihood|divergence)$/i.test(phrase)) return [];
    const start = match.index + match[0].lastIndexOf(phrase);
    return [
      {
        start,
        end: start + phrase.length,
        name: lossName(phrase),
        fullName: null,
        rule: "loss/objective" as const,
      },
    ];
  });
  return [...byAcronym, ...byPhrase];
}

/** Heads that make a phrase a quantity a model can be trained on: an error, a bound, a divergence. */
const QUANTITY_HEAD_EN =
  "(?:error|variational bound|lower bound|log-likelihood|likelihood|divergence|distance|negative (?:cosine )?similarity)";
/**
 * `training on a weighted variational bound`, `we optimise the sum-squared error`, `trained with
 * a reconstruction error`: the verb says the quantity is what the model learns from. The words
 * before the head are kept back to the first word that only counts or qualifies (`weighted`).
 */
const OPTIMISED_EN = new RegExp(
  `\\b(?:optimi[sz](?:e|es|ed|ing)|(?:pre-?)?train(?:s|ed|ing)?\\s+(?:on|with|using|against))\\s+(?:the\\s+|a\\s+|an\\s+|our\\s+|their\\s+|its\\s+)?((?:[A-Za-z][\\w-]*\\s+){0,2}?${QUANTITY_HEAD_EN})\\b`,
  "gi",
);
/** `Objective: a weighted sum over datasets of the expected negative log-likelihood of ...`: a field that names the objective. */
const OBJECTIVE_FIELD_EN = new RegExp(
  `(?:^|\\n|[.;]\\s+)[-*\\s]*(?:\\*\\*)?(?:training\\s+)?(?:objective|loss)(?:\\s+function)?s?(?:\\*\\*)?\\s*[:：](?:\\*\\*)?\\s*(?:[^.;\\n]{0,60}?\\bof\\s+)?(?:the\\s+|a\\s+|an\\s+)?((?:[A-Za-z][\\w-]*\\s+){0,2}?${QUANTITY_HEAD_EN})\\b`,
  "gi",
);
/** CJK, with the radicals PDF copies put in its place (`平⽅和误差`: ⽅ is U+2F45, not 方). */
const CJK = "\\u2e80-\\u2fdf\\u4e00-\\u9fff";
/** `我们优化我们的输出中的平方和误差`: a verb of optimising, then, in the same clause, a named error, likelihood or divergence. */
const OPTIMISED_ZH = new RegExp(
  `(?:优化|最小化|最大化|训练)[^，。；！？：,.;!?:\\n]{0,24}?([${CJK}A-Za-z0-9-]{2,12}?(?:误差|似然|散度|下界|负余弦相似度))`,
  "g",
);
/** Quantities named by what they measure, not by how: `定位误差`, `分类误差` are parts of a loss, not one. */
/** What ends the words before a Chinese quantity's name: `我们的输出中的平方和误差` -> 平方和 (`和` may be part of the name). */
const QUANTITY_CUT_ZH = /^.*(?:的|了|是|在|为|用|把|将|对|优化|最小化|最大化|训练|：|:|，|,|、)/;
const GENERIC_ZH =
  /^(?:总|总体|整体|最终|训练|验证|测试|定位|分类|回归|预测|坐标|置信度?|模型|平均|这个|该|此)$/;

/** A loss-like quantity that the sentence says is optimised or trained on, named as written. */
export function findOptimisedQuantities(text: string): LossPhrase[] {
  const found: LossPhrase[] = [];
  for (const match of [...text.matchAll(OPTIMISED_EN), ...text.matchAll(OBJECTIVE_FIELD_EN)]) {
    const phrase = (match[1] ?? "").trim();
    const words = phrase.split(/\s+/);
    const cut = words.findLastIndex((word, i) => i < words.length - 1 && NOT_A_MODIFIER.test(word));
    const kept = words.slice(cut + 1);
    // `optimise the error`: a head alone names nothing.
    if (kept.length < 2 && !/-/.test(kept[0] ?? "")) continue;
    const name = kept.join(" ");
    const start = match.index + match[0].lastIndexOf(name);
    found.push(lossAt(start, start + name.length, lossName(name), "loss/optimised-quantity"));
  }
  for (const match of text.matchAll(OPTIMISED_ZH)) {
    const raw = match[1] ?? "";
    const head = /(?:误差|似然|散度|下界|负余弦相似度)$/.exec(raw)?.[0] ?? "";
    const modifier = raw
      .slice(0, raw.length - head.length)
      .replace(QUANTITY_CUT_ZH, "")
      .replace(/^(?:我们|我|它|其|模型)/, "")
      .replace(/^[中上下时来于对把将被从向给让使]+/, "");
    if (modifier.length < 2 || GENERIC_ZH.test(modifier)) continue;
    const start = match.index + match[0].lastIndexOf(modifier + head);
    found.push(
      lossAt(
        start,
        start + modifier.length + head.length,
        `${modifier}${head}`.normalize("NFKC"),
        "loss/optimised-quantity",
      ),
    );
  }
  return found;
}

/**
 * `a robust loss function (smooth L1)`, `鲁棒损失函数（平滑 $L_1$）`: a name in brackets right after
 * the word loss says which loss. A symbol alone (`($L_{cls}$)`), a pointer (`(Eq. 3)`, `(见下文)`)
 * or a citation (`(Hadsell et al., 2006)`) does not name one.
 */
const BRACKETED_AFTER_LOSS =
  /(?:\b[Ll]oss(?:\s+function)?|\b[Oo]bjective(?:\s+function)?|损失函数|损失|目标函数)\s*([(（])([^()（）\n]{2,40})[)）]/g;
const NOT_A_NAME =
  /^(?:eq|equation|see|e\.g|i\.e|cf|sec|section|fig|figure|table|which|where|when|as|for|in|on|with|without|if|and|or|weighted|averaged|summed|见|参见|如|例如|即|式|公式|图|表|下文|上文|后文|前文)\b|^(?:见|参见|如|例如|式|公式|图|表)|et al|\b(?:19|20)\d\d\b|^[\d\s.,;:=+\-*/^]+$/i;

/** Inline math read as its letters: `$L_ {1}$` -> `L1`, `$\\ell_2$` -> `ell2`. */
export function flattenMath(text: string): string {
  return text.replace(/\$([^$]{1,20})\$/g, (_, inner: string) =>
    inner.replace(/\\(?:mathrm|text|mathcal|operatorname)\b/g, "").replace(/[\\_{}^\s]/g, ""),
  );
}

export function findBracketedLossNames(text: string): LossPhrase[] {
  const found: LossPhrase[] = [];
  for (const match of text.matchAll(BRACKETED_AFTER_LOSS)) {
    const inner = match[2] ?? "";
    const raw = inner.trim();
    // `（α=1）`, `(γ=2)`: a setting, not a name; `Loss (mask / sem)`: the parts it is given for.
    if (NOT_A_NAME.test(raw) || /[=＝]/.test(raw) || /\s\/\s/.test(raw)) continue;
    // Only math (`$L_{cls}$`) is a symbol for the loss, not its name.
    if (!raw.replace(/\$[^$]*\$/g, "").trim()) continue;
    const name = flattenMath(raw).replace(/\s+/g, " ").trim();
    // A name: a short phrase with a Latin name in it (`smooth L1`, `Huber`) or one that ends like a loss.
    const words = name.split(/\s+/);
    // `二元排序损失（pairwise ranking loss）`: the same loss restated (found by loss/phrase), not another.
    if (/(?:loss|losses|objective|损失|损失函数|error|误差)$/i.test(name)) continue;
    // `定位损失（loc）`: a short lower-case tag is the loss's subscript, not its name; `(maximised)`
    // says what is done with it.
    if (/^[a-z]{1,5}$/.test(name) || /^[a-z]+(?:ed|ing|ised|ized)$/.test(name)) continue;
    // `a focal loss (commented out below)`: words in lower case are a remark, not a name.
    if (words.length >= 2 && /^[a-z\s-]+$/.test(name)) continue;
    // `the adversarial loss (least-squares GAN formulation)`: how the loss is set up, not another's name.
    if (/\b(?:formulation|form|version|variant|style|setting|variety)$/i.test(name)) continue;
    // `（actor 和 critic 共享网络时）`: a condition or a pair, in Chinese words, is a remark, not a name.
    if (/(?:时|时候|情况|如果|当|和|与|的|也|有|都|还)/.test(name)) continue;
    // `(weights 5.0 and 5.0)`: numbers are settings, not names (`L1` keeps its digit).
    if (words.some((word) => /^[\d.,:=×x%]+$/.test(word))) continue;
    if (words.length > 4 || (!/[A-Za-z0-9]/.test(name) && !/(?:损失|误差|熵|距离|散度)$/.test(name)))
      continue;
    // The name ends one character (the closing bracket) before the match does.
    const start = match.index + match[0].length - 1 - inner.length + inner.indexOf(raw);
    found.push(lossAt(start, start + raw.length, lossName(name), "loss/bracketed-name"));
  }
  return found;
}

/** `The loss is the negative cosine similarity`, `Loss = symmetrised negative cosine similarity:`, `L_loc: Smooth L1 between ...`, `损失是**负余弦相似度**`, `用 LPIPS 做训练目标`: what the loss is said to be. */
const COPULA_EN =
  /\b(?:the\s+)?(?:training\s+)?(?:loss|objective|L_\{?[A-Za-z]+\}?)(?:\s+function)?(?:\s+(?:is|was)\s+|\s*=\s*|:\s*)(?:simply\s+|just\s+)?(?:the\s+|a\s+|an\s+)?((?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*)(?=\s*(?:[,.;:(（]|$|\s+(?:between|on|over|of|with|in|applied|computed|and)\b))/gi;
const COPULA_ZH =
  /(?:损失|损失函数|目标函数|优化目标|训练目标)(?:就)?(?:是|为|采用|用的是|[:：])[:：]?\s*(?:[\u4e00-\u9fff]{1,8}的\s+)?[*_「“]*([\u4e00-\u9fffA-Za-z0-9-]{2,16}?)[*_」”]*(?=\s*[（(，,。；;：:]|\s+[^\u4e00-\u9fffA-Za-z0-9\s]|\s*$)/g;
/** What a loss is said to be that names no loss: a sum or mix of others, a pronoun, a quantity of the data. */
const NOT_A_LOSS_NAME =
  /^(?:sum|combination|mix|mixture|average|weighted|same|simple|standard|usual|one|two|three|this|that|it|minimi[sz]ed|computed|defined|given|as|based|not|also|then|only|key|main|total|final|overall)\b(?!-)|^(?:maximi[sz]|minimi[sz]|optimi[sz]|encourag|push|pull|predict|comput|make|keep)\w*\b|^(?:加权|两者|三者|二者|总和|之和|简单|一样|相同|如下|下面|以下)/i;

/** Named as a loss is: by a loss's head word, or a short name with capitals or digits (`InfoNCE`, `smooth L1`, `MSE`). */
const LOSS_LIKE =
  /(?:loss|error|likelihood|divergence|similarity|entropy|distance|NCE|损失|误差|似然|散度|相似度|熵)$|^(?:[A-Za-z]+\s+)?[A-Za-z]*[A-Z0-9][\w-]*$/;

/** A part's weight before its name: `0.5 · BCE`. */
const WEIGHT = String.raw`(?:\d+(?:\.\d+)?\s*[·*×]?\s*)?`;
/** `L1 + D-SSIM`, `0.5 · BCE + 0.5 · Dice`: two or more short Latin names joined by plus signs. */
const NAMED_SUM = String.raw`((?:${WEIGHT}[A-Za-z][\w-]{0,15}\s*[+＋]\s*)+${WEIGHT}[A-Za-z][\w-]{0,15})`;
/** `loss 是 **L1 + D-SSIM**`, `the loss is MSE + KL`: a loss said to be a sum of named parts, each a loss. */
const COPULA_SUM = new RegExp(
  String.raw`\b(?:loss|objective)(?:\s+function)?\s*(?:is|was|=|:|是|为|就是)\s*[*_「“]*${NAMED_SUM}|(?:损失|损失函数|目标函数|训练目标)(?:就)?(?:是|为|：|:)\s*[*_「“]*${NAMED_SUM}`,
  "gi",
);

export function findCopulaLosses(text: string): LossPhrase[] {
  const found: LossPhrase[] = [];
  for (const match of text.matchAll(COPULA_SUM)) {
    const sum = match[1] ?? match[2] ?? "";
    const at = match.index + match[0].lastIndexOf(sum);
    for (const part of sum.matchAll(/[A-Za-z][\w-]*/g)) {
      const name = part[0];
      // Parts named as losses are (`L1`, `D-SSIM`, `KL`): with a capital or a digit, not `total`.
      if (NOT_A_LOSS_NAME.test(name) || !/[A-Z0-9]/.test(name)) continue;
      const start = at + part.index;
      found.push(lossAt(start, start + name.length, name, "loss/copula"));
    }
  }
  for (const match of [...text.matchAll(COPULA_EN), ...text.matchAll(COPULA_ZH)]) {
    // `plain cross-entropy`, `普通交叉熵`: the words that only say it is the usual one go.
    const name = (match[1] ?? "")
      .trim()
      // `symmetrised negative cosine similarity`: applied both ways round, the same loss.
      .replace(
        /^(?:(?:plain|standard|usual|vanilla|ordinary|regular|simple|just|the|symmetri[sz]ed)\s+)+/i,
        "",
      )
      .replace(/^(?:普通的?|标准的?|常规的?|一般的?|简单的?)/, "")
      // `Loss: everything is sum-squared error`: what the loss is, after what is said to be it.
      .replace(/^.*\b(?:is|are|was|were)\s+(?:the\s+|a\s+|an\s+)?/i, "")
      // `掩码位置上预测伪标签的交叉熵损失`: what comes before the last 的 says where or of what, not which loss.
      .replace(/^.*的(?=[^的]{2,}$)/, "")
      .replace(/^(?:采用|使用|用了|用|就是|是|为)/, "");
    // `分类损失和框回归损失`: two losses named together, each found on its own.
    if (/[和与及、]|以及/.test(name)) continue;
    if (!name || NOT_A_LOSS_NAME.test(name) || /^\d/.test(name) || !LOSS_LIKE.test(name)) continue;
    // `总损失是定位损失与排序损失之和`: the parts of a sum; `定位损失` names what it measures.
    const clause = /^[^。；;.!?！？\n]*/.exec(text.slice(match.index + match[0].length))?.[0] ?? "";
    if (/之和|的和|相加|加权|组成|构成|\bsum\b|\bplus\b|\bcombined\b/i.test(clause)) continue;
    if (GENERIC_ZH.test(name.replace(/(?:损失|误差)$/, ""))) continue;
    const start = match.index + match[0].lastIndexOf(name);
    found.push(lossAt(start, start + name.length, lossName(name), "loss/copula"));
  }
  // `用 LPIPS 做训练目标`, `uses LPIPS as the training loss`: a name put to work as the objective.
  for (const match of text.matchAll(USED_AS_OBJECTIVE)) {
    const name = match[1] ?? match[2] ?? "";
    if (!name || NOT_A_LOSS_NAME.test(name)) continue;
    const start = match.index + match[0].indexOf(name);
    found.push(lossAt(start, start + name.length, lossName(name), "loss/copula"));
  }
  return found;
}

/** A short Latin name (`LPIPS`, `smooth L1`) used as the training objective or loss. */
const USED_AS_OBJECTIVE =
  /(?:用|以|拿|采用)\s*([A-Za-z][\w-]{1,15}(?:\s[A-Z0-9][\w-]{0,8})?)\s*(?:来)?(?:做|作为|当作?|充当)\s*(?:训练|优化)?(?:目标|损失(?:函数)?|目标函数|loss)|\buses?\s+([A-Za-z][\w-]{1,15})\s+as\s+(?:the\s+|a\s+|its\s+)?(?:training\s+)?(?:loss|objective)\b/g;

/**
 * `$$L_{\text{simple}}(\theta) = \mathbb E \|\epsilon - \epsilon_\theta\|^2$$`, `L^CLIP(θ) = E_t[...]`,
 * `\mathcal{L}_{\text{DM}}(\theta) := ...`, `\mathcal{L}^N_{\text{CD}}(\theta) = ...` (an index, then the
 * name): a loss symbol whose subscript (or superscript) is a
 * name, defined by the formula (`=` or `:=` after it, its arguments aside). Named as written
 * (`L_simple`, `L^CLIP`); a subscript that is a loss the vocabulary knows (`\mathcal{L}_{ITC}`) is
 * that loss. An index (`L_t`, `L_{t-1}`) or the total (`L_{total}`) names none.
 */
const FORMULA_LOSS =
  /(?<![A-Za-z\\])(?:\\mathcal\s*\{\s*L\s*\}|\\ell|L)\s*(?:\^\s*\{?\s*[A-Za-z0-9]\s*\}?\s*(?=_))?([_^])\s*\{?\s*(?:\\(?:text|mathrm|rm|operatorname|textrm|mathit)\s*\{\s*)?([A-Za-z]{2,15})\s*\}?\s*\}?\s*(?:\([^()=\n]{0,40}\))?\s*:?=(?!=)/g;
const NOT_A_FORMULA_NAME =
  /^(?:total|all|sum|tot|final|overall|full|ours|train|test|val|valid|min|max|avg|mean|new|old|batch)$/i;
/**
 * `L_{cls}`, `L_{loc}`, `L_{seq}`: a lower-case abbreviation says which part a term measures (as
 * `定位损失` does) or is not a loss at all (`L_{seq}`, a length); a name is written otherwise
 * (`L_simple`, `L_{vlb}`, `L^{CLIP}`, `L_{ITC}`).
 */
const PART_ABBREVIATION =
  /^(?:cls|class|loc|conf|reg|box|bbox|rec|recon|adv|obj|noobj|kd|dis|disc|gen|det|seg|mask|cap|aux|pos|neg|img|txt|text|seq|len|out|in|hid|emb|pred|gt|tgt|src|dec|enc)$/;

/** A right-hand side that is only weighted loss symbols named by words (not indices: `L_T + L_{t-1}`) added up. */
const LOSS_SYMBOL = String.raw`(?:\\?[A-Za-z]+(?:_\{?[^{}+\s]{1,12}\}?)?\s*[·*]?\s*)?(?:\\mathcal\s*\{\s*L\s*\}|L)\s*[_^]\s*\{?(?:\\(?:text|mathrm|rm)\s*\{)?[A-Za-z]{2,15}\}?\}?`;
const TOTAL_OF_PARTS = new RegExp(String.raw`^\s*${LOSS_SYMBOL}(?:\s*[+＋]\s*${LOSS_SYMBOL})+\s*[.,;]?\s*$`);

export function findFormulaLosses(text: string): LossPhrase[] {
  const found: LossPhrase[] = [];
  for (const match of text.matchAll(FORMULA_LOSS)) {
    const mark = match[1] === "^" ? "^" : "_";
    const sub = match[2] ?? "";
    if (NOT_A_FORMULA_NAME.test(sub) || PART_ABBREVIATION.test(sub)) continue;
    const right = text.slice(match.index + match[0].length);
    // `L_{seq} = 512`: a quantity set to a number is no loss.
    if (/^\s*-?[\d.,]+\s*(?:[,;$)\]]|\\|$)/.test(right)) continue;
    // `L_{CoCa} = \lambda_{Con} L_{Con} + \lambda_{Cap} L_{Cap}`: a sum of the note's other losses is their total.
    if (TOTAL_OF_PARTS.test(right.split(/\n|\$/)[0] ?? "")) continue;
    const end = match.index + match[0].replace(/\s*(?:\([^()=\n]{0,40}\))?\s*:?=$/, "").length;
    found.push(lossAt(match.index, end, `L${mark}${sub}`, "loss/formula"));
  }
  return found;
}

/**
 * `S = entropy bonus`, `+ the sparsity regularisation term`, `a pixel reconstruction term plus a
 * perceptual loss`, `熵奖励（entropy bonus）`, `KL 惩罚项`, `稀疏正则项`: a part of an objective named
 * by its kind of part (a bonus, a penalty, a regulariser, a term) rather than by the word loss.
 * Only read where the text is about an objective (term-hits.ts decides); `term` only after a
 * quantity's name (`reconstruction term`, `KL term`), not `the bias term`.
 */
const OBJECTIVE_TERM_EN =
  /((?:[A-Za-z][\w-]*\s+){1,3})(bonus|penalty|regulari[sz]ation(?:\s+term)?|regulari[sz]er|term|surrogate(?:\s+objective)?)\b(?!\s+loss\b)/g;
const OBJECTIVE_TERM_ZH = /([\u4e00-\u9fffA-Za-z0-9-]{1,8}?)[ \t]*(奖励项|奖励|惩罚项|惩罚|正则化项|正则项)/g;
/** A quantity a `term` can be a part of the objective for. */
const TERM_OF_QUANTITY = /(?:tion|ity|ence|ness|KL|entropy|divergence|penalty|bonus|likelihood|error)$/i;
/** Adjectives of degree or manner (`gradient` and `entropy` are nouns and name a part). */
const QUALITY_ONLY =
  /(?:ive|ous|ful|ic|al|ble|ary|ly)$|^(?:full|big|small|large|heavy|huge|strong|weak|mild|soft|hard|extra|little|high|low)$/i;
/** Penalties of decoding, not of training: `length penalty`, `repetition penalty`. */
const DECODING_PENALTY = /^(?:length|repetition|presence|frequency|coverage)$/i;
/** `an adaptive KL penalty variant`, `KL 惩罚的版本`: another version of the method, not a part of its objective. */
const ANOTHER_VERSION =
  /^\s*(?:\*\*|_)?\s*(?:variant|version|baseline)s?\b|^\s*(?:的)?(?:版本|变体)|^\s*[)）]/i;

/** `emphasis`: the text's bold and italic spans, where a writer sets off a name (`the **conservative penalty**`). */
export function findObjectiveTerms(
  text: string,
  emphasis: readonly { start: number; end: number }[] = [],
): LossPhrase[] {
  const found: LossPhrase[] = [];
  for (const match of text.matchAll(OBJECTIVE_TERM_EN)) {
    const head = (match[2] ?? "").replace(/\s+term$/i, "");
    const words = (match[1] ?? "").trim().split(/\s+/);
    const kept: string[] = [];
    for (let i = words.length - 1; i >= 0 && kept.length < 2; i--) {
      const word = words[i] ?? "";
      if (!word || /[,;:()（）]/.test(word) || NOT_A_MODIFIER.test(word) || /^\d/.test(word)) break;
      kept.unshift(word);
    }
    const last = kept.at(-1);
    if (!last || DECODING_PENALTY.test(last)) continue;
    if (/^term$/i.test(head) && !TERM_OF_QUANTITY.test(last)) continue;
    const end = match.index + match[0].length;
    if (ANOTHER_VERSION.test(text.slice(end))) continue;
    const positions = [...(match[1] ?? "").matchAll(/\S+/g)].map((word) => word.index);
    const start = match.index + (positions[positions.length - kept.length] ?? 0);
    // `the full penalty`, `its conservative regulariser`: words that only say how much or how, not
    // which part; unless the writer sets the phrase off as a name (`the **conservative penalty**`).
    const setOff = emphasis.some((span) => span.start <= start && end <= span.end);
    if (!setOff && kept.every((word) => QUALITY_ONLY.test(word))) continue;
    // `the sparsity regularisation term` is the sparsity regularisation; `a reconstruction term` keeps its head.
    const name =
      /^term$/i.test(head) && /^(?:regulari[sz]ation|regulari[sz]er|penalty|bonus)$/i.test(last)
        ? kept.join(" ")
        : `${kept.join(" ")} ${head}`;
    found.push(lossAt(start, end, lossName(name), "loss/objective-term"));
  }
  for (const match of text.matchAll(OBJECTIVE_TERM_ZH)) {
    const head = match[2] ?? "";
    const modifier = (match[1] ?? "").replace(CHINESE_CUT, "").trim();
    if (!modifier || GENERIC_ZH.test(modifier)) continue;
    // `稀疏奖励`, `外部奖励`: a reward of the task, not a part of the objective; only the entropy's or a divergence's bonus is.
    if (/^奖励/.test(head) && !/(?:熵|KL|散度)$/.test(modifier)) continue;
    // `对偏离程度进行惩罚`, `只会惩罚`: 惩罚 alone is mostly the verb; `KL 惩罚` names the part.
    if (head === "惩罚" && !/^[A-Za-z][A-Za-z0-9-]*$/.test(modifier)) continue;
    const end = match.index + match[0].length;
    if (ANOTHER_VERSION.test(text.slice(end))) continue;
    const start = match.index + match[0].indexOf(modifier);
    const name = /[A-Za-z0-9]$/.test(modifier) ? `${modifier} ${head}` : `${modifier}${head}`;
    found.push(lossAt(start, end, name, "loss/objective-term"));
  }
  return found;
}

/** A loss found in the text from `start` to `end`, named `name`, by `rule`. */
function lossAt(start: number, end: number, name: string, rule: LossPhrase["rule"]): LossPhrase {
  return { start, end, name, fullName: null, rule };
}
