// Benchmark baseline: write reports. $rows: [{id, title, kind, case, reported_at, text}].
UNWIND $rows AS row
MERGE (r:BenchReport {id: row.id})
SET r.title = row.title, r.kind = row.kind, r.case = row.case, r.reported_at = row.reported_at, r.text = row.text
