// audit_head: the head of the case's audit chain kept in the store (governance.audit anchors it
// here so a cut tail or a deleted audit log shows when the chain is verified).
// Parameters: none.
// Returns at most one row: count (records in the chain), hash (the last record's HMAC),
// record (that record itself, JSON; '' for a head anchored before records were kept).
MATCH (head:AuditHead {id: 'audit'})
RETURN head.count AS count, head.hash AS hash, coalesce(head.record, '') AS record
