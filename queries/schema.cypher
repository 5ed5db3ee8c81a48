// schema: the constraints and indexes Threadline needs; every statement is idempotent.
// Run statement by statement (separated by ';') when a store connects.
// Parameters: none. Returns: nothing (the last statement waits until the indexes are online).
// The link types listed here are graph.model.LINK_TYPES (tests/test_neo4j_queries.py checks they agree).
CREATE CONSTRAINT report_id IF NOT EXISTS FOR (r:Report) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (e:Person) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (e:Location) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT phone_id IF NOT EXISTS FOR (e:Phone) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (e:Organization) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT email_id IF NOT EXISTS FOR (e:Email) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT vehicle_id IF NOT EXISTS FOR (e:Vehicle) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT handle_id IF NOT EXISTS FOR (e:Handle) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT call_id IF NOT EXISTS FOR (c:Call) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT merge_id IF NOT EXISTS FOR (m:Merge) REQUIRE m.id IS UNIQUE;
CREATE INDEX report_case IF NOT EXISTS FOR (r:Report) ON (r.case);
CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind);
CREATE INDEX call_caller IF NOT EXISTS FOR (c:Call) ON (c.caller);
CREATE INDEX call_callee IF NOT EXISTS FOR (c:Call) ON (c.callee);
CREATE INDEX call_start IF NOT EXISTS FOR (c:Call) ON (c.start);
CREATE INDEX recruited_report IF NOT EXISTS FOR ()-[l:RECRUITED]-() ON (l.report);
CREATE INDEX transported_report IF NOT EXISTS FOR ()-[l:TRANSPORTED]-() ON (l.report);
CREATE INDEX transferred_report IF NOT EXISTS FOR ()-[l:TRANSFERRED]-() ON (l.report);
CREATE INDEX harboured_report IF NOT EXISTS FOR ()-[l:HARBOURED]-() ON (l.report);
CREATE INDEX received_report IF NOT EXISTS FOR ()-[l:RECEIVED]-() ON (l.report);
CREATE INDEX exploited_report IF NOT EXISTS FOR ()-[l:EXPLOITED]-() ON (l.report);
CREATE INDEX uses_phone_report IF NOT EXISTS FOR ()-[l:USES_PHONE]-() ON (l.report);
CREATE INDEX located_at_report IF NOT EXISTS FOR ()-[l:LOCATED_AT]-() ON (l.report);
CREATE INDEX associate_of_report IF NOT EXISTS FOR ()-[l:ASSOCIATE_OF]-() ON (l.report);
CREATE INDEX controls_report IF NOT EXISTS FOR ()-[l:CONTROLS]-() ON (l.report);
CREATE INDEX paid_report IF NOT EXISTS FOR ()-[l:PAID]-() ON (l.report);
CREATE INDEX co_mentioned_report IF NOT EXISTS FOR ()-[l:CO_MENTIONED]-() ON (l.report);
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CALL db.awaitIndexes(300)
