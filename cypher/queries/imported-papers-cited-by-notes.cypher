// Papers imported from arXiv (the snapshot or the API) that your notes cite, in one field,
// with the notes citing them. Import the field first, e.g.
//   kg arxiv arxiv-metadata-oai-snapshot.json --category cs.CV --category cs.CL
// kg query -f cypher/queries/imported-papers-cited-by-notes.cypher --param category=cs.CV
MATCH (n:Note)-[:CITES]->(p:Paper)-[:IN_CATEGORY]->(c:Category)
WHERE p.arxivHash IS NOT NULL AND c.name STARTS WITH $category
RETURN p.arxivId AS arxivId, p.title AS title, p.published AS published, collect(DISTINCT n.title) AS notes
ORDER BY arxivId;
