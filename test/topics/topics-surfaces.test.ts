/**
 * Topics where people meet them, on the example note in the embedded store: `kg stats
 * --topics` (the same twice), `kg export` (each node's `topic` and `topicName`), the API
 * (`GET /api/topics`, and `topic` on the nodes of `/api/graph` and neighbourhoods): all one
 * computation, so all agree.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SerializedGraph, TopicsResponse } from "../../src/server/api-types.js";
import { type RunningServer, startServer } from "../../src/server/start.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";

describe("topics in kg stats, kg export and the API", () => {
  const base = tempDir("notegraph-topics-");
  const dataDir = join(base, "kg");
  let stats: TopicsResponse;
  let server: RunningServer;

  beforeAll(async () => {
    const ingest = await kg(["ingest", EXAMPLES, "--data-dir", dataDir]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = await kg(["stats", "--topics", "--format", "json", "--data-dir", dataDir]);
    expect(run.code, run.stderr).toBe(0);
    stats = (JSON.parse(run.stdout) as { topics: TopicsResponse }).topics;
    server = await startServer({ dataDir, port: 0, webRoot: null, figureRoots: [] });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, server.url));
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const withoutTime = ({ computeMs: _ms, ...rest }: TopicsResponse) => rest;

  it("kg stats --topics lists topics with sizes and top members, the same on every run", async () => {
    expect(stats.topics.length).toBeGreaterThan(1);
    const blip2 = stats.topics.find((topic) => topic.top.some((member) => member.id === "model:blip-2"));
    expect(blip2?.name).toContain("BLIP-2");
    expect(stats.topics.reduce((sum, topic) => sum + topic.size, 0)).toBe(stats.nodes);
    const again = await kg(["stats", "--topics", "--format", "json", "--data-dir", dataDir]);
    expect(withoutTime((JSON.parse(again.stdout) as { topics: TopicsResponse }).topics)).toEqual(
      withoutTime(stats),
    );
    const table = await kg(["stats", "--topics", "--data-dir", dataDir]);
    expect(table.stdout).toMatch(
      new RegExp(`${stats.topics.length} topics over ${stats.nodes} notes, models`),
    );
    expect(table.stdout).toContain(blip2?.name ?? "?");
  });

  it("kg export carries each node's topic and its name", async () => {
    const run = await kg(["export", "--format", "json", "--data-dir", dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const exported = JSON.parse(run.stdout) as {
      nodes: { key: string; attributes: { label: string; topic?: number; topicName?: string } }[];
    };
    const topicOf = new Map(exported.nodes.map((node) => [node.key, node.attributes]));
    for (const topic of stats.topics) {
      for (const member of topic.top) {
        expect(topicOf.get(member.id)?.topic, member.id).toBe(topic.id);
        expect(topicOf.get(member.id)?.topicName).toBe(topic.name);
      }
    }
    const withTopic = exported.nodes.filter((node) => node.attributes.topic !== undefined);
    expect(withTopic.length).toBe(stats.nodes);
    expect(new Set(withTopic.map((node) => node.attributes.label))).toEqual(
      new Set(["Note", "Model", "Paper", "Concept"]),
    );
  });

  it("the API serves the same topics, and its nodes carry them", async () => {
    expect(withoutTime(await get<TopicsResponse>("api/topics"))).toEqual(withoutTime(stats));
    const graph = await get<SerializedGraph>("api/graph?limit=500");
    const byId = new Map(stats.topics.flatMap((topic) => topic.top.map((member) => [member.id, topic.id])));
    let checked = 0;
    for (const node of graph.nodes) {
      const expected = byId.get(node.key);
      if (expected === undefined) continue;
      expect(node.attributes.topic, node.key).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    expect(graph.nodes.find((node) => node.key.startsWith("tag:"))?.attributes.topic).toBeUndefined();
    const around = await get<SerializedGraph>(`api/nodes/${encodeURIComponent("model:blip-2")}/neighbors`);
    expect(around.nodes[0]?.attributes.topic).toBe(byId.get("model:blip-2"));
  });
});
