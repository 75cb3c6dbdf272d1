// Models that use a given loss, with the notes that say so.
// kg query -f cypher/queries/models-using-loss.cypher --param loss=ITC
MATCH (m:Model)-[r:USES_LOSS]->(l:Loss)
WHERE l.name = $loss
RETURN m.name AS model, l.name AS loss, r.sources AS notes
ORDER BY model;
