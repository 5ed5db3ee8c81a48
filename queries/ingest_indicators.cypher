// ingest_indicators: the trafficking indicators of a checked batch of new reports, each an
// (:Indicator) node hanging off its report: (Report)-[:HAS_INDICATOR]->(Indicator).
// Parameters:
//   $rows  list of maps {report, category, name, sentence, start, end, confidence}
// Returns nothing.
UNWIND $rows AS row
MATCH (r:Report {id: row.report})
CREATE (r)-[:HAS_INDICATOR]->(i:Indicator)
SET i = row
