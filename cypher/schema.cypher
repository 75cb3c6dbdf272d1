// Neo4j schema for notegraph, applied by the Neo4j store's applySchema() (statements end with ';').
// One uniqueness constraint on `id` per label (the MERGE key, and its index), an index on the
// papers' title key, and a vector index on figure embeddings. The vector index names no
// dimension, so it serves any model (512 for CLIP ViT-B/32, 8 for the tests' tiny model); a
// query only meets vectors of its own length.
// Quantisation is off: a notes collection holds thousands of figures, not millions, and
// quantised scores drift by ~0.002, enough to reorder near ties.

CREATE CONSTRAINT note_id IF NOT EXISTS FOR (n:Note) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT tag_id IF NOT EXISTS FOR (n:Tag) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT category_id IF NOT EXISTS FOR (n:Category) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT series_id IF NOT EXISTS FOR (n:Series) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (n:Model) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (n:Concept) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT loss_id IF NOT EXISTS FOR (n:Loss) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT figure_id IF NOT EXISTS FOR (n:Figure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT repository_id IF NOT EXISTS FOR (n:Repository) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT webresource_id IF NOT EXISTS FOR (n:WebResource) REQUIRE n.id IS UNIQUE;

// A paper known only by its title is joined to the arXiv paper with its title key
// (src/pipeline/reconcile-papers.ts looks the keys up): without this index each key scans every
// paper. With 5,000 arXiv papers and 1,000 keys: 5.1 s without, 0.16 s with.
CREATE INDEX paper_title_key IF NOT EXISTS FOR (n:Paper) ON (n.titleKey);

// No full-text index. Name search (src/search/text.ts, for `kg search` and the viewer) finds
// substrings: "clip" in "OpenCLIP", one character of a Chinese word. Lucene matches whole tokens
// (with the cjk analyzer, "clip" misses "OpenCLIP" and "对" finds nothing), and its relevance
// would rank differently from the embedded store, which has no such index. The one earlier
// versions created was queried by nothing, yet kept up to date on every write: it is dropped.
DROP INDEX node_text IF EXISTS;

CREATE VECTOR INDEX figure_embedding IF NOT EXISTS
FOR (f:Figure) ON (f.embedding)
OPTIONS { indexConfig: { `vector.similarity_function`: 'cosine', `vector.quantization.enabled`: false } };
