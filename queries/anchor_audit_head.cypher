// anchor_audit_head: keep the head of the case's audit chain after a record is appended.
// Parameters: $count (records in the chain), $hash (the last record's HMAC), $record (that
// record itself, JSON: restores it to the log if the log lost it after the case committed).
// Returns: nothing.
MERGE (head:AuditHead {id: 'audit'})
SET head.count = $count, head.hash = $hash, head.record = $record
