// case_secret: a random secret kept in the case store under a name, created the first time it
// is asked for (the key of the case's opaque entity ids: graph.identity.opaque_id).
// Parameters: $name, $value (random, used only when the secret does not exist yet).
// Returns one row: value (the secret as stored).
MERGE (secret:CaseSecret {name: $name})
  ON CREATE SET secret.value = $value
RETURN secret.value AS value
