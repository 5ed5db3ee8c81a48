// split_names: the names some reports gave some entities (their NAMES relationships), for a split
// to take back the ones it moves.
// Parameters: $reports (report ids), $ids (entity ids)
// Returns: element (element id of the NAMES relationship), report, entity (ids), aliases.
UNWIND $reports AS report
MATCH (:Report {id: report})-[names:NAMES]->(e:Entity)
WHERE e.id IN $ids
RETURN elementId(names) AS element, report, e.id AS entity, names.aliases AS aliases
