// ingest_reports: store a batch of reports, each with its resolved extraction, in one statement;
// a report whose id (a hash of its text) is already stored is left as it is.
// Reports are handled one after the other (a CALL per report), so a report sees what the ones
// before it in the batch wrote. Mentions and links are attached to the current entity of each id
// (the caller resolves ids that were merged away, see canonical_entities); each keeps the id it was
// written with (MENTIONS.entity_id, link source_id / target_id) so a merge can be undone exactly. Each entity the report names gets
// (Report)-[:NAMES {aliases}]->(entity) with the names this report gives it (so a purge can take
// back exactly those) and gains them in its own `aliases`; an existing entity only gains
// properties it lacks, never an analyst's role.
// Parameters:
//   $batch  list of one map per report:
//     report      map: the Report's properties (id, text, title, kind, source, case, reported_at, ...)
//     entities    list of {id, kind, label, name, properties}: the entities the extraction names
//     names       list of {id, aliases}: the names and aliases this report gives each entity id
//     referenced  ids that mentions use but entities lacks: they must be stored already
//     mentions    list of {holder (current entity id), properties: {entity_id, start, end, text, label,
//                 sentence}}
//     links       list of {type, source, target (current entity ids), properties: {report, source_id,
//                 target_id, sentence, start, end, confidence, method, weight}}; type is one of
//                 graph.model.LINK_TYPES
//     indicators  list of maps {report, category, name, sentence, start, end, confidence}
// Returns one row per report: report_id, already (true: it was stored, nothing written), conflicts
// (messages for entities stored as another kind), missing (referenced ids not stored). A report with
// conflicts or missing ids is not written; the caller rolls the batch back and reports it.
UNWIND $batch AS item
CALL (item) {
  OPTIONAL MATCH (stored:Report {id: item.report.id})
  WITH item, stored IS NOT NULL AS already
  CALL (item) {
    UNWIND item.entities AS row
    MATCH (e:Entity {id: row.id})
    WHERE e.kind <> row.kind
    RETURN collect(row.id + ' is stored as a ' + e.kind + ', not a ' + row.kind) AS conflicts
  }
  CALL (item) {
    UNWIND item.referenced AS id
    OPTIONAL MATCH (e:Entity {id: id})
    WITH id, e
    WHERE e IS NULL
    RETURN collect(id) AS missing
  }
  WITH item, already, conflicts, missing, NOT already AND conflicts = [] AND missing = [] AS writing
  CALL (item, writing) {
    WITH item, writing
    WHERE writing
    CREATE (r:Report)
    SET r = item.report
    WITH item, r
    CALL (item, r) {
      UNWIND item.entities AS row
      MERGE (e:Entity {id: row.id})
        ON CREATE SET e:$(row.label), e += row.properties, e.kind = row.kind, e.name = row.name,
          e.aliases = [], e.role_set_by_analyst = false
      WITH e, row
      UNWIND [key IN keys(row.properties)
        WHERE row.properties[key] IS NOT NULL AND NOT row.properties[key] IN ['', 'unknown']
          AND (e[key] IS NULL OR e[key] IN ['', 'unknown'])
          AND NOT (key = 'role' AND e.role_set_by_analyst)] AS key
      SET e[key] = row.properties[key]
    }
    CALL (item, r) {
      UNWIND item.names AS row
      MATCH (e:Entity {id: row.id})
      CREATE (r)-[:NAMES {aliases: row.aliases}]->(e)
      WITH e, [alias IN row.aliases WHERE NOT alias IN coalesce(e.aliases, [])] AS new_aliases
      WHERE new_aliases <> []
      SET e.aliases = coalesce(e.aliases, []) + new_aliases
    }
    CALL (item, r) {
      UNWIND item.mentions AS row
      MATCH (e:Entity {id: row.holder})
      CREATE (r)-[m:MENTIONS]->(e)
      SET m = row.properties
    }
    CALL (item, r) {
      UNWIND item.links AS row
      MATCH (source:Entity {id: row.source})
      MATCH (target:Entity {id: row.target})
      CREATE (source)-[l:$(row.type)]->(target)
      SET l = row.properties
    }
    CALL (item, r) {
      UNWIND item.indicators AS row
      CREATE (r)-[:HAS_INDICATOR]->(i:Indicator)
      SET i = row
    }
  }
  RETURN already, conflicts, missing
}
RETURN item.report.id AS report_id, already, conflicts, missing
