/**
 * Runs a Node script in a child process and reports its peak resident memory (VmHWM, read
 * by report-peak-rss.mjs as the child exits), with stdout counted but not kept: a test can
 * show that a command streams without this process holding the output either.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const PRELOAD = resolve(import.meta.dirname, "report-peak-rss.mjs");

export interface MeasuredRun {
  code: number;
  stderr: string;
  stdoutBytes: number;
  stdoutLines: number;
  /** The last line of stdout (without its newline). */
  lastLine: string;
  peakRssKb: number;
}

export function runMeasured(script: string, args: string[]): Promise<MeasuredRun> {
  const peakFile = join(mkdtempSync(join(tmpdir(), "notegraph-peak-")), "peak");
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", PRELOAD, script, ...args], {
      env: { ...process.env, NEO4J_URI: "", KG_TEST_PEAK_RSS_FILE: peakFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let bytes = 0;
    let lines = 0;
    let tail = "";
    child.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
      tail = (tail + chunk.toString("utf8")).slice(-200);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => {
      const lastLine = tail.replace(/\n$/, "").split("\n").at(-1) ?? "";
      const peakRssKb = Number(readFileSync(peakFile, "utf8"));
      done({ code: code ?? -1, stderr, stdoutBytes: bytes, stdoutLines: lines, lastLine, peakRssKb });
    });
  });
}
