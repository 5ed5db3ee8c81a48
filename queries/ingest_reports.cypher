// ingest_reports: write a checked batch of new reports with their resolved extractions, in one
// statement. The caller has run ingest_check and prepared the rows: only reports not stored yet,
// entity rows merged per id across the batch (the name of the first report naming it, each
// property from the first report giving it a value), mentions and links pointed at the current
// entity of each id (ids merged away resolved) while keeping the id they were written with
// (MENTIONS.entity_id, link source_id / target_id) so a merge can be undone exactly.
// Each report gets (Report)-[:NAMES {aliases}]->(entity) for every entity it names, with the names it
// gives it (so a purge can take back exactly those); the entity gains them in its own `aliases`.
// An existing entity only gains properties it lacks, never an analyst's role.
// Parameters:
//   $reports     list of maps: each Report's properties (id, text, title, kind, case, reported_at, ...)
//   $entities    list of {id, kind, label, name, properties}, one per entity id
//   $aliases     list of {id, aliases}: the names the batch gives each entity id
//   $names       list of {report, entity, aliases}: one NAMES relationship each
//   $mentions    list of {report, holder (current entity id), properties: {entity_id, start, end, text,
//                label, sentence}}
//   $links       list of {type, source, target (current entity ids), properties: {report, source_id,
//                target_id, sentence, start, end, confidence, method, weight}}; type is one of
//                graph.model.LINK_TYPES
//   $indicators  list of maps {report, category, name, sentence, start, end, confidence}
// Returns one row: reports (how many were written).
CALL () {
  UNWIND $reports AS row
  CREATE (r:Report)
  SET r = row
}
CALL () {
  UNWIND $entities AS row
  MERGE (e:Entity {id: row.id})
    ON CREATE SET e:$(row.label), e += row.properties, e.kind = row.kind, e.name = row.name, e.aliases = [],
      e.role_set_by_analyst = false
  WITH e, row
  UNWIND [key IN keys(row.properties)
    WHERE row.properties[key] IS NOT NULL AND NOT row.properties[key] IN ['', 'unknown']
      AND (e[key] IS NULL OR e[key] IN ['', 'unknown'])
      AND NOT (key = 'role' AND e.role_set_by_analyst)] AS key
  SET e[key] = row.properties[key]
}
CALL () {
  UNWIND $aliases AS row
  MATCH (e:Entity {id: row.id})
  WITH e, [alias IN row.aliases WHERE NOT alias IN coalesce(e.aliases, [])] AS new_aliases
  WHERE new_aliases <> []
  SET e.aliases = coalesce(e.aliases, []) + new_aliases
}
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
RETURN size($reports) AS reports
