/**
 * Writes one benchmark note in the style of examples/multimodal/index.md: front matter
 * (TOML mostly, YAML sometimes), `## Model` sections that open with an IEEE reference,
 * figures (mostly remote, a few local), Chinese and English prose with vocabulary terms,
 * some in bold, GitHub links, occasional [[wikilinks]], and a References list.
 */
import {
  canonicalPaper,
  githubUrl,
  makePaper,
  type Paper,
  phrases,
  type TermPools,
  words,
} from "./corpus-terms.js";
import type { Random } from "./prng.js";

export interface NoteContext {
  random: Random;
  seed: number;
  pools: TermPools;
  /** This note's index and how many notes the corpus has (wikilinks point inside it). */
  index: number;
  count: number;
  /** Local image paths, relative to the note. */
  localImages: string[];
  /** File name (without .md) of the note with a given index. */
  noteName: (index: number) => string;
}

const ZH_SENTENCES = phrases(`
  {M}的核心思想是通过海量的{C}数据通过{C2}，将图片和文本通过各自的预训练模型获得的编码向量在向量空间上对齐。
  {M}的一大贡献在于将{C}和{C2}进行了融合，形成了多模态通用模型。
  {M}分为两个阶段进行训练，左边是{C}，右边是{C2}。阶段一获得高质量的图文对齐向量表征，阶段二进行文字生成。
  在第一阶段通过{L}、{L2}两个损失函数获得了很好的图片文本对方向量表征能力，重要的是仅训练了很少的参数。
  冻住两个编码器，只训练中间的桥接模块，在保证图像信息的前提下变成一个向量，而且这个向量是与文本向量对齐的。
  与{M2}相比，{M}在{C}上有明显提升，但{C2}仍然是瓶颈。
  {M}基于{M2}，沿用了{C}的设计，同时引入了{C2}。
  作者用{L}做{C}，这个对比学习是粗粒度的，后面还有{L2}做更细粒度的匹配。
  {M}的另一个贡献在于{C}方面，通过训练模型剔除了图文匹配差的样本，并对部分图片生成了更好的文本标注。
  第二阶段将对齐后的表征向量映射到{C}中，使模型获得图片信息，并进行{C2}。
  全连接的主要目的是改变形状，输出的向量能够直接给{M2}使用。
  实验部分主要比较了{C}和{C2}两类任务，{M}在大多数基准上都取得了最好的结果。
`);
const EN_SENTENCES = phrases(`
  The {M} paper trains with {L} and {L2} on web-scale data; the {E} stage is what makes it work.
  Compared with {M2}, {M} replaces the {E} with a {E2} and keeps the rest of the recipe.
  {M} is built on {M2}: the authors reuse its {E} and only add a small {E2} on top.
  Ablations show that removing {L} hurts {E} much more than removing {L2}.
  Training is cheap because both encoders stay frozen; only the {E} is learned.
`);
const BULLETS = phrases(`
  {L}: 是个二分类任务，正样本与负样本
  {L} 做{C}，使得文本向量与图像向量尽可能对齐
  相同颜色的模块{C}
  可以完成{C}任务，输入图片可生成文本。
  无法完成生成任务
  [CLS] 代表它是一个分类任务
  {C}：文本与图像之间并不是特别匹配。
  第三列中的{C}融合了文本与图像特征
  {L}：是个生成任务，看图生成文字
  uses {L} + {L2}, see the {E} ablation
  {E} is shared between the two towers
`);
const TITLES = phrases(
  `多模态 | 视觉语言模型 | 大模型笔记 | 论文阅读 | 预训练模型 | 机器人 | 具身智能 | 图文检索`,
);
const AUTHORS = words(`Yubao Lin Chen Wang Zhang Liu`);
const FIGURE_CAPTIONS = phrases(`模型结构 | 训练流程 | 整体框架 | 实验结果 | 损失函数示意`);
const SUBHEADINGS = phrases(`训练目标 | 模型结构 | 实验 | 数据集 | 小结`);
const UNKNOWN_MODEL_PARTS = words(`Omni Bridge Fusion Lens Pixel Vista Atlas Nova Prism Echo`);

export function writeNote(context: NoteContext): string {
  const { random } = context;
  const models = pickModels(context);
  const title = `${random.pick(TITLES)} ${context.index}`;
  const parts: string[] = [
    random.chance(0.8) ? tomlFrontMatter(context, title) : yamlFrontMatter(context, title),
  ];
  if (random.chance(0.3)) parts.push(fill(context, random.pick(ZH_SENTENCES), models[0] ?? "CLIP"));
  for (const model of models) parts.push(modelSection(context, model));
  parts.push(referencesList(context));
  return `${parts.join("\n\n")}\n`;
}

function pickModels(context: NoteContext): string[] {
  const { random, pools } = context;
  const models = random.sample(pools.models, random.int(2, 6));
  if (random.chance(0.05)) {
    models[models.length - 1] = `${random.sample(UNKNOWN_MODEL_PARTS, 2).join("-")}${random.int(2, 9)}`;
  }
  return models;
}

function tomlFrontMatter(context: NoteContext, title: string): string {
  const { random, pools } = context;
  const quote = (items: string[]) => items.map((item) => `    "${item}",`).join("\n");
  return [
    "+++",
    `author = "${random.pick(AUTHORS)}"`,
    `title = "${title}"`,
    `date = "${isoDate(random)}"`,
    `description = "${random.pick(pools.topics)}"`,
    `tags = [\n${quote(random.sample(pools.topics, random.int(1, 3)))}\n]`,
    `categories = [\n${quote([random.pick(TITLES)])}\n]`,
    `series = ["series_${random.pick(["robotics", "multimodal", "llm"])}"]`,
    `aliases = ["aliases_${context.noteName(context.index)}"]`,
    `image = "${zhimgUrl(random)}"`,
    "+++",
  ].join("\n");
}

function yamlFrontMatter(context: NoteContext, title: string): string {
  const { random, pools } = context;
  return [
    "---",
    `title: ${title}`,
    `date: ${isoDate(random)}`,
    `author: ${random.pick(AUTHORS)}`,
    `tags: [${random.sample(pools.topics, random.int(1, 3)).join(", ")}]`,
    "categories:",
    `  - ${random.pick(TITLES)}`,
    "---",
  ].join("\n");
}

function isoDate(random: Random): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `20${random.int(20, 25)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
}

function modelSection(context: NoteContext, model: string): string {
  const { random } = context;
  const canonical = random.chance(0.55);
  const paper = canonical ? canonicalPaper(context.seed, model) : makePaper(random, model);
  const heading = random.chance(0.1) ? `${model} 论文笔记` : model;
  const blocks = [`## ${heading}`, ieeeReference(random, paper)];
  if (random.chance(0.3)) blocks.push(paper.github);
  const figures = random.int(1, 3);
  blocks.push(figure(context));
  blocks.push(paragraph(context, model, random.chance(0.7) ? 1 : 2));
  blocks.push(bullets(context, model));
  for (let i = 1; i < figures; i++) {
    blocks.push(figure(context));
    if (random.chance(0.5)) blocks.push(paragraph(context, model, 1));
  }
  if (random.chance(0.15)) {
    blocks.push(`### ${random.pick(SUBHEADINGS)}`);
    blocks.push(fill(context, random.pick(EN_SENTENCES), model));
  }
  if (random.chance(0.2)) blocks.push(`代码见 [${model}](${githubUrl(random, model)})。`);
  return blocks.join("\n\n");
}

function ieeeReference(random: Random, paper: Paper): string {
  const accessed = random.chance(0.4) ? ` Accessed: May ${random.int(1, 28)}, 2024. ${paper.github}` : " ";
  return `[1] ${paper.authors},  ${paper.title},  ${paper.date}, *arXiv*: arXiv:${paper.arxivId}.${accessed}`;
}

function paragraph(context: NoteContext, model: string, sentences: number): string {
  const { random } = context;
  const text: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const english = random.chance(0.2);
    const sentence = fill(context, random.pick(english ? EN_SENTENCES : ZH_SENTENCES), model);
    text.push(english && i < sentences - 1 ? `${sentence} ` : sentence);
  }
  if (random.chance(0.12)) {
    const target = random.int(0, context.count - 1);
    const name = context.noteName(target);
    text.push(random.chance(0.5) ? `参见 [[${name}]]。` : `See also [[${name}|${model} notes]].`);
  }
  return text.join("");
}

function bullets(context: NoteContext, model: string): string {
  const { random } = context;
  return random
    .sample(BULLETS, random.int(1, 3))
    .map((bullet) => `- ${fill(context, bullet, model)}`)
    .join("\n\n");
}

function figure(context: NoteContext): string {
  const { random } = context;
  const alt = random.chance(0.2) ? `图${random.int(1, 9)} ${random.pick(FIGURE_CAPTIONS)}` : "";
  if (random.chance(0.1) && context.localImages.length > 0) {
    const image = random.pick(context.localImages);
    if (random.chance(0.25)) return `![[${image.split("/").at(-1)}]]`;
    return `![${alt}](${image})`;
  }
  const url = random.chance(0.5)
    ? zhimgUrl(random)
    : `https://i-blog.csdnimg.cn/blog_migrate/${random.hex(32)}.png#pic_center`;
  return `![${alt}](${url})`;
}

function zhimgUrl(random: Random): string {
  return `https://picx.zhimg.com/70/v2-${random.hex(32)}_1440w.avis?source=172ae18b&biz_tag=Post`;
}

function referencesList(context: NoteContext): string {
  const { random } = context;
  const links = Array.from({ length: random.int(1, 3) }, () => {
    const label = `${random.pick(context.pools.topics)} ${random.pick(["讲解", "完全自学", "论文精读", "从零构建"])}`;
    const url = random.chance(0.6)
      ? `https://www.bilibili.com/video/BV1${random.hex(9)}/?vd_source=${random.hex(32)}`
      : `https://zhuanlan.zhihu.com/p/${random.int(100000000, 999999999)}`;
    return `- [${label}](${url})`;
  });
  return `# References\n\n${links.join("\n\n")}`;
}

/** Fills the {M} {M2} {C} {C2} {E} {E2} {L} {L2} slots of a template; some fills are bold. */
function fill(context: NoteContext, template: string, model: string): string {
  const { random, pools } = context;
  const bold = (term: string) => (random.chance(0.3) ? `**${term}**` : term);
  return template.replace(/\{([MCEL])(2?)\}/g, (_slot, kind: string, second: string) => {
    switch (kind) {
      case "M":
        return second ? random.pick(pools.models) : model;
      case "C":
        return bold(random.pick(pools.conceptsZh));
      case "E":
        return bold(random.pick(pools.conceptsEn));
      default:
        return bold(random.pick(pools.losses));
    }
  });
}
