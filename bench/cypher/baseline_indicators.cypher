// Benchmark baseline: write trafficking indicators, (report)-[:HAS_INDICATOR]->(:BenchIndicator), one
// per (report, category, name, start). $rows: [{report, report_id, category, name, sentence, start, end,
// confidence}].
UNWIND $rows AS row
MATCH (r:BenchReport {id: row.report})
MERGE (r)-[:HAS_INDICATOR]->(i:BenchIndicator {category: row.category, name: row.name, start: row.start})
SET i += row
