/**
 * Which concepts and models a figure depicts, from its CLIP embedding (README, "Figures").
 *
 * The rule: cosine similarities between the figure and every candidate's text embedding,
 * turned into probabilities by a softmax at CLIP's own temperature (logit scale 100, the value
 * CLIP learned and uses for zero-shot classification), so the scores mean what they mean in
 * CLIP's zero-shot results. A candidate is linked when it is among the top k, its probability
 * is at least `floor`, and its similarity stands `margin` above the median candidate's: a flat
 * distribution (a figure CLIP cannot tell apart from the rest) links nothing, however few the
 * candidates. Pure; the vectors are unit length.
 */

export interface LinkRule {
  logitScale: number;
  topK: number;
  floor: number;
  margin: number;
}

/**
 * CLIP ViT-B/32 cosine similarities between an image and matching captions sit around
 * 0.25-0.35, unrelated ones 0.15-0.22: a 0.02 margin over the median and a 0.15 probability
 * floor keep one to three confident links and drop the rest.
 */
export const DEFAULT_LINK_RULE: LinkRule = { logitScale: 100, topK: 3, floor: 0.15, margin: 0.02 };

/** Bump when the rule or the prompts change: stored links were made under the old one. */
export const LINK_RULE_VERSION = 1;

export interface LinkCandidate<T> {
  target: T;
  vector: Float32Array;
}

export interface Link<T> {
  target: T;
  /** Softmax probability among all candidates: the DEPICTS edge's `score`. */
  score: number;
  similarity: number;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

export function linkFigure<T>(
  figure: Float32Array,
  candidates: readonly LinkCandidate<T>[],
  rule: LinkRule = DEFAULT_LINK_RULE,
): Link<T>[] {
  if (candidates.length === 0) return [];
  const similarities = candidates.map((candidate) => dot(figure, candidate.vector));
  const probabilities = softmax(similarities.map((s) => s * rule.logitScale));
  const median = medianOf(similarities);
  return candidates
    .map((candidate, i) => ({
      target: candidate.target,
      score: probabilities[i] as number,
      similarity: similarities[i] as number,
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, rule.topK)
    .filter((link) => link.score >= rule.floor && link.similarity - median >= rule.margin);
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / total);
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The mean of unit vectors, back to unit length: CLIP's prompt ensembling. */
export function meanUnit(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (!first) return new Float32Array();
  const sum = new Float32Array(first.length);
  for (const vector of vectors)
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (vector[i] ?? 0);
  const norm = Math.sqrt(dot(sum, sum)) || 1;
  return sum.map((value) => value / norm);
}
