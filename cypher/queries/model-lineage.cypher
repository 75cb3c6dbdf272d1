// The lineage of a model: the models it builds on, directly or through others (up to 5 steps).
// kg query -f cypher/queries/model-lineage.cypher --param name=MiniGPT-4
MATCH p = (m:Model)-[:BUILDS_ON*1..5]->(ancestor:Model)
WHERE m.name = $name
RETURN ancestor.name AS ancestor, min(length(p)) AS steps
ORDER BY steps, ancestor;
