// ingest_check_unmerged: ingest_check for a store where no entity was ever merged away (any_merged
// is false), so no id needs following along MERGED_INTO: which reports are already stored, which
// named entities are stored under which kind, which used ids exist.
// Parameters:
//   $report_ids  ids of the reports in the batch
//   $entities    list of {id, kind}: every entity the batch's extractions name
//   $used        every entity id the batch's mentions and links use
// Returns one row: stored, kinds, properties, existing (as ingest_check), and current (always empty).
CALL () {
  UNWIND $report_ids AS id
  MATCH (r:Report {id: id})
  RETURN collect(r.id) AS stored
}
CALL () {
  UNWIND $entities AS row
  MATCH (e:Entity {id: row.id})
  RETURN collect([e.id, e.kind]) AS kinds, collect([e.id, properties(e)]) AS properties
}
CALL () {
  UNWIND $used AS id
  MATCH (origin:Entity {id: id})
  RETURN collect(origin.id) AS existing
}
RETURN stored, kinds, properties, existing, [] AS current
