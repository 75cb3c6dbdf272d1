/**
 * One thread of the parallel probe (parallel-probe.ts): warm up, wait until every probe
 * thread is ready, then parse the given notes with the bare remark parser and report the
 * seconds it took. Runs from the compiled dist/ build only, like the extraction workers.
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseMarkdownBare } from "../ingest/markdown/markdown-ast.js";

export interface ParseProbeJob {
  texts: string[];
  repeats: number;
  /** One Int32 counting the threads that are ready; all start together when it reaches `threads`. */
  barrier: SharedArrayBuffer;
  threads: number;
}

const job = workerData as ParseProbeJob;
for (const text of job.texts.slice(0, 20)) parseMarkdownBare(text);
const ready = new Int32Array(job.barrier);
Atomics.add(ready, 0, 1);
Atomics.notify(ready, 0);
for (let seen = Atomics.load(ready, 0); seen < job.threads; seen = Atomics.load(ready, 0)) {
  Atomics.wait(ready, 0, seen);
}
const started = performance.now();
for (let round = 0; round < job.repeats; round++) {
  for (const text of job.texts) parseMarkdownBare(text);
}
parentPort?.postMessage((performance.now() - started) / 1000);
