package se.servicekontor.videomote.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.PERSON_A;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.at;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.audits;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.tomorrow;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.privacy.PrivacyFixtures.World;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Every REST answer and live snapshot that shows a visitor's name, phone, e-mail or personal number, and every change
 * of them, writes one access-log row; refused requests and answers without personal data write none.
 */
@QuarkusTest
class AuditTrailTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** One path that shows or changes personal data, and the row it must write. */
    private record Path(String name, String action, String actor, Supplier<UUID> call) {
    }

    @Test
    void shouldWriteOneAuditRowForEveryPathThatShowsOrChangesPersonalData() {
        LocalDate day = tomorrow();
        var other = TestData.agency();
        World w = PrivacyFixtures.world(3, 2, day, other.code());
        String desk = Tokens.desk(w.office());
        String deskActor = "desk-" + w.office();
        UUID officer = w.officers().get(0);
        String officerToken = Tokens.officer(officer, w.agencyCode());
        PrivacyFixtures.available(officer, w.agencyCode());
        Map<String, UUID> ids = new LinkedHashMap<>();
        String[] reference = new String[1];

        List<Path> paths = new ArrayList<>(List.of(
                new Path("POST /bookings", "CREATE", deskActor, () -> {
                    var body = PrivacyFixtures.booking(w, at(day, "10:00"), "Greta Garbo", "070-111 22 33",
                            "greta@example.se", PERSON_A);
                    var answer = given().auth().oauth2(desk).contentType(ContentType.JSON).body(body)
                            .post("/api/v1/bookings").then().statusCode(201).extract();
                    reference[0] = answer.path("reference");
                    ids.put("booking", UUID.fromString(answer.path("id")));
                    return ids.get("booking");
                }),
                new Path("GET /bookings/{id}", "READ", "test-admin", () -> {
                    given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings/" + ids.get("booking")).then()
                            .statusCode(200).body("visitor.personalNumber", equalTo(PERSON_A));
                    return ids.get("booking");
                }),
                new Path("GET /bookings?reference=", "READ", deskActor, () -> {
                    given().auth().oauth2(desk).queryParam("reference", reference[0]).get("/api/v1/bookings").then()
                            .statusCode(200).body("", hasSize(1));
                    return ids.get("booking");
                }),
                new Path("GET /bookings?office=&date=", "READ", officer.toString(), () -> {
                    given().auth().oauth2(officerToken).queryParam("office", w.office())
                            .queryParam("date", day.toString()).get("/api/v1/bookings").then().statusCode(200)
                            .body("visitor.name", hasItem("Greta Garbo"));
                    return ids.get("booking");
                }),
                new Path("POST /bookings/{id}/reschedule", "UPDATE", deskActor, () -> {
                    given().auth().oauth2(desk).contentType(ContentType.JSON)
                            .body(Map.of("start", at(day, "11:00").toString()))
                            .post("/api/v1/bookings/" + ids.get("booking") + "/reschedule").then().statusCode(200);
                    return ids.get("booking");
                }),
                new Path("POST /bookings/{id}/check-in (the booking)", "UPDATE", deskActor, () -> {
                    clock.pin(at(day, "10:50").toInstant());
                    UUID visit = UUID.fromString(given().auth().oauth2(desk)
                            .post("/api/v1/bookings/" + ids.get("booking") + "/check-in").then().statusCode(200)
                            .extract().path("visit.id"));
                    clock.reset();
                    assertThat(audits(visit, "CREATE", deskActor)).as("check-in creates its visit's row").isEqualTo(1);
                    return ids.get("booking");
                }),
                new Path("POST /bookings/{id}/cancel", "UPDATE", deskActor, () -> {
                    UUID second = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "14:00"), "Sven Svensson",
                            null, "sven@example.se", null));
                    given().auth().oauth2(desk).post("/api/v1/bookings/" + second + "/cancel").then().statusCode(200);
                    return second;
                }),
                new Path("POST /offices/{id}/visits", "CREATE", deskActor, () -> {
                    ids.put("walk-in", PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Karin Larsson"));
                    return ids.get("walk-in");
                }),
                new Path("GET /visits/{id}", "READ", deskActor, () -> {
                    given().auth().oauth2(desk).get("/api/v1/visits/" + ids.get("walk-in")).then().statusCode(200)
                            .body("visitorName", equalTo("Karin Larsson"));
                    return ids.get("walk-in");
                }),
                new Path("GET /offices/{id}/queue (desk)", "READ", deskActor, () -> {
                    given().auth().oauth2(desk).get("/api/v1/offices/" + w.office() + "/queue").then()
                            .statusCode(200).body("waiting.visitorName", hasItem("Karin Larsson"));
                    return ids.get("walk-in");
                }),
                new Path("WS /offices/{id}/desk (snapshot with names)", "READ", deskActor, () -> {
                    try (LiveClient live = LiveClient.connect("/ws/v1/offices/" + w.office() + "/desk", desk)) {
                        assertThat(live.next().encode()).contains("Karin Larsson");
                    }
                    return ids.get("walk-in");
                }),
                new Path("POST /officers/{id}/next", "UPDATE", officer.toString(), () -> {
                    UUID called = UUID.fromString(given().auth().oauth2(officerToken)
                            .post("/api/v1/officers/" + officer + "/next").then().statusCode(200)
                            .body("visit.visitorName", equalTo("Karin Larsson")).extract().path("visit.id"));
                    assertThat(called).isEqualTo(ids.get("walk-in"));
                    return called;
                }),
                new Path("POST /visits/{id}/requeue", "UPDATE", deskActor, () -> {
                    given().auth().oauth2(desk).post("/api/v1/visits/" + ids.get("walk-in") + "/requeue").then()
                            .statusCode(200);
                    return ids.get("walk-in");
                }),
                new Path("POST /visits/{id}/transfer", "UPDATE", deskActor, () -> {
                    given().auth().oauth2(desk).contentType(ContentType.JSON)
                            .body(Map.of("agency", other.code(), "service", "svc-a"))
                            .post("/api/v1/visits/" + ids.get("walk-in") + "/transfer").then().statusCode(200);
                    return ids.get("walk-in");
                }),
                new Path("POST /visits/{id}/cancel", "UPDATE", deskActor, () -> {
                    given().auth().oauth2(desk).post("/api/v1/visits/" + ids.get("walk-in") + "/cancel").then()
                            .statusCode(200);
                    return ids.get("walk-in");
                }),
                new Path("POST /offices/{id}/visits (second)", "CREATE", deskActor, () -> {
                    ids.put("served", PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Nils Holgersson"));
                    return ids.get("served");
                }),
                new Path("POST /officers/{id}/next (second)", "UPDATE", officer.toString(), () -> {
                    given().auth().oauth2(officerToken).post("/api/v1/officers/" + officer + "/next").then()
                            .statusCode(200).body("visit.id", equalTo(ids.get("served").toString()));
                    return ids.get("served");
                }),
                new Path("WS /officers/{id} (snapshot with the served visitor)", "READ", officer.toString(), () -> {
                    try (LiveClient live = LiveClient.connect("/ws/v1/officers/" + officer, officerToken)) {
                        assertThat(live.next().encode()).contains("Nils Holgersson");
                    }
                    return ids.get("served");
                }),
                new Path("POST /visits/{id}/start", "UPDATE", officer.toString(), () -> {
                    given().auth().oauth2(officerToken).post("/api/v1/visits/" + ids.get("served") + "/start").then()
                            .statusCode(200);
                    return ids.get("served");
                }),
                new Path("POST /visits/{id}/complete", "UPDATE", officer.toString(), () -> {
                    given().auth().oauth2(officerToken).post("/api/v1/visits/" + ids.get("served") + "/complete")
                            .then().statusCode(200);
                    return ids.get("served");
                }),
                new Path("POST /officers/{id}/next (third)", "UPDATE", officer.toString(), () -> {
                    ids.put("gone", PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Pippi Långstrump"));
                    given().auth().oauth2(officerToken).post("/api/v1/officers/" + officer + "/next").then()
                            .statusCode(200).body("visit.id", equalTo(ids.get("gone").toString()));
                    return ids.get("gone");
                }),
                new Path("POST /visits/{id}/no-show", "UPDATE", officer.toString(), () -> {
                    given().auth().oauth2(officerToken).post("/api/v1/visits/" + ids.get("gone") + "/no-show").then()
                            .statusCode(200);
                    return ids.get("gone");
                }),
                new Path("GET /privacy/extract", "READ", "test-admin", () -> {
                    given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", PERSON_A)
                            .get("/api/v1/privacy/extract").then().statusCode(200)
                            .body("bookings.findAll { it.office == '" + w.office() + "' }", hasSize(1));
                    return ids.get("booking");
                })));

        for (Path path : paths) {
            Map<UUID, Long> before = new LinkedHashMap<>();
            for (UUID id : ids.values()) {
                before.put(id, audits(id, path.action(), path.actor()));
            }
            UUID resource = path.call().get();
            long expected = before.getOrDefault(resource, 0L) + 1;
            assertThat(audits(resource, path.action(), path.actor()))
                    .as("%s writes one %s row by %s", path.name(), path.action(), path.actor()).isEqualTo(expected);
        }
    }

    @Test
    void shouldWriteNoAuditRowWhenAChangeIsRefused() {
        LocalDate day = tomorrow();
        World w = PrivacyFixtures.world(1, 1, day);
        UUID booking = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "09:00"), "Astrid Lindgren", null,
                null, null));
        given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + booking + "/cancel").then()
                .statusCode(200);
        long rows = audits(booking);

        given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + booking + "/cancel").then()
                .statusCode(409);
        given().auth().oauth2(Tokens.desk("some-other-office")).get("/api/v1/bookings/" + booking).then()
                .statusCode(404);

        assertThat(audits(booking)).isEqualTo(rows);
    }

    @Test
    void shouldNotAuditTheKioskQueueWhichShowsNoNames() {
        World w = PrivacyFixtures.world(1, 0, tomorrow());
        UUID visit = PrivacyFixtures.walkIn(w.office(), w.agencyCode(), "Emil i Lönneberga");
        long rows = audits(visit);

        given().auth().oauth2(Tokens.kiosk(w.office())).get("/api/v1/offices/" + w.office() + "/queue").then()
                .statusCode(200).body("waiting", hasSize(1));

        assertThat(audits(visit)).isEqualTo(rows);
    }
}
