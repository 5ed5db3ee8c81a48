// links_among: every link out of these entities (not to itself), with its report; the caller keeps
// those whose target is one of them too (a set test in the caller beats `IN $ids` on long lists).
// Parameters: $ids (current entity ids), $link_types (graph.model.LINK_TYPES)
// Returns: type, source, target (ids), link (map of its properties), report (map: id, title, case,
//   reported_at, source_grading, information_grading; null if the report is gone).
UNWIND $ids AS id
MATCH (source:Entity {id: id})-[l:$any($link_types)]->(target:Entity)
WHERE source <> target
OPTIONAL MATCH (r:Report {id: l.report})
RETURN type(l) AS type, source.id AS source, target.id AS target, l {.*} AS link,
  r {.id, .title, .case, .reported_at, .source_grading, .information_grading} AS report
