// release_held_links: the links one decision holds, removed from the held links (the caller writes them
// back to the graph, or to another decision still holding them).
// Parameters: $decision (the decision's id)
// Returns: link (map of each held link's properties: type, source_id, target_id, report, ...).
MATCH (h:HeldLink {decision: $decision})
WITH h, h {.*} AS link
DELETE h
RETURN link
