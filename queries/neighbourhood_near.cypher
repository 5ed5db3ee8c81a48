// neighbourhood_near: entities within one or two links (or calls) of the seeds, and the links and
// calls among them, in one query: the neighbourhood when the filter needs no report (no case,
// grading or date limits). Links are followed in both directions; seeds are always kept; other
// entities only when of the kinds asked for. The caller assembles (and re-checks) the subgraph.
// Parameters: $ids (seed entity ids; ids merged away are followed), $hops (1 or 2),
//   $link_types (graph.model.LINK_TYPES), $only_types (link types to follow, null: all),
//   $min_confidence, $kinds (entity kinds to reach, null: all), $calls (follow CALLED between phones)
// Returns one row per entity reached: entity (map of its properties), absorbed (list of {name,
//   aliases} merged into it), links (list of {type, source, target, link, report} for its outgoing
//   links to entities reached), calls (list of {caller, callee, count, total_s, first, last} for
//   its outgoing calls to phones reached).
UNWIND $ids AS requested
MATCH (origin:Entity {id: requested})
OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH collect(DISTINCT coalesce(kept, origin)) AS seeds
CALL (seeds) {
  UNWIND seeds AS e
  CALL (e) {
    MATCH (e)-[l:$any($link_types)]-(other:Entity)
    WHERE other <> e AND ($only_types IS NULL OR type(l) IN $only_types) AND l.confidence >= $min_confidence
    RETURN other
    UNION
    MATCH (e:Phone)-[:CALLED]-(other:Phone)
    WHERE $calls AND other <> e AND NOT (other)-[:MERGED_INTO]->()
    RETURN other
  }
  WITH other
  WHERE $kinds IS NULL OR other.kind IN $kinds
  RETURN collect(DISTINCT other) AS first
}
CALL (first) {
  UNWIND CASE WHEN $hops >= 2 THEN first ELSE [] END AS e
  CALL (e) {
    MATCH (e)-[l:$any($link_types)]-(other:Entity)
    WHERE other <> e AND ($only_types IS NULL OR type(l) IN $only_types) AND l.confidence >= $min_confidence
    RETURN other
    UNION
    MATCH (e:Phone)-[:CALLED]-(other:Phone)
    WHERE $calls AND other <> e AND NOT (other)-[:MERGED_INTO]->()
    RETURN other
  }
  WITH other
  WHERE $kinds IS NULL OR other.kind IN $kinds
  RETURN collect(DISTINCT other) AS second
}
WITH seeds + first + second AS reached
UNWIND reached AS n
WITH DISTINCT n, reached
CALL (n, reached) {
  OPTIONAL MATCH (n)-[l:$any($link_types)]->(target:Entity)
  WHERE target <> n AND target IN reached
  OPTIONAL MATCH (r:Report {id: l.report})
  RETURN collect(CASE WHEN l IS NOT NULL THEN {type: type(l), source: n.id, target: target.id, link: l {.*},
    report: r {.id, .title, .case, .reported_at, .source_grading, .information_grading}} END) AS links
}
CALL (n, reached) {
  OPTIONAL MATCH (n:Phone)-[c:CALLED]->(callee:Phone)
  WHERE callee IN reached
  RETURN collect(CASE WHEN c IS NOT NULL THEN {caller: n.id, callee: callee.id, count: c.count, total_s: c.total_s,
    first: c.first, last: c.last} END) AS calls
}
RETURN n {.*} AS entity, [(other)-[:MERGED_INTO*]->(n) | other {.name, .aliases}] AS absorbed, links, calls
