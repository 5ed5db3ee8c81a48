// Benchmark baseline: write typed links, one per (type, source, target, report).
// $rows: [{type, source, target, report, sentence, start, end, confidence, method}].
UNWIND $rows AS row
MATCH (a:BenchEntity {id: row.source})
MATCH (b:BenchEntity {id: row.target})
MERGE (a)-[l:LINK {type: row.type, report: row.report}]->(b)
SET l.sentence = row.sentence, l.start = row.start, l.end = row.end, l.confidence = row.confidence, l.method = row.method
