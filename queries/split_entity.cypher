// split_entity: carry out an analyst's split: the split record, a new entity, and the chosen mentions,
// link ends and names moved onto it. Each moved mention or link is marked with the split and keeps
// the id it was written with (split_entity_id, split_source_id, split_target_id) so undo_split can
// restore it; its own ids (entity_id, source_id / target_id) become the new entity's.
// Parameters:
//   $split      map: id, entity_id, new_id, names, report_ids, by, reason, at, seq, undone, alias_moves
//               (JSON list of [report, entity, alias] taken from the entity's names)
//   $entity     map: id, kind, name, aliases; $label: the node label of its kind
//   $mentions   element ids of the MENTIONS to move
//   $links      list of {element, source, target}: which end of each link moves
//   $names      list of {element, aliases}: what each NAMES relationship keeps
//   $new_names  list of {report, aliases}: the NAMES of the new entity
//   $touched    ids of the entities whose names changed
// Returns: nothing.
CREATE (s:Split)
SET s = $split
CREATE (n:Entity)
SET n = $entity, n:$($label), n.role_set_by_analyst = false
WITH n
CALL (n) {
  UNWIND $mentions AS element
  MATCH (r:Report)-[m:MENTIONS]->()
  WHERE elementId(m) = element
  CREATE (r)-[moved:MENTIONS]->(n)
  SET moved = properties(m), moved.split = $split.id, moved.split_entity_id = m.entity_id, moved.entity_id = n.id
  DELETE m
}
CALL (n) {
  UNWIND $links AS row
  MATCH (a)-[l]->(b)
  WHERE elementId(l) = row.element
  WITH n, row, l, CASE WHEN row.source THEN n ELSE a END AS source, CASE WHEN row.target THEN n ELSE b END AS target
  CREATE (source)-[moved:$(type(l))]->(target)
  SET moved = properties(l), moved.split = $split.id, moved.split_source_id = l.source_id,
    moved.split_target_id = l.target_id,
    moved.source_id = CASE WHEN row.source THEN n.id ELSE l.source_id END,
    moved.target_id = CASE WHEN row.target THEN n.id ELSE l.target_id END
  DELETE l
}
CALL () {
  UNWIND $names AS row
  MATCH (:Report)-[names:NAMES]->()
  WHERE elementId(names) = row.element
  SET names.aliases = row.aliases
}
CALL (n) {
  UNWIND $new_names AS row
  MATCH (r:Report {id: row.report})
  CREATE (r)-[:NAMES {aliases: row.aliases}]->(n)
}
CALL () {
  UNWIND $touched AS id
  MATCH (e:Entity {id: id})
  SET e.aliases = reduce(kept = [], alias IN reduce(all = [], aliases IN [(:Report)-[x:NAMES]->(e) | x.aliases] |
      all + aliases) | CASE WHEN alias IN kept THEN kept ELSE kept + alias END)
}
