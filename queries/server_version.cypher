// server_version: which Neo4j this store talks to (the store needs 5.26 or newer).
// Parameters: none.
// Returns: one row per component: name, versions (list), edition.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
