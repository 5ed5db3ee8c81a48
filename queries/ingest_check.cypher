// ingest_check: what a batch of reports about to be ingested finds already stored: which reports,
// which entities under another kind, which referenced ids exist, and which ids were merged away.
// Parameters:
//   $report_ids  ids of the reports in the batch
//   $entities    list of {id, kind}: every entity the batch's extractions name
//   $used        every entity id the batch's mentions and links use
// Returns one row: stored (report ids already stored), kinds (list of [id, stored kind] for the
//   named entities that are stored), properties (list of [id, the node's properties] for the same,
//   for the shared write rules), existing (the used ids that are stored), current (list of
//   [id, current id] for used ids that were merged away: the entity they were merged into).
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
  OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
  WHERE NOT (kept)-[:MERGED_INTO]->()
  RETURN collect(origin.id) AS existing, collect(CASE WHEN kept IS NOT NULL THEN [origin.id, kept.id] END) AS current
}
RETURN stored, kinds, properties, existing, current
