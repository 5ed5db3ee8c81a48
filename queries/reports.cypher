// reports: every report (of one case) without its text, newest ingest first.
// Parameters: $case (null: every case)
// Returns: report (map of its properties, text left out).
MATCH (r:Report)
WHERE $case IS NULL OR r.case = $case
RETURN r {.*, text: null} AS report
ORDER BY r.ingested_at DESC, r.id DESC
