// links_among: every link between two of these entities (not from one to itself), with its report.
// Parameters: $ids (current entity ids), $link_types (graph.model.LINK_TYPES)
// Returns: type, source, target (ids), link (map of its properties), report (map: id, title, case,
//   reported_at, source_grading, information_grading; null if the report is gone).
UNWIND $ids AS id
MATCH (source:Entity {id: id})-[l:$any($link_types)]->(target:Entity)
WHERE target.id IN $ids AND source <> target
OPTIONAL MATCH (r:Report {id: l.report})
RETURN type(l) AS type, source.id AS source, target.id AS target, l {.*} AS link,
  r {.id, .title, .case, .reported_at, .source_grading, .information_grading} AS report
