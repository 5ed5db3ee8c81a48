// create_held_links: keep links a decision holds as (:HeldLink) nodes without ever writing them to the
// graph (a re-ingested report's rejected links; links given back by an undo but still held by another).
// Parameters: $rows (list of maps: decision, type, source_id, target_id, report, sentence, start, end,
//   confidence, method, weight)
// Returns: nothing.
UNWIND $rows AS row
CREATE (h:HeldLink)
SET h = row
