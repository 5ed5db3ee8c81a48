// neighbours: one step out from a frontier of entities, along links (both directions) and calls.
// Ids merged away are followed to their current entity (so the seeds of a neighbourhood can be
// any ids). Link types and confidence are filtered here; the caller applies the rest of the filter
// (entity kinds, grading, dates, case) with graph.model.LinkFilter.admits_link, using the report
// returned with each link, and keeps the links for the subgraph it assembles.
// Parameters: $ids (entity ids), $link_types (graph.model.LINK_TYPES), $only_types (link types to
//   follow, null: all), $min_confidence, $include_calls (follow CALLED between phones)
// Returns rows of three shapes, told apart by `type`:
//   'SEED': neighbour = the current id of a requested id (one row each);
//   a link type: neighbour (id), neighbour_kind, source, target (ids), link (map of its properties),
//     report (map: id, title, case, reported_at, source_grading, information_grading; or null);
//   'CALLED': neighbour (id), neighbour_kind, for a phone called by or calling one in the frontier.
UNWIND $ids AS requested
MATCH (origin:Entity {id: requested})
OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH DISTINCT coalesce(kept, origin) AS e
RETURN e.id AS neighbour, e.kind AS neighbour_kind, 'SEED' AS type, null AS source, null AS target, null AS link,
  null AS report
UNION ALL
UNWIND $ids AS requested
MATCH (origin:Entity {id: requested})
OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH DISTINCT coalesce(kept, origin) AS e
MATCH (e)-[l:$any($link_types)]-(other:Entity)
WHERE other <> e
  AND ($only_types IS NULL OR type(l) IN $only_types)
  AND l.confidence >= $min_confidence
OPTIONAL MATCH (r:Report {id: l.report})
RETURN other.id AS neighbour, other.kind AS neighbour_kind, type(l) AS type, startNode(l).id AS source,
  endNode(l).id AS target, l {.*} AS link,
  r {.id, .title, .case, .reported_at, .source_grading, .information_grading} AS report
UNION ALL
UNWIND $ids AS requested
MATCH (origin:Entity {id: requested})
OPTIONAL MATCH (origin)-[:MERGED_INTO*]->(kept)
WHERE NOT (kept)-[:MERGED_INTO]->()
WITH DISTINCT coalesce(kept, origin) AS e
MATCH (e:Phone)-[:CALLED]-(other:Phone)
WHERE $include_calls AND ($only_types IS NULL OR 'CALLED' IN $only_types)
  AND other <> e AND NOT (other)-[:MERGED_INTO]->()
RETURN DISTINCT other.id AS neighbour, other.kind AS neighbour_kind, 'CALLED' AS type, null AS source,
  null AS target, null AS link, null AS report
