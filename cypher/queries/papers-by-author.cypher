// Papers by an author, as the notes (or arXiv) name them, with the author's position.
// kg query -f cypher/queries/papers-by-author.cypher --param name="J. Li"
MATCH (p:Paper)-[r:AUTHORED_BY]->(a:Author)
WHERE a.name = $name
RETURN p.title AS title, p.arxivId AS arxivId, r.position AS position
ORDER BY title;
