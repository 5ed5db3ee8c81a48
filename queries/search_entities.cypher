// search_entities: candidate entities for a search, from the full-text index over names and
// aliases (entities merged away lead to the entity they were merged into). The caller ranks them
// with graph.search.rank_entities so both stores order results the same way.
// Parameters: $query (a Lucene query built from the words of the search, never raw user text),
//   $limit (how many index hits to consider), $kinds (list of entity kinds, or null for all)
// Returns: entity (map of its properties), absorbed (list of {name, aliases}).
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: $limit}) YIELD node
OPTIONAL MATCH (node)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH DISTINCT coalesce(kept, node) AS e
WHERE $kinds IS NULL OR e.kind IN $kinds
RETURN e {.*} AS entity, [(other)-[:MERGED_INTO*]->(e) | other {.name, .aliases}] AS absorbed
