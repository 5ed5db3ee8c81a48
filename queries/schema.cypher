// schema: the constraints and indexes Threadline needs; every statement is idempotent.
// Run statement by statement (separated by ';') when a store connects.
// Parameters: none. Returns: nothing (the last statement waits until the indexes are online).
// No index on link properties: a purge finds a report's links from the entities the report names,
// and every ingest would pay for such indexes.
CREATE CONSTRAINT report_id IF NOT EXISTS FOR (r:Report) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (e:Person) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (e:Location) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT phone_id IF NOT EXISTS FOR (e:Phone) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (e:Organization) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT email_id IF NOT EXISTS FOR (e:Email) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT vehicle_id IF NOT EXISTS FOR (e:Vehicle) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT handle_id IF NOT EXISTS FOR (e:Handle) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT call_id IF NOT EXISTS FOR (c:Call) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT merge_id IF NOT EXISTS FOR (m:Merge) REQUIRE m.id IS UNIQUE;
CREATE INDEX report_case IF NOT EXISTS FOR (r:Report) ON (r.case);
CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind);
CREATE INDEX call_caller IF NOT EXISTS FOR (c:Call) ON (c.caller);
CREATE INDEX call_callee IF NOT EXISTS FOR (c:Call) ON (c.callee);
CREATE INDEX call_start IF NOT EXISTS FOR (c:Call) ON (c.start);
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CALL db.awaitIndexes(300)
