// case_calls: every CALLED summary between phones that are not merged away.
// Parameters: none.
// Returns: caller, callee (ids), count, total_s, first, last.
MATCH (caller:Phone)-[c:CALLED]->(callee:Phone)
WHERE NOT (caller)-[:MERGED_INTO]->() AND NOT (callee)-[:MERGED_INTO]->()
RETURN caller.id AS caller, callee.id AS callee, c.count AS count, c.total_s AS total_s, c.first AS first,
  c.last AS last
