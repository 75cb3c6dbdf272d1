// Everything the notes say about one model: its paper, losses, concepts, code and figures.
// kg query -f cypher/queries/model-card.cypher --param name=BLIP-2
// (List order is unspecified; coalesce makes an empty list the same on both stores.)
MATCH (m:Model)
WHERE m.name = $name
OPTIONAL MATCH (m)-[:INTRODUCED_IN]->(p:Paper)
OPTIONAL MATCH (m)-[:USES_LOSS]->(l:Loss)
WITH m, p, coalesce(collect(DISTINCT l.name), []) AS losses
OPTIONAL MATCH (m)-[:USES_CONCEPT]->(c:Concept)
WITH m, p, losses, count(DISTINCT c) AS concepts
OPTIONAL MATCH (m)-[:HAS_CODE]->(r:Repository)
WITH m, p, losses, concepts, coalesce(collect(DISTINCT r.url), []) AS code
OPTIONAL MATCH (f:Figure)-[:ILLUSTRATES]->(m)
RETURN m.name AS model, p.arxivId AS arxivId, p.title AS paper, losses, concepts, code, count(DISTINCT f) AS figures;
