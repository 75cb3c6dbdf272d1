/**
 * What a model's name looks like, without a list of models. ML systems are named in a
 * recognisable way: camel case (SimCLR, MoCo, ViLT), letters with digits (T5, YOLOv3,
 * Mask2Former, GPT-3), short capitals (BERT, DETR, BYOL), sometimes a plain word (Flamingo,
 * Octo) that only context can tell from prose. `nameShape` scores the spelling; the
 * rules that use it ask for more evidence the weaker the shape.
 *
 * Also here: headings and titles that are document structure, not names (Introduction,
 * 方法, Related Work), generic suffixes of note titles (`MAE 论文笔记`, `ViT reading notes`),
 * the `Name: Title` form of paper titles, and version suffixes (`MoCo v2`, `YOLOv3`).
 */

/** 0: not a name; 0.3: a capitalised word (needs context); 0.6: short capitals; 0.8: camel case or letters with digits. */
export function nameShape(name: string): number {
  const tokens = name.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 4) return 0;
  // `MatryoshkaLoss`, `CrossEntropyLoss`: a loss class, not a model.
  if (/[a-z0-9]Loss$/.test(tokens.at(-1) ?? "")) return 0;
  const scores = tokens.map(tokenShape);
  if (scores.some((score) => score === 0)) {
    // `MoCo v2`, `Grounding DINO`: a version or a capitalised word beside a real name is fine.
    const ok = tokens.every((token, i) => (scores[i] ?? 0) > 0 || isVersionSuffix(token));
    if (!ok) return 0;
  }
  const best = Math.max(...scores);
  if (tokens.length > 1 && best < 0.6) return 0.2;
  return best;
}

const GENERIC_ACRONYMS = new Set(
  [
    "AI",
    "ML",
    "DL",
    "RL",
    "NLP",
    "CV",
    "GPU",
    "GPUS",
    "TPU",
    "CPU",
    "API",
    "SOTA",
    "TODO",
    "FAQ",
    "TLDR",
    "TL;DR",
    "PDF",
    "URL",
    "QA",
    "IO",
    "OOD",
    "FLOPS",
    "FPS",
    "MB",
    "GB",
    "TB",
    "ID",
    "IDS",
    "PS",
    "NB",
    "OK",
    "USA",
    "UK",
    "EU",
    "IEEE",
    "ACM",
    "CVPR",
    "ICCV",
    "ECCV",
    "NEURIPS",
    "ICML",
    "ICLR",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "ARXIV",
    "PR",
    "CI",
    "CD",
    "UI",
    "UX",
    "RGB",
    "RGBD",
    "HTTP",
    "HTML",
    "JSON",
    "CSV",
    "SQL",
    "GIT",
    "MIT",
    "BSD",
    "FAIR",
    "ETH",
    "CMU",
    "UC",
    "KL",
    "PCA",
    "SVD",
    "SVM",
    "MLP",
    "CNN",
    "RNN",
    "LSTM",
    "GAN",
    "VAE",
    "GNN",
    "MOE",
    "LLM",
    "LLMS",
    "VLM",
    "VLMS",
    "MLLM",
    "VLA",
    "RAG",
    "COT",
    "RLHF",
    "SFT",
    "PEFT",
    "NLU",
    "NLG",
    "VQA",
    "OCR",
    "ROI",
    "IOU",
    "MAP",
    "AP",
    "AUC",
    "ROC",
    "BLEU",
    "ROUGE",
    "CIDER",
    "FID",
    "IS",
    "PSNR",
    "SSIM",
    "MSE",
    "MAE",
    "RMSE",
    "SGD",
    "ADAM",
    "BN",
    "LN",
    "FC",
    "FFN",
    "ReLU",
    "GELU",
    "EMA",
    "KD",
    "SSL",
    "GT",
    "BEV",
    "DOF",
    "SLAM",
    // Frameworks, languages and functions: named things, never a model a note is about.
    "PYTORCH",
    "TORCH",
    "TENSORFLOW",
    "JAX",
    "KERAS",
    "NUMPY",
    "SCIPY",
    "PANDAS",
    "CUDA",
    "PYTHON",
    "HUGGINGFACE",
    "SOFTMAX",
    "SIGMOID",
    "TANH",
    "ADAMW",
    "LAYERNORM",
    "BATCHNORM",
    "DROPOUT",
    "EINSUM",
    "GITHUB",
    "ARXIV",
    "COLAB",
    "JUPYTER",
    // Callout and note-taking words written in capitals.
    "IDEA",
    "NOTE",
    "NOTES",
    "TIP",
    "TIPS",
    "INFO",
    "WARNING",
    "CAUTION",
    "IMPORTANT",
    "QUESTION",
    "ANSWER",
    "EXAMPLE",
    "SUMMARY",
    "UPDATE",
    "EDIT",
    "NEW",
    "WIP",
    "DONE",
    "README",
    // A repository's other documents, by their usual file names.
    "SOURCE",
    "LICENSE",
    "CHANGELOG",
    "CONTRIBUTING",
    "AUTHORS",
    "INSTALL",
    "USAGE",
    "HISTORY",
    "INDEX",
  ].map((a) => a.toUpperCase()),
);

/** Generic acronyms of ML writing that are categories, metrics or venues, not one model's name. */
export const isGenericAcronym = (token: string): boolean =>
  GENERIC_ACRONYMS.has(token.toUpperCase().replace(/S$/, "")) || GENERIC_ACRONYMS.has(token.toUpperCase());

function tokenShape(token: string): number {
  const core = token.replace(/^[("'“‘*_]+|[)"'”’*_,.;:!?]+$/g, "");
  // `3DGS`, `3DETR`: a dimension, then an acronym, is a name as an acronym is.
  if (/^\d[A-Z]{3,}[A-Za-z0-9]*$/.test(core)) return 0.8;
  if (!/^[A-Za-z][A-Za-z0-9]*(?:[-.+·][A-Za-z0-9]+)*\+*$/.test(core)) return 0;
  if (isGenericAcronym(core)) return 0;
  // `BLIP-Diffusion`, `Make-An-Agent`, `ViT-B`: a name made of parts is as strong as its strongest part.
  const parts = core.split(/[-·]/).filter(Boolean);
  if (parts.length > 1) {
    // `CV-CNN`, `NLP-Transformer`: categories joined, not a name.
    if (
      parts.every((part) => isGenericAcronym(part) || /^[A-Z][a-z]+$/.test(part)) &&
      parts.some(isGenericAcronym)
    )
      return 0;
    // Short capitalised parts (`U-Net`, `DALL-E`, `Make-An-Agent`) are fine inside a longer name.
    const scores = parts.map((part, i) =>
      (i > 0 && isVersionSuffix(part)) || /^[A-Z][a-z]?$/.test(part) ? 0.3 : partShape(part),
    );
    if (scores.some((score) => score === 0)) return 0;
    const best = Math.max(...scores);
    return /\d/.test(core)
      ? Math.max(best, 0.8)
      : parts.length > 1 && best === 0.3 && /^[A-Z]+$/.test(parts[0] ?? "")
        ? 0.6
        : best;
  }
  return partShape(core);
}

function partShape(core: string): number {
  if (isGenericAcronym(core) && core.length > 1) return 0.3;
  const letters = core.replace(/[^A-Za-z]/g, "");
  const hasDigit = /\d/.test(core);
  // Camel case inside a word: SimCLR, MoCo, ViLT, RoBERTa, iGPT, LLaVA.
  if (/[a-z][A-Z]/.test(core) || /^[a-z]+[A-Z]/.test(core)) return 0.8;
  // Capitals run into a lower-case tail: VLMo, PSPNet, XLNet, UNet (not a plural: CNNs, FLOPs).
  if (/^[A-Z]{2,}[a-z]+$/.test(core) && !/^[A-Z]{2,}s$/.test(core)) return 0.8;
  if (hasDigit && letters.length >= 1 && !/^\d/.test(core)) return 0.8;
  if (/^[A-Z][A-Z-]{1,9}$/.test(core) && letters.length >= 2) return 0.6;
  if (/^[A-Z][a-z]{2,}(?:-[A-Z]?[a-z]+)*$/.test(core)) return 0.3;
  return 0;
}

const VERSION_SUFFIX =
  /^(?:v\d+(?:\.\d+)*|\d{1,2}(?:\.\d+)?|\+\+|XL|XXL|L|B|S|H|Large|Base|Small|Tiny|Mini|Nano|Huge|Pro|Plus|Turbo|Chat|Instruct)$/i;

export const isVersionSuffix = (token: string): boolean => VERSION_SUFFIX.test(token);

/**
 * `MoCo v2` -> { base: "MoCo", version: "v2" }; `YOLOv3` -> { base: "YOLO", version: "v3" };
 * `GPT-3` -> { base: "GPT", version: "3" }; `Mask2Former` -> null (the digit is inside the name).
 */
export function splitVersion(name: string): { base: string; version: string } | null {
  const spaced =
    /^(.*?[A-Za-z])[\s_-]+(v?\d+(?:\.\d+)*|\+\+|XL|XXL|Large|Base|Small|Tiny|Mini|Huge|Pro|Plus|Turbo|Chat)$/i.exec(
      name.trim(),
    );
  if (spaced?.[1] && spaced[2]) return { base: spaced[1].trim(), version: spaced[2] };
  const joined = /^([A-Za-z][A-Za-z-]*[A-Za-z])(v\d+(?:\.\d+)*|\+\+)$/.exec(name.trim());
  if (joined?.[1] && joined[2]) return { base: joined[1], version: joined[2] };
  return null;
}

/** One spelling for one name: `MoCo v2`, `MoCo-v2` and `MoCov2` are the same model. */
export function compactVersion(name: string): string {
  const split = splitVersion(name);
  return split ? `${split.base}${split.version}` : name.trim();
}

const STRUCTURE_WORDS = new RegExp(
  `^(?:${[
    "abstract",
    "summary",
    // A changelog's sections (Keep a Changelog) and a cheat sheet's kinds of question.
    "changelog",
    "added",
    "changed",
    "fixed",
    "removed",
    "deprecated",
    "security",
    "unreleased",
    "planned",
    "not doing",
    "behaviou?ral(?: questions)?",
    // An OpenReview form's fields.
    "soundness",
    "presentation",
    "contribution",
    "rating",
    "confidence",
    "strengths?",
    "weakness(?:es)?",
    "comparisons?",
    "lineage",
    "(?:cs\\s*\\d+\\w*\\s+)?(?:assignment|homework|hw|lab|lecture|project)\\s*\\d*",
    "tl;?dr",
    "overview",
    "introduction",
    "intro",
    "background",
    "motivation",
    "preliminar(?:y|ies)",
    "problem(?: statement| setting| definition)?",
    "related works?",
    "prior work",
    "method(?:s|ology)?",
    "approach(?:es)?",
    "proposed method",
    "our method",
    "model(?:s| architecture)?",
    "architecture",
    "framework",
    "pipeline",
    "design",
    "implementation(?: details)?",
    "training(?: details| objectives?| procedure| setup)?",
    "pre-?training",
    "fine-?tuning",
    "inference",
    "loss(?:es| functions?)?",
    "objectives?",
    "experiments?(?: setup| settings| details)?",
    "experimental (?:setup|results)",
    "setup",
    "settings",
    "datasets?",
    "data",
    "benchmarks?",
    "evaluation",
    "metrics",
    "results?",
    "main results",
    "ablations?(?: stud(?:y|ies))?",
    "analysis",
    "discussion",
    "limitations?",
    "future work",
    "conclusions?",
    "takeaways?",
    "key (?:ideas?|points|insights|contributions|takeaways)",
    "contributions?",
    "highlights",
    "strengths?",
    "weaknesses",
    "pros(?: and cons)?",
    "cons",
    "thoughts",
    "comments",
    "questions",
    "q&a",
    "faq",
    "notes?",
    "my notes",
    "reading notes",
    "todo",
    "links?",
    "resources",
    "code",
    "references?",
    "bibliography",
    "bibtex",
    "citations?",
    "citing",
    "how to cite",
    "appendix",
    // A slide deck's own slides: `# Backup`, `## Agenda`, `## Thank you`.
    "backup(?: slides?)?",
    "agenda",
    "thanks",
    "thank you",
    "q ?& ?a",
    "figures?",
    "tables?",
    "math",
    "definitions?",
    "examples?",
    "applications?",
    "usage",
    "installation",
    "demo",
    "paper",
    "papers",
    "authors?",
    "contents",
    "table of contents",
    "index",
    "readme",
    "misc",
    "other",
    "others",
    "see also",
  ].join("|")})$`,
  "i",
);

const STRUCTURE_WORDS_ZH =
  /^(?:摘要|概述|概要|简介|介绍|引言|前言|背景|动机|相关工作|方法|模型|模型结构|网络结构|架构|框架|算法|原理|实现|训练|预训练|微调|推理|损失函数|目标函数|实验|实验设置|实验结果|结果|评估|消融实验|分析|讨论|局限性?|不足|总结|小结|结论|展望|贡献|创新点|亮点|优点|缺点|思考|问题|笔记|阅读笔记|论文笔记|论文信息|论文精读|参考|参考文献|参考资料|引用|附录|代码|链接|资源|数据集?|指标|应用|目录|其他|前瞻知识|一些前瞻知识|解决的问题|做出的创新|设计的模型|实验结果|总结与思考|个人思考|问题与思考)$/;

/** `1.2 BLIP-2：` -> `BLIP-2`; `三、方法` -> `方法`; `[2019-11] Title` -> `Title`. */
export function cleanHeading(text: string): string {
  return (
    text
      .replace(/^\s*\[\d{4}-\d{2}\]\s*/, "")
      // `[R] A Time Series is Worth 64 Words ...`: a forum's flair (research, discussion, project) marks the post.
      .replace(/^\s*\[(?:[A-Z]|Research|Discussion|Project|News|Paper|WIP|Draft)\]\s*/, "")
      // `## 🤖 Diffusion Policy`: an emoji before the heading's words decorates it.
      .replace(/^(?:\s|\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u200D)+(?=\S)/u, "")
      .replace(/(?<=\S)(?:\s|\p{Extended_Pictographic}|\uFE0F|\u200D)+$/u, "")
      // A slide's or a page's number in a talk's script: `P5 DPO 损失`, `Slide 3: ...`, `第 3 页 ...`.
      .replace(/^\s*(?:P|Slide|Page|第)\s*\d{1,3}\s*(?:页|张)?\s*(?:[:：.、|-]\s*|\s+)(?=\S)/i, "")
      // A book's chapter or a course's lecture: `第6章 近端策略优化（PPO）`, `第三讲：DDPM`.
      .replace(/^\s*第\s*[\d一二三四五六七八九十]{1,3}\s*[章节讲课篇]\s*(?:[:：.、|-]\s*|\s*)(?=\S)/, "")
      .replace(
        // (A number is a section's only when something other than a letter follows: `3DGS`, `2D-TAN` are names.)
        /^\s*(?:\d+(?:\.\d+)*\.?(?![A-Za-z\d.])|[一二三四五六七八九十]+[、.．]|[(（]?[一二三四五六七八九十\d]+[)）])\s*/,
        "",
      )
      // `Detour: wav2vec 2.0, the bet Whisper beat`, `Previous model: DLRM`, `Background: S4`:
      // a label of the writer's that says why the section is there, before what it is about.
      .replace(DISCOURSE_LABEL, "")
      // `先补一下 QLoRA 是啥`, `What is LoRA?`: a section that says what a name is, about that name.
      .replace(WHAT_IS_ZH, "$1$2")
      .replace(WHAT_IS_EN, "$1")
      // `## Why PPO`: a section that argues for a name is about that name.
      .replace(/^why\s+(?:use\s+|choose\s+)?([A-Za-z][\w.+-]*)\s*\??$/i, "$1")
      .replace(/[\s:：.。,，]+$/, "")
      .trim()
  );
}

/** A Latin name of up to three words, as a heading that asks what it is writes it. */
const ASKED_NAME = "([A-Za-z][\\w.+-]*(?:\\s+[A-Za-z0-9][\\w.+-]*){0,2})";
const ASK_OPENING = "(?:先补一下|先说一下|简单介绍一下|介绍一下|回顾一下|什么是)";
const ASK_CLOSING = "\\s*[？?]?\\s*(?:[（(][^）)]*[）)])?$";
/** `QLoRA 是啥`, `先补一下 QLoRA 是啥（...）`, `什么是 LoRA`: an opening, a closing word, or both. */
const WHAT_IS_ZH = new RegExp(
  `^${ASK_OPENING}?\\s*${ASKED_NAME}\\s*(?:是啥|是什么|到底是什么|是个啥|简介|介绍)${ASK_CLOSING}|^${ASK_OPENING}\\s*${ASKED_NAME}${ASK_CLOSING}`,
);
const WHAT_IS_EN =
  /^what(?:'s|’s| is| are)\s+(?:an?\s+|the\s+)?([A-Za-z][\w.+-]*(?:\s+[A-Za-z0-9][\w.+-]*){0,2})\s*\??$/i;

const DISCOURSE_LABEL =
  /^\s*(?:detour|aside|digression|bonus|side ?note|background|baseline|the baseline|previous (?:model|version)|prior (?:model|work)|predecessor|successor|follow-?up|comparison|contrast|recap|extra|run ?set|run group|基线(?:方法|模型)?|对比(?:方法|模型|对象)|前作|补充|题外话|延伸(?:阅读)?|后续(?:工作)?)\s*[:：]\s*(?=\S)/i;

/** A heading or title that names a part of a document (Introduction, 方法, Related Work), not a model. */
export function isStructuralHeading(text: string): boolean {
  const cleaned = cleanHeading(text)
    .replace(/[*_`]/g, "")
    .replace(/\s*[(（][^)）]*[)）]\s*$/, "")
    .trim();
  return (
    STRUCTURE_WORDS.test(cleaned) ||
    STRUCTURE_WORDS_ZH.test(cleaned) ||
    // A question (`Q1: 自注意力...怎么计算？`, `Why does it work?`) or a numbered label (`Table 1`, `Step 2`).
    /[?？]\s*$/.test(cleaned) ||
    /^[QA]\d*\s*[:：]/.test(cleaned) ||
    /^p\d{1,3}$|^(?:step|part|chapter|section|table|fig(?:ure)?|eq(?:uation)?|lemma|theorem|example|exercise|problem|task|day|week|lecture|round|stage|phase|case|appendix|slide|page|remark|note|aside|digression|intuition|observation|caveat|proof|definition|corollary|proposition|claim|hint|tip|warning|takeaways?|recap|question|answer|homework|quiz|todo)(?:\b|(?=\d))\s*[\dIVX]*\s*(?:[:：.．、]|$)/i.test(
      cleaned,
    ) ||
    /^(?:表|图|问题|步骤|阶段)\s*[\d一二三四五六七八九十]*\s*(?:[:：.．、]|$)/.test(cleaned)
  );
}

const TITLE_SUFFIX =
  /\s*(?:[-–—:：|]\s*)?(?:论文笔记|论文精读|论文阅读|论文解读|论文|精读|笔记|阅读笔记|解读|详解|学习笔记|总结|paper notes?|reading notes?|notes?|summary|review|explained|paper|overview|reproduction|replication|repro|re-?implementation|(?:lab\s+)?notebook|thread|slides|deck|walkthrough|recap|explainer|deep dive|cheat\s?sheet)$/i;

/** `MAE 论文笔记` -> `MAE`; `ViT reading notes` -> `ViT`; `PatchTST reproduction — lab notebook` -> `PatchTST`; other titles unchanged. */
export function stripTitleSuffix(title: string): string {
  let text = title.trim();
  for (let i = 0; i < 2; i++) text = text.replace(TITLE_SUFFIX, "").trim();
  return text;
}

/** A title that reads as one (three words or more, or six Chinese characters), not a short name. */
export function isFullTitle(title: string): boolean {
  return title.split(/\s+/).length >= 3 || /[\u4e00-\u9fff]{6,}/.test(title);
}

/**
 * A title whose head noun is a collection of data (`A large-scale hierarchical image database`,
 * `An open large-scale dataset for ...`): what the name before its colon names is data.
 */
const DATA_TITLE =
  /^(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,5}(?:data\s?sets?|database|benchmark|corpus)\b|^[^，,。]{0,12}(?:数据集|基准)/i;

const GENERIC_PREFIX =
  /^(?:a |an |the )?(?:survey|review|tutorial|overview|position|perspective|chapter|part|lecture|lesson|week|day|note|notes|paper|papers|summary|introduction|appendix|update|report|technical report|tech report|case study|comment|reply|erratum|source|sources|readme|todo|draft|status|log|changelog|references?|reading list|reading|paper list|list|index|example|examples|question|questions|answer|answers|replication|reproduction|reproducing|re-?implementation|walkthrough|explainer|deep dive|recap|talk)\b/i;

/**
 * The name before the colon (or ` - `, as Obsidian writes a colon in a file name) of a paper
 * title: `BLIP-2: Bootstrapping ...` -> `BLIP-2`; `Octo - An Open-Source Generalist Robot
 * Policy` -> `Octo`. Null when the title has no such form or the prefix is not a name.
 */
/** A genre before a title's colon (`组会汇报：`, `论文分享：`, `Reading group:`): what kind of note, not a name. */
const GENRE_PREFIX =
  /^\s*(?:[\u4e00-\u9fff]{0,6}(?:汇报|分享|笔记|精读|解读|讲稿|报告|总结|速览|导读|阅读|复现)|(?:paper|reading|group|lab|journal)(?:\s+(?:group|club))?\s+(?:notes?|reading|review|talk|slides|presentation|summary|seminar|session))\s*[:：]\s*(?=\S)/i;

export function titlePrefixName(rawTitle: string): string | null {
  const title = rawTitle.replace(GENRE_PREFIX, "");
  const match = /^\s*([^:：]{1,40}?)\s*(?::|：|\s[-–—]{1,2}\s)\s*(\S.*)$/.exec(title);
  if (!match?.[1] || !match[2]) return null;
  // `4.2 GraphSAGE: Inductive ...`: a chapter's number is not part of the name.
  const name = cleanHeading(match[1].replace(/[*_`"“”]/g, ""));
  const rest = match[2];
  if (rest.split(/\s+/).length < 3 && !/[\u4e00-\u9fff]/.test(rest)) return null;
  // `ImageNet: A large-scale hierarchical image database`: the name before the colon is data.
  if (DATA_TITLE.test(rest)) return null;
  if (GENERIC_PREFIX.test(name) || isStructuralHeading(name) || OWNER_NAME.test(name)) return null;
  // `Shifted Windows, Explained: Notes on ...`: a phrase with a comma is a headline, not a name.
  if (name.split(/\s+/).length > 3 || /[,，]/.test(name)) return null;
  // `Tree of Thoughts: Deliberate ...`, `Mixture of Experts: ...`: before a title's colon, two
  // capitalised words joined by `of` are a name, though neither alone reads as one.
  return nameShape(name) > 0 || NAME_OF_NAME.test(name) ? name : null;
}

const NAME_OF_NAME = /^[A-Z][a-z]{2,} of [A-Z][a-z]{2,}$/;
/** `Perception Team : Paper of the Week ...`: who keeps the page (a team, a wiki space), not a work. */
export const OWNER_NAME = /\b(?:team|group|lab|club|seminar|wiki|space|department)$/i;

/** Words that open a title's main part: an article, `Towards`, a gerund (`Extending`, `Pre-training`). */
const TITLE_OPENING = /^(?:an?|the|towards?|[A-Z][\w-]*ing)$/i;

/**
 * A file name cannot hold a colon, so `CLIP4Clip: An Empirical Study of ...` is saved as
 * `CLIP4Clip An Empirical Study of ...`: a name-shaped first word (or a known model's name,
 * `Faster R-CNN`), then a full title that opens as titles do (an article, `Towards`, a gerund).
 * `ImageNet Classification with ...` has no such opening: its first word is part of the title.
 * `isModel` says whether a run of words is a known model's name.
 */
export function colonlessTitlePrefix(title: string, isModel: (name: string) => boolean): string | null {
  const words = title.trim().split(/\s+/);
  for (let count = Math.min(3, words.length - 3); count >= 1; count--) {
    const name = words.slice(0, count).join(" ");
    const opening = words[count] ?? "";
    const rest = words.slice(count).join(" ");
    if (
      !isFullTitle(rest) ||
      !TITLE_OPENING.test(opening) ||
      !/^[A-Z]/.test(opening) ||
      DATA_TITLE.test(rest)
    )
      continue;
    if (GENERIC_PREFIX.test(name) || isStructuralHeading(name)) continue;
    // `Faster R-CNN`, `Deformable DETR`: capitalised words before a name-shaped last word.
    const shaped =
      tokenShape(words[count - 1] ?? "") >= 0.6 && words.slice(0, count - 1).every((w) => /^[A-Z]/.test(w));
    if (isModel(name) || shaped) return name;
  }
  return null;
}

/** The words of a title that could be abbreviated, for acronym checks: `[2019-11] ...` and suffixes gone. */
export function titleForAcronyms(title: string): string {
  const prefixed = titlePrefixName(title);
  const text = prefixed
    ? title.slice(title.indexOf(prefixed) + prefixed.length).replace(/^\s*(?::|：|[-–—])\s*/, "")
    : title;
  return stripTitleSuffix(cleanHeading(text));
}
