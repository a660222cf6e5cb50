package se.servicekontor.videomote.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;

/**
 * Builds each test's own reference data through the API, with ids no other test uses, so tests never depend on
 * each other or on their order.
 */
public final class TestData {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String RUN = Integer.toString((int) (Math.random() * 36 * 36 * 36), 36);

    private TestData() {
    }

    /** A slug no other test in this run uses. */
    public static String slug(String prefix) {
        return prefix + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    /** A ticket prefix (two capital letters) no other agency in this run uses. */
    public static String ticketPrefix() {
        int n = SEQ.incrementAndGet() + RUN.hashCode() & 0x7fffffff;
        return "" + (char) ('A' + n % 26) + (char) ('A' + (n / 26) % 26);
    }

    public record AgencyRef(String code, String ticketPrefix, List<String> services) {
    }

    public record OfficeRef(String id, String timeZone) {
    }

    /** An agency with services {@code <code>-a} (30 min) and {@code <code>-b} (60 min). */
    public static AgencyRef agency() {
        String code = slug("agency");
        for (int attempt = 0; attempt < 50; attempt++) {
            String prefix = ticketPrefix();
            int status = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("code", code, "name", "Agency " + code, "ticketPrefix", prefix, "services", List.of(
                            Map.of("code", "svc-a", "name", "Errand A", "durationMinutes", 30),
                            Map.of("code", "svc-b", "name", "Errand B", "durationMinutes", 60))))
                    .post("/api/v1/agencies").then().extract().statusCode();
            if (status == 201) {
                return new AgencyRef(code, prefix, List.of("svc-a", "svc-b"));
            }
            if (status != 409) {
                throw new IllegalStateException("Could not create agency: " + status);
            }
        }
        throw new IllegalStateException("No free ticket prefix");
    }

    /** A FIXED office in Europe/Stockholm open 08:00-17:00 every day, holidays too, offering {@code agencies}. */
    public static OfficeRef office(String... agencies) {
        return office("FIXED", List.of(agencies));
    }

    /**
     * A FIXED office open 00:00-23:59 every day offering {@code agencies}: walk-in tickets are issued only during
     * opening hours, so tests of the walk-in queue must not depend on the time of day they run at.
     */
    public static OfficeRef openAllDayOffice(String... agencies) {
        return office("FIXED", List.of(agencies), "00:00", "23:59");
    }

    /**
     * Puts {@code officer} of {@code agency} on a shift from an hour ago to twelve hours from now: a kiosk refuses
     * walk-ins that no officer on duty can serve.
     */
    public static void onShiftNow(UUID officer) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", now.minusHours(1).toString(), "end", now.plusHours(12).toString()))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
    }

    /** A MOBILE office (no opening hours: open only at its stops) offering {@code agencies}. */
    public static OfficeRef mobileOffice(String... agencies) {
        return office("MOBILE", List.of(agencies));
    }

    private static OfficeRef office(String kind, List<String> agencies) {
        return office(kind, agencies, "08:00", "17:00");
    }

    private static OfficeRef office(String kind, List<String> agencies, String opens, String closes) {
        String id = slug("office");
        List<Map<String, String>> hours = new ArrayList<>();
        if (!"MOBILE".equals(kind)) {
            for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
                hours.add(Map.of("day", day, "opens", opens, "closes", closes));
            }
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Office " + id, "municipality", "Testby", "kind", kind,
                        "timeZone", "Europe/Stockholm", "openingHours", hours, "agencies", agencies,
                        "closedOnHolidays", false)) // tests book "tomorrow", which may be a public holiday
                .post("/api/v1/offices").then().statusCode(201);
        return new OfficeRef(id, "Europe/Stockholm");
    }

    public static UUID room(String officeId, String name) {
        return UUID.fromString(given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "accessible", false, "capacity", 2))
                .post("/api/v1/offices/" + officeId + "/rooms").then().statusCode(201).extract().path("id"));
    }

    public static UUID officer(String agency, List<String> languages, List<String> services) {
        return UUID.fromString(given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("agency", agency, "name", "Officer " + SEQ.incrementAndGet(), "languages", languages,
                        "services", services))
                .post("/api/v1/officers").then().statusCode(201).extract().path("id"));
    }

    public static UUID id() {
        return UUID.randomUUID();
    }
}
