-- Privacy: the access log (tamper-evident, one hash chain per office), encrypted personal numbers with a keyed
-- hash for lookups, and erasure of personal data after the retention period.

-- Access log. Each row carries the hash of the previous row of its chain. There is one chain per office (and one
-- for register extracts, '-'), not one for the whole service: appending locks the chain's head row until commit, and
-- a single global head would make every office's writes wait for each other. A booking or visit transaction already
-- locks its office's live stream counter, so a per-office chain adds no new contention between offices.
CREATE TABLE audit_log (
    chain       text NOT NULL CHECK (length(chain) BETWEEN 1 AND 64),
    seq         bigint NOT NULL CHECK (seq >= 1),
    at          timestamptz NOT NULL,
    actor       text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    role        text NOT NULL CHECK (length(role) BETWEEN 1 AND 32),
    action      text NOT NULL CHECK (action IN ('READ', 'CREATE', 'UPDATE', 'ERASE')),
    resource    text NOT NULL CHECK (resource IN ('BOOKING', 'VISIT', 'PERSON')),
    resource_id uuid NOT NULL,
    prev_hash   bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash        bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (chain, seq)
);

CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor, at);
CREATE INDEX audit_log_resource_at_idx ON audit_log (resource_id, at);

-- The head of each chain: its last seq and hash. Verification compares it with the last row, so cutting rows off the
-- end of a chain is detected too.
CREATE TABLE audit_chain (
    chain     text PRIMARY KEY,
    last_seq  bigint NOT NULL CHECK (last_seq >= 0),
    last_hash bytea NOT NULL CHECK (length(last_hash) = 32)
);

-- The access log is append-only for the application: rows can be neither changed nor deleted without disabling
-- this trigger first (which the chain check then still detects).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- What a row's hash covers: each field length-prefixed (so no field can borrow from the next), the time in
-- microseconds since the epoch. se.servicekontor.videomote.privacy.AuditChain computes the same bytes in Java.
CREATE FUNCTION audit_canonical(p_chain text, p_seq bigint, p_at timestamptz, p_actor text, p_role text,
                                p_action text, p_resource text, p_resource_id uuid) RETURNS bytea
    LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(
        octet_length(p_chain) || ':' || p_chain || '|' || p_seq || '|'
        || (extract(epoch FROM p_at) * 1000000)::bigint || '|'
        || octet_length(p_actor) || ':' || p_actor || '|' || octet_length(p_role) || ':' || p_role || '|'
        || p_action || '|' || p_resource || '|' || p_resource_id::text, 'UTF8')
$$;

-- Appends entries in one statement (atomic even outside a transaction): per chain in name order (so two
-- transactions never lock two heads in opposite orders), each row hashed over the previous row's hash.
CREATE FUNCTION audit_append(p_chain text[], p_actor text[], p_role text[], p_action text[], p_resource text[],
                             p_resource_id uuid[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    r         record;
    cur_chain text;
    cur_seq   bigint;
    cur_hash  bytea;
    stamp     timestamptz := clock_timestamp();
    n         integer := 0;
BEGIN
    FOR r IN SELECT * FROM unnest(p_chain, p_actor, p_role, p_action, p_resource, p_resource_id)
                 WITH ORDINALITY AS t(chain, actor, role, action, resource, resource_id, ord)
             ORDER BY chain, ord
    LOOP
        IF cur_chain IS DISTINCT FROM r.chain THEN
            IF cur_chain IS NOT NULL THEN
                UPDATE audit_chain SET last_seq = cur_seq, last_hash = cur_hash WHERE chain = cur_chain;
            END IF;
            INSERT INTO audit_chain (chain, last_seq, last_hash)
            VALUES (r.chain, 0, decode(repeat('00', 32), 'hex')) ON CONFLICT (chain) DO NOTHING;
            SELECT c.last_seq, c.last_hash INTO cur_seq, cur_hash FROM audit_chain c WHERE c.chain = r.chain FOR UPDATE;
            cur_chain := r.chain;
        END IF;
        INSERT INTO audit_log (chain, seq, at, actor, role, action, resource, resource_id, prev_hash, hash)
        VALUES (r.chain, cur_seq + 1, stamp, r.actor, r.role, r.action, r.resource, r.resource_id, cur_hash,
                sha256(cur_hash || audit_canonical(r.chain, cur_seq + 1, stamp, r.actor, r.role, r.action,
                                                   r.resource, r.resource_id)))
        RETURNING seq, hash INTO cur_seq, cur_hash;
        n := n + 1;
    END LOOP;
    IF cur_chain IS NOT NULL THEN
        UPDATE audit_chain SET last_seq = cur_seq, last_hash = cur_hash WHERE chain = cur_chain;
    END IF;
    RETURN n;
END $$;

-- Personal numbers: AES-GCM ciphertext as '<key id>:<base64 of nonce, ciphertext and tag>', bound to the booking id,
-- and an HMAC-SHA-256 of the normalised number (its own key) for lookups. The clear column is emptied by the
-- service at start-up (it needs the key from configuration); from now on it may only be written empty.
ALTER TABLE booking
    ADD COLUMN visitor_personal_number_enc  text CHECK (visitor_personal_number_enc ~ '^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+$'),
    ADD COLUMN visitor_personal_number_hmac bytea CHECK (length(visitor_personal_number_hmac) = 32),
    ADD COLUMN personal_data_erased_at      timestamptz,
    ADD CONSTRAINT booking_personal_number_not_clear CHECK (visitor_personal_number IS NULL) NOT VALID,
    ADD CONSTRAINT booking_personal_number_pair
        CHECK ((visitor_personal_number_enc IS NULL) = (visitor_personal_number_hmac IS NULL));

ALTER TABLE booking ALTER COLUMN visitor_name DROP NOT NULL;

CREATE INDEX booking_personal_number_hmac_idx ON booking (visitor_personal_number_hmac)
    WHERE visitor_personal_number_hmac IS NOT NULL;
-- Clear values still to encrypt at start-up.
CREATE INDEX booking_personal_number_clear_idx ON booking (id) WHERE visitor_personal_number IS NOT NULL;

ALTER TABLE visit ADD COLUMN personal_data_erased_at timestamptz;

-- Retention: ended and not yet erased, oldest first.
CREATE INDEX booking_retention_idx ON booking (status_changed_at)
    WHERE personal_data_erased_at IS NULL AND status IN ('COMPLETED', 'CANCELLED', 'NO_SHOW');
CREATE INDEX visit_retention_idx ON visit ((coalesce(ended_at, updated_at)))
    WHERE personal_data_erased_at IS NULL AND status IN ('COMPLETED', 'NO_SHOW', 'CANCELLED');
