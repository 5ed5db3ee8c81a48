// ingest_mentions: (Report)-[:MENTIONS]->(entity) for a checked batch of new reports, CREATEd (a new
// report's relationships cannot exist yet). Each points at the current entity of its id (ids merged
// away resolved by the caller) and keeps the id it was written with (entity_id), so a merge can be
// undone exactly.
// Parameters:
//   $rows  list of {report, holder (current entity id), properties: {entity_id, start, end, text,
//          label, sentence}}
// Returns nothing.
UNWIND $rows AS row
MATCH (r:Report {id: row.report})
MATCH (e:Entity {id: row.holder})
CREATE (r)-[m:MENTIONS]->(e)
SET m = row.properties
