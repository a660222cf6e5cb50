-- Foundation: reference data (agencies, offices, visitor rooms, case officers), the live event log and
-- idempotency keys. Invariants live here, not only in code.

-- Exclusion constraints over (id, time range) need btree_gist.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE agency (
    code          text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 64),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    ticket_prefix text NOT NULL UNIQUE CHECK (ticket_prefix ~ '^[A-Z]{1,2}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The errands an agency serves ("services" in the API). Referenced by officers, bookings and visits; the
-- references are deferrable so that replacing an agency rewrites its services inside one transaction.
CREATE TABLE agency_service (
    agency_code      text NOT NULL REFERENCES agency (code) ON DELETE CASCADE,
    code             text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 64),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    PRIMARY KEY (agency_code, code)
);

CREATE TABLE office (
    id                      text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 64),
    name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    municipality            text NOT NULL CHECK (length(municipality) BETWEEN 1 AND 100),
    kind                    text NOT NULL CHECK (kind IN ('FIXED', 'MOBILE')),
    time_zone               text NOT NULL DEFAULT 'Europe/Stockholm',
    vulnerable_area         boolean NOT NULL DEFAULT false,
    cleaning_buffer_minutes integer NOT NULL DEFAULT 0 CHECK (cleaning_buffer_minutes BETWEEN 0 AND 60),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX office_municipality_idx ON office (lower(municipality));

-- Weekly opening hours; a day may have several periods (a lunch closure), never overlapping.
CREATE TABLE office_opening_hours (
    office_id text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    day       smallint NOT NULL CHECK (day BETWEEN 1 AND 7), -- ISO-8601: 1 = Monday
    opens     time NOT NULL,
    closes    time NOT NULL,
    CHECK (closes > opens),
    PRIMARY KEY (office_id, day, opens),
    CONSTRAINT office_opening_hours_no_overlap EXCLUDE USING gist (office_id WITH =, day WITH =,
        tsrange('2000-01-01'::date + opens, '2000-01-01'::date + closes) WITH &&)
);

CREATE TABLE office_agency (
    office_id   text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    agency_code text NOT NULL REFERENCES agency (code),
    PRIMARY KEY (office_id, agency_code)
);
CREATE INDEX office_agency_agency_idx ON office_agency (agency_code);

CREATE TABLE office_closure (
    id         uuid PRIMARY KEY,
    office_id  text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    date       date NOT NULL,
    reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT office_closure_one_per_day UNIQUE (office_id, date)
);

-- A MOBILE office is open only at its stops.
CREATE TABLE office_stop (
    id         uuid PRIMARY KEY,
    office_id  text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    date       date NOT NULL,
    place      text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    opens      time NOT NULL,
    closes     time NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (closes > opens),
    CONSTRAINT office_stop_no_overlap EXCLUDE USING gist (office_id WITH =, tsrange(date + opens, date + closes) WITH &&)
);

-- Visitor rooms. status is operational state: it is written only through RoomQueries, together with a live event.
CREATE TABLE room (
    id                uuid PRIMARY KEY,
    office_id         text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    accessible        boolean NOT NULL DEFAULT false,
    capacity          integer NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 50),
    status            text NOT NULL DEFAULT 'AVAILABLE'
                      CHECK (status IN ('AVAILABLE', 'RESERVED', 'OCCUPIED', 'CLEANING', 'OUT_OF_SERVICE')),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX room_office_name_idx ON room (office_id, lower(name));
CREATE INDEX room_office_status_idx ON room (office_id, status);

-- Case officers. presence is operational state, like room.status.
CREATE TABLE case_officer (
    id                  uuid PRIMARY KEY,
    agency_code         text NOT NULL REFERENCES agency (code),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    presence            text NOT NULL DEFAULT 'OFFLINE' CHECK (presence IN ('AVAILABLE', 'BUSY', 'AWAY', 'OFFLINE')),
    presence_changed_at timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, agency_code)
);
CREATE INDEX case_officer_agency_idx ON case_officer (agency_code);

CREATE TABLE case_officer_language (
    officer_id uuid NOT NULL REFERENCES case_officer (id) ON DELETE CASCADE,
    language   text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    PRIMARY KEY (officer_id, language)
);

-- An officer's services must belong to the officer's own agency: the composite keys make that a database rule.
CREATE TABLE case_officer_service (
    officer_id   uuid NOT NULL,
    agency_code  text NOT NULL,
    service_code text NOT NULL,
    PRIMARY KEY (officer_id, service_code),
    FOREIGN KEY (officer_id, agency_code) REFERENCES case_officer (id, agency_code) ON DELETE CASCADE,
    FOREIGN KEY (agency_code, service_code) REFERENCES agency_service (agency_code, code) DEFERRABLE INITIALLY DEFERRED
);

-- Working periods in which an officer can be booked; never overlapping for one officer.
CREATE TABLE officer_shift (
    id         uuid PRIMARY KEY,
    officer_id uuid NOT NULL REFERENCES case_officer (id) ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    CHECK (ends_at > starts_at),
    CONSTRAINT officer_shift_no_overlap EXCLUDE USING gist (officer_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

-- Live events: one row per event, numbered per stream without gaps in commit order. The counter row is
-- updated in the same transaction as the change the event describes, so its row lock orders the commits.
CREATE TABLE live_stream (
    stream   text PRIMARY KEY,
    last_seq bigint NOT NULL CHECK (last_seq >= 0)
);

CREATE TABLE live_event (
    stream text NOT NULL,
    seq    bigint NOT NULL,
    type   text NOT NULL,
    at     timestamptz NOT NULL,
    data   jsonb NOT NULL,
    PRIMARY KEY (stream, seq)
);
CREATE INDEX live_event_at_idx ON live_event (at);

-- Idempotency keys: claimed in the same transaction as the write they protect.
CREATE TABLE idempotency_key (
    scope           text NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    fingerprint     text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    response_status integer,
    response_body   text,
    response_location text,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
