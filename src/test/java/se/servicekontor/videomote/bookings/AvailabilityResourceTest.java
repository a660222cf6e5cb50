package se.servicekontor.videomote.bookings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static se.servicekontor.videomote.bookings.BookingFixtures.LONG;
import static se.servicekontor.videomote.bookings.BookingFixtures.SHORT;
import static se.servicekontor.videomote.bookings.BookingFixtures.STOCKHOLM;
import static se.servicekontor.videomote.bookings.BookingFixtures.at;
import static se.servicekontor.videomote.bookings.BookingFixtures.availability;
import static se.servicekontor.videomote.bookings.BookingFixtures.iso;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.bookings.BookingFixtures.World;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class AvailabilityResourceTest {

    private static final LocalDate SPRING_SUNDAY = LocalDate.of(2030, Month.MARCH, 1)
            .with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
    private static final LocalDate AUTUMN_SUNDAY = LocalDate.of(2030, Month.OCTOBER, 1)
            .with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static List<String> starts(World w, String service, LocalDate from, LocalDate to) {
        return availability(Tokens.admin(), w.agencyCode(), service, w.office(), from, to)
                .then().statusCode(200).extract().jsonPath().getList("start", String.class);
    }

    @Test
    void shouldOfferEveryGridSlotOfAnOpenDayWithTheOfficesOffset() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        var body = availability(Tokens.admin(), w.agencyCode(), SHORT, w.office(), day, day).then().statusCode(200);
        List<String> starts = body.extract().jsonPath().getList("start", String.class);
        String offset = at(day, "08:00").getOffset().toString();
        assertThat(starts).hasSize(18).first().isEqualTo(day + "T08:00:00" + offset);
        assertThat(starts).last().isEqualTo(day + "T16:30:00" + offset);
        body.body("office", everyItemIs(w.office(), 18)).body("[0].end", equalTo(day + "T08:30:00" + offset));
        assertThat(starts(w, LONG, day, day)).hasSize(9);
    }

    private static org.hamcrest.Matcher<List<String>> everyItemIs(String value, int times) {
        return equalTo(java.util.Collections.nCopies(times, value));
    }

    @Test
    void shouldOnlyOfferWhatShiftsCoverWholeIncludingTouchingShifts() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 0);
        UUID officer = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT, LONG));
        BookingFixtures.shift(officer, at(day, "10:00"), at(day, "12:00"));
        BookingFixtures.shift(officer, at(day, "13:00"), at(day, "13:45"));
        BookingFixtures.shift(officer, at(day, "13:45"), at(day, "15:00"));
        assertThat(starts(w, LONG, day, day)).containsExactly(iso(day, "10:00"), iso(day, "11:00"), iso(day, "13:00"),
                iso(day, "14:00"));
        assertThat(starts(w, SHORT, day, day)).startsWith(iso(day, "10:00"), iso(day, "10:30"), iso(day, "11:00"),
                iso(day, "11:30"), iso(day, "13:00")).hasSize(8);
    }

    @Test
    void shouldHideSlotsWhoseRoomOrOfficerIsBooked() {
        LocalDate day = BookingFixtures.tomorrow();
        World oneRoom = BookingFixtures.world(1, 2, day);
        BookingFixtures.booked(oneRoom.request(LONG, at(day, "09:00")));
        List<String> starts = starts(oneRoom, SHORT, day, day);
        assertThat(starts).contains(iso(day, "08:30"), iso(day, "10:00")).doesNotContain(iso(day, "09:00"), iso(day, "09:30"));

        World oneOfficer = BookingFixtures.world(2, 1, day);
        BookingFixtures.booked(oneOfficer.request(SHORT, at(day, "09:30")));
        assertThat(starts(oneOfficer, LONG, day, day)).contains(iso(day, "08:00"), iso(day, "10:00"))
                .doesNotContain(iso(day, "09:00"));
        assertThat(starts(oneOfficer, SHORT, day, day)).hasSize(17);
    }

    @Test
    void shouldStartSlotsAtEightLocalTimeWithTheRightOffsetThroughTheSpringDaylightSavingWeekend() {
        clock.pin(SPRING_SUNDAY.minusDays(4).atTime(12, 0).toInstant(ZoneOffset.UTC));
        LocalDate saturday = SPRING_SUNDAY.minusDays(1);
        LocalDate monday = SPRING_SUNDAY.plusDays(1);
        World w = BookingFixtures.world(1, 1, saturday, SPRING_SUNDAY, monday);
        assertDaylightSavingWeekend(w, saturday, monday, "+01:00", "+02:00", "+02:00");
    }

    @Test
    void shouldStartSlotsAtEightLocalTimeWithTheRightOffsetThroughTheAutumnDaylightSavingWeekend() {
        clock.pin(AUTUMN_SUNDAY.minusDays(4).atTime(12, 0).toInstant(ZoneOffset.UTC));
        LocalDate saturday = AUTUMN_SUNDAY.minusDays(1);
        LocalDate monday = AUTUMN_SUNDAY.plusDays(1);
        World w = BookingFixtures.world(1, 1, saturday, AUTUMN_SUNDAY, monday);
        assertDaylightSavingWeekend(w, saturday, monday, "+02:00", "+01:00", "+01:00");
    }

    private static void assertDaylightSavingWeekend(World w, LocalDate saturday, LocalDate monday, String... offsets) {
        var slots = availability(Tokens.admin(), w.agencyCode(), SHORT, w.office(), saturday, monday)
                .then().statusCode(200).extract().jsonPath();
        List<String> starts = slots.getList("start", String.class);
        List<String> ends = slots.getList("end", String.class);
        assertThat(starts).hasSize(3 * 18).doesNotHaveDuplicates();
        for (int d = 0; d < 3; d++) {
            LocalDate day = saturday.plusDays(d);
            List<String> ofDay = starts.subList(d * 18, d * 18 + 18);
            String offset = offsets[d];
            assertThat(ofDay).allMatch(s -> s.startsWith(day + "T") && s.endsWith(offset));
            assertThat(ofDay.get(0)).isEqualTo(day + "T08:00:00" + offsets[d]);
            assertThat(OffsetDateTime.parse(ofDay.get(0)).toInstant())
                    .isEqualTo(day.atTime(8, 0).atZone(STOCKHOLM).toInstant());
            for (int i = d * 18; i < d * 18 + 17; i++) {
                assertThat(ends.get(i)).as("no hole after " + starts.get(i)).isEqualTo(starts.get(i + 1));
                assertThat(Duration.between(OffsetDateTime.parse(starts.get(i)), OffsetDateTime.parse(ends.get(i))))
                        .isEqualTo(Duration.ofMinutes(30));
            }
        }
    }

    @Test
    void shouldSkipTheMissingSpringHourAndOfferTheRepeatedAutumnHourOnceAtANightOffice() {
        clock.pin(SPRING_SUNDAY.minusDays(4).atTime(12, 0).toInstant(ZoneOffset.UTC));
        var agency = TestData.agency();
        String night = BookingFixtures.office("FIXED", BookingFixtures.everyDay("00:00", "06:00"), agency.code());
        TestData.room(night, "Nattrum");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of(LONG));
        BookingFixtures.shift(officer, at(SPRING_SUNDAY.minusDays(1), "20:00"), at(SPRING_SUNDAY, "10:00"));
        BookingFixtures.shift(officer, at(AUTUMN_SUNDAY.minusDays(1), "20:00"), at(AUTUMN_SUNDAY, "10:00"));

        List<String> spring = availability(Tokens.admin(), agency.code(), LONG, night, SPRING_SUNDAY, SPRING_SUNDAY)
                .then().statusCode(200).extract().jsonPath().getList("start", String.class);
        String d = SPRING_SUNDAY.toString();
        assertThat(spring).containsExactly(d + "T00:00:00+01:00", d + "T01:00:00+01:00", d + "T03:00:00+02:00",
                d + "T04:00:00+02:00", d + "T05:00:00+02:00");

        List<String> autumn = availability(Tokens.admin(), agency.code(), LONG, night, AUTUMN_SUNDAY, AUTUMN_SUNDAY)
                .then().statusCode(200).extract().jsonPath().getList("start", String.class);
        String a = AUTUMN_SUNDAY.toString();
        assertThat(autumn).containsExactly(a + "T00:00:00+02:00", a + "T01:00:00+02:00", a + "T02:00:00+02:00",
                a + "T03:00:00+01:00", a + "T04:00:00+01:00", a + "T05:00:00+01:00");
        assertThat(autumn.stream().map(s -> s.substring(11, 16)).collect(Collectors.toSet())).hasSize(6);
    }

    @Test
    void shouldOfferNothingOnAClosureDay() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day, day.plusDays(1));
        given().auth().oauth2(Tokens.desk(w.office())).contentType(ContentType.JSON)
                .body(Map.of("date", day.toString(), "reason", "Personaldag"))
                .post("/api/v1/offices/" + w.office() + "/closures").then().statusCode(201);
        List<String> starts = starts(w, SHORT, day, day.plusDays(1));
        assertThat(starts).hasSize(18).allMatch(s -> s.startsWith(day.plusDays(1) + "T"));
    }

    @Test
    void shouldOfferAMobileOfficeOnlyAtItsStops() {
        LocalDate day = BookingFixtures.tomorrow();
        var agency = TestData.agency();
        String bus = BookingFixtures.office("MOBILE", agency.code());
        TestData.room(bus, "Bussen");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of(SHORT));
        BookingFixtures.dayShift(officer, day);
        BookingFixtures.dayShift(officer, day.plusDays(1));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day.plusDays(1).toString(), "place", "Torget", "opens", "10:00", "closes", "11:30"))
                .post("/api/v1/offices/" + bus + "/stops").then().statusCode(201);
        List<String> starts = availability(Tokens.admin(), agency.code(), SHORT, bus, day, day.plusDays(1))
                .then().statusCode(200).extract().jsonPath().getList("start", String.class);
        LocalDate stop = day.plusDays(1);
        assertThat(starts).containsExactly(iso(stop, "10:00"), iso(stop, "10:30"), iso(stop, "11:00"));
    }

    @Test
    void shouldRequireAnOfficerWhoSpeaksTheLanguageAndAnAccessibleRoomWhenAsked() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 0);
        UUID swedish = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        BookingFixtures.dayShift(swedish, day);
        assertThat(query(w, day, Map.of("language", "sv"))).hasSize(18);
        assertThat(query(w, day, Map.of("language", "en"))).isEmpty();
        assertThat(query(w, day, Map.of("accessible", "true"))).isEmpty();
        BookingFixtures.room(w.office(), "Tillgängligt rum", true);
        assertThat(query(w, day, Map.of("accessible", "true"))).hasSize(18);
    }

    private static List<String> query(World w, LocalDate day, Map<String, String> extra) {
        return given().auth().oauth2(Tokens.admin()).queryParam("agency", w.agencyCode()).queryParam("service", SHORT)
                .queryParam("office", w.office()).queryParam("from", day.toString()).queryParam("to", day.toString())
                .queryParams(extra).get("/api/v1/availability")
                .then().statusCode(200).extract().jsonPath().getList("start", String.class);
    }

    @Test
    void shouldLeaveOutRoomsOutOfService() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        given().auth().oauth2(Tokens.desk(w.office())).contentType(ContentType.JSON)
                .body(Map.of("status", "OUT_OF_SERVICE"))
                .put("/api/v1/offices/" + w.office() + "/rooms/" + w.rooms().get(0) + "/status").then().statusCode(200);
        assertThat(starts(w, SHORT, day, day)).isEmpty();
    }

    @Test
    void shouldAnswerForEveryOfficeOfferingTheAgencyAndScopeADeskToItsOwn() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        String second = BookingFixtures.office("FIXED", w.agencyCode());
        TestData.room(second, "Rum");
        var other = TestData.agency();
        String elsewhere = BookingFixtures.office("FIXED", other.code());
        TestData.room(elsewhere, "Rum");

        List<String> offices = given().auth().oauth2(Tokens.officer(w.officers().get(0), w.agencyCode()))
                .queryParam("agency", w.agencyCode()).queryParam("service", LONG)
                .queryParam("from", day.toString()).queryParam("to", day.toString())
                .get("/api/v1/availability").then().statusCode(200).extract().jsonPath().getList("office", String.class);
        assertThat(offices).hasSize(18).containsOnly(w.office(), second);
        assertThat(new HashSet<>(offices)).hasSize(2);

        List<String> deskSees = given().auth().oauth2(Tokens.desk(second))
                .queryParam("agency", w.agencyCode()).queryParam("service", LONG)
                .queryParam("from", day.toString()).queryParam("to", day.toString())
                .get("/api/v1/availability").then().statusCode(200).extract().jsonPath().getList("office", String.class);
        assertThat(deskSees).hasSize(9).containsOnly(second);
    }

    @Test
    void shouldNeverOfferSlotsInThePast() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        clock.pin(at(day, "12:05").toInstant());
        assertThat(starts(w, SHORT, day, day)).first().isEqualTo(iso(day, "12:30"));
        assertThat(starts(w, SHORT, day, day)).hasSize(9);
    }

    @Test
    void shouldExplainInvalidQueries() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/availability")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("agency", "service"));
        given().auth().oauth2(Tokens.admin()).queryParam("agency", w.agencyCode()).queryParam("service", SHORT)
                .queryParam("from", "tomorrow").queryParam("to", "2030-02-30").queryParam("language", "Svenska")
                .queryParam("accessible", "maybe").get("/api/v1/availability")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("from", "to", "language", "accessible"));
        availability(Tokens.admin(), w.agencyCode(), SHORT, w.office(), day, day.plusDays(31))
                .then().statusCode(400).body("errors.field", hasItem("to"));
        availability(Tokens.admin(), w.agencyCode(), SHORT, w.office(), day, day.plusDays(30)).then().statusCode(200);
        availability(Tokens.admin(), w.agencyCode(), SHORT, w.office(), day, day.minusDays(1))
                .then().statusCode(400).body("errors.field", hasItem("to"));
        availability(Tokens.admin(), "no-such-agency", SHORT, w.office(), day, day)
                .then().statusCode(400).body("errors.field", hasItem("agency"));
        availability(Tokens.admin(), w.agencyCode(), "no-such-service", w.office(), day, day)
                .then().statusCode(400).body("errors.field", hasItem("service"));
        availability(Tokens.admin(), w.agencyCode(), SHORT, "no-such-office", day, day)
                .then().statusCode(400).body("errors.field", hasItem("office"));
        String foreign = BookingFixtures.office("FIXED", TestData.agency().code());
        availability(Tokens.admin(), w.agencyCode(), SHORT, foreign, day, day)
                .then().statusCode(400).body("errors[0].message", equalTo("does not offer this agency"));
    }

    @Test
    void shouldRequireARoleAndScopeDesksAndOfficers() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 1, day);
        given().queryParam("agency", w.agencyCode()).queryParam("service", SHORT).get("/api/v1/availability")
                .then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(Tokens.kiosk(w.office()), Tokens.room(w.office(), w.rooms().get(0)))) {
            availability(token, w.agencyCode(), SHORT, w.office(), day, day)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        availability(Tokens.desk("some-other-office"), w.agencyCode(), SHORT, w.office(), day, day)
                .then().statusCode(404).contentType("application/problem+json");
        availability(Tokens.officer(UUID.randomUUID(), "some-other-agency"), w.agencyCode(), SHORT, w.office(), day, day)
                .then().statusCode(404).contentType("application/problem+json");
        availability(Tokens.desk(w.office()), w.agencyCode(), SHORT, w.office(), day, day).then().statusCode(200);
        availability(Tokens.officer(UUID.randomUUID(), w.agencyCode()), w.agencyCode(), SHORT, w.office(), day, day)
                .then().statusCode(200);
    }
}
