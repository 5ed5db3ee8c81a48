// held_links: every link a decision holds out of the graph, oldest first, with the current entities of
// its ends (following merges; null when an end is no longer stored).
// Parameters: none
// Returns: link (map of the held link's properties), source, target (current entity ids or null).
MATCH (h:HeldLink)
OPTIONAL MATCH (s:Entity {id: h.source_id})
OPTIONAL MATCH (s)-[:MERGED_INTO*]->(sk)
WHERE NOT (sk)-[:MERGED_INTO]->()
OPTIONAL MATCH (t:Entity {id: h.target_id})
OPTIONAL MATCH (t)-[:MERGED_INTO*]->(tk)
WHERE NOT (tk)-[:MERGED_INTO]->()
RETURN h {.*} AS link, coalesce(sk, s).id AS source, coalesce(tk, t).id AS target
ORDER BY elementId(h)
