/** The kill-and-resume section of the benchmark report (bench/kill-stages.ts measures it). */
import type { KillChain, KillResults } from "./kill-stages.js";

const seconds = (value: number) => `${value.toFixed(1)} s`;

function chainLines(chain: KillChain): string[] {
  const kills = chain.runs
    .map(
      (run) =>
        `${(run.fraction * 100).toFixed(0)}% (${run.killed ? seconds(run.seconds) : "finished first"})`,
    )
    .join(", ");
  const lines = [
    `  ${chain.store}, ${chain.notes} notes` +
      (chain.serverStartSeconds !== null
        ? ` (local server started in ${seconds(chain.serverStartSeconds)})`
        : ""),
    `    clean run (baseline)  ${seconds(chain.clean.seconds)}  ${chain.clean.summary}`,
    `    killed at             ${kills}`,
  ];
  lines.push(
    `    finishing run         ${seconds(chain.resume.seconds)} (exit ${chain.resume.code})  ${chain.resume.summary}`,
    `    resume / clean        ${chain.resumeRatio.toFixed(2)}x; every run of the chain / clean ${chain.totalRatio.toFixed(2)}x`,
    `    fingerprint           ${chain.fingerprintMatches ? "MATCHES the clean run's" : "DIFFERS from the clean run's"}` +
      `  (load average after: ${chain.loadAfter})`,
  );
  return lines;
}

export function formatKillReport(results: KillResults): string {
  return [
    `kill and resume (kg ingest SIGKILLed at seeded points, seed ${results.seed}, then run again)`,
    ...results.chains.flatMap(chainLines),
  ].join("\n");
}
