// report_by_id: one report with its text.
// Parameters: $id
// Returns: report (map of its properties) or no row.
MATCH (r:Report {id: $id})
RETURN r {.*} AS report
