-- Bookings, visits and video sessions on one branch: the references between them.

-- A visit created by a check-in points at its booking.
ALTER TABLE visit ADD CONSTRAINT visit_booking_fk FOREIGN KEY (booking_id) REFERENCES booking (id);

-- A video session belongs to the visit that was called.
ALTER TABLE video_session ADD CONSTRAINT video_session_visit_fk FOREIGN KEY (visit_id) REFERENCES visit (id);
