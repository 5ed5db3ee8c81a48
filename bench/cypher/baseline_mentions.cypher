// Benchmark baseline: write (report)-[:MENTIONS]->(entity), one per (report, entity, start, end).
// $rows: [{report, entity, start, end, text, label, sentence}].
UNWIND $rows AS row
MATCH (r:BenchReport {id: row.report})
MATCH (e:BenchEntity {id: row.entity})
MERGE (r)-[m:MENTIONS {entity_id: row.entity, start: row.start, end: row.end}]->(e)
SET m.text = row.text, m.label = row.label, m.sentence = row.sentence
