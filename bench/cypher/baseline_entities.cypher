// Benchmark baseline: write entities, one row per id, with their kind's label and every property
// Threadline stores. $rows: [{id, kind, label (BenchPerson, BenchPhone, ...), name, aliases (every
// name the case gives it), properties (the kind's fields)}].
UNWIND $rows AS row
MERGE (e:BenchEntity {id: row.id})
SET e:$(row.label), e += row.properties, e.kind = row.kind, e.name = row.name, e.aliases = row.aliases,
  e.role_set_by_analyst = false
