// calls_among: the CALLED summaries out of these phones; the caller keeps those to one of them too.
// Parameters: $ids (current entity ids)
// Returns: caller, callee (ids), count, total_s, first, last.
UNWIND $ids AS id
MATCH (caller:Phone {id: id})-[c:CALLED]->(callee:Phone)
RETURN caller.id AS caller, callee.id AS callee, c.count AS count, c.total_s AS total_s, c.first AS first,
  c.last AS last
