// ingest_links: one typed relationship per link of a checked batch of new reports, CREATEd (a new
// report's links cannot exist yet: the report id is in each and is a hash of its text). Each joins
// the current entities of its ids (resolved by the caller) and keeps the ids it was written with
// (source_id, target_id), so a merge can be undone exactly.
// Parameters:
//   $rows  list of {type, source, target (current entity ids), properties: {report, source_id,
//          target_id, sentence, start, end, confidence, method, weight, event_date (ISO date the
//          sentence states, or null: then not set)}}; type is one of
//          graph.model.LINK_TYPES
// Returns nothing.
UNWIND $rows AS row
MATCH (source:Entity {id: row.source})
MATCH (target:Entity {id: row.target})
CREATE (source)-[l:$(row.type)]->(target)
SET l = row.properties
