// ingest_names: (Report)-[:NAMES {aliases}]->(entity) for a checked batch of new reports: the names
// each report gives each entity it uses, so a purge can take back exactly those. A new report's
// relationships cannot exist yet (its id is a hash of its text), so CREATE, not MERGE.
// Parameters:
//   $rows  list of {report, entity, aliases}: one NAMES relationship each
// Returns nothing.
UNWIND $rows AS row
MATCH (r:Report {id: row.report})
MATCH (e:Entity {id: row.entity})
CREATE (r)-[:NAMES {aliases: row.aliases}]->(e)
