package se.servicekontor.videomote.visits;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** One visit as read from the database, with the office's time zone and the names of its room and officer. */
record Visit(UUID id, String officeId, String agency, String service, String ticket, String language,
        boolean interpreter, Priority priority, String visitorName, VisitStatus status, Instant queuedAt,
        Instant rankAt, UUID officerId, UUID roomId, Instant calledAt, Instant startedAt, Instant endedAt,
        UUID bookingId, UUID bookedOfficerId, UUID bookedRoomId, Instant bookedStart, Instant bookedEnd,
        UUID heldFor, Instant heldUntil, ZoneId zone, String roomName, String officerName, boolean accessible,
        boolean afterHours) {

    /** Reads {@link VisitQueries#COLUMNS} plus {@code time_zone}, {@code room_name} and {@code officer_name}. */
    static Visit from(Row row) {
        return new Visit(row.getUUID("id"), row.getString("office_id"), row.getString("agency_code"),
                row.getString("service_code"), row.getString("ticket"), row.getString("language"),
                row.getBoolean("interpreter"), Priority.valueOf(row.getString("priority")),
                row.getString("visitor_name"), VisitStatus.valueOf(row.getString("status")),
                instant(row, "queued_at"), instant(row, "rank_at"), row.getUUID("officer_id"), row.getUUID("room_id"),
                instant(row, "called_at"), instant(row, "started_at"), instant(row, "ended_at"),
                row.getUUID("booking_id"), row.getUUID("booked_officer_id"), row.getUUID("booked_room_id"),
                instant(row, "booked_start"), instant(row, "booked_end"), row.getUUID("held_for_officer"),
                instant(row, "held_until"), ZoneId.of(row.getString("time_zone")), row.getString("room_name"),
                row.getString("officer_name"), row.getBoolean("accessible"), row.getBoolean("after_hours"));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
