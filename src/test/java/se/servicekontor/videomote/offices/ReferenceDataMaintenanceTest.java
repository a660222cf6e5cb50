package se.servicekontor.videomote.offices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Rooms, offices and agency services are updated and retired, and 409s name what they conflict with. */
@QuarkusTest
class ReferenceDataMaintenanceTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static String at(LocalDate date, String time) {
        return ZonedDateTime.of(date, LocalTime.parse(time), STOCKHOLM).toOffsetDateTime().toString();
    }

    @Test
    void shouldRenameARoomAndNameTheRoomThatHasTheName() {
        String office = TestData.office(TestData.agency().code()).id();
        UUID one = TestData.room(office, "Rum 1");
        UUID two = TestData.room(office, "Rum 2");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "Rum Ett", "capacity", 4))
                .patch("/api/v1/offices/" + office + "/rooms/" + one).then().statusCode(200)
                .body("name", equalTo("Rum Ett")).body("capacity", equalTo(4));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "rum ett"))
                .patch("/api/v1/offices/" + office + "/rooms/" + two).then().statusCode(409)
                .body("detail", containsString(one.toString()));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "RUM 2"))
                .post("/api/v1/offices/" + office + "/rooms").then().statusCode(409)
                .body("detail", containsString(two.toString()));
        assertThat(Sql.value("SELECT name FROM room WHERE id = ?", two)).isEqualTo("Rum 2");
    }

    @Test
    void shouldRetireARoomOutOfServiceForGoodAndFreeItsName() {
        var agency = TestData.agency();
        String office = TestData.office(agency.code()).id();
        UUID room = TestData.room(office, "Rum 1");
        given().auth().oauth2(Tokens.admin()).post("/api/v1/offices/" + office + "/rooms/" + room + "/retire")
                .then().statusCode(200).body("status", equalTo("OUT_OF_SERVICE")).body("retiredAt", notNullValue());
        given().auth().oauth2(Tokens.desk(office)).get("/api/v1/offices/" + office + "/rooms").then().statusCode(200)
                .body("id", not(hasItem(room.toString())));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + office + "/rooms?includeRetired=true")
                .then().statusCode(200).body("id", hasItem(room.toString()));
        given().auth().oauth2(Tokens.desk(office)).contentType(ContentType.JSON).body(Map.of("status", "AVAILABLE"))
                .put("/api/v1/offices/" + office + "/rooms/" + room + "/status").then().statusCode(409);
        assertThat(Sql.value("SELECT status FROM room WHERE id = ?", room)).isEqualTo("OUT_OF_SERVICE");
        TestData.room(office, "Rum 1");
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE stream = ? AND type = 'room.status'",
                "room:" + room)).isEqualTo(1);
    }

    @Test
    void shouldRefuseToRetireARoomOrOfficeThatBookingsNeedAndNameThem() {
        var agency = TestData.agency();
        String office = TestData.office(agency.code()).id();
        UUID room = TestData.room(office, "Rum 1");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate day = LocalDate.now(STOCKHOLM).plusDays(2);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "08:00"), "end", at(day, "17:00")))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
        String reference = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("office", office, "agency", agency.code(), "service", "svc-a", "start", at(day, "09:00"),
                        "visitor", Map.of("name", "Besökare")))
                .post("/api/v1/bookings").then().statusCode(201).extract().path("reference");
        given().auth().oauth2(Tokens.admin()).post("/api/v1/offices/" + office + "/rooms/" + room + "/retire")
                .then().statusCode(409).body("detail", containsString(reference));
        given().auth().oauth2(Tokens.admin()).post("/api/v1/offices/" + office + "/retire")
                .then().statusCode(409).body("detail", containsString(reference));
        given().auth().oauth2(Tokens.admin()).post("/api/v1/agencies/" + agency.code() + "/services/svc-a/retire")
                .then().statusCode(409).body("detail", containsString(reference));
        assertThat(Sql.value("SELECT status FROM room WHERE id = ?", room)).isEqualTo("AVAILABLE");
        assertThat(Sql.value("SELECT retired_at FROM office WHERE id = ?", office)).isNull();
    }

    @Test
    void shouldRetireAnOfficeFromListsAndAvailabilityButKeepIt() {
        var agency = TestData.agency();
        String office = TestData.office(agency.code()).id();
        TestData.room(office, "Rum 1");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate day = LocalDate.now(STOCKHOLM).plusDays(2);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(day, "08:00"), "end", at(day, "17:00")))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/api/v1/offices/" + office + "/retire").then().statusCode(200)
                .body("retiredAt", notNullValue());
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices?agency=" + agency.code()).then().statusCode(200)
                .body("id", not(hasItem(office)));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices?includeRetired=true&agency=" + agency.code())
                .then().statusCode(200).body("id", hasItem(office));
        given().auth().oauth2(Tokens.admin()).queryParam("agency", agency.code()).queryParam("service", "svc-a")
                .queryParam("from", day.toString()).queryParam("to", day.toString()).get("/api/v1/availability")
                .then().statusCode(200).body("office", not(hasItem(office)));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("office", office, "agency", agency.code(), "service", "svc-a", "start", at(day, "09:00"),
                        "visitor", Map.of("name", "Besökare")))
                .post("/api/v1/bookings").then().statusCode(400);
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ?", office)).isZero();
    }

    @Test
    void shouldNameTheAgencyThatHasTheTicketPrefix() {
        var first = TestData.agency();
        String code = TestData.slug("agency");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Other", "ticketPrefix", first.ticketPrefix(), "services",
                        List.of(Map.of("code", "x", "name", "X", "durationMinutes", 30))))
                .post("/api/v1/agencies").then().statusCode(409).body("detail", containsString(first.code()));
        assertThat(Sql.count("SELECT count(*) FROM agency WHERE code = ?", code)).isZero();
    }

    @Test
    void shouldEditAndRetireServicesWithoutDeletingThem() {
        var agency = TestData.agency();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Ärende A", "durationMinutes", 45))
                .patch("/api/v1/agencies/" + agency.code() + "/services/svc-a").then().statusCode(200)
                .body("services.find { it.code == 'svc-a' }.durationMinutes", equalTo(45));
        given().auth().oauth2(Tokens.admin()).post("/api/v1/agencies/" + agency.code() + "/services/svc-b/retire")
                .then().statusCode(200).body("services.code", contains("svc-a"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/agencies/" + agency.code() + "?includeRetired=true")
                .then().statusCode(200).body("services.find { it.code == 'svc-b' }.retiredAt", notNullValue());
        assertThat(Sql.count("SELECT count(*) FROM agency_service WHERE agency_code = ?", agency.code())).isEqualTo(2);
        given().auth().oauth2(Tokens.admin()).queryParam("agency", agency.code()).queryParam("service", "svc-b")
                .get("/api/v1/availability").then().statusCode(400).body("errors.field", hasItem("service"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("agency", agency.code(), "name", "Ny", "languages", List.of("sv"), "services", List.of("svc-b")))
                .post("/api/v1/officers").then().statusCode(400);

        // A PUT retires what it leaves out, and offers again a retired service it lists.
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", agency.code(), "name", "Renamed", "ticketPrefix", agency.ticketPrefix(), "services",
                        List.of(Map.of("code", "svc-b", "name", "B igen", "durationMinutes", 60))))
                .put("/api/v1/agencies/" + agency.code()).then().statusCode(200).body("services.code", contains("svc-b"));
        assertThat(Sql.rows("SELECT code, retired_at IS NOT NULL AS retired FROM agency_service WHERE agency_code = ?"
                + " ORDER BY code", agency.code())).extracting(r -> r.get("retired")).containsExactly(true, false);
    }
}
