// rehome_relationships: move the mentions and links written for any of $origins from entity
// $from to entity $to (a merge moves them onto the kept entity, an undo moves them back).
// Properties travel unchanged, including the ids they were written with (MENTIONS.entity_id,
// link source_id / target_id), which decide which relationships move.
// Parameters: $from, $to (entity ids), $origins (list of ids), $link_types (graph.model.LINK_TYPES)
// Returns one row: mentions, links (how many moved).
MATCH (from:Entity {id: $from})
MATCH (to:Entity {id: $to})
CALL (from, to) {
  MATCH (r:Report)-[m:MENTIONS]->(from)
  WHERE m.entity_id IN $origins
  CREATE (r)-[moved:MENTIONS]->(to)
  SET moved = properties(m)
  DELETE m
  RETURN count(*) AS mentions
}
CALL (from, to) {
  MATCH (from)-[l:$any($link_types)]-()
  WITH DISTINCT from, to, l
  WITH from, to, l, startNode(l) AS source, endNode(l) AS target
  WITH l, source, target,
    CASE WHEN source = from AND l.source_id IN $origins THEN to ELSE source END AS new_source,
    CASE WHEN target = from AND l.target_id IN $origins THEN to ELSE target END AS new_target
  WHERE new_source <> source OR new_target <> target
  CREATE (new_source)-[moved:$(type(l))]->(new_target)
  SET moved = properties(l)
  DELETE l
  RETURN count(*) AS links
}
RETURN mentions, links
