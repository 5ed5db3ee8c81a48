// anchor_audit_head: keep the head of the case's audit chain after a record is appended.
// Parameters: $count (records in the chain), $hash (the last record's HMAC).
// Returns: nothing.
MERGE (head:AuditHead {id: 'audit'})
SET head.count = $count, head.hash = $hash
