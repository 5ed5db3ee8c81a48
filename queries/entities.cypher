// entities: every current entity (not merged away), of these kinds, named in this case.
// Parameters: $kinds (list of entity kinds, or null for all), $case (null: every case)
// Returns: entity (map of its properties), absorbed (list of {name, aliases}
// of the entities merged into it).
MATCH (e:Entity)
WHERE NOT (e)-[:MERGED_INTO]->()
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($case IS NULL OR EXISTS { (:Report {case: $case})-[:MENTIONS]->(e) })
RETURN e {.*} AS entity, [(other)-[:MERGED_INTO*]->(e) | other {.name, .aliases}] AS absorbed
ORDER BY e.id
