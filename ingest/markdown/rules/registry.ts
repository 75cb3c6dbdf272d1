/**
 * Every extraction rule of the Markdown ingestor, as data: its id (recorded as the
 * `extractor` of each edge it makes, `markdown/<id>`), the relationship it gives, its
 * confidence (how often the rule is right when it fires) and what it looks at. The
 * README's rule table is printed from this list (`npm run rules`), and a test checks that
 * every rule the extractor uses is here.
 *
 * Confidence follows one scale: 1.0 for structure (a front-matter key, a heading the
 * vocabulary knows), 0.8-0.9 for a pattern that names its relation (a reference under a
 * heading, "trained with"), 0.5-0.75 for shape and position (a heading spelled like a name),
 * and a plain co-occurrence never goes above MENTIONS.
 */

export interface RuleInfo {
  id: string;
  gives: string;
  confidence: number;
  looksAt: string;
}

export const RULES = [
  // -- what a note or section is about (DESCRIBES Note -> Model) --------------------------
  {
    id: "model/vocabulary-heading",
    gives: "DESCRIBES Model",
    confidence: 1,
    looksAt:
      "a heading whose leading name is a vocabulary model (`## BLIP-2`, `BLIP-2 论文笔记`), the whole name: `## BLIP-Diffusion` is not BLIP",
  },
  {
    id: "model/heading-with-reference",
    gives: "DESCRIBES Model",
    confidence: 0.9,
    looksAt:
      "a heading whose first block cites a paper (a reference line or an arXiv link): the heading names the paper's model",
  },
  {
    id: "model/title-bracket-name",
    gives: "DESCRIBES Model",
    confidence: 0.8,
    looksAt:
      "a heading that is a paper's title with a name in brackets after it (`Scalable Diffusion Models with Transformers (DiT)`, `Adding Conditional Control to Text-to-Image Diffusion Models (ControlNet) — Marr Prize`): the section is that model's",
  },
  {
    id: "model/heading-name",
    gives: "DESCRIBES Model",
    confidence: 0.75,
    looksAt:
      "a heading spelled like a model's name (camel case, letters with digits, short capitals); a plain word needs its name repeated in the section or model sections beside it; structure (Introduction, 方法) never",
  },
  {
    id: "model/title-prefix",
    gives: "DESCRIBES Model",
    confidence: 0.85,
    looksAt:
      "the name before the colon of the note's title or file name (`BLIP-2: Bootstrapping ...`, `Octo - An Open-Source ...`)",
  },
  {
    id: "model/colonless-title-prefix",
    gives: "DESCRIBES Model",
    confidence: 0.8,
    looksAt:
      "a title or file name that lost its colon (`CLIP4Clip An Empirical Study of ...`, `Faster R-CNN Towards ...`): a name-shaped first word or a known model, then a title opening with an article, `Towards` or a gerund",
  },
  {
    id: "model/title",
    gives: "DESCRIBES Model",
    confidence: 0.8,
    looksAt:
      "a note title that is a name, with or without a generic suffix (`# ViLT`, `MAE 论文笔记`, `ViT reading notes`)",
  },
  {
    id: "model/file-name",
    gives: "DESCRIBES Model",
    confidence: 0.8,
    looksAt:
      "a file name (or page-bundle folder) that is a name (`SimCLR.md`, `Papers/Flamingo.md`, `post/CLIP/index.md`)",
  },
  {
    id: "model/front-matter",
    gives: "DESCRIBES Model",
    confidence: 0.9,
    looksAt: "a `model:`/`models:` front-matter key, or a `Model:`/`网络名称：` line of a metadata list",
  },
  {
    id: "model/definition",
    gives: "DESCRIBES Model",
    confidence: 0.75,
    looksAt:
      "an abbreviation the note defines and introduces: `We present Momentum Contrast (MoCo)` (Schwartz-Hearst matching, an introduction cue or the name in the title)",
  },
  {
    id: "model/title-mention",
    gives: "DESCRIBES Model",
    confidence: 0.6,
    looksAt:
      "a note title that names one vocabulary model and no other (`Fine-tuning ViT-B/16 on CIFAR-10`, `Notes on ResNet`); weak alone, and below what a survey note needs",
  },
  {
    id: "model/paper-id",
    gives: "DESCRIBES Model",
    confidence: 0.85,
    looksAt:
      "the paper the note describes (front matter, file name, lead link) is a known model's own paper (the vocabulary's `arxiv:`); 0.6 for the one paper a note without one cites, when the note names the model",
  },
  {
    id: "model/introduced-name",
    gives: "DESCRIBES Model",
    confidence: 0.7,
    looksAt:
      "a name the note says the paper introduces: `They propose SimCLR, a ...`, `we present a new architecture, the Transformer`, `本文提出了 MAE`",
  },
  {
    id: "model/title-names-model",
    gives: "DESCRIBES Model",
    confidence: 0.6,
    looksAt:
      "a short title that is a model's long name (`Denoising Diffusion Probabilistic Models`), named by its initials when the note uses them",
  },
  {
    id: "model/title-acronym",
    gives: "DESCRIBES Model",
    confidence: 0.75,
    looksAt:
      "a name the note repeats that abbreviates its title (`DDPM` in a note titled Denoising Diffusion Probabilistic Models)",
  },
  // -- models a note names without being about them -------------------------------------
  {
    id: "model/digest-item",
    gives: "DESCRIBES Model",
    confidence: 0.6,
    looksAt:
      "a reading log listing papers one per item, three or more whose titles name a model (`- [QLoRA: Efficient Finetuning ...](arxiv) — ...`), in a note about no model of its own and not a folder's index",
  },
  {
    id: "model/outline-item",
    gives: "DESCRIBES Model",
    confidence: 0.7,
    looksAt:
      "a note written as an outline (a mind map's export): two or more top-level items that are names, each with three or more items of its own (`- GCN` over `  - 论文`, `  - 核心公式`)",
  },
  {
    id: "model/reference-title-prefix",
    gives: "MENTIONS Model, INTRODUCED_IN",
    confidence: 0.8,
    looksAt: "a cited paper titled `Name: ...`: the paper introduces the model Name",
  },
  {
    id: "loss/phrase",
    gives: "MENTIONS Loss",
    confidence: 0.8,
    looksAt:
      "a loss the vocabulary lacks, by how losses are written: a noun phrase ending in `loss` (`the focal loss`, `captioning loss`) or `损失` (`重建损失`)",
  },
  {
    id: "loss/class-name",
    gives: "MENTIONS Loss",
    confidence: 0.8,
    looksAt:
      "a loss class as code names it, in prose or inline code (`MultipleNegativesRankingLoss`, `nn.CrossEntropyLoss`): camel case ending in `Loss`; a known loss's class is that loss",
  },
  {
    id: "loss/definition",
    gives: "MENTIONS Loss",
    confidence: 0.8,
    looksAt:
      "an abbreviation defined as a loss-like quantity in a sentence about training (`Objective: ... the negative log-likelihood (NLL)`)",
  },
  {
    id: "loss/defined-earlier",
    gives: "MENTIONS Loss",
    confidence: 0.8,
    looksAt:
      "a loss the note defined (`VariFocal Loss (VFL)`), named again by its abbreviation elsewhere in the note (`最终采用 VFL`); whether the model uses it there is decided by the context, as for a vocabulary acronym",
  },
  {
    id: "loss/formula",
    gives: "MENTIONS Loss",
    confidence: 0.75,
    looksAt:
      "a formula that defines a loss symbol named by its subscript (`L_{\\text{simple}}(\\theta) = ...`, `L^CLIP(θ) = ...`): the loss, named as written, or the vocabulary's loss its subscript names (`\\mathcal{L}_{ITC}`); an index or the total names none",
  },
  {
    id: "loss/objective-term",
    gives: "MENTIONS Loss",
    confidence: 0.7,
    looksAt:
      "a part of an objective named by its kind of part, in text about a loss or an objective (a list or section that names one): `S = entropy bonus`, `+ the sparsity regularisation term`, `a pixel reconstruction term`, `熵奖励`, `KL 惩罚项`; not a decoding penalty (`length penalty`), a task's reward (`稀疏奖励`) or another version (`a KL penalty variant`)",
  },
  {
    id: "loss/objective",
    gives: "MENTIONS Loss",
    confidence: 0.7,
    looksAt: "an acronym a model maximises or minimises (`maximise the ELBO`, `目标是最大化 ELBO`)",
  },
  {
    id: "loss/optimised-quantity",
    gives: "MENTIONS Loss",
    confidence: 0.7,
    looksAt:
      "a named error, bound, likelihood or divergence that the sentence says is optimised or trained on (`training on a weighted variational bound`, `我们优化…平方和误差`), without the words that only qualify it",
  },
  {
    id: "loss/copula",
    gives: "MENTIONS Loss",
    confidence: 0.75,
    looksAt:
      "what the loss is said to be (`the loss is the negative cosine similarity`, `损失是负余弦相似度`); not a sum or mix of others",
  },
  {
    id: "loss/bracketed-name",
    gives: "MENTIONS Loss",
    confidence: 0.75,
    looksAt:
      "a short name in brackets right after the word loss (`a robust loss function (smooth L1)`, `鲁棒损失函数（平滑 $L_1$）`); not a symbol alone, an equation or figure pointer, or a citation",
  },
  {
    id: "loss/sibling-heading",
    gives: "MENTIONS Loss",
    confidence: 0.7,
    looksAt:
      "a heading that defines an abbreviation the vocabulary lacks (`### Next Sentence Prediction (NSP)`, `下一句预测（Next Sentence Prediction，NSP）`) beside a heading naming a known loss, or under a loss heading (`## Pre-training tasks`); or a list item opening with one under an item naming the objectives (`- **pretraining objectives**:` then `- NSP (next sentence prediction): ...`)",
  },
  {
    id: "sense/part-of-expansion",
    gives: "(drops the term)",
    confidence: 1,
    looksAt:
      "a term inside another term's expansion (`cross entropy loss` in `NT-Xent (normalized temperature-scaled cross entropy loss)`)",
  },
  {
    id: "term",
    gives: "MENTIONS",
    confidence: 1,
    looksAt:
      "a vocabulary term in prose (not in code, URLs or HTML tags), in the sense the vocabulary gives it",
  },
  // -- senses: when a vocabulary term is not that term -------------------------------------
  {
    id: "sense/local-expansion",
    gives: "(drops the term)",
    confidence: 1,
    looksAt:
      "an acronym the note expands to something else (`MAE (mean absolute error)`): in this note it is not the vocabulary's MAE",
  },
  {
    id: "sense/loss-acronym-without-loss",
    gives: "(drops the term)",
    confidence: 1,
    looksAt:
      "a short loss acronym (`LM`, `ITC`) with no loss around it (no `loss`/`损失`, no other loss listed beside it, no loss heading), or used as a noun (`an LM`, `LMs`) or for a skill (`语言建模能力`, `language modeling ability`)",
  },
  {
    id: "sense/longer-name",
    gives: "(drops the term)",
    confidence: 1,
    looksAt:
      "a model name that is the start of a longer name (`BLIP` in `BLIP-Diffusion`, `YOLO` in `YOLO v3`)",
  },
  // -- what a model uses (USES_LOSS, USES_CONCEPT from the section's model) -----------------
  {
    id: "uses/table-row",
    gives: "USES_LOSS",
    confidence: 0.85,
    looksAt:
      "a loss in the loss column of a table with a model column (`| Model | Paper | Loss |`, `| 模型 | 损失函数 |`): the row's model uses it, when the note is about that model (a section or its subject)",
  },
  {
    id: "uses/loss-context",
    gives: "USES_LOSS",
    confidence: 0.85,
    looksAt:
      "a loss in its model's section with loss context: `ITC, ITM, IGT 三个损失函数`, `the InfoNCE loss`, a loss heading",
  },
  {
    id: "uses/verb",
    gives: "USES_*",
    confidence: 0.8,
    looksAt:
      "a use verb just before the term in its sentence (uses, trained with, relies on, adopts, 使用, 采用, 通过, 引入, 训练, 进行 ...)",
  },
  {
    id: "uses/definition-item",
    gives: "USES_*",
    confidence: 0.8,
    looksAt:
      "a list item or paragraph that starts by defining the term (`- ITM: ...`, `- 弱监督：...`), or a list item that is the term alone (a feature list)",
  },
  {
    id: "uses/sub-heading",
    gives: "USES_*",
    confidence: 0.8,
    looksAt: "the term in a sub-heading inside the model's section (`### Q-Former` under `## BLIP-2`)",
  },
  {
    id: "uses/emphasis",
    gives: "USES_*",
    confidence: 0.7,
    looksAt: "the term in bold or italics in the model's section",
  },
  {
    id: "uses/model-clause",
    gives: "USES_*",
    confidence: 0.7,
    looksAt: "the term in the same sentence as the model's own name (`CLIP的核心思想是通过...对比学习`)",
  },
  {
    id: "relation/negated",
    gives: "(MENTIONS only)",
    confidence: 1,
    looksAt:
      "a negation or contrast in the sentence (not, without, unlike, compared with, 没有, 不, 而不是): never USES",
  },
  {
    id: "relation/denied-in-note",
    gives: "(MENTIONS only)",
    confidence: 0.9,
    looksAt:
      "a loss the note denies for the model in so many words (`no diversity loss`, `without focal loss`, `没有用 L1 损失`; not a comparison): its other mentions under that model are not uses either",
  },
  {
    id: "relation/not-chosen",
    gives: "(MENTIONS only)",
    confidence: 0.8,
    looksAt:
      "losses a note weighs before naming the one chosen (`我们评估了这些分类损失，最终采用 VFL`, `compared focal, GIoU and L1 loss ... in the end they chose GIoU`): the candidates passed over, in the choice's list or section, are not uses",
  },
  {
    id: "relation/measured",
    gives: "(MENTIONS only)",
    confidence: 0.8,
    looksAt:
      "a loss-like quantity the clause says is measured, not trained on (`I only log approx KL as a diagnostic`, `MAE as the evaluation metric`, `MSE 作为评价指标`): a metric, not a use",
  },
  {
    id: "relation/asked",
    gives: "(MENTIONS only)",
    confidence: 0.8,
    looksAt:
      "a loss named in a yes-or-no question (`先训奖励模型（pairwise ranking loss）……这样理解对吗？`, `Does DPO need a KL term?`): asked about, not said to be used; a question that takes the use for granted (`为什么用 focal loss？`) is not one",
  },
  {
    id: "relation/other-model",
    gives: "(MENTIONS only)",
    confidence: 0.85,
    looksAt:
      "a clause, or a list item, that opens with another model than the section's (`GPT-3 generates by language modeling` under InstructGPT, `- **CPC** -- ... with InfoNCE` in HuBERT's note): what it names is that model's, not a use",
  },
  // -- lineage -------------------------------------------------------------------------
  {
    id: "lineage/phrase",
    gives: "BUILDS_ON",
    confidence: 0.7,
    looksAt: "`based on X`, `builds on X`, `基于 X`, `在 X 的基础上` in a model's section",
  },
  {
    id: "lineage/version",
    gives: "VARIANT_OF",
    confidence: 0.8,
    looksAt: "a model named as a version of another (`MoCo v2` of MoCo, `YOLOv3` of YOLO)",
  },
  {
    id: "lineage/name-extends",
    gives: "BUILDS_ON",
    confidence: 0.5,
    looksAt:
      "a model whose name extends another model's (`BLIP-Diffusion` and BLIP, `Deformable DETR` and DETR)",
  },
  // -- papers ---------------------------------------------------------------------------
  {
    id: "citation-reference",
    gives: "CITES",
    confidence: 1,
    looksAt: "a reference line (IEEE, APA, or `Authors. Title. Venue`)",
  },
  {
    id: "citation-inline",
    gives: "CITES",
    confidence: 1,
    looksAt:
      "an arXiv id or DOI in any spelling (`arxiv 2206.11251`, `arXiv 2206.11251v2`, arxiv.org, alphaxiv, huggingface.co/papers, doi.org/10.48550/arXiv...)",
  },
  {
    id: "citation-link",
    gives: "CITES",
    confidence: 0.85,
    looksAt:
      "a link to a PDF or to a paper's page on a proceedings or scholarly site, its text a title (`[Selective Search for Object Recognition](...pdf)`)",
  },
  {
    id: "citation-link-name",
    gives: "CITES",
    confidence: 0.7,
    looksAt:
      "the same with a short name for its text (`[EdgeBoxes](...pdf)`): the paper is known by that name",
  },
  {
    id: "citation-list",
    gives: "CITES",
    confidence: 0.8,
    looksAt:
      'a line under a References (参考文献) heading written as notes write them: `Title, Venue Year`, `Title (Venue Year)`, `Author et al. Title. Venue Year.`, `Author et al., "Title", Venue Year`',
  },
  {
    id: "citation-title",
    gives: "CITES",
    confidence: 0.6,
    looksAt:
      'a paper\'s title in running text, in italics or quotes, after an author or a pointer (`You et al., *Large Batch Training of Convolutional Networks*`, `from "Generalized Intersection over Union: ..."`), or in title case of five words or more',
  },
  {
    id: "citation-note-title",
    gives: "CITES",
    confidence: 0.7,
    looksAt:
      "a link to a note not in the vault, shown as a paper's title of four words or more (`[GroupViT Semantic Segmentation Emerges from Text Supervision](GroupViT.md)`): the paper, by its title",
  },
  {
    id: "citation-linked-note",
    gives: "CITES",
    confidence: 0.7,
    looksAt:
      "a link shown as a paper's title (`paper-title-link`: `[[Momentum Contrast for Unsupervised ...]]`) to a note about one paper: the note cites that paper; derived once the notes are written; not from an index (README)",
  },

  {
    id: "paper/front-matter",
    gives: "DESCRIBES Paper",
    confidence: 0.95,
    looksAt: "a paper link in the front matter (`link:`, `url:`, `arxiv:`, `paper:`, `source:`, `doi:`)",
  },
  {
    id: "paper/file-name",
    gives: "DESCRIBES Paper",
    confidence: 0.9,
    looksAt: "a note named by an arXiv id (`2103.00020.md`)",
  },
  {
    id: "paper/lead-link",
    gives: "DESCRIBES Paper",
    confidence: 0.85,
    looksAt:
      "the one paper linked at the top of a note about one paper (`[Paper](arxiv.org/abs/...)` under the title)",
  },
  {
    id: "paper/index-row",
    gives: "DESCRIBES Paper (from the linked note)",
    confidence: 0.8,
    looksAt:
      "a row of an index (a README table or list item) that links one note and one paper: the linked note describes the paper",
  },
  {
    id: "model/index-row",
    gives: "DESCRIBES Model (from the linked note), INTRODUCED_IN",
    confidence: 0.75,
    looksAt:
      "the same row's paper link text when it is a name (`[CLIP](https://arxiv.org/pdf/2103.00020.pdf)`)",
  },
  {
    id: "paper/title-author-line",
    gives: "DESCRIBES Paper",
    confidence: 0.8,
    looksAt: "a first heading that is a paper's title with an author line under it (`**Authors**: ...`)",
  },
  {
    id: "paper/metadata-title",
    gives: "DESCRIBES Paper",
    confidence: 0.8,
    looksAt:
      "a metadata list at the top of the note that gives a title (`* **Title**: ...`, `- 论文标题：...`), with `Authors:` beside it; it also titles the paper the note links",
  },
  {
    id: "citation-authors",
    gives: "AUTHORED_BY",
    confidence: 0.9,
    looksAt: "the author list of a reference line or an author line",
  },
  {
    id: "model-citation",
    gives: "INTRODUCED_IN",
    confidence: 0.9,
    looksAt: "the paper a model's section opens with (0.8 for an arXiv link rather than a reference line)",
  },
  {
    id: "model-paper/note-subject",
    gives: "INTRODUCED_IN",
    confidence: 0.85,
    looksAt: "the paper a note describes, for the model the note is about",
  },
  // -- structure -------------------------------------------------------------------
  {
    id: "front-matter",
    gives: "TAGGED, IN_CATEGORY, IN_SERIES",
    confidence: 1,
    looksAt: "the front matter's tags, categories and series",
  },
  { id: "inline-tag", gives: "TAGGED", confidence: 1, looksAt: "an Obsidian `#tag` in the text" },
  {
    id: "figure",
    gives: "HAS_FIGURE",
    confidence: 1,
    looksAt: "`![alt](src)`, `<img>`, `![[image.png]]`, Hugo's `{{< figure >}}`",
  },
  {
    id: "wikilink",
    gives: "LINKS_TO",
    confidence: 1,
    looksAt: "an Obsidian `[[wikilink]]` to a note being ingested",
  },
  {
    id: "relative-link",
    gives: "LINKS_TO",
    confidence: 1,
    looksAt: "a relative link to a `.md` note being ingested",
  },
  {
    id: "paper-title-link",
    gives: "LINKS_TO (and CITES, derived)",
    confidence: 1,
    looksAt:
      "a wikilink or relative link to a note being ingested, shown as a paper's title (three words or more, title case): see `citation-linked-note`",
  },
  { id: "web-link", gives: "REFERENCES", confidence: 1, looksAt: "a link to any other web page" },
  // -- figures, code, links -----------------------------------------------------------
  { id: "figure-section", gives: "ILLUSTRATES", confidence: 0.9, looksAt: "a figure in a model's section" },
  {
    id: "figure-outline-item",
    gives: "ILLUSTRATES",
    confidence: 0.8,
    looksAt:
      "a figure nested under a short list item that names one of the note's models (an outline's heading: `1. Region Proposal Networks(RPN网络)`)",
  },
  {
    id: "figure-note-subject",
    gives: "ILLUSTRATES",
    confidence: 0.7,
    looksAt: "a figure outside any model's section, in a note about one model",
  },
  {
    id: "figure-decoration",
    gives: "(no ILLUSTRATES)",
    confidence: 1,
    looksAt:
      "an avatar, a QR code to follow or tip the writer, a logo or a banner (by file name or alt text): a figure of the note that illustrates no model",
  },
  {
    id: "figure-title-model",
    gives: "ILLUSTRATES",
    confidence: 0.6,
    looksAt:
      "a figure outside any model's section or outline item, in a note about several models: the one the title is named for",
  },
  {
    id: "github-link",
    gives: "HAS_CODE",
    confidence: 0.9,
    looksAt: "a GitHub repository link in a model's section (else REFERENCES from the note)",
  },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]["id"];

const BY_ID = new Map<string, RuleInfo>(RULES.map((rule) => [rule.id, rule]));

/** The registered confidence of a rule: rules never hard-code their own. */
export function confidenceOf(id: RuleId): number {
  return BY_ID.get(id)?.confidence ?? 0;
}

/** Markdown table of the rules, for the README. */
export function rulesTable(): string {
  const rows = RULES.map(
    (rule) => `| \`${rule.id}\` | ${rule.gives} | ${rule.confidence} | ${rule.looksAt} |`,
  );
  return ["| rule | gives | confidence | looks at |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
