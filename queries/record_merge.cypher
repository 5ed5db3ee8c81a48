// record_merge: record that $absorbed is one entity with $kept, and hide $absorbed behind a
// MERGED_INTO relationship (relationships are moved by rehome_relationships).
// Parameters: $id, $kept, $absorbed (current entity ids of one kind), $by, $reason, $at, $seq (ordering)
// Returns: nothing.
MATCH (absorbed:Entity {id: $absorbed})
MATCH (kept:Entity {id: $kept})
CREATE (:Merge {id: $id, kept: $kept, absorbed: $absorbed, by: $by, reason: $reason, at: $at, seq: $seq,
  undone: false})
CREATE (absorbed)-[:MERGED_INTO {merge: $id}]->(kept)
