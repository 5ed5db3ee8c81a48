// Benchmark baseline: write reports with every property Threadline stores.
// $rows: [report properties: id, text, title, kind, case, reported_at, ingested_at, review_by, ...].
UNWIND $rows AS row
MERGE (r:BenchReport {id: row.id})
SET r += row
