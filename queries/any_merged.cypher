// any_merged: whether any entity has been merged into another (a MERGED_INTO relationship exists).
// Ingest follows merges only when one does (ingest_check); otherwise it runs the leaner
// ingest_check_unmerged. Uses the relationship-type lookup index: one look, whatever the case size.
// Parameters: none. Returns one row: merged (boolean).
RETURN EXISTS { MATCH ()-[:MERGED_INTO]->() } AS merged
