// delete_analyst_links: remove analysts' links (method $analyst) from the graph and (with $held) from the
// held links: an added link or a correction's copy whose decision is undone or rewritten.
// Parameters: $rows (list of {type, source, target (current entity ids), source_id, target_id (as
//   written), report}), $analyst (the method analysts' links are stored with), $held (boolean)
// Returns: nothing.
UNWIND $rows AS row
CALL (row) {
  MATCH (:Entity {id: row.source})-[l:$(row.type)]->(:Entity {id: row.target})
  WHERE l.report = row.report AND l.method = $analyst
  DELETE l
}
CALL (row) {
  WITH row
  WHERE $held
  MATCH (h:HeldLink {type: row.type, report: row.report, method: $analyst})
  WHERE h.source_id IN [row.source, row.source_id] AND h.target_id IN [row.target, row.target_id]
  DELETE h
}
