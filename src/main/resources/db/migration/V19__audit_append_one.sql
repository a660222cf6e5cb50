-- Appending one access-log entry, the common case (a change of a visit or booking that carries a name, a read of one),
-- in one statement (Audit.APPEND_ONE) instead of audit_append's PL/pgSQL loop of five statements: an upsert creates or
-- advances the chain's head under its row lock and returns the new seq and hash. The row needs the hash before them
-- too, and RETURNING shows only new values before PostgreSQL 18, so the upsert keeps it in the head: prev_hash is the
-- hash the head had before its last single append. Nothing else reads it; audit_append, which still appends several
-- entries or chains at once, leaves it as it is, and the next single append sets it from last_hash again.
ALTER TABLE audit_chain ADD COLUMN prev_hash bytea;
