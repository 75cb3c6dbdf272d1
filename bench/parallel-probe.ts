/**
 * How much parallel CPU the machine really gives two threads, measured two ways before
 * the stages: a tight arithmetic loop (does a second CPU exist and is it free?) and the
 * bare remark parse of real notes (allocation-heavy, like extraction: do the two CPUs
 * share caches and memory bandwidth, as hyperthreads of one core do?). A ratio near 2
 * means two independent cores; near 1 means a worker-thread speed-up cannot happen here.
 */
import { Worker } from "node:worker_threads";
import type { ParseProbeJob } from "./parallel-probe-worker.js";

const SPIN = `
  const { parentPort, workerData } = require("node:worker_threads");
  let x = 0;
  for (let i = 0; i < workerData; i++) x = (x * 1103515245 + 12345) % 2147483648;
  parentPort.postMessage(x);
`;
const SPIN_ITERATIONS = 50_000_000;
const PARSE_REPEATS = 2;

export interface ScalingProbe {
  oneThreadSeconds: number;
  twoThreadsSeconds: number;
  /** Throughput of two concurrent threads over one (2.0 = perfect scaling). */
  scaling: number;
}

export interface ParallelScaling {
  busyLoop: ScalingProbe;
  markdownParse: ScalingProbe;
}

function settle<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once("message", (value: T) => resolve(value));
    worker.once("error", reject);
  });
}

async function spinSeconds(threads: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () =>
      settle<number>(new Worker(SPIN, { eval: true, workerData: SPIN_ITERATIONS })),
    ),
  );
  return (performance.now() - started) / 1000;
}

/** Seconds until the slowest of `threads` threads has parsed every text `PARSE_REPEATS` times. */
async function parseSeconds(threads: number, texts: string[]): Promise<number> {
  const barrier = new SharedArrayBuffer(4);
  const job: ParseProbeJob = { texts, repeats: PARSE_REPEATS, barrier, threads };
  const url = new URL("./parallel-probe-worker.js", import.meta.url);
  const seconds = await Promise.all(
    Array.from({ length: threads }, () => settle<number>(new Worker(url, { workerData: job }))),
  );
  return Math.max(...seconds);
}

function probe(oneThreadSeconds: number, twoThreadsSeconds: number): ScalingProbe {
  return { oneThreadSeconds, twoThreadsSeconds, scaling: (2 * oneThreadSeconds) / twoThreadsSeconds };
}

/** `texts`: some notes of the corpus (a hundred or so: about half a second of parsing per round). */
export async function parallelScaling(texts: string[]): Promise<ParallelScaling> {
  const busyLoop = probe(await spinSeconds(1), await spinSeconds(2));
  const markdownParse = probe(await parseSeconds(1, texts), await parseSeconds(2, texts));
  return { busyLoop, markdownParse };
}
