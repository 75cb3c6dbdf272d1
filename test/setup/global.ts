/**
 * vitest's global setup: the tools the run's test files need (test/setup/needs.ts).
 *
 * Neo4j: the user's NEO4J_URI when it is set (nothing is started); otherwise the project's local
 * Neo4j, built if needed and started on a free port with a throw-away data directory, and
 * stopped at the end. Without Java 17 or Maven, one line says which files skip their Neo4j
 * suites and why; the same for Chromium. At the end of the run, every suite skipped for a missing
 * tool is named (test/setup/skips.ts). KG_TEST_REQUIRE_TOOLS=1 (CI) makes a missing tool fail
 * the run instead.
 *
 * Every temporary directory of the run (the tests' own, their stores, the `kg` processes they
 * start, the local Neo4j's data) is made under one directory, removed at the end
 * (KG_TEST_KEEP_TMP=1 keeps it and says where): the tests make theirs with mkdtemp and do not
 * remove them one by one, and 6,600 left by earlier runs (39 GB) had filled this machine's disk.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { TestCase, TestModule, TestProject, TestSuite } from "vitest/node";
import { type LocalNeo4j, startLocalNeo4j } from "../../bench/local-neo4j.js";
import { browserSkipReason } from "../helpers/browser.js";
import { buildLocalNeo4j } from "./build-neo4j.js";
import { toolNeeds } from "./needs.js";
import type { Neo4jForTests } from "./provided.js";
import { missingToolLine, skipSummary, type TaskNode, toolSkips } from "./skips.js";

const say = (line: string) => process.stderr.write(`${line}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = mkdtempSync(join(tmpdir(), "notegraph-tests-"));
  // Read by os.tmpdir() in this process, in the test workers forked after it and in their children.
  process.env.TMPDIR = scratch;
  const root = project.config.root;
  const files = project.vitest.state.getPaths().map((path) => ({
    path: relative(root, path),
    source: readFileSync(path, "utf8"),
  }));
  const needs = toolNeeds(files);
  const strict = process.env.KG_TEST_REQUIRE_TOOLS === "1";
  const missing: string[] = [];

  const userUri = process.env.NEO4J_URI || null;
  const wantShared = needs.sharedNeo4j.length > 0;
  const wantOwn = needs.ownNeo4j.length > 0;
  const localSkip = wantOwn || (wantShared && !userUri) ? await buildLocalNeo4j() : null;
  const neo4j: Neo4jForTests = {
    uri: null,
    password: null,
    skip: wantShared ? null : "no test file of this run asked for the shared Neo4j",
    ownSkip: wantOwn ? localSkip : "no test file of this run asked for a Neo4j of its own",
  };
  let server: LocalNeo4j | null = null;
  if (wantShared && userUri) {
    neo4j.uri = userUri;
    neo4j.password = process.env.NEO4J_PASSWORD || null;
    say(`neo4j: the tests use NEO4J_URI=${userUri} (nothing started)`);
  } else if (wantShared && localSkip === null) {
    const started = performance.now();
    server = await startLocalNeo4j();
    neo4j.uri = server.uri;
    say(
      `neo4j: started the local Neo4j at ${server.uri} in ${Math.round((performance.now() - started) / 1000)} s`,
    );
  } else if (wantShared) {
    neo4j.skip = localSkip;
  }
  const neo4jSkipped = [
    ...(neo4j.uri === null ? needs.sharedNeo4j : []),
    ...(wantOwn && localSkip !== null ? needs.ownNeo4j : []),
  ];
  if (neo4jSkipped.length > 0) {
    const reason = localSkip ?? "no Neo4j";
    missing.push(`Neo4j: ${reason}`);
    const remedy = userUri ? "" : " (or set NEO4J_URI to a server of yours)";
    say(missingToolLine("Neo4j", [...new Set(neo4jSkipped)], `${reason}${remedy}`));
  }

  if (needs.chromium.length > 0) {
    const reason = browserSkipReason();
    if (reason !== null) {
      missing.push(`Chromium: ${reason}`);
      say(missingToolLine("browser", needs.chromium, reason));
    }
  }

  if (strict && missing.length > 0) {
    await server?.dispose();
    removeScratch(scratch);
    throw new Error(`KG_TEST_REQUIRE_TOOLS=1, and the tests lack: ${missing.join("; ")}`);
  }
  project.provide("neo4j", neo4j);

  return async () => {
    await server?.dispose();
    const skips = project.vitest.state
      .getTestModules()
      .flatMap((module) => toolSkips(relative(root, module.moduleId), taskNodes(module)));
    for (const line of skipSummary(skips)) say(line);
    removeScratch(scratch);
  };
}

function removeScratch(dir: string): void {
  if (process.env.KG_TEST_KEEP_TMP === "1") say(`temporary files of the run kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

function taskNodes(parent: TestModule | TestSuite): TaskNode[] {
  return parent.children
    .array()
    .map((child: TestCase | TestSuite) =>
      child.type === "suite"
        ? { name: child.name, skipped: child.options.mode === "skip", children: taskNodes(child) }
        : { name: child.name, skipped: child.result().state === "skipped", children: [] },
    );
}
