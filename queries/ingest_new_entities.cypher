// ingest_new_entities: create the entities a checked batch names that are not stored yet.
// ingest_check found none of these ids stored, so CREATE (a writer storing one in between makes
// the commit fail on the uniqueness constraint, and the store checks and writes once more).
// Parameters:
//   $entities  list of {id, kind, label (node label of the kind), name, properties, aliases (the
//              names the batch gives the entity)}, one per id
// Returns nothing.
UNWIND $entities AS row
CREATE (e:Entity:$(row.label))
SET e = row.properties, e.id = row.id, e.kind = row.kind, e.name = row.name, e.aliases = row.aliases,
  e.role_set_by_analyst = false
