/**
 * Timing helpers for the benchmark: a collect-garbage-then-time wrapper, the median of
 * repeated runs, and the facts about the machine that every result is reported with.
 */
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os";

/** One measured stretch: wall seconds, and the CPU seconds this process (every thread) spent in it. */
export interface Sample {
  seconds: number;
  /** User + system CPU of the whole process, worker threads and Kuzu's threads included. */
  cpuSeconds: number;
  /** The 1-minute load average when the stretch ended: above ~1 per busy thread of ours, something else ran too. */
  loadAfter: number;
}

export interface Timed<T> extends Sample {
  value: T;
}

/** Runs a full GC first when node was started with --expose-gc, so one stage's garbage is not billed to the next. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return gc !== undefined;
}

export async function timed<T>(run: () => T | Promise<T>): Promise<Timed<T>> {
  collectGarbage();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, loadAfter: loadAverageNow(), value };
}

/** Just the measurement, without the measured value. */
export const sampleOf = ({ seconds, cpuSeconds, loadAfter }: Sample): Sample => ({
  seconds,
  cpuSeconds,
  loadAfter,
});

export const loadAverageNow = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export interface MachineFacts {
  cpuModel: string;
  cpuCount: number;
  availableParallelism: number;
  totalMemoryGiB: number;
  node: string;
  os: string;
  gcExposed: boolean;
  /** 1, 5 and 15 minute load averages when the run started: other busy processes skew every number. */
  loadAverage: number[];
}

export function machineFacts(): MachineFacts {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? "unknown",
    cpuCount: cores.length,
    availableParallelism: availableParallelism(),
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()} ${process.arch}`,
    gcExposed: collectGarbage(),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
