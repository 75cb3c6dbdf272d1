/**
 * The API over Neo4j answers as over Kuzu: the same notes ingested into both stores, two
 * servers, every route compared. It empties its database first, so it runs on a Neo4j of its
 * own (test/helpers/own-neo4j.ts), never on the server other test files share; or on
 * KG_TEST_SERVER_NEO4J_URI, a server given for it alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClip } from "../../src/embed/clip.js";
import { resolveClipSettings } from "../../src/embed/settings.js";
import type { FigureSearchHit, NodeDetails, SerializedGraph } from "../../src/server/api-types.js";
import { type RunningServer, startServer } from "../../src/server/start.js";
import { openKuzuStore } from "../../src/store/kuzu.js";
import { openNeo4jStore } from "../../src/store/neo4j.js";
import type { GraphStore } from "../../src/store/types.js";
import { kg } from "../helpers/cli.js";
import { EXAMPLES } from "../helpers/extract.js";
import { type LocalNeo4j, OWN_NEO4J_SKIP, startOwnNeo4j } from "../helpers/own-neo4j.js";
import { skippedName } from "../setup/skips.js";
import { buildFixture, type Fixture } from "./fixture.js";

const given = process.env.KG_TEST_SERVER_NEO4J_URI || null;
const skip = given ? null : OWN_NEO4J_SKIP;

describe.skipIf(skip !== null)(skippedName("the API over Neo4j", skip), () => {
  let own: LocalNeo4j | null = null;
  let fixture: Fixture;
  let kuzu: GraphStore;
  let neo: GraphStore;
  let overKuzu: RunningServer;
  let overNeo4j: RunningServer;

  beforeAll(async () => {
    own = given ? null : await startOwnNeo4j();
    const uri = given ?? (own as LocalNeo4j).uri;
    fixture = await buildFixture();
    neo = await openNeo4jStore({ uri, password: given ? process.env.NEO4J_PASSWORD : undefined });
    await neo.query("MATCH (n) DETACH DELETE n");
    const args = ["ingest", EXAMPLES, fixture.notes, "--neo4j-uri", uri, "--embed", "--offline"];
    const ingested = await kg(args, { env: fixture.env });
    if (ingested.code !== 0) throw new Error(`kg ingest into Neo4j failed: ${ingested.stderr}`);
    kuzu = await openKuzuStore({ dataDir: fixture.dataDir, readOnly: true });
    const settings = resolveClipSettings({}, fixture.env);
    const common = { port: 0, webRoot: null, dataDir: fixture.dataDir, clip: () => loadClip(settings) };
    overKuzu = await startServer({ ...common, store: kuzu });
    overNeo4j = await startServer({ ...common, store: neo });
  }, 400_000);

  afterAll(async () => {
    await Promise.all([overKuzu?.close(), overNeo4j?.close()]);
    await Promise.all([kuzu?.close(), neo?.close()]);
    await own?.dispose();
  });

  async function both(path: string, init?: RequestInit): Promise<[Answer, Answer]> {
    const answer = async (server: RunningServer): Promise<Answer> => {
      const response = await fetch(new URL(path, server.url), init);
      const text = await response.text();
      const json = (response.headers.get("content-type") ?? "").includes("json");
      return { status: response.status, body: json ? JSON.parse(text) : text };
    };
    return [await answer(overKuzu), await answer(overNeo4j)];
  }

  const enc = encodeURIComponent;
  const post = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const sorted = (graph: SerializedGraph) => ({
    ...graph,
    nodes: [...graph.nodes].sort((a, b) => a.key.localeCompare(b.key)),
    edges: [...graph.edges].sort((a, b) => a.key.localeCompare(b.key)),
  });
  /** `sources` lists keep contribution order in Kuzu and are sorted in Neo4j. */
  const comparable = (details: NodeDetails) => ({
    ...details,
    properties: { ...details.properties, sources: null },
  });

  it("counts and subgraphs agree", async () => {
    const [statsKuzu, statsNeo4j] = await both("/api/stats");
    expect(statsNeo4j).toEqual(statsKuzu);
    const queries = [
      "",
      "?limit=5",
      "?labels=Model,Paper",
      "?note=xss.md",
      "?tag=testing",
      `?tag=${enc("多模态")}`,
    ];
    for (const query of queries) {
      const [a, b] = await both(`/api/graph${query}`);
      expect([a.status, b.status], query).toEqual([200, 200]);
      expect(sorted(b.body as SerializedGraph), query).toEqual(sorted(a.body as SerializedGraph));
    }
  });

  it("node details and neighbourhoods agree", async () => {
    const red = await kuzu.query("MATCH (f:Figure) WHERE f.localPath ENDS WITH 'red.png' RETURN f.id AS id");
    const ids = [
      "model:clip",
      "note:xss.md",
      "note:examples/multimodal/index.md",
      String(red.rows[0]?.id),
      "tag:testing",
      "paper:arxiv:2103.00020",
      "concept:contrastive-learning",
    ];
    for (const id of ids) {
      const [a, b] = await both(`/api/nodes/${enc(id)}?limit=3`);
      expect([a.status, b.status], id).toEqual([200, 200]);
      expect(comparable(b.body as NodeDetails), id).toEqual(comparable(a.body as NodeDetails));
      for (const query of ["", "?depth=2", "?depth=2&limit=7"]) {
        const [x, y] = await both(`/api/nodes/${enc(id)}/neighbors${query}`);
        expect(sorted(y.body as SerializedGraph), `${id}${query}`).toEqual(sorted(x.body as SerializedGraph));
      }
    }
  });

  it("search, figure search and figure images agree", async () => {
    for (const q of ["clip", "blip2", "多模态", "<script>", "c"]) {
      const [a, b] = await both(`/api/search?q=${enc(q)}`);
      expect(b.body, q).toEqual(a.body);
    }
    const [a, b] = await both("/api/figures/search?q=red&k=3");
    expect([a.status, b.status]).toEqual([200, 200]);
    const [first] = b.body as FigureSearchHit[];
    expect(first?.id).toBe((a.body as FigureSearchHit[])[0]?.id);
    const [imageKuzu, imageNeo4j] = await both(first?.image ?? "/missing");
    expect([imageKuzu.status, imageNeo4j.status]).toEqual([200, 200]);
  });

  it("Cypher: rows, refused writes, bad Cypher and timeouts agree", async () => {
    const read = post({
      query: "MATCH (m:Model) WHERE m.name STARTS WITH $p RETURN m.name AS name ORDER BY name",
      params: { p: "BLIP" },
    });
    const [a, b] = await both("/api/cypher", read);
    expect(b).toEqual(a);
    const [writeKuzu, writeNeo4j] = await both(
      "/api/cypher",
      post({ query: "CREATE (t:Tag {id: 'tag:x'})" }),
    );
    expect([writeKuzu.status, writeNeo4j.status]).toEqual([403, 403]);
    const [badKuzu, badNeo4j] = await both("/api/cypher", post({ query: "MATCH (m:Model RETURN m" }));
    expect([badKuzu.status, badNeo4j.status]).toEqual([400, 400]);
    const slow =
      "UNWIND range(1, 50000) AS x UNWIND range(1, 50000) AS y WITH x, y WHERE (x * y) % 7 = 10 RETURN count(*) AS c";
    const [slowKuzu, slowNeo4j] = await both("/api/cypher", post({ query: slow, timeoutMs: 300 }));
    expect([slowKuzu.status, slowNeo4j.status]).toEqual([504, 504]);
  });
});

interface Answer {
  status: number;
  body: unknown;
}
