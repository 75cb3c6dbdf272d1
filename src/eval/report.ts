/** The eval report: precision, recall and F1 per entity type, per collection and in total, and every miss. */
import {
  addCounts,
  type CollectionScore,
  type Counts,
  ENTITY_TYPES,
  f1,
  precision,
  recall,
} from "./score.js";

const LABELS: Record<(typeof ENTITY_TYPES)[number], string> = {
  model: "Model",
  paper: "cited Paper",
  loss: "Loss",
  figure: "figure -> model",
};

const pct = (value: number) => value.toFixed(2);

function row(name: string, c: Counts): string {
  return `| ${name} | ${c.tp} | ${c.fp} | ${c.fn} | ${pct(precision(c))} | ${pct(recall(c))} | ${pct(f1(c))} |`;
}

export function totals(scores: readonly CollectionScore[]): {
  counts: Record<string, Counts>;
  arxiv: Counts;
} {
  const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
  const counts: Record<string, Counts> = Object.fromEntries(ENTITY_TYPES.map((t) => [t, zero()]));
  let arxiv = zero();
  for (const score of scores) {
    for (const type of ENTITY_TYPES) counts[type] = addCounts(counts[type] ?? zero(), score.counts[type]);
    arxiv = addCounts(arxiv, score.arxiv);
  }
  return { counts, arxiv };
}

export function formatReport(scores: readonly CollectionScore[], options: { misses: boolean }): string {
  const lines: string[] = [];
  const header = [
    "| entity | tp | fp | fn | precision | recall | F1 |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const all = totals(scores);
  lines.push(
    `all ${scores.length} collections, ${scores.reduce((n, s) => n + s.counts.model.tp + s.counts.model.fn, 0)} labelled models`,
    ...header,
  );
  for (const type of ENTITY_TYPES) lines.push(row(LABELS[type], all.counts[type] ?? { tp: 0, fp: 0, fn: 0 }));
  lines.push("", "arXiv-id recall per collection:");
  for (const score of scores) {
    const c = score.arxiv;
    lines.push(`  ${score.collection}: ${c.tp}/${c.tp + c.fn} (${pct(recall(c))})`);
  }
  for (const score of scores) {
    lines.push("", `## ${score.collection}`, ...header);
    for (const type of ENTITY_TYPES) lines.push(row(LABELS[type], score.counts[type]));
    if (score.factsMissing.length) lines.push(`facts missing: ${score.factsMissing.join("; ")}`);
    if (score.absentPresent.length) lines.push(`absent facts present: ${score.absentPresent.join("; ")}`);
    if (!options.misses) continue;
    for (const miss of score.falseNegatives)
      lines.push(`  missed   ${miss.type.padEnd(6)} ${miss.note}: ${miss.item}`);
    for (const miss of score.falsePositives)
      lines.push(`  extra    ${miss.type.padEnd(6)} ${miss.note}: ${miss.item}`);
  }
  return `${lines.join("\n")}\n`;
}
