package se.servicekontor.videomote.visits;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import se.servicekontor.videomote.common.Slugs;

/**
 * Request and response bodies of the visits API and the payloads of its live events. Everything a kiosk, a
 * waiting-room screen or a room terminal receives is a record without any field for a name ({@link TicketView},
 * {@link DisplayQueue}): what they may see is an allow-list by construction.
 */
public final class VisitRecords {

    private VisitRecords() {
    }

    /**
     * A walk-in visitor asks for a ticket. {@code priority} PRIORITY and {@code afterHours} are for the desk only (a
     * kiosk gets 403). {@code accessible}: the visitor needs an accessible room. {@code afterHours}: the desk issues
     * the ticket although the office is closed (a visitor already inside at closing time); without it a ticket outside
     * opening hours or on a closed day answers 409.
     */
    public record VisitRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String agency,
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String service,
            @Pattern(regexp = "^[a-z]{2,3}$", message = "must be an ISO 639 language code such as sv or ar") String language,
            Boolean interpreter,
            Priority priority,
            @Size(max = 200) String visitorName,
            Boolean accessible,
            Boolean afterHours,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Optional: a text message is sent "
                    + "when only a few visits are ahead, so the visitor may step out. Never shown on a kiosk or screen.")
            @Size(max = 40) @Pattern(regexp = "^(|\\+?[0-9(][0-9 ()-]{3,38}[0-9])$",
                    message = "must be a phone number of digits, spaces and hyphens, optionally starting with +") String phone) {
    }

    /**
     * What a waiting visit needs, set by the desk (the visitor asked for another language, an interpreter, or another
     * errand of the same agency). Replaces all three: {@code language} null for none, {@code interpreter} false when
     * absent.
     */
    public record NeedsRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String service,
            @Pattern(regexp = "^[a-z]{2,3}$", message = "must be an ISO 639 language code such as sv or ar") String language,
            Boolean interpreter) {
    }

    /**
     * Why nobody on duty can serve a waiting visit now: {@code code} is NO_OFFICER_ON_DUTY (no officer of the agency
     * is AVAILABLE, BUSY or on a shift), SERVICE_NOT_COVERED (none of them has the service) or LANGUAGE_NOT_COVERED
     * (none of those speaks the language, or the interpreter language when an interpreter is asked for); {@code
     * message} says it in plain words.
     */
    public record UnservableReason(String code, String message) {
    }

    /** Send a visit to another agency (or service): same ticket, same place in time. */
    public record TransferRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String agency,
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String service) {
    }

    /** A range of minutes until the visitor is likely called. */
    public record EstimatedWait(int minMinutes, int maxMinutes) {
    }

    public record RoomRef(UUID id, String name) {
    }

    public record OfficerRef(UUID id, String name) {
    }

    /** The booking a visit was checked in from. */
    public record BookingRef(UUID id, OffsetDateTime start, OffsetDateTime end, UUID officerId, UUID roomId) {
    }

    /** A visit as the desk of its office, the officer serving it and admins see it. */
    /**
     * A visit as the desk of its office, the officer serving it and admins see it. While it waits, {@code servable}
     * tells whether an officer on duty now could take it, and {@code unservableReason} why not; both are null
     * otherwise. {@code afterHours}: the desk issued it while the office was closed.
     */
    public record VisitView(UUID id, String ticket, String office, String agency, String service, VisitStatus status,
            Integer position, EstimatedWait estimatedWait, Priority priority, String language, boolean interpreter,
            String visitorName, OffsetDateTime waitingSince, OffsetDateTime calledAt, OffsetDateTime startedAt,
            OffsetDateTime endedAt, OfficerRef officer, RoomRef room, BookingRef booking, boolean accessible,
            boolean afterHours, Boolean servable, UnservableReason unservableReason) {

        /** The same visit, with whether anybody on duty could serve it (only while it waits). */
        VisitView withServability(UnservableReason reason) {
            if (status != VisitStatus.WAITING) {
                return this;
            }
            return new VisitView(id, ticket, office, agency, service, status, position, estimatedWait, priority,
                    language, interpreter, visitorName, waitingSince, calledAt, startedAt, endedAt, officer, room,
                    booking, accessible, afterHours, reason == null, reason);
        }

        /** {@code position} and {@code estimatedWait} only while the visit waits; times in the office's zone. */
        static VisitView from(Visit v, Integer position, EstimatedWait wait) {
            boolean waiting = v.status() == VisitStatus.WAITING;
            ZoneId zone = v.zone();
            return new VisitView(v.id(), v.ticket(), v.officeId(), v.agency(), v.service(), v.status(),
                    waiting ? position : null, waiting ? wait : null, v.priority(), v.language(), v.interpreter(),
                    v.visitorName(), at(v.queuedAt(), zone), at(v.calledAt(), zone), at(v.startedAt(), zone),
                    at(v.endedAt(), zone),
                    v.officerId() == null ? null : new OfficerRef(v.officerId(), v.officerName()),
                    v.roomId() == null ? null : new RoomRef(v.roomId(), v.roomName()),
                    v.bookingId() == null ? null
                            : new BookingRef(v.bookingId(), at(v.bookedStart(), zone), at(v.bookedEnd(), zone),
                                    v.bookedOfficerId(), v.bookedRoomId()),
                    v.accessible(), v.afterHours(), null, null);
        }
    }

    /**
     * A visit as a kiosk, a waiting-room screen and a room terminal see it: the ticket, never the visitor. It has no
     * field for a name or personal number, so none can leak.
     */
    public record TicketView(UUID id, String ticket, String office, String agency, String service, VisitStatus status,
            Integer position, EstimatedWait estimatedWait, OffsetDateTime waitingSince, RoomRef room, Boolean servable) {

        static TicketView from(VisitView v) {
            return new TicketView(v.id(), v.ticket(), v.office(), v.agency(), v.service(), v.status(), v.position(),
                    v.estimatedWait(), v.waitingSince(), v.room(), v.servable());
        }
    }

    /** What "next" hands the officer: the visit, the room it is called to, and the video session to join. */
    public record NextView(VisitView visit, RoomRef room, se.servicekontor.videomote.video.VideoSessionView video) {
    }

    /** One thing that happened to a visit. */
    public record HistoryEntry(OffsetDateTime at, String action, VisitStatus from, VisitStatus to, String agency,
            String service, String fromAgency, String fromService, UUID officerId, UUID roomId, String actor,
            String actorRole) {
    }

    // --- the queue of an office -------------------------------------------------------------------------------

    /**
     * Waiting count and estimated wait of a newcomer, for one agency at one office; {@code unservable}: how many of
     * those waiting nobody on duty can serve now (language, service, or nobody of the agency on duty).
     */
    public record AgencyQueue(String agency, int waiting, EstimatedWait estimatedWait, int unservable) {
    }

    /** The queue of an office, in the form the caller may see. */
    public sealed interface QueueView permits DeskQueue, DisplayQueue {
    }

    /** The queue as a kiosk or waiting-room screen shows it: tickets and rooms, no names. */
    public record DisplayQueue(String office, List<DisplayWaiting> waiting, List<DisplayHeld> called,
            List<DisplayHeld> inMeeting, List<AgencyQueue> agencies) implements QueueView {
    }

    public record DisplayWaiting(String ticket, String agency, int position, OffsetDateTime waitingSince) {
    }

    public record DisplayHeld(String ticket, String agency, RoomRef room) {
    }

    /** The queue as the front desk sees it, with visitor names. */
    public record DeskQueue(String office, List<DeskWaiting> waiting, List<DeskHeld> called, List<DeskHeld> inMeeting,
            List<AgencyQueue> agencies) implements QueueView {
    }

    /** {@code servable}: an officer on duty now could take it (see {@link UnservableReason} for why not). */
    public record DeskWaiting(UUID id, String ticket, String agency, String service, int position,
            OffsetDateTime waitingSince, Priority priority, String language, boolean interpreter, String visitorName,
            boolean booked, boolean accessible, boolean servable) {
    }

    public record DeskHeld(UUID id, String ticket, String agency, String service, RoomRef room, OfficerRef officer,
            String visitorName, OffsetDateTime calledAt, OffsetDateTime startedAt) {
    }

    // --- live event payloads -------------------------------------------------------------------------------------

    /** {@code queue.summary}: per agency at the office, how many wait and how long a newcomer would wait. */
    public record QueueSummary(String office, List<AgencyQueue> agencies) {
    }

    /** {@code queue.summary} of an agency across the country, for its officers: per service, and in all. */
    public record AgencyWaiting(String agency, int waiting, List<ServiceWaiting> services, int unservable) {
    }

    /** {@code unservable}: of those waiting for the service, how many nobody on duty can serve now. */
    public record ServiceWaiting(String service, int waiting, int unservable) {
    }

    /** A visit event for display, kiosk and room streams; {@code fromAgency} is set by a transfer. */
    public record TicketChanged(VisitStatus from, String fromAgency, TicketView visit) {
    }

    /** A visit event for the desk and officer streams; {@code fromAgency} is set by a transfer. */
    public record VisitChanged(VisitStatus from, String fromAgency, VisitView visit) {
    }

    static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
