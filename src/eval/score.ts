/**
 * Scores an extracted graph against a collection's labels (docs/eval.md): per note and per
 * entity type, what was found (true positive), what was labelled but not found (false
 * negative) and what was found but not labelled (false positive); plus the collection's
 * `facts` and `absent` checks. Pure: graph and labels in, counts and the misses out.
 */
import type { EdgeRecord, NodeRecord } from "../graph/delta.js";
import { slug } from "../graph/ids.js";
import type { Labels } from "./labels.js";

/** Rules of a loss mention that says the loss is not used. */
const NOT_A_USE = ["relation/negated", "relation/denied-in-note", "relation/measured", "relation/asked"];

export const ENTITY_TYPES = ["model", "paper", "loss", "figure"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Miss {
  type: EntityType;
  note: string;
  /** What was labelled (false negative) or found (false positive). */
  item: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface CollectionScore {
  collection: string;
  counts: Record<EntityType, Counts>;
  arxiv: Counts;
  falseNegatives: Miss[];
  falsePositives: Miss[];
  /** `facts` not in the graph, and `absent` entries that are. */
  factsMissing: string[];
  absentPresent: string[];
}

export interface Graph {
  nodes: readonly NodeRecord[];
  edges: readonly EdgeRecord[];
}

/** Case, spaces, hyphens, underscores and dots folded: `BLIP-2` = `blip2`, `DALL·E` = `dalle`. */
export const fold = (text: string): string =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-–—·.'’]+/g, "");

const alternatives = (label: string): string[] =>
  label
    .split("|")
    .map((part) => part.trim())
    .filter(Boolean);

/** Every name a node answers to: name, aliases, full name, Chinese name, title. */
function namesOf(node: NodeRecord | undefined): string[] {
  if (!node) return [];
  const props = node.props as Record<string, unknown>;
  const names = [
    props.name,
    props.fullName,
    props.nameZh,
    props.title,
    ...(Array.isArray(props.aliases) ? props.aliases : []),
  ];
  return names.filter((n): n is string => typeof n === "string" && n.length > 0);
}

function nameMatches(node: NodeRecord | undefined, label: string): boolean {
  const wanted = new Set(alternatives(label).map(fold));
  return namesOf(node).some((name) => wanted.has(fold(name)));
}

/** Losses are named with or without the word: `focal loss` = `focal`, `对比损失` = `对比`. */
const foldLoss = (text: string): string => fold(text).replace(/(?:loss|损失|损失函数)$/, "");

function lossMatches(node: NodeRecord | undefined, label: string): boolean {
  const wanted = new Set(alternatives(label).flatMap((alt) => [fold(alt), foldLoss(alt)]));
  return namesOf(node).some((name) => wanted.has(fold(name)) || wanted.has(foldLoss(name)));
}

function paperMatches(node: NodeRecord | undefined, label: string): boolean {
  if (!node) return false;
  const props = node.props as Record<string, unknown>;
  return alternatives(label).some((alt) => {
    const [kind, ...rest] = alt.split(":");
    const value = rest.join(":").trim();
    if (kind === "arxiv") return props.arxivId === value || node.id === `paper:arxiv:${value}`;
    if (kind === "doi")
      return typeof props.doi === "string" && props.doi.toLowerCase() === value.toLowerCase();
    if (kind === "title") {
      const title =
        typeof props.title === "string" ? props.title : typeof props.name === "string" ? props.name : "";
      return slug(title) === slug(value) || node.id === `paper:title:${slug(value)}`;
    }
    return false;
  });
}

function paperKey(node: NodeRecord): string {
  const props = node.props as Record<string, unknown>;
  if (typeof props.arxivId === "string" && props.arxivId) return `arxiv:${props.arxivId}`;
  if (typeof props.doi === "string" && props.doi) return `doi:${props.doi}`;
  return `title:${String(props.title ?? props.name ?? node.id)}`;
}

/** Greedy one-to-one matching of labels to found nodes. */
function compare(
  type: EntityType,
  note: string,
  labels: readonly string[],
  found: readonly NodeRecord[],
  matches: (node: NodeRecord, label: string) => boolean,
  describe: (node: NodeRecord) => string,
  score: CollectionScore,
): void {
  const unused = new Set(found);
  for (const label of labels) {
    const hit = [...unused].find((node) => matches(node, label));
    if (hit) {
      unused.delete(hit);
      score.counts[type].tp++;
    } else {
      score.counts[type].fn++;
      score.falseNegatives.push({ type, note, item: label });
    }
  }
  for (const node of unused) {
    // A second node for a label already matched (two spellings of one loss) is not a new error.
    if (labels.some((label) => matches(node, label))) continue;
    score.counts[type].fp++;
    score.falsePositives.push({ type, note, item: describe(node) });
  }
}

const emptyCounts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

/**
 * `noteIds` maps each labelled note (its key in the labels) to the id the graph gave it;
 * a labelled note missing from the graph counts every label as a miss.
 */
export function scoreCollection(
  graph: Graph,
  labels: Labels,
  noteIds: ReadonlyMap<string, string>,
): CollectionScore {
  const score: CollectionScore = {
    collection: labels.collection,
    counts: { model: emptyCounts(), paper: emptyCounts(), loss: emptyCounts(), figure: emptyCounts() },
    arxiv: emptyCounts(),
    falseNegatives: [],
    falsePositives: [],
    factsMissing: [],
    absentPresent: [],
  };
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const from = (id: string, type: string) => graph.edges.filter((e) => e.from === id && e.type === type);

  for (const [key, expected] of Object.entries(labels.notes)) {
    const noteId = noteIds.get(key) ?? `missing:${key}`;
    const pick = (edges: readonly EdgeRecord[], label: string) =>
      [...new Set(edges.filter((e) => e.toLabel === label).map((e) => e.to))]
        .map((id) => nodes.get(id))
        .filter((n): n is NodeRecord => n !== undefined);

    const models = pick(from(noteId, "DESCRIBES"), "Model");
    compare("model", key, expected.models, models, nameMatches, (n) => String(n.props.name ?? n.id), score);

    const papers = pick([...from(noteId, "CITES"), ...from(noteId, "DESCRIBES")], "Paper");
    compare("paper", key, expected.papers, papers, paperMatches, paperKey, score);
    const arxivLabels = expected.papers.filter((p) => p.startsWith("arxiv:"));
    for (const label of arxivLabels) {
      if (papers.some((node) => paperMatches(node, label))) score.arxiv.tp++;
      else score.arxiv.fn++;
    }

    // The losses the note says are used: its models' USES_LOSS; in a note about no model, the
    // losses it mentions (a negated mention, "does not use a contrastive loss", is not one, nor
    // a quantity only measured, "MSE as the evaluation metric").
    const used = graph.edges.filter((e) => e.type === "USES_LOSS" && e.source === noteId).map((e) => e.to);
    const mentioned =
      models.length === 0
        ? from(noteId, "MENTIONS")
            .filter((e) => e.toLabel === "Loss" && !NOT_A_USE.some((rule) => e.extractor.endsWith(rule)))
            .map((e) => e.to)
        : [];
    const losses = [...new Set([...used, ...mentioned])]
      .map((id) => nodes.get(id))
      .filter((n): n is NodeRecord => n !== undefined);
    compare("loss", key, expected.losses, losses, lossMatches, (n) => String(n.props.name ?? n.id), score);

    scoreFigures(key, noteId, expected.figures, expected.models, graph, nodes, score);
  }

  for (const fact of labels.facts) if (!factHolds(fact, graph, nodes)) score.factsMissing.push(fact);
  for (const fact of labels.absent) if (factHolds(fact, graph, nodes)) score.absentPresent.push(fact);
  return score;
}

function scoreFigures(
  key: string,
  noteId: string,
  expected: Record<string, string | null>,
  models: readonly string[],
  graph: Graph,
  nodes: ReadonlyMap<string, NodeRecord>,
  score: CollectionScore,
): void {
  // A figure labelled with one name of a model the note labels (`LDM`) accepts its other names
  // (`Stable Diffusion`), as the model label does.
  const withAlternatives = (label: string) =>
    models.find((entry) => alternatives(entry).some((name) => fold(name) === fold(label))) ?? label;
  const figureIds = graph.edges.filter((e) => e.type === "HAS_FIGURE" && e.from === noteId).map((e) => e.to);
  const illustrated = new Map<string, NodeRecord[]>();
  for (const id of figureIds) {
    const src = String(nodes.get(id)?.props.src ?? "");
    const models = graph.edges
      .filter((e) => e.type === "ILLUSTRATES" && e.from === id && e.source === noteId)
      .map((e) => nodes.get(e.to))
      .filter((n): n is NodeRecord => n !== undefined);
    illustrated.set(src, [...(illustrated.get(src) ?? []), ...models]);
  }
  const counts = score.counts.figure;
  for (const [src, model] of Object.entries(expected)) {
    const found = illustrated.get(src) ?? [];
    illustrated.delete(src);
    if (model === null) {
      for (const wrong of found) {
        counts.fp++;
        score.falsePositives.push({
          type: "figure",
          note: key,
          item: `${src} -> ${String(wrong.props.name)}`,
        });
      }
      continue;
    }
    const right = found.find((node) => nameMatches(node, withAlternatives(model)));
    if (right) counts.tp++;
    else {
      counts.fn++;
      score.falseNegatives.push({ type: "figure", note: key, item: `${src} -> ${model}` });
    }
    for (const wrong of found.filter((node) => node !== right)) {
      counts.fp++;
      score.falsePositives.push({ type: "figure", note: key, item: `${src} -> ${String(wrong.props.name)}` });
    }
  }
  // Figures the labels do not list are not scored: the labeller saw every figure, so a
  // figure missing from the labels is one the extractor invented from something else.
  for (const [src, found] of illustrated) {
    for (const wrong of found) {
      counts.fp++;
      score.falsePositives.push({ type: "figure", note: key, item: `${src} -> ${String(wrong.props.name)}` });
    }
  }
}

/** `TYPE from -> to` holds when an edge of that type joins nodes with those names; `Label name` when such a node exists. */
export function factHolds(fact: string, graph: Graph, nodes: ReadonlyMap<string, NodeRecord>): boolean {
  const edge = /^([A-Z_]+)\s+(.+?)\s+->\s+(.+)$/.exec(fact.trim());
  const matchesEnd = (id: string, label: string) => {
    const node = nodes.get(id);
    if (/^(arxiv|doi|title):/.test(label)) return paperMatches(node, label);
    return node?.label === "Loss" ? lossMatches(node, label) : nameMatches(node, label);
  };
  if (edge?.[1] && edge[2] && edge[3]) {
    const [, type, from, to] = edge;
    return graph.edges.some((e) => e.type === type && matchesEnd(e.from, from) && matchesEnd(e.to, to));
  }
  const node = /^([A-Z][A-Za-z]+)\s+(.+)$/.exec(fact.trim());
  if (node?.[1] && node[2]) {
    const [, label, name] = node;
    return graph.nodes.some((n) => n.label === label && nameMatches(n, name));
  }
  return false;
}

export const precision = (c: Counts): number => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
export const recall = (c: Counts): number => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));
export const f1 = (c: Counts): number => {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}
