// Benchmark baseline (bench/queries.py): the bare Cypher behind a 2-hop neighbourhood in
// Threadline's Neo4j schema: entities within two typed links of $id, and the links among them.
// Parameters: $id (entity id). Returns one row per link: source, target, type, link properties.
MATCH (s:Entity {id: $id})
CALL (s) {
  MATCH (s)-[:RECRUITED|TRANSPORTED|TRANSFERRED|HARBOURED|RECEIVED|EXPLOITED|USES_PHONE|LOCATED_AT|ASSOCIATE_OF|CONTROLS|PAID|CO_MENTIONED*1..2]-(n:Entity)
  RETURN collect(DISTINCT n) AS reached
}
WITH reached + [s] AS nodes
UNWIND nodes AS a
MATCH (a)-[l:RECRUITED|TRANSPORTED|TRANSFERRED|HARBOURED|RECEIVED|EXPLOITED|USES_PHONE|LOCATED_AT|ASSOCIATE_OF|CONTROLS|PAID|CO_MENTIONED]->(b)
WHERE b IN nodes
RETURN a.id AS source, b.id AS target, type(l) AS type, l {.*} AS link
