/**
 * Which tools the test files of a run need, read from what they import: the shared Neo4j
 * (test/helpers/neo4j.ts), a local Neo4j of their own (test/helpers/own-neo4j.ts or
 * bench/local-neo4j.ts), Chromium (test/helpers/browser.ts). The global setup prepares only
 * what the run's files need, so a run of one unrelated file starts no server. Direct imports
 * only: a file that needs a tool imports its helper itself.
 */

export type ToolNeed = "sharedNeo4j" | "ownNeo4j" | "chromium";

// An import or export statement at the start of a line (a mention in a string or comment is not one).
const from = (module: string) =>
  new RegExp(String.raw`^\s*(?:import|export)\b[^;]*?\bfrom\s+["'][^"']*\/(?:${module})\.js["']`, "m");

const IMPORTS: Record<ToolNeed, RegExp> = {
  sharedNeo4j: from(String.raw`helpers\/neo4j`),
  ownNeo4j: from(String.raw`helpers\/own-neo4j|bench\/local-neo4j`),
  chromium: from(String.raw`helpers\/browser`),
};

export interface SourceFile {
  /** As it is shown to the user: relative to the project's root. */
  path: string;
  source: string;
}

/** For each tool, the files that need it, in the order given. */
export function toolNeeds(files: readonly SourceFile[]): Record<ToolNeed, string[]> {
  const needs: Record<ToolNeed, string[]> = { sharedNeo4j: [], ownNeo4j: [], chromium: [] };
  for (const file of files) {
    for (const need of Object.keys(IMPORTS) as ToolNeed[]) {
      if (IMPORTS[need].test(file.source)) needs[need].push(file.path);
    }
  }
  return needs;
}
