// ingest_new_reports: create the Report nodes of a checked batch of new reports.
// The caller has run ingest_check: none of these reports is stored (their ids are content hashes),
// so CREATE, not MERGE. First of the ingest_* statements run in one write transaction.
// Parameters:
//   $reports     list of maps: each Report's properties (id, text, title, kind, case, reported_at, ...)
// Returns nothing.
UNWIND $reports AS row
CREATE (r:Report)
SET r = row
