// phone_kinds: which of these entity ids are stored, and as which kind (calls may only name phones).
// Parameters: $ids  list of entity ids
// Returns: id, kind for each stored one.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.kind AS kind
