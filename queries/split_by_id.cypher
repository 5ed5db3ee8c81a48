// split_by_id: one split record.
// Parameters: $id
// Returns: split (map: id, entity_id, new_id, names, report_ids, by, reason, at, undone, alias_moves)
//   or no row.
MATCH (s:Split {id: $id})
RETURN s {.*} AS split
