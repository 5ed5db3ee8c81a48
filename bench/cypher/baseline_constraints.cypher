// Benchmark baseline (bench/store_ingest.py): the uniqueness constraints a hand-written loader
// would create. Its own labels (BenchEntity, BenchReport) so it never touches Threadline's.
// Statements are separated by ";". No parameters.
CREATE CONSTRAINT bench_entity_id IF NOT EXISTS FOR (e:BenchEntity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT bench_report_id IF NOT EXISTS FOR (r:BenchReport) REQUIRE r.id IS UNIQUE
