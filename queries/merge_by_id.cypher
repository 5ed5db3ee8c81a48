// merge_by_id: one merge record.
// Parameters: $id
// Returns: merge (map: id, kept, absorbed, by, reason, at, undone) or no row.
MATCH (m:Merge {id: $id})
RETURN m {.*} AS merge
