package se.servicekontor.videomote.bookings;

/** Where a booking is in its life. Only BOOKED and CHECKED_IN hold a room and an officer. */
public enum BookingStatus {
    BOOKED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW
}
