// analyst_decisions: every link or entity decision of the analysts, oldest first (graph/decisions.py).
// Parameters: $kind ("link" or "entity")
// Returns: data (the decision as JSON text).
MATCH (d:AnalystDecision {kind: $kind})
RETURN d.data AS data
ORDER BY d.seq
