// ingest_known_entities: update the stored entities a checked batch names again. An entity gains
// the names it does not have yet and the properties the shared write rules (graph/write_rules.py)
// let it take, computed by the store from the node's properties (ingest_check): only those are sent.
// Parameters:
//   $entities  list of {id, kind, label, name, properties (the changes to write), aliases (the names
//              the batch gives it)}, one per id, every id stored
// Returns nothing.
UNWIND $entities AS row
MATCH (e:Entity {id: row.id})
WITH e, row, [alias IN row.aliases WHERE NOT alias IN coalesce(e.aliases, [])] AS new_aliases
// Written only when something is new: an unchanged write still costs the full-text index an update.
FOREACH (_ IN CASE WHEN new_aliases <> [] THEN [1] ELSE [] END | SET e.aliases = coalesce(e.aliases, []) + new_aliases)
FOREACH (_ IN CASE WHEN size(keys(row.properties)) > 0 THEN [1] ELSE [] END | SET e += row.properties)
