// links_between: the links between two entities in either direction (of one type), with the report
// behind each: the evidence for a link.
// Parameters: $a, $b (current entity ids), $type (a link type, or null for all),
//   $link_types (graph.model.LINK_TYPES)
// Returns: type, source, target (ids), link (map of its properties), report (map: id, title, case,
//   reported_at, source_grading, information_grading; null if the report is gone).
MATCH (a:Entity {id: $a})-[l:$any($link_types)]-(b:Entity {id: $b})
WHERE a <> b AND ($type IS NULL OR type(l) = $type)
WITH DISTINCT l
OPTIONAL MATCH (r:Report {id: l.report})
RETURN type(l) AS type, startNode(l).id AS source, endNode(l).id AS target, l {.*} AS link,
  r {.id, .title, .case, .reported_at, .source_grading, .information_grading} AS report
