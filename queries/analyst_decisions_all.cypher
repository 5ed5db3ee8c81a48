// analyst_decisions_all: every link and entity decision of the analysts in one read, oldest first (what a
// neighbourhood needs: the false entities to leave out and the confirmed links to mark).
// Parameters: none
// Returns: kind ("link" or "entity"), data (the decision as JSON text).
MATCH (d:AnalystDecision)
RETURN d.kind AS kind, d.data AS data
ORDER BY d.seq
