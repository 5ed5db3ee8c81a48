// purge_report: delete a report, its mentions, links, indicators and the aliases only it gave, then the entities
// it touched that nothing supports any more (no mention, no link, no call, not in a live merge).
// A report names (NAMES) every entity its mentions and links use, so its links are found among the
// links out of those entities (or of the entities they were merged into).
// Parameters: $report_id, $link_types (graph.model.LINK_TYPES)
// Returns one row: mentions, links (how many were deleted), removed (ids of deleted entities);
// no row when the report is not stored.
MATCH (r:Report {id: $report_id})
CALL (r) {
  OPTIONAL MATCH (r)-[m:MENTIONS]->(e:Entity)
  RETURN count(m) AS mentions, collect(DISTINCT e) AS mentioned
}
CALL (r) {
  OPTIONAL MATCH (r)-[:NAMES]->(named:Entity)
  OPTIONAL MATCH (named)-[:MERGED_INTO*]->(kept)
  WHERE NOT (kept)-[:MERGED_INTO]->()
  RETURN collect(DISTINCT named) AS named, collect(DISTINCT coalesce(kept, named)) AS holders
}
CALL (holders, mentioned) {
  UNWIND holders + mentioned AS holder
  MATCH (holder)-[l:$any($link_types)]->()
  WHERE l.report = $report_id
  WITH DISTINCT l
  WITH collect(l) AS links
  FOREACH (l IN links | DELETE l)
  RETURN size(links) AS links
}
CALL (r) {
  OPTIONAL MATCH (r)-[:HAS_INDICATOR]->(i:Indicator)
  DETACH DELETE i
}
DETACH DELETE r
WITH mentions, links, mentioned + named + holders AS touched
CALL (touched) {
  UNWIND touched AS e
  WITH DISTINCT e
  SET e.aliases = reduce(kept = [], alias IN reduce(all = [], aliases IN [(:Report)-[n:NAMES]->(e) | n.aliases] |
      all + aliases) | CASE WHEN alias IN kept THEN kept ELSE kept + alias END)
  WITH e
  WHERE NOT EXISTS { (e)<-[:MENTIONS]-() }
    AND NOT EXISTS { (e)-[:$any($link_types)]-() }
    AND NOT EXISTS { (e)-[:MERGED_INTO]-() }
    AND NOT EXISTS { (e)-[:CALLED]-() }
  WITH e, e.id AS id
  DETACH DELETE e
  RETURN collect(id) AS removed
}
RETURN mentions, links, removed
