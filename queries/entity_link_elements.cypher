// entity_link_elements: every typed link with an end at one entity (either direction).
// Parameters: $id (a current entity id), $link_types (graph.model.LINK_TYPES)
// Returns: element (each relationship's element id, once).
MATCH (:Entity {id: $id})-[l:$any($link_types)]-()
RETURN DISTINCT elementId(l) AS element
