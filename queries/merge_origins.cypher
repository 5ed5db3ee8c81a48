// merge_origins: every id that now stands for this entity: itself and the ids merged into it.
// Parameters: $id
// Returns one row: origins (list of ids), or no row when the id is not stored.
MATCH (e:Entity {id: $id})
RETURN [e.id] + [(origin)-[:MERGED_INTO*]->(e) | origin.id] AS origins
