package se.servicekontor.videomote.statistics;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/** Builders for the statistics tests: visits driven through the real API at pinned times. */
final class StatisticsFixtures {

    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private StatisticsFixtures() {
    }

    /** An office-local time in Stockholm as an instant. */
    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(STOCKHOLM).toInstant();
    }

    /** An agency with a Swedish name that needs quoting in CSV, services svc-a and svc-b. */
    static AgencyRef swedishAgency(String name) {
        String code = TestData.slug("agency");
        for (int attempt = 0; attempt < 50; attempt++) {
            String prefix = TestData.ticketPrefix();
            int status = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("code", code, "name", name, "ticketPrefix", prefix, "services", List.of(
                            Map.of("code", "svc-a", "name", "Ärende \"A\"", "durationMinutes", 30),
                            Map.of("code", "svc-b", "name", "Ärende B", "durationMinutes", 60))))
                    .post("/api/v1/agencies").then().extract().statusCode();
            if (status == 201) {
                return new AgencyRef(code, prefix, List.of("svc-a", "svc-b"));
            }
        }
        throw new IllegalStateException("No free ticket prefix");
    }

    static UUID officer(AgencyRef agency) {
        UUID id = TestData.officer(agency.code(), List.of("sv"), agency.services());
        given().auth().oauth2(Tokens.officer(id, agency.code())).contentType(ContentType.JSON)
                .body(Map.of("presence", "AVAILABLE"))
                .put("/api/v1/officers/" + id + "/presence").then().statusCode(200);
        return id;
    }

    static Response issue(String office, String agency, String service, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("agency", agency);
        body.put("service", service);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return given().auth().oauth2(Tokens.desk(office)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices/" + office + "/visits");
    }

    static UUID visit(String office, String agency, String service, Object... more) {
        return UUID.fromString(issue(office, agency, service, more).then().statusCode(201).extract().path("id"));
    }

    static Response next(UUID officer, String agency) {
        return given().auth().oauth2(Tokens.officer(officer, agency)).post("/api/v1/officers/" + officer + "/next");
    }

    static UUID called(UUID officer, String agency) {
        return UUID.fromString(next(officer, agency).then().statusCode(200).extract().path("visit.id"));
    }

    static Response act(UUID visit, String action, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).post("/api/v1/visits/" + visit + "/" + action);
    }

    static Response transfer(UUID visit, String token, String agency, String service) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("agency", agency, "service", service)).post("/api/v1/visits/" + visit + "/transfer");
    }

    static Response statistics(String token, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).accept(ContentType.JSON).get("/api/v1/statistics");
    }
}
