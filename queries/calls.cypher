// calls: raw call-detail rows (involving these numbers), in time order.
// Parameters: $numbers (E.164 numbers without the PH_ prefix, or null for every call)
// Returns: call (map: id, caller, callee, start, duration_s, source).
MATCH (c:Call)
WHERE $numbers IS NULL OR c.caller IN $numbers OR c.callee IN $numbers
RETURN c {.*} AS call
ORDER BY c.start, c.id
