// clear_database: delete every node and relationship (the test fixtures start each test empty).
// Never run against real case data. Parameters: none. Returns: nothing.
MATCH (n)
DETACH DELETE n
