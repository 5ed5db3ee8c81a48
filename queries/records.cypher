// records: every record of one kind (notes, saved views, watches, alerts, case owners), oldest first.
// Parameters: $kind
// Returns: data (each record as JSON text).
MATCH (r:Record {kind: $kind})
RETURN r.data AS data
ORDER BY r.seq
