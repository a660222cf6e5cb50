-- Bookings and visits on one branch: a visit created by a check-in points at its booking.
ALTER TABLE visit ADD CONSTRAINT visit_booking_fk FOREIGN KEY (booking_id) REFERENCES booking (id);
