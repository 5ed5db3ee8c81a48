// mentions_in: the mentions in one report, in text order, with the current entity each names.
// Parameters: $id (a report id)
// Returns: entity_id (current, following merges), mention (map: start, end, text, label, sentence).
MATCH (:Report {id: $id})-[m:MENTIONS]->(e:Entity)
RETURN e.id AS entity_id, m {.*} AS mention
ORDER BY m.start, m.end
