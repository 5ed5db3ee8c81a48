// Benchmark baseline (bench/queries.py): the bare full-text look-up behind a name search in
// Threadline's Neo4j schema. Parameters: $query (Lucene query), $limit. Returns id and score.
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: $limit}) YIELD node, score
RETURN node.id AS id, node.name AS name, score
