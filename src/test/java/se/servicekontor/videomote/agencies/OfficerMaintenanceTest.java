package se.servicekontor.videomote.agencies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.offices.SwedishHolidays;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class OfficerMaintenanceTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static String at(LocalDate date, String time) {
        return ZonedDateTime.of(date, LocalTime.parse(time), STOCKHOLM).toOffsetDateTime().toString();
    }

    /** As the API writes it: {@code 2026-12-07T08:00:00+01:00}. */
    private static String iso(LocalDate date, String time) {
        return date + "T" + time + ":00" + ZonedDateTime.of(date, LocalTime.parse(time), STOCKHOLM).getOffset();
    }

    private static String addShift(UUID officer, LocalDate date, String from, String to) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(date, from), "end", at(date, to)))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldEditAnOfficersNameLanguagesAndServices() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Eva Ek", "languages", List.of("sv", "fi"), "services", List.of("svc-a", "svc-b")))
                .patch("/api/v1/officers/" + officer).then().statusCode(200)
                .body("name", equalTo("Eva Ek")).body("languages", containsInAnyOrder("fi", "sv"))
                .body("services", containsInAnyOrder("svc-a", "svc-b"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("languages", List.of("en")))
                .patch("/api/v1/officers/" + officer).then().statusCode(200)
                .body("name", equalTo("Eva Ek")).body("languages", containsInAnyOrder("en"));
        assertThat(Sql.count("SELECT count(*) FROM case_officer_language WHERE officer_id = ?", officer)).isEqualTo(1);
    }

    @Test
    void shouldRetireAnOfficerKeepingPastShiftsAndDroppingFutureOnes() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        addShift(officer, LocalDate.now(STOCKHOLM).plusDays(2), "08:00", "12:00");
        Sql.update("INSERT INTO officer_shift (id, officer_id, starts_at, ends_at) VALUES (?, ?, now() - interval '2 days',"
                + " now() - interval '2 days' + interval '4 hours')", UUID.randomUUID(), officer);
        given().auth().oauth2(Tokens.admin()).post("/api/v1/officers/" + officer + "/retire").then().statusCode(200)
                .body("retiredAt", notNullValue()).body("presence", equalTo("OFFLINE"));
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", officer)).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ? AND starts_at > now()", officer))
                .isZero();
        given().auth().oauth2(Tokens.admin()).get("/api/v1/officers?agency=" + agency.code()).then().statusCode(200)
                .body("id", not(hasItem(officer.toString())));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/officers?includeRetired=true&agency=" + agency.code())
                .then().statusCode(200).body("id", hasItem(officer.toString()));
        given().auth().oauth2(Tokens.officer(officer, agency.code())).contentType(ContentType.JSON)
                .body(Map.of("presence", "AVAILABLE")).put("/api/v1/officers/" + officer + "/presence")
                .then().statusCode(409);
        assertThat(Sql.value("SELECT presence FROM case_officer WHERE id = ?", officer)).isEqualTo("OFFLINE");
    }

    @Test
    void shouldRefuseToRetireAnOfficerWithBookingsAndNameThem() {
        var agency = TestData.agency();
        String office = TestData.office(agency.code()).id();
        TestData.room(office, "Rum 1");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate day = LocalDate.now(STOCKHOLM).plusDays(2);
        addShift(officer, day, "08:00", "17:00");
        String reference = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("office", office, "agency", agency.code(), "service", "svc-a", "start", at(day, "09:00"),
                        "visitor", Map.of("name", "Besökare")))
                .post("/api/v1/bookings").then().statusCode(201).extract().path("reference");
        given().auth().oauth2(Tokens.admin()).post("/api/v1/officers/" + officer + "/retire").then().statusCode(409)
                .body("detail", containsString(reference));
        assertThat(Sql.value("SELECT retired_at FROM case_officer WHERE id = ?", officer)).isNull();
    }

    @Test
    void shouldNameTheShiftANewShiftOverlaps() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate day = LocalDate.now(STOCKHOLM).plusDays(3);
        String existing = addShift(officer, day, "08:00", "12:00");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "11:00"), "end", at(day, "15:00")))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(409)
                .body("detail", containsString(existing)).body("detail", containsString(at(day, "08:00")));
    }

    @Test
    void shouldDeleteFutureShiftsButKeepRunningAndPastOnes() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        String future = addShift(officer, LocalDate.now(STOCKHOLM).plusDays(4), "08:00", "12:00");
        UUID running = UUID.randomUUID();
        Sql.update("INSERT INTO officer_shift (id, officer_id, starts_at, ends_at) VALUES (?, ?, now() - interval '1 hour',"
                + " now() + interval '1 hour')", running, officer);
        given().auth().oauth2(Tokens.officer(officer, agency.code()))
                .delete("/api/v1/officers/" + officer + "/shifts/" + future).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/officers/" + officer + "/shifts/" + running)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/officers/" + officer + "/shifts/" + UUID.randomUUID())
                .then().statusCode(404);
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", officer)).isEqualTo(1);
    }

    @Test
    void shouldGenerateAWeeklyTemplateInStockholmTimeSkippingHolidays() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate from = LocalDate.now(STOCKHOLM).plusDays(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        LocalDate to = from.plusWeeks(4).minusDays(1);
        int expected = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if ((d.getDayOfWeek() == DayOfWeek.MONDAY || d.getDayOfWeek() == DayOfWeek.WEDNESDAY)
                    && !SwedishHolidays.isHoliday(d)) {
                expected += 2; // two periods, around lunch
            }
        }
        var body = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("from", from.toString(), "to", to.toString(), "weekly", List.of(
                        Map.of("day", "MONDAY", "start", "08:00", "end", "12:00"),
                        Map.of("day", "MONDAY", "start", "13:00", "end", "16:30"),
                        Map.of("day", "WEDNESDAY", "start", "08:00", "end", "12:00"),
                        Map.of("day", "WEDNESDAY", "start", "13:00", "end", "16:30"))))
                .post("/api/v1/officers/" + officer + "/shifts/generate").then().statusCode(201)
                .body("count", equalTo(expected)).body("shifts[0].start", equalTo(iso(from, "08:00")))
                .body("shifts[1].end", equalTo(iso(from, "16:30")));
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", officer)).isEqualTo(expected);
        assertThat(body).isNotNull();
    }

    @Test
    void shouldGenerateNothingAndNameEveryOverlapWhenOneShiftOverlaps() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate from = LocalDate.now(STOCKHOLM).plusDays(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        while (SwedishHolidays.isHoliday(from.plusWeeks(1))) {
            from = from.plusWeeks(1);
        }
        String existing = addShift(officer, from.plusWeeks(1), "10:00", "11:00");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("from", from.toString(), "to", from.plusWeeks(3).toString(), "skipHolidays", false,
                        "weekly", List.of(Map.of("day", "MONDAY", "start", "08:00", "end", "16:00"))))
                .post("/api/v1/officers/" + officer + "/shifts/generate").then().statusCode(409)
                .body("detail", containsString(existing)).body("detail", containsString(at(from.plusWeeks(1), "08:00")));
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", officer)).isEqualTo(1);
    }

    @Test
    void shouldReportEveryInvalidFieldOfATemplateAtOnce() {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate today = LocalDate.now(STOCKHOLM);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("from", today.minusDays(3).toString(), "to", today.minusDays(5).toString(),
                        "timeZone", "Mars/Olympus", "weekly", List.of(
                                Map.of("day", "MONDAY", "start", "12:00", "end", "08:00"),
                                Map.of("day", "TUESDAY", "start", "08:00", "end", "12:00"),
                                Map.of("day", "TUESDAY", "start", "11:00", "end", "13:00"),
                                Map.of("day", "FREDAG", "start", "08:00", "end", "9"))))
                .post("/api/v1/officers/" + officer + "/shifts/generate").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("timeZone", "to", "from", "weekly[0].end", "weekly[2]",
                        "weekly[3].day", "weekly[3].end"));
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", officer)).isZero();
    }
}
