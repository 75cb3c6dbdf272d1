// Notes that cite a paper, with the line of the citation.
// kg query -f cypher/queries/notes-citing-paper.cypher --param arxivId=2301.12597
MATCH (n:Note)-[r:CITES]->(p:Paper)
WHERE p.arxivId = $arxivId
RETURN n.title AS note, n.path AS path, r.line AS line
ORDER BY path;
