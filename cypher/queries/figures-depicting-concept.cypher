// Figures that depict a concept (by its English or Chinese name), best match first.
// DEPICTS edges come from the figure embeddings (`kg ingest --embed`).
// kg query -f cypher/queries/figures-depicting-concept.cypher --param concept=对比学习
MATCH (f:Figure)-[r:DEPICTS]->(c:Concept)
WHERE c.name = $concept OR c.nameZh = $concept
RETURN f.id AS figure, f.src AS src, r.score AS score
ORDER BY score DESC, figure;
