// ingest_relationships: the relationships (and indicators) of a checked batch of new reports, after
// ingest_new_reports and the entity statements. A new report's relationships cannot exist yet
// (its id is a hash of its text), so CREATE, not MERGE. Mentions and links point at the current
// entity of each id (ids merged away resolved by the caller) and keep the id they were written
// with (MENTIONS.entity_id, link source_id / target_id) so a merge can be undone exactly.
// (Report)-[:NAMES {aliases}]->(entity) records the names each report gives each entity it uses,
// so a purge can take back exactly those.
// Parameters:
//   $names     list of {report, entity, aliases}: one NAMES relationship each
//   $mentions  list of {report, holder (current entity id), properties: {entity_id, start, end, text,
//              label, sentence}}
//   $links     list of {type, source, target (current entity ids), properties: {report, source_id,
//              target_id, sentence, start, end, confidence, method, weight}}; type is one of
//              graph.model.LINK_TYPES
//   $indicators  list of maps {report, category, name, sentence, start, end, confidence}: one
//              (Report)-[:HAS_INDICATOR]->(:Indicator) each
// Returns nothing.
CALL () {
  UNWIND $names AS row
  MATCH (r:Report {id: row.report})
  MATCH (e:Entity {id: row.entity})
  CREATE (r)-[:NAMES {aliases: row.aliases}]->(e)
}
CALL () {
  UNWIND $mentions AS row
  MATCH (r:Report {id: row.report})
  MATCH (e:Entity {id: row.holder})
  CREATE (r)-[m:MENTIONS]->(e)
  SET m = row.properties
}
CALL () {
  UNWIND $links AS row
  MATCH (source:Entity {id: row.source})
  MATCH (target:Entity {id: row.target})
  CREATE (source)-[l:$(row.type)]->(target)
  SET l = row.properties
}
CALL () {
  UNWIND $indicators AS row
  MATCH (r:Report {id: row.report})
  CREATE (r)-[:HAS_INDICATOR]->(i:Indicator)
  SET i = row
}
