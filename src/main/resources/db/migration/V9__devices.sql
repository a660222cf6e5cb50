-- Unattended devices (kiosks, waiting-room displays, room terminals) and the credentials they get by pairing.

-- A ROOM device's room must be a room of the device's office: the composite key below needs this.
CREATE UNIQUE INDEX room_id_office_idx ON room (id, office_id);

CREATE TABLE device (
    id                  uuid PRIMARY KEY,
    office_id           text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('KIOSK', 'DISPLAY', 'ROOM')),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    room_id             uuid,
    created_at          timestamptz NOT NULL,
    -- SHA-256 of the outstanding pairing code (canonical form), never the code; NULL once used, replaced or revoked.
    pairing_code_hash   bytea,
    pairing_expires_at  timestamptz,
    -- SHA-256 of the device's current bearer token, never the token; token_id names that token (not secret).
    token_hash          bytea,
    token_id            uuid,
    paired_at           timestamptz,
    last_seen_at        timestamptz,
    revoked_at          timestamptz,
    CONSTRAINT device_room_fk FOREIGN KEY (room_id, office_id) REFERENCES room (id, office_id) ON DELETE CASCADE,
    CONSTRAINT device_room_iff_room_kind CHECK ((kind = 'ROOM') = (room_id IS NOT NULL)),
    CONSTRAINT device_pairing_complete CHECK ((pairing_code_hash IS NULL) = (pairing_expires_at IS NULL)),
    CONSTRAINT device_token_complete CHECK ((token_hash IS NULL) = (token_id IS NULL)
                                            AND (token_hash IS NULL) = (paired_at IS NULL)),
    CONSTRAINT device_code_hash_size CHECK (pairing_code_hash IS NULL OR length(pairing_code_hash) = 32),
    CONSTRAINT device_token_hash_size CHECK (token_hash IS NULL OR length(token_hash) = 32),
    -- A revoked device can never pair again.
    CONSTRAINT device_revoked_no_code CHECK (revoked_at IS NULL OR pairing_code_hash IS NULL)
);
-- A code or a token identifies at most one device.
CREATE UNIQUE INDEX device_pairing_code_idx ON device (pairing_code_hash) WHERE pairing_code_hash IS NOT NULL;
CREATE UNIQUE INDEX device_token_idx ON device (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX device_office_idx ON device (office_id, created_at);

-- Pairing attempts per client address and fixed time window, shared by every instance, so that spreading guesses
-- over many instances does not multiply an attacker's budget. client '*' counts failed attempts of all clients.
CREATE TABLE pairing_attempt (
    client        text NOT NULL CHECK (length(client) BETWEEN 1 AND 64),
    window_start  timestamptz NOT NULL,
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    failures      integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    PRIMARY KEY (client, window_start)
);
CREATE INDEX pairing_attempt_window_idx ON pairing_attempt (window_start);
