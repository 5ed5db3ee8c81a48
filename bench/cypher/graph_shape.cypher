// Benchmark check: what a database holds, to compare Threadline's writes with a baseline's. One row per
// node label or relationship type and set of property keys: kind ('node' or 'relationship'), name,
// keys (the property keys, in any order) and count. No parameters.
MATCH (n)
UNWIND labels(n) AS label
RETURN 'node' AS kind, label AS name, keys(n) AS keys, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS name, keys(r) AS keys, count(*) AS count
