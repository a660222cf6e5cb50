package se.servicekontor.videomote.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** A walk-in who leaves a phone number gets one SMS when only a few (default 3) are ahead. */
@QuarkusTest
@WithTestResource(NotificationServers.class)
class TurnSoonTest {

    private static List<String> texts(String phone) {
        return NotificationServers.sms().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone)))).stream()
                .map(r -> new JsonObject(r.getBodyAsString()).getString("text")).toList();
    }

    private static io.restassured.response.Response walkIn(String token, String office, String agency, String phone,
            String language) {
        Map<String, Object> body = new HashMap<>(Map.of("agency", agency, "service", "svc-a"));
        if (phone != null) {
            body.put("phone", phone);
        }
        if (language != null) {
            body.put("language", language);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices/" + office + "/visits");
    }

    private static void cancel(String office, UUID visit) {
        given().auth().oauth2(Tokens.desk(office)).post("/api/v1/visits/" + visit + "/cancel").then().statusCode(200);
    }

    private static String status(UUID visit) {
        return (String) Sql.value("SELECT status FROM notification WHERE visit_id = ?", visit);
    }

    @Test
    void shouldTextAWalkInOnceWhenOnlyThreeAreAheadAndNeverShowThePhone() {
        TestData.AgencyRef agency = TestData.agency();
        String office = TestData.openAllDayOffice(agency.code()).id();
        // Walk-ins are issued only while the office is open and someone on duty can serve them.
        TestData.onShiftNow(TestData.officer(agency.code(), List.of("sv", "en"), agency.services()));
        List<UUID> ahead = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ahead.add(UUID.fromString(walkIn(Tokens.desk(office), office, agency.code(), null, null).then()
                    .statusCode(201).extract().path("id")));
        }
        String phone = NotificationFixtures.phone();
        // From the kiosk: the answer never carries the phone number.
        var issued = walkIn(Tokens.kiosk(office), office, agency.code(), phone, "en").then().statusCode(201).extract();
        assertThat(issued.asString()).doesNotContain(phone.substring(3));
        UUID visit = UUID.fromString(issued.path("id"));
        String ticket = issued.path("ticket");

        // Five ahead: held.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> "HELD".equals(status(visit)));
        assertThat(texts(phone)).isEmpty();
        given().auth().oauth2(Tokens.desk(office)).queryParam("visit", visit.toString()).get("/api/v1/notifications")
                .then().statusCode(200).body("[0].kind", org.hamcrest.Matchers.equalTo("TURN_SOON"))
                .body("[0].status", org.hamcrest.Matchers.equalTo("PENDING"));

        // Four ahead: still held; three ahead: one text, in English, with the ticket.
        cancel(office, ahead.get(0));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> "HELD".equals(status(visit)));
        cancel(office, ahead.get(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status(visit)));
        assertThat(texts(phone)).singleElement().satisfies(t -> assertThat(t).startsWith("Your turn soon")
                .contains(ticket).contains("at most 3 ahead"));

        // Moving further up never texts again.
        cancel(office, ahead.get(2));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> texts(phone).size() == 1);
        assertThat(Sql.count("SELECT count(*) FROM notification WHERE visit_id = ?", visit)).isEqualTo(1);
    }

    @Test
    void shouldDropTheTextOfAWalkInWhoNoLongerWaits() {
        TestData.AgencyRef agency = TestData.agency();
        String office = TestData.openAllDayOffice(agency.code()).id();
        // Walk-ins are issued only while the office is open and someone on duty can serve them.
        TestData.onShiftNow(TestData.officer(agency.code(), List.of("sv", "en"), agency.services()));
        for (int i = 0; i < 4; i++) {
            walkIn(Tokens.desk(office), office, agency.code(), null, null).then().statusCode(201);
        }
        String phone = NotificationFixtures.phone();
        UUID visit = UUID.fromString(walkIn(Tokens.desk(office), office, agency.code(), phone, null).then()
                .statusCode(201).extract().path("id"));
        assertThat(Sql.value("SELECT recipient FROM notification WHERE visit_id = ?", visit)).isEqualTo(phone);
        cancel(office, visit);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(status(visit)));
        assertThat(Sql.value("SELECT body FROM notification WHERE visit_id = ?", visit)).isNull();
        assertThat(texts(phone)).isEmpty();
    }

    @Test
    void shouldRefuseAPhoneNumberThatIsNotOne() {
        TestData.AgencyRef agency = TestData.agency();
        String office = TestData.openAllDayOffice(agency.code()).id();
        // Walk-ins are issued only while the office is open and someone on duty can serve them.
        TestData.onShiftNow(TestData.officer(agency.code(), List.of("sv", "en"), agency.services()));
        walkIn(Tokens.desk(office), office, agency.code(), "call me maybe", null).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("phone"));
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", office)).isZero();
    }
}
