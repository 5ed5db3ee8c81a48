// set_role: an analyst sets a person's role; the flag keeps later ingests from overwriting it.
// Parameters: $id (a current entity id), $role
// Returns: before (the role it had).
MATCH (e:Entity {id: $id})
WITH e, e.role AS before
SET e.role = $role, e.role_set_by_analyst = true
RETURN before
