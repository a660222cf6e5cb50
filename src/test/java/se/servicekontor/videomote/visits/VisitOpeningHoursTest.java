package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static se.servicekontor.videomote.visits.VisitFixtures.body;
import static se.servicekontor.videomote.visits.VisitFixtures.create;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/** Walk-in tickets follow the office's calendar: opening hours, closure days, the stops of a MOBILE office. */
@QuarkusTest
class VisitOpeningHoursTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    /** An office open only one hour today, an hour that is not now; every other day closed. */
    private static String officeClosedNow(String agency) {
        ZonedDateTime now = ZonedDateTime.now(ZONE);
        LocalTime opens = now.getHour() >= 3 ? LocalTime.of(0, 30) : LocalTime.of(22, 0);
        List<Map<String, String>> hours = new ArrayList<>();
        hours.add(Map.of("day", now.getDayOfWeek().name(), "opens", opens.toString(),
                "closes", opens.plusHours(1).toString()));
        return office("FIXED", agency, hours);
    }

    private static String office(String kind, String agency, List<Map<String, String>> hours) {
        String id = TestData.slug("oh");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Servicekontor " + id, "municipality", "Testby", "kind", kind,
                        "timeZone", ZONE.getId(), "openingHours", hours, "agencies", List.of(agency)))
                .post("/api/v1/offices").then().statusCode(201);
        return id;
    }

    private static long visits(String office) {
        return Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", office);
    }

    @Test
    void shouldRefuseAWalkInOutsideOpeningHoursAndLetOnlyTheDeskOverrideIt() {
        AgencyRef agency = TestData.agency();
        VisitFixtures.officer(agency);
        String office = officeClosedNow(agency.code());

        for (String token : List.of(Tokens.kiosk(office), Tokens.desk(office))) {
            create(office, token, body(agency.code(), "svc-a")).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", endsWith("office-closed"))
                    .body("detail", containsString("The office"));
        }
        assertThat(visits(office)).isZero();

        // A kiosk cannot override; the desk can, for a visitor already inside.
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a", "afterHours", true)).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("afterHours"));
        assertThat(visits(office)).isZero();
        String id = create(office, Tokens.desk(office), body(agency.code(), "svc-a", "afterHours", true))
                .then().statusCode(201).body("afterHours", equalTo(true)).body("status", equalTo("WAITING"))
                .extract().path("id");
        assertThat(Sql.value("SELECT after_hours FROM visit WHERE id = ?::uuid", id)).isEqualTo(true);
    }

    @Test
    void shouldRefuseAWalkInOnAClosureDayOfAnOfficeOpenAllDay() {
        AgencyRef agency = TestData.agency();
        VisitFixtures.officer(agency);
        String office = VisitFixtures.office(agency.code());
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a")).then().statusCode(201)
                .body("afterHours", org.hamcrest.Matchers.nullValue()); // a kiosk's ticket has no such field
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", LocalDate.now(ZONE).toString(), "reason", "Personaldag"))
                .post("/api/v1/offices/" + office + "/closures").then().statusCode(201);

        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a")).then().statusCode(409)
                .body("type", endsWith("office-closed")).body("detail", containsString("closure"));
        assertThat(visits(office)).isEqualTo(1);
    }

    @Test
    void shouldIssueAtAMobileOfficeOnlyWhileAStopCoversNow() {
        AgencyRef agency = TestData.agency();
        VisitFixtures.officer(agency);
        String office = office("MOBILE", agency.code(), List.of());
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a")).then().statusCode(409)
                .body("type", endsWith("office-closed")).body("detail", containsString("no stop"));

        LocalDate today = LocalDate.now(ZONE);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", today.toString(), "place", "Torget", "opens", "00:00", "closes", "23:59"))
                .post("/api/v1/offices/" + office + "/stops").then().statusCode(201);
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a")).then().statusCode(201);
    }

    @Test
    void shouldLetOnlyTheDeskGivePriority() {
        AgencyRef agency = TestData.agency();
        VisitFixtures.officer(agency);
        String office = VisitFixtures.office(agency.code());
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a", "priority", "PRIORITY")).then()
                .statusCode(403).contentType("application/problem+json").body("detail", containsString("priority"));
        assertThat(visits(office)).isZero();
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a", "priority", "NORMAL")).then().statusCode(201);
        create(office, Tokens.desk(office), body(agency.code(), "svc-a", "priority", "PRIORITY")).then()
                .statusCode(201).body("priority", equalTo("PRIORITY"));
    }
}
