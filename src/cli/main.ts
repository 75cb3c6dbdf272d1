#!/usr/bin/env node
/**
 * The `kg` command line: a thin layer over the library. Exit codes: 0 success, 1 when an
 * input failed (the rest was still processed), 2 on usage errors.
 */
import { CommanderError } from "commander";
import { NotegraphError } from "../errors.js";
import { stopQuietlyWhenClosed } from "./closed-output.js";
import { buildProgram } from "./program.js";

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof NotegraphError) {
      process.stderr.write(`kg: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `kg: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

// `kg stats | head`: a reader that stops reading is not an error (closed-output.ts).
const exitNow = () => process.exit(process.exitCode ?? 0);
stopQuietlyWhenClosed(process.stdout, exitNow);
stopQuietlyWhenClosed(process.stderr, exitNow);

const code = await main(process.argv);
process.exitCode = code;
