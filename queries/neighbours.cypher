// neighbours: one step out from a frontier of entities, along links (both directions) and calls.
// Cheap parts of the filter are applied here; the caller applies the rest (grading, dates, case)
// with graph.model.LinkFilter.admits_link, using the report returned with each link.
// Parameters: $ids (current entity ids), $link_types (graph.model.LINK_TYPES), $only_types (link
//   types to follow, null: all), $min_confidence, $kinds (entity kinds to reach, null: all),
//   $include_calls (follow CALLED between phones)
// Returns: neighbour (id), type, link (map of the link's properties, null for a call), report
//   (map: id, title, case, reported_at, source_grading, information_grading; null for a call).
UNWIND $ids AS id
MATCH (e:Entity {id: id})-[l:$any($link_types)]-(other:Entity)
WHERE other <> e
  AND ($only_types IS NULL OR type(l) IN $only_types)
  AND l.confidence >= $min_confidence
  AND ($kinds IS NULL OR other.kind IN $kinds)
OPTIONAL MATCH (r:Report {id: l.report})
RETURN other.id AS neighbour, type(l) AS type, l {.*} AS link,
  r {.id, .title, .case, .reported_at, .source_grading, .information_grading} AS report
UNION ALL
UNWIND $ids AS id
MATCH (e:Phone {id: id})-[:CALLED]-(other:Phone)
WHERE $include_calls AND ($only_types IS NULL OR 'CALLED' IN $only_types)
  AND other <> e AND NOT (other)-[:MERGED_INTO]->()
  AND ($kinds IS NULL OR other.kind IN $kinds)
RETURN DISTINCT other.id AS neighbour, 'CALLED' AS type, null AS link, null AS report
