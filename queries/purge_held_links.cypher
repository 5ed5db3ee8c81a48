// purge_held_links: delete the held links of a report being purged (its text goes, so does their evidence).
// Parameters: $report_id
// Returns: nothing.
MATCH (h:HeldLink {report: $report_id})
DELETE h
