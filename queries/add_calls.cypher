// add_calls: store call-detail rows not stored yet, creating phones as needed, and keep the
// (Phone)-[:CALLED {count, total_s, first, last}]->(Phone) summary of each pair up to date.
// Parameters:
//   $calls  list of {call: {id, caller, callee, start, duration_s, source}, caller_id, callee_id}
//           with distinct call ids (a call id hashes caller, callee, start and duration)
// Returns one row: added (how many calls were new).
UNWIND $calls AS row
OPTIONAL MATCH (stored:Call {id: row.call.id})
WITH row, stored
WHERE stored IS NULL
CREATE (call:Call)
SET call = row.call
MERGE (caller:Entity {id: row.caller_id})
  ON CREATE SET caller:Phone, caller.kind = 'PHONE', caller.name = row.call.caller,
    caller.aliases = [], caller.role_set_by_analyst = false
MERGE (callee:Entity {id: row.callee_id})
  ON CREATE SET callee:Phone, callee.kind = 'PHONE', callee.name = row.call.callee,
    callee.aliases = [], callee.role_set_by_analyst = false
MERGE (caller)-[summary:CALLED]->(callee)
  ON CREATE SET summary.count = 0, summary.total_s = 0
SET summary.count = summary.count + 1,
  summary.total_s = summary.total_s + row.call.duration_s,
  summary.first = CASE WHEN summary.first IS NULL OR row.call.start < summary.first
    THEN row.call.start ELSE summary.first END,
  summary.last = CASE WHEN summary.last IS NULL OR row.call.start > summary.last
    THEN row.call.start ELSE summary.last END
RETURN count(call) AS added
