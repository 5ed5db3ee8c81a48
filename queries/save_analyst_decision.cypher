// save_analyst_decision: keep (or update, e.g. when undone) one link or entity decision.
// Parameters: $id, $kind ("link" or "entity"), $data (the decision as JSON text), $seq (ordering, kept
//   from the first save)
// Returns: nothing.
MERGE (d:AnalystDecision {id: $id})
ON CREATE SET d.kind = $kind, d.seq = $seq
SET d.data = $data
