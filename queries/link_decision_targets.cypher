// link_decision_targets: the extracted links a link decision is about: of one type, from one entity to
// another (current ids), from one report or any; an analyst's own links are never among them.
// Parameters: $type (a link type), $source, $target (current entity ids), $report (a report id or null),
//   $analyst (the method analysts' links are stored with)
// Returns: element (the relationship's element id), link (map of its properties).
MATCH (:Entity {id: $source})-[l:$($type)]->(:Entity {id: $target})
WHERE ($report IS NULL OR l.report = $report) AND coalesce(l.method, '') <> $analyst
RETURN elementId(l) AS element, l {.*} AS link
