// mentions_of_each: every mention of each of these entities, in one read (mentions of ids
// merged into one were moved onto it).
// Parameters: $ids (current entity ids)
// Returns: entity_id, report_id, mention (map: start, end, text, label, sentence), by entity, report and start.
UNWIND $ids AS id
MATCH (r:Report)-[m:MENTIONS]->(:Entity {id: id})
RETURN id AS entity_id, r.id AS report_id, m {.*} AS mention
ORDER BY entity_id, report_id, m.start
