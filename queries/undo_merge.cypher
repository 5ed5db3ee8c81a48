// undo_merge: mark a merge undone and un-hide the absorbed entity (relationships are moved back
// by rehome_relationships).
// Parameters: $id
// Returns: nothing.
MATCH (m:Merge {id: $id})
SET m.undone = true
WITH m
MATCH (:Entity {id: m.absorbed})-[into:MERGED_INTO {merge: m.id}]->()
DELETE into
