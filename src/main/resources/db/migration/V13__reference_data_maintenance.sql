-- Reference data that can be maintained: public holidays close offices (unless an office opens on one), and
-- offices, rooms, officers and services are retired instead of deleted, so history and statistics keep them.

-- Swedish public holidays (computed by the service) close an office unless it says otherwise...
ALTER TABLE office ADD COLUMN closed_on_holidays boolean NOT NULL DEFAULT true;

-- ...or opens on one particular holiday.
CREATE TABLE office_holiday_opening (
    office_id  text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    date       date NOT NULL,
    reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, date)
);

-- Retired reference data stays in place for history; it is no longer offered, picked or listed.
ALTER TABLE office ADD COLUMN retired_at timestamptz;

ALTER TABLE room ADD COLUMN retired_at timestamptz;
-- A retired room is out of service for good: nothing that picks AVAILABLE or bookable rooms can pick it.
ALTER TABLE room ADD CONSTRAINT room_retired_out_of_service CHECK (retired_at IS NULL OR status = 'OUT_OF_SERVICE');
-- A retired room's name is free for a new room.
DROP INDEX room_office_name_idx;
CREATE UNIQUE INDEX room_office_name_idx ON room (office_id, lower(name)) WHERE retired_at IS NULL;

ALTER TABLE case_officer ADD COLUMN retired_at timestamptz;
-- A retired officer is offline for good: never BUSY with a visit, never AVAILABLE for "next".
ALTER TABLE case_officer ADD CONSTRAINT case_officer_retired_offline CHECK (retired_at IS NULL OR presence = 'OFFLINE');

ALTER TABLE agency_service ADD COLUMN retired_at timestamptz;
