package se.servicekontor.videomote.bookings;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;
import se.servicekontor.videomote.privacy.PersonalNumbers;

/** A booking row with the names of its room and officer and the office's time zone. Never leaves the package. */
record Booking(UUID id, String reference, String officeId, String timeZone, String agency, String service,
        UUID roomId, String roomName, UUID officerId, String officerName, Instant start, Instant end,
        BookingStatus status, String language, boolean interpreter, boolean accessibleRoom, String visitorName,
        String visitorPhone, String visitorEmail, String personalNumber, Instant createdAt, Instant checkedInAt) {

    /** The columns {@link #from(Row)} reads, for a query over {@code booking b} joined as in {@link #JOINS}. */
    static final String COLUMNS = """
            b.id, b.reference, b.office_id, f.time_zone, b.agency_code, b.service_code, b.room_id, r.name AS room_name,
            b.officer_id, o.name AS officer_name, b.starts_at, b.ends_at, b.status, b.language, b.interpreter,
            b.accessible_room, b.visitor_name, b.visitor_phone, b.visitor_email, b.visitor_personal_number_enc,
            b.created_at, b.checked_in_at""";

    static final String JOINS = """
            JOIN office f ON f.id = b.office_id
            JOIN room r ON r.id = b.room_id
            JOIN case_officer o ON o.id = b.officer_id""";

    /** Reads a row; the personal number is decrypted with {@code numbers} (it is stored encrypted). */
    static Booking from(Row row, PersonalNumbers numbers) {
        UUID id = row.getUUID("id");
        return new Booking(id, row.getString("reference"), row.getString("office_id"),
                row.getString("time_zone"), row.getString("agency_code"), row.getString("service_code"),
                row.getUUID("room_id"), row.getString("room_name"), row.getUUID("officer_id"),
                row.getString("officer_name"), instant(row, "starts_at"), instant(row, "ends_at"),
                BookingStatus.valueOf(row.getString("status")), row.getString("language"),
                row.getBoolean("interpreter"), row.getBoolean("accessible_room"), row.getString("visitor_name"),
                row.getString("visitor_phone"), row.getString("visitor_email"),
                numbers.decrypt(id, row.getString("visitor_personal_number_enc")), instant(row, "created_at"), instant(row, "checked_in_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
