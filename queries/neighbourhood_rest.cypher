// neighbourhood_rest: what a neighbourhood still needs once its entities are known: the entities
// themselves, the links out of the ones whose links were not fetched while stepping out, and the
// calls among them. The caller keeps the links and calls whose both ends are in the neighbourhood.
// Parameters: $ids (current ids of every entity reached), $unexplored (those whose links are not
//   fetched yet), $link_types (graph.model.LINK_TYPES)
// Returns one row: entities (list of {entity: map of its properties, absorbed: list of {name,
//   aliases}}), links (list of {type, source, target, link, report} as in neighbours), calls (list
//   of {caller, callee, count, total_s, first, last}).
CALL () {
  UNWIND $ids AS id
  MATCH (e:Entity {id: id})
  RETURN collect({entity: e {.*}, absorbed: [(other)-[:MERGED_INTO*]->(e) | other {.name, .aliases}]}) AS entities
}
CALL () {
  UNWIND $unexplored AS id
  MATCH (source:Entity {id: id})-[l:$any($link_types)]-(target:Entity)
  WHERE source <> target
  WITH DISTINCT l
  OPTIONAL MATCH (r:Report {id: l.report})
  RETURN collect({type: type(l), source: startNode(l).id, target: endNode(l).id, link: l {.*},
    report: r {.id, .title, .case, .reported_at, .source_grading, .information_grading}}) AS links
}
CALL () {
  UNWIND $ids AS id
  MATCH (caller:Phone {id: id})-[c:CALLED]->(callee:Phone)
  RETURN collect({caller: caller.id, callee: callee.id, count: c.count, total_s: c.total_s, first: c.first,
    last: c.last}) AS calls
}
RETURN entities, links, calls
