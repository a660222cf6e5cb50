package se.servicekontor.videomote.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.at;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.tomorrow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.privacy.PrivacyFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.Tokens;

/** The access log for admins, and its per-office hash chains: gapless under concurrency, and tampering is found. */
@QuarkusTest
class AuditChainTest {

    private static UUID booking(World w, String time, String name) {
        return PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(tomorrow(), time), name, null, null, null));
    }

    private static void read(UUID booking) {
        given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings/" + booking).then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse verify(String office) {
        return given().auth().oauth2(Tokens.admin()).queryParam("office", office).get("/api/v1/audit/verify").then()
                .statusCode(200);
    }

    /** Runs {@code sql} on one connection that bypasses the append-only trigger, as a database owner could. */
    private static void behindTheServicesBack(String sql, Object... params) throws Exception {
        try (Connection c = Sql.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                s.executeUpdate();
            }
        }
    }

    @Test
    void shouldListWhoReadABookingFilteredByResourceAndActorWithPaging() {
        World w = PrivacyFixtures.world(1, 1, tomorrow());
        UUID booking = booking(w, "09:00", "Selma Lagerlöf");
        read(booking);
        read(booking);
        read(booking);

        given().auth().oauth2(Tokens.admin()).queryParam("resourceId", booking.toString())
                .queryParam("actor", "test-admin").get("/api/v1/audit").then().statusCode(200)
                .body("", hasSize(3)).body("action", everyItem(equalTo("READ")))
                .body("resource", everyItem(equalTo("BOOKING"))).body("role", everyItem(equalTo("admin")))
                .body("office", everyItem(equalTo(w.office())))
                .body("resourceId", everyItem(equalTo(booking.toString())));
        given().auth().oauth2(Tokens.admin()).queryParam("resourceId", booking.toString()).get("/api/v1/audit").then()
                .statusCode(200).body("action", hasItems("CREATE", "READ")).body("", hasSize(4));
        given().auth().oauth2(Tokens.admin()).queryParam("resourceId", booking.toString()).queryParam("limit", 3)
                .queryParam("offset", 2).get("/api/v1/audit").then().statusCode(200).body("", hasSize(2));
        given().auth().oauth2(Tokens.admin()).queryParam("resourceId", booking.toString())
                .queryParam("to", "2001-01-01T00:00:00Z").get("/api/v1/audit").then().statusCode(200)
                .body("", hasSize(0));
    }

    @Test
    void shouldAnswer400ForInvalidAuditQueriesAndRefuseNonAdmins() {
        given().auth().oauth2(Tokens.admin()).queryParam("from", "yesterday").queryParam("resourceId", "nope")
                .queryParam("limit", 0).queryParam("offset", -1).get("/api/v1/audit").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("from", "resourceId", "limit", "offset"));
        given().auth().oauth2(Tokens.admin()).queryParam("from", "2026-12-02T00:00:00Z")
                .queryParam("to", "2026-12-01T00:00:00Z").get("/api/v1/audit").then().statusCode(400)
                .body("errors.field", hasItems("from"));
        given().auth().oauth2(Tokens.admin()).queryParam("office", "NOT AN OFFICE").get("/api/v1/audit/verify").then()
                .statusCode(400);
        given().auth().oauth2(Tokens.desk("any-office")).get("/api/v1/audit").then().statusCode(403);
        given().get("/api/v1/audit/verify").then().statusCode(401);
    }

    @Test
    void shouldRefuseToChangeOrDeleteAccessLogRowsThroughOrdinarySql() {
        World w = PrivacyFixtures.world(1, 1, tomorrow());
        booking(w, "09:00", "Alfred Nobel");
        assertThatThrownBy(() -> Sql.update("UPDATE audit_log SET actor = 'nobody' WHERE chain = ?", w.office()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> Sql.update("DELETE FROM audit_log WHERE chain = ?", w.office()))
                .hasMessageContaining("append-only");
    }

    @Test
    void shouldFindAChangedRowAndACutOffEndOfAnOfficesChain() throws Exception {
        World w = PrivacyFixtures.world(1, 1, tomorrow());
        UUID booking = booking(w, "09:00", "Hjalmar Söderberg"); // seq 1: CREATE
        read(booking); // 2
        read(booking); // 3
        read(booking); // 4
        verify(w.office()).body("valid", equalTo(true)).body("chains", equalTo(1)).body("entries", equalTo(4));

        behindTheServicesBack("UPDATE audit_log SET actor = 'someone-else' WHERE chain = ? AND seq = 2", w.office());
        verify(w.office()).body("valid", equalTo(false)).body("broken[0].office", equalTo(w.office()))
                .body("broken[0].seq", equalTo(2));
        behindTheServicesBack("UPDATE audit_log SET actor = 'test-admin' WHERE chain = ? AND seq = 2", w.office());
        verify(w.office()).body("valid", equalTo(true));

        Map<String, Object> last = Sql.rows("SELECT * FROM audit_log WHERE chain = ? AND seq = 4", w.office()).get(0);
        behindTheServicesBack("DELETE FROM audit_log WHERE chain = ? AND seq = 4", w.office());
        verify(w.office()).body("valid", equalTo(false)).body("broken[0].seq", equalTo(3));

        behindTheServicesBack("INSERT INTO audit_log (chain, seq, at, actor, role, action, resource, resource_id, "
                + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", last.get("chain"), last.get("seq"),
                last.get("at"), last.get("actor"), last.get("role"), last.get("action"), last.get("resource"),
                last.get("resource_id"), last.get("prev_hash"), last.get("hash"));
        verify(w.office()).body("valid", equalTo(true));

        behindTheServicesBack("UPDATE audit_log SET resource = 'VISIT' WHERE chain = ? AND seq = 1", w.office());
        verify(w.office()).body("valid", equalTo(false)).body("broken[0].seq", equalTo(1));
        behindTheServicesBack("UPDATE audit_log SET resource = 'BOOKING' WHERE chain = ? AND seq = 1", w.office());
        verify(w.office()).body("valid", equalTo(true));
    }

    @Test
    void shouldKeepEachOfficesChainGaplessWhenManyWriteAtOnce() throws Exception {
        LocalDate day = tomorrow();
        World a = PrivacyFixtures.world(1, 1, day);
        World b = PrivacyFixtures.world(1, 1, day);
        UUID bookingA = booking(a, "09:00", "Ebba Grön");
        UUID bookingB = booking(b, "09:00", "Ture Sventon");
        int reads = 40;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < reads; i++) {
                UUID target = i % 2 == 0 ? bookingA : bookingB;
                done.add(pool.submit((Callable<Void>) () -> {
                    read(target);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (World w : List.of(a, b)) {
            List<Map<String, Object>> rows = Sql.rows("SELECT seq FROM audit_log WHERE chain = ? ORDER BY seq",
                    w.office());
            assertThat(rows).hasSize(1 + reads / 2);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(((Number) rows.get(i).get("seq")).longValue()).isEqualTo(i + 1);
            }
            assertThat(Sql.count("SELECT last_seq FROM audit_chain WHERE chain = ?", w.office()))
                    .isEqualTo(1 + reads / 2);
            verify(w.office()).body("valid", equalTo(true)).body("entries", equalTo(1 + reads / 2));
        }
    }
}
