// split_candidates: the mentions and links an analyst's split chooses from: those of one entity,
// with their element ids (used inside the split's own transaction, where they stay valid).
// Parameters: $id (a current entity id), $link_types (graph.model.LINK_TYPES)
// Returns one row: mentions (list of {element, report, text}), links (list of {element, report,
//   sentence, source, target}; source / target: whether that end is this entity).
MATCH (e:Entity {id: $id})
CALL (e) {
  OPTIONAL MATCH (r:Report)-[m:MENTIONS]->(e)
  RETURN collect(CASE WHEN m IS NOT NULL THEN {element: elementId(m), report: r.id, text: m.text} END) AS mentions
}
CALL (e) {
  OPTIONAL MATCH (e)-[l:$any($link_types)]-()
  WITH DISTINCT e, l
  RETURN collect(CASE WHEN l IS NOT NULL THEN {element: elementId(l), report: l.report, sentence: l.sentence,
    source: startNode(l) = e, target: endNode(l) = e} END) AS links
}
RETURN mentions, links
