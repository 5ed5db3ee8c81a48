// schema_objects: the indexes and constraints in the database (tests check the schema is created once).
// Parameters: none.
// Returns: name, type (RANGE, FULLTEXT, LOOKUP...), constraint (the constraint owning the index, or null).
SHOW INDEXES YIELD name, type, owningConstraint
RETURN name, type, owningConstraint AS constraint
ORDER BY name
