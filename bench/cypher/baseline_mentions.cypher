// Benchmark baseline: write (report)-[:MENTIONS]->(entity). $rows: [{report, entity, start, end, sentence}].
UNWIND $rows AS row
MATCH (r:BenchReport {id: row.report})
MATCH (e:BenchEntity {id: row.entity})
MERGE (r)-[m:MENTIONS {start: row.start, end: row.end}]->(e)
SET m.sentence = row.sentence
