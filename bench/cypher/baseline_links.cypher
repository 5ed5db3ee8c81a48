// Benchmark baseline: write typed links (RECRUITED, USES_PHONE, ...), one per (type, source, target, report).
// $rows: [{type, source, target, report, properties: {source_id, target_id, sentence, start, end,
// confidence, method, weight}}].
UNWIND $rows AS row
MATCH (a:BenchEntity {id: row.source})
MATCH (b:BenchEntity {id: row.target})
MERGE (a)-[l:$(row.type) {report: row.report}]->(b)
SET l += row.properties
