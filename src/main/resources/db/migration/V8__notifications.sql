-- Self-booking and notifications: the visitor's manage code and language on a booking, and the outbox of e-mails
-- and text messages to visitors, written in the transaction of the change that causes them.

-- The visitor manages a self-booked booking with a code that only the visitor holds: only its hash is kept.
ALTER TABLE booking ADD COLUMN manage_code_hash bytea CHECK (octet_length(manage_code_hash) = 32);
-- The language of the texts the visitor gets (sv, en).
ALTER TABLE booking ADD COLUMN locale text CHECK (locale IN ('sv', 'en'));

CREATE TABLE notification (
    id              uuid PRIMARY KEY,
    booking_id      uuid REFERENCES booking (id),
    visit_id        uuid REFERENCES visit (id),
    channel         text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    kind            text NOT NULL CHECK (kind IN ('CONFIRMATION', 'REMINDER', 'CANCELLED', 'RESCHEDULED', 'TURN_SOON')),
    -- HELD: waits for a condition (a walk-in's place in line) before it becomes PENDING.
    -- SENDING: an attempt was recorded and the provider is being called; see NotificationWorker for what happens
    -- when the instance dies then.
    status          text NOT NULL CHECK (status IN ('HELD', 'PENDING', 'SENDING', 'SENT', 'FAILED', 'CANCELLED')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- When a PENDING message is due (its first attempt or its next one after a back-off).
    next_attempt_at timestamptz NOT NULL,
    -- A SENDING message whose lease ran out belongs to an instance that died or hung.
    lease_until     timestamptz,
    -- The instance (pid@host) that made the last attempt.
    claimed_by      text,
    sent_at         timestamptz,
    last_error      text CHECK (length(last_error) <= 300),
    locale          text NOT NULL CHECK (locale IN ('sv', 'en')),
    -- Personal data: the address and the text. The text is dropped once the message is final, the address
    -- videomote.privacy.retention after the booking or visit ended.
    recipient       text CHECK (length(recipient) <= 254),
    subject         text,
    body            text,
    -- iCalendar invitation of an e-mail (METHOD:REQUEST or CANCEL), with its SEQUENCE.
    calendar        text,
    ics_sequence    integer CHECK (ics_sequence >= 0),
    erased_at       timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK ((booking_id IS NULL) <> (visit_id IS NULL)),
    CHECK (status <> 'SENT' OR sent_at IS NOT NULL),
    CHECK (status <> 'SENDING' OR lease_until IS NOT NULL),
    CHECK (kind <> 'TURN_SOON' OR (visit_id IS NOT NULL AND channel = 'SMS'))
);

-- The worker's claim: due PENDING messages, oldest first.
CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE status = 'PENDING';
-- Attempts of instances that died.
CREATE INDEX notification_lease_idx ON notification (lease_until) WHERE status = 'SENDING';
CREATE INDEX notification_booking_idx ON notification (booking_id, created_at) WHERE booking_id IS NOT NULL;
CREATE INDEX notification_visit_idx ON notification (visit_id, created_at) WHERE visit_id IS NOT NULL;
-- Walk-ins waiting for their "your turn soon".
CREATE INDEX notification_held_idx ON notification (visit_id) WHERE status = 'HELD';
-- Retention: what still holds an address.
CREATE INDEX notification_unerased_idx ON notification (created_at) WHERE erased_at IS NULL;
-- "Your turn soon" at most once per visit.
CREATE UNIQUE INDEX notification_turn_soon_once ON notification (visit_id) WHERE kind = 'TURN_SOON';
-- One ICS sequence number per booking and e-mail: an update always has a higher SEQUENCE than what came before.
CREATE UNIQUE INDEX notification_ics_sequence_once ON notification (booking_id, ics_sequence)
    WHERE ics_sequence IS NOT NULL;
