import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Kuzu is a native module: separate processes keep one test file's database from another's.
    pool: "forks",
    // CLI tests spawn `kg` (about 0.5 s a run on 2 cores) several times per test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The tools the run's files need: the local Neo4j (built and started when Java and Maven
    // are here, stopped at the end), Chromium; suites skipped for a missing one are named.
    globalSetup: ["test/setup/global.ts"],
  },
});
