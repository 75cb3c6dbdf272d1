/**
 * Problems found in inputs, with their place, in the shape of a vfile message: the batch
 * goes on, and the CLI prints them like a compiler (`file:line:column: severity: message [rule]`).
 */
export type Severity = "error" | "warning";

export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** A stable id such as `frontmatter/toml` or `figure/missing-file`. */
  rule: string;
  severity: Severity;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const place = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  return `${place}: ${problem.severity}: ${problem.message} [${problem.rule}]`;
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === "error");
