-- Rotation of the personal-number lookup key (issue 12).
--
-- Each booking's lookup hash records which key made it: a fingerprint of the key (the first 8 bytes of its SHA-256,
-- in hex; it cannot be turned back into the key). After the key changes, the re-encryption job rehashes every row
-- whose fingerprint is not the current key's, while lookups try the current and the previous keys. Rows from before
-- this migration have no fingerprint: they were hashed with the one key there was, and are rehashed once.
ALTER TABLE booking
    ADD COLUMN visitor_personal_number_hmac_key text CHECK (visitor_personal_number_hmac_key ~ '^[0-9a-f]{16}$'),
    ADD CONSTRAINT booking_personal_number_hmac_key
        CHECK (visitor_personal_number_hmac IS NOT NULL OR visitor_personal_number_hmac_key IS NULL);
