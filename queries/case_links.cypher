// case_links: every link in the store (not from an entity to itself), with its report.
// Parameters: $link_types (graph.model.LINK_TYPES)
// Returns: type, source, target (ids), link (map of its properties), report (map: id, title, case,
//   reported_at, source_grading, information_grading; null if the report is gone).
MATCH (source:Entity)-[l:$any($link_types)]->(target:Entity)
WHERE source <> target
OPTIONAL MATCH (r:Report {id: l.report})
RETURN type(l) AS type, source.id AS source, target.id AS target, l {.*} AS link,
  r {.id, .title, .case, .reported_at, .source_grading, .information_grading} AS report
