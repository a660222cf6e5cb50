package se.servicekontor.videomote.bookings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static se.servicekontor.videomote.bookings.BookingFixtures.SHORT;
import static se.servicekontor.videomote.bookings.BookingFixtures.at;
import static se.servicekontor.videomote.bookings.BookingFixtures.availability;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.offices.SwedishHolidays;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Public holidays close offices by default: no slot is offered and a booking there is refused. */
@QuarkusTest
class HolidayAvailabilityTest {

    /** The next public holiday at least two days ahead, and the working day before it. */
    private static LocalDate nextHoliday() {
        LocalDate d = BookingFixtures.tomorrow().plusDays(1);
        while (!SwedishHolidays.isHoliday(d) || SwedishHolidays.isHoliday(d.minusDays(1))) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** A world whose office closes on holidays (the default), with shifts on the holiday and the day before. */
    private static BookingFixtures.World world(LocalDate holiday, boolean closedOnHolidays) {
        var agency = TestData.agency();
        String office = TestData.slug("office");
        List<Map<String, String>> hours = new java.util.ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.add(Map.of("day", day, "opens", "08:00", "closes", "17:00"));
        }
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", office, "name", "Office " + office,
                "municipality", "Testby", "kind", "FIXED", "openingHours", hours, "agencies", List.of(agency.code())));
        if (!closedOnHolidays) {
            body.put("closedOnHolidays", false);
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/offices")
                .then().statusCode(201);
        var room = TestData.room(office, "Rum 1");
        var officer = TestData.officer(agency.code(), List.of("sv"), List.of(SHORT, BookingFixtures.LONG));
        BookingFixtures.dayShift(officer, holiday.minusDays(1));
        BookingFixtures.dayShift(officer, holiday);
        return new BookingFixtures.World(agency, office, List.of(room), List.of(officer));
    }

    @Test
    void shouldOfferNoSlotAndRefuseBookingsOnAPublicHolidayByDefault() {
        LocalDate holiday = nextHoliday();
        var w = world(holiday, true);
        List<String> starts = availability(Tokens.admin(), w.agencyCode(), SHORT, w.office(), holiday.minusDays(1),
                holiday).then().statusCode(200).extract().jsonPath().getList("start", String.class);
        assertThat(starts).hasSize(18).allMatch(s -> s.startsWith(holiday.minusDays(1).toString()));

        BookingFixtures.book(Tokens.admin(), w.request(SHORT, at(holiday, "09:00"))).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(SwedishHolidays.name(holiday).orElseThrow()));
        assertThat(BookingFixtures.bookings(w.office())).isZero();
    }

    @Test
    void shouldOfferTheHolidayWhenTheOfficeOpensOnHolidaysOrOnThatOne() {
        LocalDate holiday = nextHoliday();
        var open = world(holiday, false);
        assertThat(availability(Tokens.admin(), open.agencyCode(), SHORT, open.office(), holiday, holiday)
                .then().statusCode(200).extract().jsonPath().getList("start")).hasSize(18);

        var one = world(holiday, true);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", holiday.toString(), "reason", "Extra öppet"))
                .post("/api/v1/offices/" + one.office() + "/holiday-openings").then().statusCode(201);
        assertThat(availability(Tokens.admin(), one.agencyCode(), SHORT, one.office(), holiday, holiday)
                .then().statusCode(200).extract().jsonPath().getList("start")).hasSize(18);
        BookingFixtures.book(Tokens.admin(), one.request(SHORT, at(holiday, "09:00"))).then().statusCode(201);

        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + one.office() + "/holidays?year=" + holiday.getYear())
                .then().statusCode(200)
                .body("find { it.date == '" + holiday + "' }.closed", org.hamcrest.Matchers.equalTo(false))
                .body("find { it.date == '" + holiday + "' }.openingReason", org.hamcrest.Matchers.equalTo("Extra öppet"));
    }

    @Test
    void shouldRefuseAHolidayOpeningOnAnOrdinaryDay() {
        LocalDate holiday = nextHoliday();
        var w = world(holiday, true);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", holiday.minusDays(1).toString(), "reason", "x"))
                .post("/api/v1/offices/" + w.office() + "/holiday-openings").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("date"));
    }
}
