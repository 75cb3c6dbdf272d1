// Papers the notes cite that no model section describes (no model is INTRODUCED_IN them):
// reading left to do.
// kg query -f cypher/queries/undescribed-cited-papers.cypher
MATCH (n:Note)-[:CITES]->(p:Paper)
WHERE NOT EXISTS { MATCH (:Model)-[:INTRODUCED_IN]->(p) }
RETURN p.id AS paper, p.title AS title, count(DISTINCT n) AS notes
ORDER BY notes DESC, paper;
