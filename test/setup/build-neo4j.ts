/**
 * Builds the project's local Neo4j when it is missing or out of date (`scripts/neo4j.mjs build
 * --if-stale`: Java 17 or 21, Maven, artifacts from Maven Central). Maven's output is shown only
 * when a build runs; when Java or Maven is missing, the script's own message is the reason.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";
import { packageRoot } from "../../src/paths.js";

const PREFIX = "neo4j-local: ";

/** Resolves null when the jar is ready, or the reason it is not. */
export function buildLocalNeo4j(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [join(packageRoot(), "scripts", "neo4j.mjs"), "build", "--if-stale"],
      {
        // The class-data archive would cost ~45 s once; the tests' servers start without it.
        env: { ...env, NEO4J_LOCAL_CDS: "0" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let building = false;
    let last = "";
    createInterface({ input: child.stderr }).on("line", (line) => {
      if (line.startsWith(`${PREFIX}building`)) building = true;
      // Maven's console library leaves colour resets even in batch mode.
      if (building) process.stderr.write(`${stripVTControlCharacters(line)}\n`);
      if (line.startsWith(PREFIX)) last = line.slice(PREFIX.length);
    });
    child.on("error", (error) => done(`cannot run scripts/neo4j.mjs: ${error.message}`));
    child.on("close", (code) => {
      if (code === 0) return done(null);
      done(last || `scripts/neo4j.mjs build failed (exit ${code})`);
    });
  });
}
