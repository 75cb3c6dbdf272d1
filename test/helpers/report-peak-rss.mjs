/**
 * Preloaded into a child with `node --import`: when the process exits, it writes its peak
 * resident memory (VmHWM from /proc/self/status, in kB) to $KG_TEST_PEAK_RSS_FILE.
 */
import { readFileSync, writeFileSync } from "node:fs";

process.on("exit", () => {
  const peak = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  if (process.env.KG_TEST_PEAK_RSS_FILE) writeFileSync(process.env.KG_TEST_PEAK_RSS_FILE, peak ?? "");
});
