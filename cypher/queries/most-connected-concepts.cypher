// The most connected concepts: how many models use each and how many notes mention it.
// kg query -f cypher/queries/most-connected-concepts.cypher
MATCH (c:Concept)
OPTIONAL MATCH (m:Model)-[:USES_CONCEPT]->(c)
WITH c, count(DISTINCT m) AS models
OPTIONAL MATCH (n:Note)-[:MENTIONS]->(c)
RETURN c.name AS concept, c.nameZh AS nameZh, models, count(DISTINCT n) AS notes
ORDER BY models DESC, notes DESC, concept
LIMIT 20;
