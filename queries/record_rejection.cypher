// record_rejection: an analyst's decision that two entities are not the same; one record per pair
// (ids in sorted order), the latest decision's author, reason and time kept.
// Parameters: $a, $b (entity ids, a < b), $by, $reason, $at (ISO timestamp)
// Returns: nothing.
MERGE (x:Rejection {a: $a, b: $b})
SET x.by = $by, x.reason = $reason, x.at = $at
