// ingest_report: store one report with its resolved extraction, in one statement, unless a report
// with this id (a hash of its text) is already stored.
// Mentions and links written with an id that was merged away land on the entity it was merged into;
// each keeps the id it was written with (MENTIONS.entity_id, link source_id / target_id) so a merge
// can be undone exactly. Entities gain aliases ("REPORT_ID|alias" keys, so a purge can take back
// exactly this report's); an existing entity only gains properties it lacks, never an analyst's role.
// Parameters:
//   $report      map: the Report's properties (id, text, title, kind, source, case, reported_at, ...)
//   $entities    list of {id, kind, label, name, properties}: the entities the extraction names
//   $names       list of {id, keys}: alias keys "REPORT_ID|alias" each entity id gains from this report
//   $referenced  ids that mentions use but $entities lacks: they must be stored already
//   $mentions    list of maps {entity_id, start, end, text, label, sentence}
//   $links       list of {type, source, target, properties}; type is one of graph.model.LINK_TYPES
//   $indicators  list of maps {report, category, name, sentence, start, end, confidence}
// Returns one row: already (true: the report was stored, nothing written), conflicts (messages for
// entities stored as another kind), missing (referenced ids not stored). When conflicts or missing
// are not empty nothing is written either.
OPTIONAL MATCH (stored:Report {id: $report.id})
WITH stored IS NOT NULL AS already
CALL () {
  UNWIND $entities AS row
  MATCH (e:Entity {id: row.id})
  WHERE e.kind <> row.kind
  RETURN collect(row.id + ' is stored as a ' + e.kind + ', not a ' + row.kind) AS conflicts
}
CALL () {
  UNWIND $referenced AS id
  OPTIONAL MATCH (e:Entity {id: id})
  WITH id, e
  WHERE e IS NULL
  RETURN collect(id) AS missing
}
WITH already, conflicts, missing, NOT already AND conflicts = [] AND missing = [] AS writing
CALL (writing) {
  WITH writing
  WHERE writing
  CREATE (r:Report)
  SET r = $report
  WITH r
  CALL (r) {
    UNWIND $entities AS row
    MERGE (e:Entity {id: row.id})
      ON CREATE SET e:$(row.label), e += row.properties, e.kind = row.kind, e.name = row.name,
        e.alias_keys = [], e.aliases = [], e.role_set_by_analyst = false
    WITH e, row
    UNWIND [key IN keys(row.properties)
      WHERE row.properties[key] IS NOT NULL AND NOT row.properties[key] IN ['', 'unknown']
        AND (e[key] IS NULL OR e[key] IN ['', 'unknown'])
        AND NOT (key = 'role' AND e.role_set_by_analyst)] AS key
    SET e[key] = row.properties[key]
  }
  CALL (r) {
    UNWIND $names AS row
    MATCH (e:Entity {id: row.id})
    WITH r, e, coalesce(e.alias_keys, []) + [key IN row.keys WHERE NOT key IN coalesce(e.alias_keys, [])] AS keys
    SET e.alias_keys = keys,
      e.aliases = reduce(names = [], name IN [key IN keys | substring(key, size(split(key, '|')[0]) + 1)] |
        CASE WHEN name IN names THEN names ELSE names + name END)
    MERGE (r)-[:NAMES]->(e)
  }
  CALL (r) {
    UNWIND $mentions AS row
    MATCH (origin:Entity {id: row.entity_id})
    OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
    WHERE NOT (kept)-[:MERGED_INTO]->()
    WITH r, row, coalesce(kept, origin) AS e
    CREATE (r)-[m:MENTIONS]->(e)
    SET m = row
  }
  CALL (r) {
    UNWIND $links AS row
    MATCH (source_origin:Entity {id: row.source})
    MATCH (target_origin:Entity {id: row.target})
    OPTIONAL MATCH (source_origin)-[:MERGED_INTO*]->(source_kept)
    WHERE NOT (source_kept)-[:MERGED_INTO]->()
    OPTIONAL MATCH (target_origin)-[:MERGED_INTO*]->(target_kept)
    WHERE NOT (target_kept)-[:MERGED_INTO]->()
    WITH row, coalesce(source_kept, source_origin) AS source, coalesce(target_kept, target_origin) AS target
    CREATE (source)-[l:$(row.type)]->(target)
    SET l = row.properties
  }
  CALL (r) {
    UNWIND $indicators AS row
    CREATE (r)-[:HAS_INDICATOR]->(i:Indicator)
    SET i = row
  }
}
RETURN already, conflicts, missing
