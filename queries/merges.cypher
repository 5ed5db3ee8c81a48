// merges: every merge decision, oldest first, including undone ones.
// Parameters: none.
// Returns: merge (map: id, kept, absorbed, by, reason, at, undone).
MATCH (m:Merge)
RETURN m {.*} AS merge
ORDER BY m.at, m.seq
