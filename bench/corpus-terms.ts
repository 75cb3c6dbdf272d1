/**
 * The word pools the benchmark corpus draws from: model, loss and concept names taken
 * from the built-in vocabulary (so extraction finds real terms), and one canonical paper
 * per model, derived from the seed, that many notes cite with the same arXiv id.
 */
import type { Vocabulary } from "../ingest/markdown/vocabulary.js";
import { createRandom, deriveSeed, type Random } from "./prng.js";

export interface TermPools {
  models: string[];
  /** Loss acronyms and names as written in prose (ITC, 对比损失, InfoNCE ...). */
  losses: string[];
  /** Concept surface forms: the Chinese name when there is one, else the English. */
  conceptsZh: string[];
  conceptsEn: string[];
  /** A Chinese concept form per model, for note titles and tags. */
  topics: string[];
}

export interface Paper {
  authors: string;
  title: string;
  /** `Feb. 26, 2021` */
  date: string;
  arxivId: string;
  github: string;
}

export function termPools(vocabulary: Vocabulary): TermPools {
  const of = (kind: string) => vocabulary.entries.filter((entry) => entry.kind === kind);
  const concepts = of("concept");
  return {
    models: of("model").map((entry) => entry.name),
    losses: of("loss").flatMap((entry) => (entry.nameZh ? [entry.name, entry.nameZh] : [entry.name])),
    conceptsZh: concepts.map((entry) => entry.nameZh ?? entry.name),
    conceptsEn: concepts.map((entry) => entry.name),
    topics: concepts.flatMap((entry) => (entry.nameZh ? [entry.nameZh] : [])),
  };
}

/** Whitespace-separated words. */
export const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
/** Phrases separated by `|` or line breaks. */
export const phrases = (text: string): string[] =>
  text
    .split(/[|\n]/)
    .map((phrase) => phrase.trim())
    .filter(Boolean);

const SURNAMES = words(`
  Radford Li Xiong Hoi Savarese Wang Zhang Chen Liu Yang Huang Zhou Wu Kim Dosovitskiy Vaswani He
  Touvron Brown Devlin Alayrac Bai Ding Sun Tan Lin Kirillov Oquab Caron Jia Yu Zhai
`);
const TITLE_HEADS = words(`
  Bootstrapping Learning Scaling Towards Unifying Aligning Improving Rethinking Exploring Training
  Pretraining Distilling
`);
const TITLE_SUBJECTS = phrases(`
  Language-Image Pre-training | Transferable Visual Models | Vision-Language Understanding
  Multimodal Instruction Following | Visual Representations | Image-Text Alignment
  Visual Instruction Tuning | Zero-Shot Transfer | Contrastive Captioners | Visual Encoders
  Open Vocabulary Detection | Generalist Agents
`);
const TITLE_TAILS = phrases(`
  with Noisy Text Supervision | at Scale | for Unified Understanding and Generation
  from Natural Language Supervision | with Frozen Image Encoders and Large Language Models
  via Momentum Distillation | in the Wild | without Labels | for Embodied Agents
  with Sparse Mixture of Experts
`);
const MONTHS = words(`
  Jan. Feb. Mar. Apr. May Jun. Jul. Aug. Sep. Oct. Nov. Dec.
`);
const GITHUB_OWNERS = words(`
  openai salesforce THUDM facebookresearch google-research microsoft haotian-liu QwenLM
  Vision-CAIR mlfoundations OpenGVLab huggingface
`);

export function authorList(random: Random): string {
  const initial = () => `${String.fromCharCode(65 + random.int(0, 25))}.`;
  const names = random.sample(SURNAMES, random.int(1, 4)).map((surname) => `${initial()} ${surname}`);
  if (names.length === 1 || random.chance(0.5)) return `${names[0]} *et al.*`;
  const last = names.pop();
  return names.length === 1 ? `${names[0]} and ${last}` : `${names.join(", ")}, and ${last}`;
}

export function githubUrl(random: Random, project: string): string {
  const repo = project.replace(/[^A-Za-z0-9.-]+/g, "-");
  return `https://github.com/${random.pick(GITHUB_OWNERS)}/${repo}`;
}

/** A paper about `model`; `random` decides authors, title, date and arXiv id. */
export function makePaper(random: Random, model: string): Paper {
  const year = random.int(18, 25);
  const month = random.int(1, 12);
  const number = String(random.int(1, 29999)).padStart(5, "0");
  const title = `${model}: ${random.pick(TITLE_HEADS)} ${random.pick(TITLE_SUBJECTS)} ${random.pick(TITLE_TAILS)}`;
  return {
    authors: authorList(random),
    title,
    date: `${MONTHS[month - 1]} ${random.int(1, 28)}, 20${year}`,
    arxivId: `${year}${String(month).padStart(2, "0")}.${number}`,
    github: githubUrl(random, model),
  };
}

/** The paper most notes cite for a model: the same for every note of a seed. */
export function canonicalPaper(seed: number, model: string): Paper {
  return makePaper(createRandom(deriveSeed(seed, nameHash(model))), model);
}

/** FNV-1a over the UTF-16 code units: a stable number per model name. */
function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
