// Benchmark baseline: write (report)-[:NAMES {aliases}]->(entity), one per entity a report names or uses.
// $rows: [{report, entity, aliases}].
UNWIND $rows AS row
MATCH (r:BenchReport {id: row.report})
MATCH (e:BenchEntity {id: row.entity})
MERGE (r)-[n:NAMES]->(e)
SET n.aliases = row.aliases
