// record_decision: keep an audit trail of analyst and store decisions (roles, merges, purges).
// Parameters: $at (ISO timestamp), $by, $action, $subject, $detail (JSON text)
// Returns: nothing.
CREATE (:Decision {at: $at, by: $by, action: $action, subject: $subject, detail: $detail})
