/**
 * Without Java the local Neo4j is not built, and the reason is the script's own message, which
 * names what to install (the global setup shows it in its one line about skipped suites).
 */
import { describe, expect, it } from "vitest";
import { buildLocalNeo4j } from "./build-neo4j.js";

describe("buildLocalNeo4j", () => {
  it("says that java cannot be run when it is not on PATH", async () => {
    const reason = await buildLocalNeo4j({ ...process.env, PATH: "/nonexistent", JAVA_HOME: "" });
    expect(reason).toMatch(/^cannot run `java` \(ENOENT\)\. Neo4j 5\.26 needs a Java 17 or 21 runtime/);
    expect(reason).toContain("apt-get install openjdk-17-jdk-headless");
  });

  it("names the java it tried when JAVA_HOME points nowhere", async () => {
    const reason = await buildLocalNeo4j({ ...process.env, JAVA_HOME: "/nonexistent/jdk" });
    expect(reason).toMatch(/^cannot run `\/nonexistent\/jdk\/bin\/java`/);
  });
});
