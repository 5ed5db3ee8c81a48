// delete_record: remove one record (e.g. a watch a user no longer wants).
// Parameters: $kind, $key
// Returns: deleted (how many: 0 or 1).
OPTIONAL MATCH (r:Record {kind: $kind, key: $key})
WITH collect(r) AS found
FOREACH (r IN found | DELETE r)
RETURN size(found) AS deleted
