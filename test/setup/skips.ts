/**
 * A suite skipped for want of a tool is never silent. It says why in its name,
 * `<name> (skipped: <reason>)` (skippedName below; `needs <what>` test names count too), and at
 * the end of the run the global setup prints every such suite, one line per reason. Tests left
 * out by a name filter (-t) or .only are not listed: their names carry no reason.
 */

/** The name of a suite that needs a tool: with the reason when it is skipped (reason not null). */
export function skippedName(name: string, reason: string | null): string {
  return reason === null ? name : `${name} (skipped: ${reason})`;
}

const SKIPPED = /^(.*?) \(skipped: (.+)\)$/s;
const NEEDS = /^needs (.+)$/s;

/** A suite or test as the run left it. */
export interface TaskNode {
  name: string;
  skipped: boolean;
  children: readonly TaskNode[];
}

export interface ToolSkip {
  /** `file > suite > test`, with the reason taken out of the name. */
  where: string;
  reason: string;
}

/** The skipped suites and tests of a file that name a reason; a skipped suite's tests are not listed again. */
export function toolSkips(
  file: string,
  nodes: readonly TaskNode[],
  path: readonly string[] = [],
): ToolSkip[] {
  const found: ToolSkip[] = [];
  for (const node of nodes) {
    const reason = node.skipped ? reasonOf(node.name) : null;
    if (reason) {
      found.push({ where: [file, ...path, reason.name].join(" > "), reason: reason.reason });
    } else if (!node.skipped) {
      found.push(...toolSkips(file, node.children, [...path, node.name]));
    }
  }
  return found;
}

function reasonOf(name: string): { name: string; reason: string } | null {
  const skipped = SKIPPED.exec(name);
  if (skipped) return { name: skipped[1] as string, reason: skipped[2] as string };
  const needs = NEEDS.exec(name);
  return needs ? { name, reason: name } : null;
}

/** The end-of-run lines: each reason, then the suites skipped for it; none when nothing was skipped. */
export function skipSummary(skips: readonly ToolSkip[]): string[] {
  if (skips.length === 0) return [];
  const byReason = new Map<string, string[]>();
  for (const skip of skips) byReason.set(skip.reason, [...(byReason.get(skip.reason) ?? []), skip.where]);
  const lines = [`skipped for a missing tool (${skips.length}):`];
  for (const [reason, where] of byReason) lines.push(`  ${reason}`, ...where.map((w) => `    ${w}`));
  return lines;
}

/** The start-of-run line for a missing tool: which files will skip their suites that need it, and why. */
export function missingToolLine(tool: string, files: readonly string[], reason: string): string {
  return `${tool} suites of ${files.join(", ")} will be skipped: ${reason}`;
}
