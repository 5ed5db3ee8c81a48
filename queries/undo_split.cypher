// undo_split: move what a split moved back, restoring the ids each relationship was written with;
// what was written for the new entity since (a report re-ingested while the split stood) goes to
// the split entity; names go back where they were taken from; the new entity is deleted unless a
// merge holds it.
// Parameters: $id (split id), $holder (current id of the split entity), $link_types,
//   $alias_moves (list of {report, entity, alias} the split took), $touched (ids whose names change)
// Returns: nothing.
MATCH (s:Split {id: $id})
MATCH (n:Entity {id: s.new_id})
MATCH (holder:Entity {id: $holder})
MATCH (original:Entity {id: s.entity_id})
SET s.undone = true
WITH s, n, holder, original
CALL (s, n, holder) {
  MATCH (r:Report)-[m:MENTIONS]->(n)
  CREATE (r)-[back:MENTIONS]->(holder)
  SET back = properties(m), back.entity_id = CASE WHEN m.split = s.id THEN m.split_entity_id ELSE s.entity_id END
  REMOVE back.split, back.split_entity_id
  DELETE m
}
CALL (s, n, holder) {
  MATCH (n)-[l:$any($link_types)]-()
  WITH DISTINCT s, n, holder, l
  WITH s, n, l, CASE WHEN startNode(l) = n THEN holder ELSE startNode(l) END AS source,
    CASE WHEN endNode(l) = n THEN holder ELSE endNode(l) END AS target
  CREATE (source)-[back:$(type(l))]->(target)
  SET back = properties(l),
    back.source_id = CASE WHEN l.split = s.id THEN l.split_source_id WHEN l.source_id = n.id THEN s.entity_id
      ELSE l.source_id END,
    back.target_id = CASE WHEN l.split = s.id THEN l.split_target_id WHEN l.target_id = n.id THEN s.entity_id
      ELSE l.target_id END
  REMOVE back.split, back.split_source_id, back.split_target_id
  DELETE l
}
CALL () {
  UNWIND $alias_moves AS move
  MATCH (:Report {id: move.report})-[names:NAMES]->(:Entity {id: move.entity})
  SET names.aliases = CASE WHEN move.alias IN names.aliases THEN names.aliases ELSE names.aliases + move.alias END
}
CALL (n, original) {
  MATCH (r:Report)-[names:NAMES]->(n)
  WITH r, original, names, [alias IN names.aliases WHERE NOT [r.id, alias] IN
    [move IN $alias_moves | [move.report, move.alias]]] AS rest
  CALL (r, original, rest) {
    WITH r, original, rest
    WHERE rest <> []
    MERGE (r)-[back:NAMES]->(original)
      ON CREATE SET back.aliases = []
    SET back.aliases = back.aliases + [alias IN rest WHERE NOT alias IN back.aliases]
  }
  DELETE names
}
CALL () {
  UNWIND $touched AS id
  MATCH (e:Entity {id: id})
  SET e.aliases = reduce(kept = [], alias IN reduce(all = [], aliases IN [(:Report)-[x:NAMES]->(e) | x.aliases] |
      all + aliases) | CASE WHEN alias IN kept THEN kept ELSE kept + alias END)
}
WITH n
WHERE NOT EXISTS { (n)--() }
DELETE n
