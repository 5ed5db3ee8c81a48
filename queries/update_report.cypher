// update_report: change a report's editable metadata (the caller checks which fields may change).
// Parameters: $id, $fields (map of field -> new value; null removes it)
// Returns: report (map of its properties) or no row when the report is not stored.
MATCH (r:Report {id: $id})
SET r += $fields
RETURN r {.*} AS report
