// put_record: keep one record of a case (a note, a saved view, a watch, an alert, a case's owner) as JSON
// text, replacing the one of the same kind and key.
// Parameters: $kind, $key, $case, $data (JSON text), $seq (ordering, kept from the first save)
// Returns: nothing.
MERGE (r:Record {kind: $kind, key: $key})
ON CREATE SET r.seq = $seq
SET r.case = $case, r.data = $data
