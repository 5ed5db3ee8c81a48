// splits: every split decision (or only those not undone), oldest first.
// Parameters: $live (true: only splits not undone)
// Returns: split (map: id, entity_id, new_id, names, report_ids, by, reason, at, undone).
MATCH (s:Split)
WHERE NOT $live OR NOT s.undone
RETURN s {.*} AS split
ORDER BY s.at, s.seq
