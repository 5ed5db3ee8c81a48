// hold_links: take links out of the graph and keep them, with the decision that holds them, as
// (:HeldLink) nodes (connected to nothing, so no read or analysis meets them).
// Parameters: $elements (element ids of link relationships), $decision (the holding decision's id)
// Returns: nothing.
UNWIND $elements AS element
MATCH ()-[l]->()
WHERE elementId(l) = element
CREATE (h:HeldLink)
SET h = properties(l), h.type = type(l), h.decision = $decision
DELETE l
