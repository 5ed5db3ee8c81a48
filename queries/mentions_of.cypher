// mentions_of: every mention of an entity (mentions of ids merged into it were moved onto it).
// Parameters: $id (a current entity id)
// Returns: report_id, mention (map: start, end, text, label, sentence, entity_id as written).
MATCH (r:Report)-[m:MENTIONS]->(:Entity {id: $id})
RETURN r.id AS report_id, m {.*} AS mention
ORDER BY r.id, m.start
