// Benchmark baseline (bench/store_ingest.py): the schema a hand-written loader of Threadline's graph
// needs, the same as queries/schema.cypher (every uniqueness constraint, the lookup indexes and the
// full-text index over names), under its own labels (BenchReport, BenchEntity, BenchPerson, ...) so it
// never touches Threadline's. Statements are separated by ";". No parameters.
CREATE CONSTRAINT bench_report_id IF NOT EXISTS FOR (r:BenchReport) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT bench_entity_id IF NOT EXISTS FOR (e:BenchEntity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_person_id IF NOT EXISTS FOR (e:BenchPerson) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_location_id IF NOT EXISTS FOR (e:BenchLocation) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_phone_id IF NOT EXISTS FOR (e:BenchPhone) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_organization_id IF NOT EXISTS FOR (e:BenchOrganization) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_email_id IF NOT EXISTS FOR (e:BenchEmail) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_vehicle_id IF NOT EXISTS FOR (e:BenchVehicle) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_handle_id IF NOT EXISTS FOR (e:BenchHandle) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_call_id IF NOT EXISTS FOR (c:BenchCall) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT bench_merge_id IF NOT EXISTS FOR (m:BenchMerge) REQUIRE m.id IS UNIQUE;
CREATE INDEX bench_report_case IF NOT EXISTS FOR (r:BenchReport) ON (r.case);
CREATE INDEX bench_entity_kind IF NOT EXISTS FOR (e:BenchEntity) ON (e.kind);
CREATE INDEX bench_call_caller IF NOT EXISTS FOR (c:BenchCall) ON (c.caller);
CREATE INDEX bench_call_callee IF NOT EXISTS FOR (c:BenchCall) ON (c.callee);
CREATE INDEX bench_call_start IF NOT EXISTS FOR (c:BenchCall) ON (c.start);
CREATE FULLTEXT INDEX bench_entity_names IF NOT EXISTS FOR (e:BenchEntity) ON EACH [e.name, e.aliases]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CALL db.awaitIndexes(300)
