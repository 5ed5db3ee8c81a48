// rejections: every "not the same" decision, oldest first.
// Parameters: none.
// Returns: rejection (map: a, b, by, reason, at).
MATCH (x:Rejection)
RETURN x {.*} AS rejection
ORDER BY x.at, x.a, x.b
