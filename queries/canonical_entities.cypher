// canonical_entities: the entity each id stands for now, following merges (an absorbed id gives
// the entity it was merged into).
// Parameters: $ids  list of entity ids
// Returns: requested (the id asked for), id (the current entity's id), kind — for stored ids only.
UNWIND $ids AS requested
MATCH (origin:Entity {id: requested})
OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH requested, coalesce(kept, origin) AS e
RETURN requested, e.id AS id, e.kind AS kind
