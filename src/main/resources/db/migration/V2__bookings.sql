-- Bookings: scheduled video meetings. A booking holds one visitor room and one case officer for its whole time
-- range while it is active (BOOKED or CHECKED_IN); the exclusion constraints below make a double booking
-- impossible whatever the code does. CANCELLED, NO_SHOW and COMPLETED bookings drop out of the constraints, which
-- frees their room and officer at once.

CREATE TABLE booking (
    id                      uuid PRIMARY KEY,
    -- Short and readable aloud: six characters without 0/O and 1/I, e.g. K7P-4QX.
    reference               text NOT NULL CHECK (reference ~ '^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$'),
    office_id               text NOT NULL REFERENCES office (id),
    agency_code             text NOT NULL,
    service_code            text NOT NULL,
    room_id                 uuid NOT NULL REFERENCES room (id),
    officer_id              uuid NOT NULL,
    starts_at               timestamptz NOT NULL,
    ends_at                 timestamptz NOT NULL,
    status                  text NOT NULL DEFAULT 'BOOKED'
                            CHECK (status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED', 'CANCELLED', 'NO_SHOW')),
    language                text CHECK (language ~ '^[a-z]{2,3}$'),
    interpreter             boolean NOT NULL DEFAULT false,
    accessible_room         boolean NOT NULL DEFAULT false,
    visitor_name            text NOT NULL CHECK (length(visitor_name) BETWEEN 1 AND 200),
    visitor_phone           text CHECK (length(visitor_phone) <= 40),
    visitor_email           text CHECK (length(visitor_email) <= 254),
    -- Normalised to YYYYMMDD-NNNN; validated (date, Luhn) before it gets here. Masked in every list.
    visitor_personal_number text CHECK (visitor_personal_number ~ '^[0-9]{8}-[0-9]{4}$'),
    created_by              text NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    status_changed_at       timestamptz NOT NULL,
    checked_in_at           timestamptz,
    CHECK (ends_at > starts_at),
    -- The officer must belong to the booked agency, and the service must be one of the agency's.
    FOREIGN KEY (officer_id, agency_code) REFERENCES case_officer (id, agency_code),
    FOREIGN KEY (agency_code, service_code) REFERENCES agency_service (agency_code, code) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT booking_room_no_overlap EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('BOOKED', 'CHECKED_IN')),
    CONSTRAINT booking_officer_no_overlap EXCLUDE USING gist (officer_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('BOOKED', 'CHECKED_IN'))
);

CREATE UNIQUE INDEX booking_reference_idx ON booking (reference);
-- The desk's day list and availability per office.
CREATE INDEX booking_office_start_idx ON booking (office_id, starts_at);
-- Fairness (an officer's bookings that day) and officer availability.
CREATE INDEX booking_officer_start_idx ON booking (officer_id, starts_at);
-- The no-show sweep looks only at bookings still waiting for their visitor.
CREATE INDEX booking_booked_start_idx ON booking (starts_at) WHERE status = 'BOOKED';
-- Overlap lookups (a room's or an officer's active bookings, an officer's shifts) are written as
-- tstzrange(...) && tstzrange(...) so that the exclusion constraints' gist indexes serve them.
