package se.servicekontor.videomote.bookings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static se.servicekontor.videomote.bookings.BookingFixtures.LONG;
import static se.servicekontor.videomote.bookings.BookingFixtures.SHORT;
import static se.servicekontor.videomote.bookings.BookingFixtures.at;
import static se.servicekontor.videomote.bookings.BookingFixtures.book;
import static se.servicekontor.videomote.bookings.BookingFixtures.booked;
import static se.servicekontor.videomote.bookings.BookingFixtures.bookings;
import static se.servicekontor.videomote.bookings.BookingFixtures.iso;
import static se.servicekontor.videomote.bookings.BookingFixtures.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.bookings.BookingFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class BookingResourceTest {

    private static final String VALID_PERSONNUMMER = "811218-9876";

    @Inject
    TestClock clock;

    @Inject
    BookingService service;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<String, Object> withVisitor(Map<String, Object> body, Map<String, Object> visitor) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put("visitor", visitor);
        return copy;
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    // --- booking ------------------------------------------------------------------------------------------------

    @Test
    void shouldBookARoomAndAnOfficerAndAnswerWithAReadableReference() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        OffsetDateTime start = at(day, "10:00");
        var body = withVisitor(with(w.request(LONG, start), "language", "sv"),
                Map.of("name", "Anna Andersson", "phone", "070-123 45 67", "email", "anna@example.se",
                        "personalNumber", VALID_PERSONNUMMER));
        String id = book(Tokens.desk(w.office()), with(body, "interpreter", true)).then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", containsString("/api/v1/bookings/"))
                .body("reference", matchesPattern("[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}"))
                .body("office", equalTo(w.office())).body("agency", equalTo(w.agencyCode()))
                .body("service", equalTo(LONG)).body("status", equalTo("BOOKED"))
                .body("start", equalTo(iso(day, "10:00"))).body("end", equalTo(iso(day, "11:00")))
                .body("room.id", equalTo(w.rooms().get(0).toString())).body("room.name", equalTo("Rum 1"))
                .body("officer.id", equalTo(w.officers().get(0).toString())).body("officer.name", notNullValue())
                .body("language", equalTo("sv")).body("interpreter", is(true)).body("accessibleRoom", is(false))
                .body("visitor.name", equalTo("Anna Andersson"))
                .body("visitor.personalNumber", equalTo("19811218-****"))
                .extract().path("id");
        var row = Sql.rows("SELECT room_id, officer_id, status, visitor_personal_number, visitor_personal_number_enc, "
                + "starts_at, ends_at FROM booking WHERE id = ?", UUID.fromString(id)).get(0);
        assertThat(row.get("room_id")).isEqualTo(w.rooms().get(0));
        assertThat(row.get("officer_id")).isEqualTo(w.officers().get(0));
        // Stored encrypted only (see privacy/PersonalNumberEncryptionTest); the full number comes back by id.
        assertThat(row.get("visitor_personal_number")).isNull();
        assertThat((String) row.get("visitor_personal_number_enc")).doesNotContain("19811218").doesNotContain("9876");
        given().auth().oauth2(Tokens.desk(w.office())).get("/api/v1/bookings/" + id).then().statusCode(200)
                .body("visitor.personalNumber", equalTo("19811218-9876"));
        assertThat(bookings(w.office())).isEqualTo(1);
    }

    @Test
    void shouldRaiseEventsForDeskAndOfficerWithoutPersonalDataAndNeverForTheDisplay() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        UUID id = booked(withVisitor(w.request(SHORT, at(day, "09:00")), Map.of("name", "Bo Berg",
                "phone", "0701234567", "email", "bo@example.se", "personalNumber", VALID_PERSONNUMMER)));
        given().auth().oauth2(Tokens.admin()).post("/api/v1/bookings/" + id + "/cancel").then().statusCode(200);
        List<Map<String, Object>> events = Sql.rows(
                "SELECT stream, type, data::text AS data FROM live_message WHERE data->>'bookingId' = ? ORDER BY type, stream",
                id.toString());
        assertThat(events).extracting(e -> e.get("type") + " " + e.get("stream")).containsExactlyInAnyOrder(
                "booking.created desk:" + w.office(), "booking.created officer:" + w.officers().get(0),
                "booking.cancelled desk:" + w.office(), "booking.cancelled officer:" + w.officers().get(0));
        for (var e : events) {
            assertThat((String) e.get("data")).contains("Bo Berg").doesNotContain("811218-9876")
                    .doesNotContain("19811218").doesNotContain("0701234567").doesNotContain("bo@example.se");
        }
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE stream = ?", "display:" + w.office())).isZero();
    }

    @Test
    void shouldShowTheFullPersonalNumberOnlyWhenReadingOneBooking() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        String reference = book(Tokens.admin(), withVisitor(w.request(SHORT, at(day, "09:00")),
                Map.of("name", "Cia", "personalNumber", "198112189876"))).then().statusCode(201)
                .body("visitor.personalNumber", equalTo("19811218-****")).extract().path("reference");
        String id = given().auth().oauth2(Tokens.desk(w.office())).queryParam("reference", reference)
                .get("/api/v1/bookings").then().statusCode(200).body("", hasSize(1))
                .body("[0].visitor.personalNumber", equalTo("19811218-****")).extract().path("[0].id");
        given().auth().oauth2(Tokens.desk(w.office())).queryParam("office", w.office()).queryParam("date", day.toString())
                .get("/api/v1/bookings").then().statusCode(200)
                .body("visitor.personalNumber", equalTo(List.of("19811218-****")));
        given().auth().oauth2(Tokens.desk(w.office())).get("/api/v1/bookings/" + id).then().statusCode(200)
                .body("visitor.personalNumber", equalTo("19811218-9876"));
    }

    @Test
    void shouldRejectAWrongPersonalNumberWithoutRepeatingItAndBookNothing() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        for (String wrong : List.of("811218-9877", "811232-9876", "81121-89876", "20991218-9876", "19811218+9876")) {
            String answer = book(Tokens.admin(), withVisitor(w.request(SHORT, at(day, "09:00")),
                    Map.of("name", "Dan", "personalNumber", wrong))).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("visitor.personalNumber"))).extract().asString();
            assertThat(answer).as(wrong).doesNotContain(wrong).doesNotContain("9876").doesNotContain("9877");
        }
        book(Tokens.admin(), withVisitor(w.request(SHORT, at(day, "09:00")),
                Map.of("name", "Eva", "personalNumber", "701063-2391"))).then().statusCode(201)
                .body("visitor.personalNumber", equalTo("19701063-****"));
        assertThat(bookings(w.office())).isEqualTo(1);
    }

    @Test
    void shouldExplainMissingAndMalformedFieldsAndBookNothing() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        book(Tokens.admin(), Map.of()).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("office", "agency", "service", "start", "visitor"));
        book(Tokens.admin(), withVisitor(with(w.request(SHORT, at(day, "09:00")), "language", "Swedish"),
                Map.of("name", " ", "email", "not-an-email", "phone", "call me")))
                .then().statusCode(400)
                .body("errors.field", hasItems("language", "visitor.name", "visitor.email", "visitor.phone"));
        book(Tokens.admin(), with(w.request(SHORT, at(day, "09:00")), "start", day + "T09:00:00"))
                .then().statusCode(400).body("errors[0].field", equalTo("start"));
        book(Tokens.admin(), with(w.request(SHORT, at(day, "09:00")), "interpreter", "perhaps"))
                .then().statusCode(400).body("errors[0].field", equalTo("interpreter"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"office\": ")
                .post("/api/v1/bookings").then().statusCode(400).contentType("application/problem+json")
                .body("toString()", not(containsString("Exception")));
        assertThat(bookings(w.office())).isZero();
    }

    @Test
    void shouldAnswerBadRequestForUnknownAgencyServiceOrOfficeAndBookNothing() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        var ok = w.request(SHORT, at(day, "09:00"));
        book(Tokens.admin(), with(ok, "agency", "no-such-agency")).then().statusCode(400)
                .body("errors.field", hasItem("agency"));
        book(Tokens.admin(), with(ok, "service", "no-such-service")).then().statusCode(400)
                .body("errors.field", equalTo(List.of("service")));
        book(Tokens.admin(), with(ok, "office", "no-such-office")).then().statusCode(400)
                .body("errors.field", equalTo(List.of("office")));
        String foreign = BookingFixtures.office("FIXED", TestData.agency().code());
        TestData.room(foreign, "Rum");
        book(Tokens.admin(), with(ok, "office", foreign)).then().statusCode(400)
                .body("errors[0].message", equalTo("does not offer this agency"));
        assertThat(bookings(w.office()) + bookings(foreign)).isZero();
    }

    @Test
    void shouldRefuseStartsOffTheGridOutsideOpeningHoursOnClosureDaysAndInThePast() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day, day.plusDays(1));
        book(Tokens.admin(), w.request(SHORT, at(day, "09:10"))).then().statusCode(400)
                .body("errors[0].field", equalTo("start"));
        book(Tokens.admin(), w.request(LONG, at(day, "09:30"))).then().statusCode(400);
        book(Tokens.admin(), w.request(SHORT, at(day, "18:00"))).then().statusCode(409)
                .contentType("application/problem+json");
        book(Tokens.admin(), w.request(LONG, at(day, "16:30"))).then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day.plusDays(1).toString(), "reason", "Flytt"))
                .post("/api/v1/offices/" + w.office() + "/closures").then().statusCode(201);
        book(Tokens.admin(), w.request(SHORT, at(day.plusDays(1), "09:00"))).then().statusCode(409);
        book(Tokens.admin(), w.request(SHORT, at(day.minusDays(2), "09:00"))).then().statusCode(400)
                .body("errors[0].field", equalTo("start")).body("errors[0].message", equalTo("must be in the future"));
        book(Tokens.admin(), w.request(SHORT, at(day.plusDays(400), "09:00"))).then().statusCode(400)
                .body("errors[0].field", equalTo("start"));
        assertThat(bookings(w.office())).isZero();
    }

    @Test
    void shouldAnswerConflictWhenNoRoomOrOfficerIsFreeAndNeverBookTwice() {
        LocalDate day = BookingFixtures.tomorrow();
        World oneRoom = BookingFixtures.world(1, 2, day);
        booked(oneRoom.request(LONG, at(day, "09:00")));
        book(Tokens.admin(), oneRoom.request(SHORT, at(day, "09:30"))).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("room"));
        assertThat(bookings(oneRoom.office())).isEqualTo(1);

        World oneOfficer = BookingFixtures.world(2, 1, day);
        booked(oneOfficer.request(SHORT, at(day, "09:30")));
        book(Tokens.admin(), oneOfficer.request(LONG, at(day, "09:00"))).then().statusCode(409)
                .body("detail", containsString("officer"));
        assertThat(bookings(oneOfficer.office())).isEqualTo(1);
    }

    @Test
    void shouldNeedAnOfficerOnShiftWhoSpeaksTheLanguage() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 0);
        UUID officer = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        BookingFixtures.shift(officer, at(day, "08:00"), at(day, "12:00"));
        book(Tokens.admin(), with(w.request(SHORT, at(day, "09:00")), "language", "en")).then().statusCode(409);
        book(Tokens.admin(), w.request(SHORT, at(day, "13:00"))).then().statusCode(409);
        book(Tokens.admin(), w.request(LONG, at(day, "09:00"))).then().statusCode(409); // not the officer's service
        book(Tokens.admin(), w.request(SHORT, at(day, "11:30"))).then().statusCode(201)
                .body("officer.id", equalTo(officer.toString()));
        assertThat(bookings(w.office())).isEqualTo(1);
    }

    @Test
    void shouldGiveTheBookingToTheLeastBookedOfficerOfTheDay() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(3, 0);
        UUID early = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        UUID late = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        BookingFixtures.shift(early, at(day, "08:00"), at(day, "17:00"));
        BookingFixtures.shift(late, at(day, "10:00"), at(day, "17:00"));
        booked(w.request(SHORT, at(day, "08:00")));
        booked(w.request(SHORT, at(day, "09:00")));
        for (String time : List.of("13:00", "14:00")) {
            book(Tokens.admin(), w.request(SHORT, at(day, time))).then().statusCode(201)
                    .body("officer.id", equalTo(late.toString()));
        }
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE officer_id = ?", early)).isEqualTo(2);
    }

    @Test
    void shouldPickAnAccessibleRoomOnlyWhenAskedAndKeepItFreeOtherwise() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(0, 3, day);
        UUID plain = BookingFixtures.room(w.office(), "Vanligt rum", false);
        UUID accessible = BookingFixtures.room(w.office(), "Tillgängligt rum", true);
        book(Tokens.admin(), w.request(SHORT, at(day, "09:00"))).then().statusCode(201)
                .body("room.id", equalTo(plain.toString()));
        book(Tokens.admin(), with(w.request(SHORT, at(day, "10:00")), "accessibleRoom", true)).then().statusCode(201)
                .body("room.id", equalTo(accessible.toString())).body("accessibleRoom", is(true));
        book(Tokens.admin(), with(w.request(SHORT, at(day, "10:00")), "accessible", true)).then().statusCode(409)
                .body("detail", containsString("accessible"));
        book(Tokens.admin(), w.request(SHORT, at(day, "10:00"))).then().statusCode(201)
                .body("room.id", equalTo(plain.toString()));
        book(Tokens.admin(), w.request(SHORT, at(day, "09:00"))).then().statusCode(201)
                .body("room.id", equalTo(accessible.toString()));
        assertThat(bookings(w.office())).isEqualTo(4);
    }

    // --- scoping ------------------------------------------------------------------------------------------------

    @Test
    void shouldScopeBookingToTheDesksOfficeAndTheOfficersAgency() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 2, day);
        var body = w.request(SHORT, at(day, "09:00"));
        book(Tokens.desk("another-office"), body).then().statusCode(404).contentType("application/problem+json");
        book(Tokens.officer(UUID.randomUUID(), "another-agency"), body).then().statusCode(404);
        book(Tokens.kiosk(w.office()), body).then().statusCode(403).contentType("application/problem+json");
        book(Tokens.room(w.office(), w.rooms().get(0)), body).then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/bookings").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        assertThat(bookings(w.office())).isZero();
        book(Tokens.officer(w.officers().get(0), w.agencyCode()), body).then().statusCode(201);
        book(Tokens.desk(w.office()), body).then().statusCode(201);
        assertThat(bookings(w.office())).isEqualTo(2);
    }

    @Test
    void shouldLetOnlyAdminTheOfficesDeskAndTheAgencysOfficersReadABooking() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        UUID id = booked(w.request(SHORT, at(day, "09:00")));
        for (String token : List.of(Tokens.admin(), Tokens.desk(w.office()),
                Tokens.officer(UUID.randomUUID(), w.agencyCode()))) {
            given().auth().oauth2(token).get("/api/v1/bookings/" + id).then().statusCode(200)
                    .body("id", equalTo(id.toString()));
        }
        for (String token : List.of(Tokens.desk("another-office"), Tokens.officer(UUID.randomUUID(), "another-agency"))) {
            given().auth().oauth2(token).get("/api/v1/bookings/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(token).post("/api/v1/bookings/" + id + "/cancel").then().statusCode(404);
        }
        given().auth().oauth2(Tokens.kiosk(w.office())).get("/api/v1/bookings/" + id).then().statusCode(403);
        given().get("/api/v1/bookings/" + id).then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings/" + UUID.randomUUID()).then().statusCode(404);
        assertThat(status(id)).isEqualTo("BOOKED");
    }

    @Test
    void shouldLookUpByReferenceAndListAnOfficesDayForThoseWhoMaySeeIt() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 2, day);
        World other = BookingFixtures.world(0, 1, day);
        String reference = book(Tokens.admin(), w.request(SHORT, at(day, "09:00"))).then().statusCode(201)
                .extract().path("reference");
        booked(w.request(LONG, at(day, "08:00")));
        // another agency's booking at the same office
        List<Map<String, String>> hours = BookingFixtures.everyDay("08:00", "17:00").stream()
                .map(h -> Map.of("day", h[0], "opens", h[1], "closes", h[2])).toList();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", w.office(), "name", "Office", "municipality", "Testby", "kind", "FIXED",
                        "openingHours", hours, "agencies", List.of(w.agencyCode(), other.agencyCode())))
                .put("/api/v1/offices/" + w.office()).then().statusCode(200);
        booked(with(other.request(SHORT, at(day, "10:00")), "office", w.office()));

        String typed = reference.toLowerCase().replace("-", "");
        given().auth().oauth2(Tokens.desk(w.office())).queryParam("reference", typed).get("/api/v1/bookings")
                .then().statusCode(200).body("reference", equalTo(List.of(reference)));
        given().auth().oauth2(Tokens.desk("another-office")).queryParam("reference", reference)
                .get("/api/v1/bookings").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(Tokens.admin()).queryParam("reference", "ZZZ-ZZZ").get("/api/v1/bookings")
                .then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(Tokens.admin()).queryParam("reference", "K0O-1I2").get("/api/v1/bookings")
                .then().statusCode(400).body("errors[0].field", equalTo("reference"));

        given().auth().oauth2(Tokens.desk(w.office())).queryParam("office", w.office())
                .queryParam("date", day.toString()).get("/api/v1/bookings").then().statusCode(200)
                .body("start", hasSize(3)).body("[0].service", equalTo(LONG))
                .body("agency", hasItems(w.agencyCode(), other.agencyCode()));
        given().auth().oauth2(Tokens.desk(w.office())).queryParam("date", day.toString()).get("/api/v1/bookings")
                .then().statusCode(200).body("office", equalTo(List.of(w.office(), w.office(), w.office())));
        given().auth().oauth2(Tokens.officer(UUID.randomUUID(), w.agencyCode())).queryParam("office", w.office())
                .queryParam("date", day.toString()).get("/api/v1/bookings").then().statusCode(200)
                .body("agency", equalTo(List.of(w.agencyCode(), w.agencyCode())));
        given().auth().oauth2(Tokens.admin()).queryParam("office", w.office()).queryParam("date", day.toString())
                .queryParam("status", "CANCELLED").get("/api/v1/bookings").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(Tokens.admin()).queryParam("office", w.office()).queryParam("status", "GONE")
                .get("/api/v1/bookings").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(Tokens.admin()).queryParam("office", w.office()).queryParam("date", "31/12")
                .get("/api/v1/bookings").then().statusCode(400).body("errors[0].field", equalTo("date"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings").then().statusCode(400)
                .body("errors[0].field", equalTo("office"));
        given().auth().oauth2(Tokens.desk("another-office")).queryParam("office", w.office())
                .get("/api/v1/bookings").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).queryParam("office", "no-such-office").get("/api/v1/bookings")
                .then().statusCode(404);
    }

    // --- idempotency --------------------------------------------------------------------------------------------

    @Test
    void shouldReplayTheFirstAnswerForARepeatedIdempotencyKeyAndRefuseADifferentBody() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 2, day);
        String key = UUID.randomUUID().toString();
        var body = w.request(SHORT, at(day, "09:00"));
        String first = given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/bookings").then().statusCode(201).extract().asString();
        String again = given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/bookings").then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", containsString("/api/v1/bookings/")).extract().asString();
        assertThat(again).isEqualTo(first);
        assertThat(bookings(w.office())).isEqualTo(1);
        given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(w.request(SHORT, at(day, "10:00"))).post("/api/v1/bookings").then().statusCode(422)
                .contentType("application/problem+json");
        assertThat(bookings(w.office())).isEqualTo(1);
        // a refused request keeps nothing: the same key may then succeed
        String refusedKey = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", refusedKey).contentType(ContentType.JSON)
                .body(w.request(SHORT, at(day, "18:00"))).post("/api/v1/bookings").then().statusCode(409);
        assertThat(Sql.count("SELECT count(*) FROM idempotency_key WHERE key = ?", refusedKey)).isZero();
    }

    // --- cancel, reschedule -------------------------------------------------------------------------------------

    @Test
    void shouldFreeRoomAndOfficerAtOnceWhenCancelled() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        UUID id = booked(w.request(LONG, at(day, "09:00")));
        book(Tokens.admin(), w.request(LONG, at(day, "09:00"))).then().statusCode(409);
        given().auth().oauth2(Tokens.officer(UUID.randomUUID(), w.agencyCode())).post("/api/v1/bookings/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("id", equalTo(id.toString()));
        assertThat(status(id)).isEqualTo("CANCELLED");
        book(Tokens.admin(), w.request(LONG, at(day, "09:00"))).then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/api/v1/bookings/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).post("/api/v1/bookings/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(404);
    }

    @Test
    void shouldRescheduleTheSameBookingKeepingItsOfficerWhenFree() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 3, day);
        var created = book(Tokens.admin(), w.request(LONG, at(day, "09:00"))).then().statusCode(201).extract();
        String id = created.path("id");
        String officer = created.path("officer.id");
        String room = created.path("room.id");
        given().auth().oauth2(Tokens.desk(w.office())).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "09:00").plusHours(5).toString()))
                .post("/api/v1/bookings/" + id + "/reschedule").then().statusCode(200)
                .body("id", equalTo(id)).body("reference", equalTo(created.path("reference")))
                .body("start", equalTo(iso(day, "14:00")))
                .body("officer.id", equalTo(officer)).body("room.id", equalTo(room)).body("status", equalTo("BOOKED"));
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE id = ? AND starts_at = ?", UUID.fromString(id),
                at(day, "14:00"))).isEqualTo(1);
        assertThat(bookings(w.office())).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE type = 'booking.rescheduled' AND data->>'bookingId' = ?",
                id)).isEqualTo(2);
        // the old slot is free again (the office has one room)
        book(Tokens.admin(), w.request(LONG, at(day, "09:00"))).then().statusCode(201);
    }

    @Test
    void shouldMoveToAnotherOfficerWhenItsOwnIsBusyThen() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 0);
        UUID first = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        BookingFixtures.shift(first, at(day, "08:00"), at(day, "10:00"));
        UUID second = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        BookingFixtures.shift(second, at(day, "09:00"), at(day, "12:00"));
        UUID id = booked(w.request(SHORT, at(day, "08:00")));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "11:00").toString()))
                .post("/api/v1/bookings/" + id + "/reschedule").then().statusCode(200)
                .body("officer.id", equalTo(second.toString()));
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE type = 'booking.rescheduled' AND data->>'bookingId' = ? "
                + "AND stream = ?", id.toString(), "officer:" + first)).isEqualTo(1);
    }

    @Test
    void shouldLeaveTheBookingUntouchedWhenTheNewSlotIsTaken() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 2, day);
        UUID id = booked(w.request(SHORT, at(day, "09:00")));
        booked(w.request(LONG, at(day, "10:00")));
        var before = Sql.rows("SELECT starts_at, ends_at, room_id, officer_id, status, updated_at FROM booking WHERE id = ?", id);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "10:30").toString()))
                .post("/api/v1/bookings/" + id + "/reschedule").then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "10:10").toString()))
                .post("/api/v1/bookings/" + id + "/reschedule").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/bookings/" + id + "/reschedule").then().statusCode(400)
                .body("errors[0].field", equalTo("start"));
        assertThat(Sql.rows("SELECT starts_at, ends_at, room_id, officer_id, status, updated_at FROM booking WHERE id = ?", id))
                .isEqualTo(before);
        given().auth().oauth2(Tokens.admin()).post("/api/v1/bookings/" + id + "/cancel").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "11:00").toString()))
                .post("/api/v1/bookings/" + id + "/reschedule").then().statusCode(409);
        assertThat(status(id)).isEqualTo("CANCELLED");
    }

    // --- check-in and no-shows ----------------------------------------------------------------------------------

    @Test
    void shouldCheckInWithinTheWindowByTheDeskOfTheOffice() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        UUID id = booked(w.request(SHORT, at(day, "10:00")));
        String path = "/api/v1/bookings/" + id + "/check-in";
        clock.pin(at(day, "09:29").toInstant());
        given().auth().oauth2(Tokens.desk(w.office())).post(path).then().statusCode(409)
                .body("detail", containsString("opens"));
        clock.pin(at(day, "10:15").toInstant());
        given().auth().oauth2(Tokens.desk(w.office())).post(path).then().statusCode(409)
                .body("detail", containsString("closed"));
        clock.pin(at(day, "09:50").toInstant());
        given().auth().oauth2(Tokens.officer(w.officers().get(0), w.agencyCode())).post(path).then().statusCode(403);
        given().auth().oauth2(Tokens.desk("another-office")).post(path).then().statusCode(404);
        assertThat(status(id)).isEqualTo("BOOKED");
        given().auth().oauth2(Tokens.desk(w.office())).post(path).then().statusCode(200)
                .body("status", equalTo("CHECKED_IN")).body("checkedInAt", notNullValue());
        assertThat(status(id)).isEqualTo("CHECKED_IN");
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE type = 'booking.checked-in' AND data->>'bookingId' = ?",
                id.toString())).isEqualTo(2);
        given().auth().oauth2(Tokens.desk(w.office())).post(path).then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/api/v1/bookings/" + id + "/cancel").then().statusCode(409);
        // a checked-in booking still holds its room and officer
        clock.reset();
        book(Tokens.admin(), w.request(SHORT, at(day, "10:00"))).then().statusCode(409);
    }

    @Test
    void shouldMarkBookingsWhoseVisitorNeverCameAsNoShowAndFreeTheirRoomAndOfficer() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        UUID late = booked(w.request(LONG, at(day, "09:00")));
        UUID upcoming = booked(w.request(SHORT, at(day, "10:00")));
        clock.pin(at(day, "10:14").toInstant());
        int marked = service.markNoShows().await().atMost(Duration.ofSeconds(10));
        assertThat(marked).isGreaterThanOrEqualTo(1);
        assertThat(status(late)).isEqualTo("NO_SHOW");
        assertThat(status(upcoming)).isEqualTo("BOOKED");
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE type = 'booking.no-show' AND data->>'bookingId' = ?",
                late.toString())).isEqualTo(2);
        given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + late + "/check-in").then()
                .statusCode(409);
        clock.reset();
        book(Tokens.admin(), w.request(LONG, at(day, "09:00"))).then().statusCode(201);
    }

    // --- documentation ------------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void shouldDocumentEveryBookingsOperationInOpenApi() {
        Map<String, Object> doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().as(Map.class);
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");
        Map<String, String> operations = Map.of("/api/v1/availability", "get", "/api/v1/bookings", "post",
                "/api/v1/bookings/{id}", "get", "/api/v1/bookings/{id}/cancel", "post",
                "/api/v1/bookings/{id}/reschedule", "post", "/api/v1/bookings/{id}/check-in", "post");
        operations.forEach((path, verb) -> {
            Map<String, Object> operation = paths.get(path).get(verb);
            assertThat(operation).as(verb + " " + path).containsKey("summary");
            assertThat((List<String>) operation.get("tags")).containsExactly("Bookings");
        });
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        Map<String, Map<String, Object>> request = (Map<String, Map<String, Object>>) ((Map<String, Object>) schemas
                .get("BookingRequest")).get("properties");
        assertThat((String) request.get("accessibleRoom").get("description")).contains("accessible room");
    }
}
