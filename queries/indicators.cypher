// indicators: trafficking indicators (assessments) of one report, or of every report.
// Parameters: $report_id (null: every report)
// Returns: indicator (map: report, category, name, sentence, start, end, confidence).
MATCH (r:Report)-[:HAS_INDICATOR]->(i:Indicator)
WHERE $report_id IS NULL OR r.id = $report_id
RETURN i {.*} AS indicator
ORDER BY i.report, i.start
