// Benchmark baseline: write entities. $rows: [{id, kind, name, aliases}].
UNWIND $rows AS row
MERGE (e:BenchEntity {id: row.id})
SET e.kind = row.kind, e.name = row.name, e.aliases = row.aliases
