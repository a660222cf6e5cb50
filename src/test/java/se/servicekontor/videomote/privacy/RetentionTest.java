package se.servicekontor.videomote.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.PERSON_A;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.PERSON_B;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.at;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.tomorrow;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.privacy.PrivacyFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.Tokens;

/**
 * The retention job erases exactly the personal data that is due (bookings and visits that ended more than
 * videomote.privacy.retention ago, default 30 days), once even when instances run it at the same time, and keeps
 * every row and transition that statistics read.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Retention retention;

    /** Moves a cancelled booking's slot and cancellation {@code days} (and a bit) into the past. */
    private static void endedDaysAgo(UUID booking, int days) {
        Sql.update("UPDATE booking SET starts_at = now() - make_interval(days => ?) - interval '2 hours', "
                + "ends_at = now() - make_interval(days => ?) - interval '90 minutes', "
                + "status_changed_at = now() - make_interval(days => ?) - interval '1 hour', "
                + "created_at = now() - make_interval(days => ?) - interval '3 hours' WHERE id = ?",
                days, days, days, days, booking);
    }

    private static void visitEndedDaysAgo(UUID visit, int days) {
        Sql.update("UPDATE visit SET queued_at = now() - make_interval(days => ?) - interval '2 hours', "
                + "rank_at = now() - make_interval(days => ?) - interval '2 hours', "
                + "ended_at = now() - make_interval(days => ?) - interval '1 hour', "
                + "updated_at = now() - make_interval(days => ?) - interval '1 hour' WHERE id = ?",
                days, days, days, days, visit);
    }

    private static void cancelBooking(World w, UUID booking) {
        given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + booking + "/cancel").then()
                .statusCode(200);
    }

    private static void cancelVisit(World w, UUID visit) {
        given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/visits/" + visit + "/cancel").then()
                .statusCode(200);
    }

    private static Map<String, Object> booking(UUID id) {
        return Sql.rows("SELECT * FROM booking WHERE id = ?", id).get(0);
    }

    private static Map<String, Object> visit(UUID id) {
        return Sql.rows("SELECT * FROM visit WHERE id = ?", id).get(0);
    }

    private static long erasures(UUID id) {
        return Sql.count("SELECT count(*) FROM audit_log WHERE resource_id = ? AND action = 'ERASE' "
                + "AND actor = 'system:retention' AND role = 'system'", id);
    }

    @Test
    void shouldEraseExactlyThePersonalDataThatIsDueOnceAndKeepWhatStatisticsRead() {
        LocalDate day = tomorrow();
        World w = PrivacyFixtures.world(3, 2, day);
        UUID due = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "09:00"), "Gammal Besökare",
                "070-000 00 01", "gammal@example.se", PERSON_A));
        UUID recent = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "10:00"), "Nyare Besökare",
                "070-000 00 02", "nyare@example.se", PERSON_B));
        UUID active = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "11:00"), "Kommande Besökare",
                null, "kommande@example.se", null));
        cancelBooking(w, due);
        cancelBooking(w, recent);
        endedDaysAgo(due, 31);
        endedDaysAgo(recent, 29);

        UUID oldVisit = PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Gammal Gäst");
        UUID newerVisit = PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Nyare Gäst");
        UUID waiting = PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Väntande Gäst");
        cancelVisit(w, oldVisit);
        cancelVisit(w, newerVisit);
        visitEndedDaysAgo(oldVisit, 31);
        visitEndedDaysAgo(newerVisit, 29);
        long transitions = Sql.count("SELECT count(*) FROM visit_transition WHERE office_id = ?", w.office());

        // Two instances at once: SKIP LOCKED hands each row to one of them.
        Uni.combine().all().unis(retention.run(), retention.run()).asTuple().await().atMost(Duration.ofSeconds(60));
        retention.run().await().atMost(Duration.ofSeconds(60));

        Map<String, Object> erased = booking(due);
        assertThat(erased.get("visitor_name")).isNull();
        assertThat(erased.get("visitor_phone")).isNull();
        assertThat(erased.get("visitor_email")).isNull();
        assertThat(erased.get("visitor_personal_number_enc")).isNull();
        assertThat(erased.get("visitor_personal_number_hmac")).isNull();
        assertThat(erased.get("personal_data_erased_at")).isNotNull();
        assertThat(erased.get("status")).isEqualTo("CANCELLED");
        assertThat(erasures(due)).isEqualTo(1);

        for (UUID kept : new UUID[] { recent, active }) {
            Map<String, Object> row = booking(kept);
            assertThat(row.get("visitor_name")).isNotNull();
            assertThat(row.get("visitor_email")).isNotNull();
            assertThat(row.get("personal_data_erased_at")).isNull();
            assertThat(erasures(kept)).isZero();
        }
        assertThat(booking(recent).get("visitor_personal_number_enc")).isNotNull();

        assertThat(visit(oldVisit).get("visitor_name")).isNull();
        assertThat(visit(oldVisit).get("personal_data_erased_at")).isNotNull();
        assertThat(visit(oldVisit).get("status")).isEqualTo("CANCELLED");
        assertThat(erasures(oldVisit)).isEqualTo(1);
        for (UUID kept : new UUID[] { newerVisit, waiting }) {
            assertThat(visit(kept).get("visitor_name")).isNotNull();
            assertThat(erasures(kept)).isZero();
        }
        assertThat(Sql.count("SELECT count(*) FROM visit_transition WHERE office_id = ?", w.office()))
                .isEqualTo(transitions);
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ?", w.office())).isEqualTo(3);
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", w.office())).isEqualTo(3);

        // Nothing is held any more for the erased booking's person; the other person's booking is still found.
        given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", PERSON_A).get("/api/v1/privacy/extract")
                .then().statusCode(200).body("bookings.findAll { it.id == '" + due + "' }", hasSize(0));
        given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", PERSON_B).get("/api/v1/privacy/extract")
                .then().statusCode(200).body("bookings.findAll { it.id == '" + recent + "' }", hasSize(1));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/audit/verify?office=" + w.office()).then().statusCode(200)
                .body("valid", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void shouldPurgeLiveEventsHoldingNamesOnceTheyAreOlderThanTheRetention() {
        String stream = "desk:privacy-test-" + UUID.randomUUID();
        Sql.update("INSERT INTO live_stream (stream, last_seq) VALUES (?, 2)", stream);
        Sql.update("INSERT INTO live_event (stream, seq, type, at, data) VALUES (?, 1, 'visit.created', "
                + "now() - interval '31 days', '{\"visit\": {\"visitorName\": \"Gammal Gäst\"}}'::jsonb)", stream);
        Sql.update("INSERT INTO live_event (stream, seq, type, at, data) VALUES (?, 2, 'visit.created', "
                + "now() - interval '1 hour', '{\"visit\": {\"visitorName\": \"Ny Gäst\"}}'::jsonb)", stream);

        // Since V17 an office's desk events are mostly messages of its live_entry rows: those are purged alike.
        String office = "privacy-test-" + UUID.randomUUID();
        Sql.update("INSERT INTO live_stream (stream, last_seq) VALUES (?, 2)", "desk:" + office);
        for (int seq = 1; seq <= 2; seq++) {
            Sql.update("INSERT INTO live_entry (office_id, at, messages, desk_to) VALUES (?, now() - ?::interval, "
                    + "jsonb_build_array(jsonb_build_object('s', ?::text, 'q', ?::int, 't', 'visit.created', 'd', "
                    + "'{\"visit\": {\"visitorName\": \"Gäst\"}}'::jsonb)), ?)", office,
                    seq == 1 ? "31 days" : "1 hour", "desk:" + office, seq, seq);
        }

        retention.run().await().atMost(Duration.ofSeconds(60));

        assertThat(Sql.rows("SELECT seq FROM live_event WHERE stream = ? ORDER BY seq", stream))
                .extracting(r -> ((Number) r.get("seq")).longValue()).containsExactly(2L);
        assertThat(Sql.rows("SELECT seq FROM live_message WHERE stream = ? ORDER BY seq", "desk:" + office))
                .extracting(r -> ((Number) r.get("seq")).longValue()).containsExactly(2L);
    }
}
