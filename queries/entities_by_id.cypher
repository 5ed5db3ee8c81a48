// entities_by_id: the current entities these ids stand for (following merges), each once.
// Parameters: $ids  list of entity ids
// Returns: entity (map of its properties), absorbed (list of {name, aliases}
// of the entities merged into it).
UNWIND $ids AS requested
MATCH (origin:Entity {id: requested})
OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH DISTINCT coalesce(kept, origin) AS e
RETURN e {.*} AS entity, [(other)-[:MERGED_INTO*]->(e) | other {.name, .aliases}] AS absorbed
ORDER BY e.id
