// Concepts two models share (in English and Chinese).
// kg query -f cypher/queries/shared-concepts.cypher --param a=BLIP --param b=BLIP-2
MATCH (m1:Model)-[:USES_CONCEPT]->(c:Concept)<-[:USES_CONCEPT]-(m2:Model)
WHERE m1.name = $a AND m2.name = $b
RETURN c.name AS concept, c.nameZh AS nameZh
ORDER BY concept;
