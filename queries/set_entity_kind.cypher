// set_entity_kind: an analyst's correction of an entity's kind (its node label follows).
// Parameters: $id (a current entity id), $kind (the new kind), $old_label, $new_label (node labels of
//   the old and new kinds)
// Returns: nothing.
MATCH (e:Entity {id: $id})
REMOVE e:$($old_label)
SET e:$($new_label), e.kind = $kind
