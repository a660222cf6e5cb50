-- One way to append to the access log again. V19 added a single-statement append of one entry beside audit_append, and
-- with it a second copy of how a chain's head advances; audit_append also left audit_chain.prev_hash stale. Here
-- audit_append appends each entry with that same statement (an upsert that creates or advances the head under its row
-- lock and keeps the hash before it in prev_hash), chains in order as before, all entries of a call at one clock. The
-- service calls only this function. Same bytes hashed: AuditChainTest verifies the rows against the Java computation.
CREATE OR REPLACE FUNCTION audit_append(p_chain text[], p_actor text[], p_role text[], p_action text[], p_resource text[],
                                        p_resource_id uuid[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    r     record;
    stamp timestamptz := clock_timestamp();
    n     integer := 0;
BEGIN
    FOR r IN SELECT * FROM unnest(p_chain, p_actor, p_role, p_action, p_resource, p_resource_id)
                 WITH ORDINALITY AS t(chain, actor, role, action, resource, resource_id, ord)
             ORDER BY chain, ord
    LOOP
        WITH head AS (
            INSERT INTO audit_chain AS c (chain, last_seq, last_hash, prev_hash)
            VALUES (r.chain, 1, sha256(decode(repeat('00', 32), 'hex')
                                       || audit_canonical(r.chain, 1, stamp, r.actor, r.role, r.action, r.resource,
                                                          r.resource_id)),
                    decode(repeat('00', 32), 'hex'))
            ON CONFLICT (chain) DO UPDATE
               SET last_seq = c.last_seq + 1,
                   last_hash = sha256(c.last_hash || audit_canonical(c.chain, c.last_seq + 1, stamp, r.actor, r.role,
                                                                     r.action, r.resource, r.resource_id)),
                   prev_hash = c.last_hash
            RETURNING c.last_seq, c.last_hash, c.prev_hash
        )
        INSERT INTO audit_log (chain, seq, at, actor, role, action, resource, resource_id, prev_hash, hash)
        SELECT r.chain, h.last_seq, stamp, r.actor, r.role, r.action, r.resource, r.resource_id, h.prev_hash, h.last_hash
          FROM head h;
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;
