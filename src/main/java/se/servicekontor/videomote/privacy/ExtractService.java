package se.servicekontor.videomote.privacy;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import se.servicekontor.videomote.bookings.PersonalNumber;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;
import se.servicekontor.videomote.privacy.AuditRecords.Extract;
import se.servicekontor.videomote.privacy.AuditRecords.ExtractBooking;
import se.servicekontor.videomote.privacy.AuditRecords.ExtractVisit;
import se.servicekontor.videomote.security.Caller;

/**
 * Register extracts (GDPR art. 15): every booking held for a personal number, found by its keyed hash, and the visits
 * of those bookings. Walk-in visits carry no personal number and so cannot be attributed to a person. The extract is
 * itself recorded in the access log, in the same transaction: a READ per booking and visit shown, and a READ of the
 * PERSON (a pseudonymous id derived from the keyed hash, never the number).
 */
@ApplicationScoped
class ExtractService {

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    private final Db db;
    private final PrivacyQueries queries;
    private final PersonalNumbers numbers;
    private final Audit audit;
    private final Clock clock;

    ExtractService(Db db, PrivacyQueries queries, PersonalNumbers numbers, Audit audit, Clock clock) {
        this.db = db;
        this.queries = queries;
        this.numbers = numbers;
        this.audit = audit;
        this.clock = clock;
    }

    Uni<Extract> extract(Caller caller, String personalNumber) {
        String normalised;
        try {
            normalised = PersonalNumber.normalise(personalNumber, LocalDate.now(clock.withZone(SWEDEN)));
        } catch (PersonalNumber.Invalid e) {
            return Uni.createFrom().failure(ApiException.invalid("personalNumber", e.getMessage()));
        }
        byte[] hash = numbers.lookupHash(normalised);
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.personBookings(tx.connection(), numbers.lookupHashes(normalised))
                .chain(bookingRows -> {
            List<ExtractBooking> bookings = new ArrayList<>();
            List<Audit.Entry> entries = new ArrayList<>();
            entries.add(Audit.entry(caller, Action.READ, Resource.PERSON, pseudonym(hash), Audit.NO_OFFICE));
            for (Row r : bookingRows) {
                bookings.add(booking(r));
                entries.add(Audit.entry(caller, Action.READ, Resource.BOOKING, r.getUUID("id"), r.getString("office_id")));
            }
            UUID[] ids = bookings.stream().map(ExtractBooking::id).toArray(UUID[]::new);
            return queries.personVisits(tx.connection(), ids).chain(visitRows -> {
                List<ExtractVisit> visits = new ArrayList<>();
                for (Row r : visitRows) {
                    visits.add(visit(r));
                    entries.add(Audit.entry(caller, Action.READ, Resource.VISIT, r.getUUID("id"), r.getString("office_id")));
                }
                return audit.record(tx, entries)
                        .map(x -> new Extract(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), bookings, visits));
            });
        })).invoke(x -> Log.infof("Register extract by %s: %d booking(s), %d visit(s)", caller.key(),
                x.bookings().size(), x.visits().size()));
    }

    /** A stable id for the person in the access log that cannot be turned back into the personal number. */
    static UUID pseudonym(byte[] lookupHash) {
        ByteBuffer b = ByteBuffer.wrap(lookupHash);
        return new UUID(b.getLong(), b.getLong());
    }

    private ExtractBooking booking(Row r) {
        ZoneId zone = ZoneId.of(r.getString("time_zone"));
        UUID id = r.getUUID("id");
        return new ExtractBooking(id, r.getString("reference"), r.getString("office_id"), r.getString("agency_code"),
                r.getString("service_code"), at(r, "starts_at", zone), at(r, "ends_at", zone), r.getString("status"),
                r.getString("visitor_name"), r.getString("visitor_phone"), r.getString("visitor_email"),
                numbers.decrypt(id, r.getString("visitor_personal_number_enc")), at(r, "created_at", zone));
    }

    private static ExtractVisit visit(Row r) {
        ZoneId zone = ZoneId.of(r.getString("time_zone"));
        return new ExtractVisit(r.getUUID("id"), r.getString("ticket"), r.getString("office_id"),
                r.getString("agency_code"), r.getString("service_code"), r.getString("status"),
                r.getString("visitor_name"), r.getUUID("booking_id"), at(r, "queued_at", zone),
                at(r, "ended_at", zone));
    }

    private static OffsetDateTime at(Row r, String column, ZoneId zone) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null ? null : value.atZoneSameInstant(zone).toOffsetDateTime();
    }
}
