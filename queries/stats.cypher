// stats: how much the store (or one case) holds.
// Parameters: $case (null: the whole store), $link_types (graph.model.LINK_TYPES)
// Returns one row: reports, mentions (in the case's reports), calls, cases (every case name),
//   entities (list of [kind, count]) and links (list of [type, count]) — these two over the whole
//   store; for one case the caller counts its subgraph instead.
CALL () {
  MATCH (r:Report)
  RETURN count(CASE WHEN $case IS NULL OR r.case = $case THEN 1 END) AS reports,
    collect(DISTINCT r.case) AS cases
}
CALL () {
  MATCH (r:Report)-[m:MENTIONS]->()
  WHERE $case IS NULL OR r.case = $case
  RETURN count(m) AS mentions
}
CALL () {
  MATCH (c:Call)
  RETURN count(c) AS calls
}
CALL () {
  MATCH (e:Entity)
  WHERE NOT (e)-[:MERGED_INTO]->()
  WITH e.kind AS kind, count(*) AS n
  RETURN collect([kind, n]) AS entities
}
CALL () {
  MATCH (source:Entity)-[l:$any($link_types)]->(target:Entity)
  WHERE source <> target
  WITH DISTINCT type(l) AS type, source, target, l.report AS report
  WITH type, count(*) AS n
  RETURN collect([type, n]) AS links
}
RETURN reports, mentions, calls, cases, entities, links
