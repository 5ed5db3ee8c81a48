// Benchmark housekeeping: empty the benchmark database between runs, in batches. No parameters.
// Only ever run against the throw-away server bench/store_ingest.py starts (or one named by
// THREADLINE_BENCH_NEO4J_URL, which the docs say will be emptied).
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
