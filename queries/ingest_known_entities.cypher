// ingest_known_entities: update the stored entities a checked batch names again. An entity only
// gains the properties it lacks and the names it does not have yet; a person assessed a victim
// becomes one (victim protection first), but an analyst's role is never overwritten.
// Parameters:
//   $entities  list of {id, kind, label, name, properties, aliases (the names the batch gives it)},
//              one per id, every id stored
// Returns nothing.
UNWIND $entities AS row
MATCH (e:Entity {id: row.id})
WITH e, row, [alias IN row.aliases WHERE NOT alias IN coalesce(e.aliases, [])] AS new_aliases
// Written only when something is new: an unchanged write still costs the full-text index an update.
FOREACH (_ IN CASE WHEN new_aliases <> [] THEN [1] ELSE [] END | SET e.aliases = coalesce(e.aliases, []) + new_aliases)
WITH e, row
UNWIND [key IN keys(row.properties)
  WHERE row.properties[key] IS NOT NULL AND NOT row.properties[key] IN ['', 'unknown']
    AND (e[key] IS NULL OR e[key] IN ['', 'unknown'] OR (key = 'role' AND row.properties[key] = 'victim'))
    AND NOT (key = 'role' AND e.role_set_by_analyst)] AS key
SET e[key] = row.properties[key]
