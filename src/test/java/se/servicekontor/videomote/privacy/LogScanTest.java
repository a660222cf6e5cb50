package se.servicekontor.videomote.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.at;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.tomorrow;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.privacy.PrivacyFixtures.World;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.Tokens;

/**
 * A whole day's flow with names, phones, e-mails and personal numbers (booking, reads, check-in, walk-in, queue,
 * "next", the meeting, the desk's live stream, a register extract, and wrong input) leaves none of them in the log
 * output, at DEBUG level for the service's own categories and at every level of everything else.
 */
@QuarkusTest
class LogScanTest {

    private static final String NAME = "Zlatan Loggsson-Hemlig";
    private static final String WALK_IN_NAME = "Ronja Rövardotter-Hemlig";
    private static final String PHONE = "070-987 65 43";
    private static final String EMAIL = "zlatan.hemlig@example.se";
    private static final String NUMBER = "19900101-1239";
    private static final String WRONG_NUMBER = "19900101-1238";

    /** Every log record of the run, formatted with its parameters and its exception's stack trace. */
    private static final class Capture extends Handler {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + formatter.formatMessage(record));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    line.append(" | ").append(p);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Inject
    TestClock clock;

    private final Capture capture = new Capture();

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
        clock.reset();
    }

    @Test
    void shouldLeaveNoNamePhoneEmailOrPersonalNumberInTheLogOfAWholeFlow() {
        LocalDate day = tomorrow();
        World w = PrivacyFixtures.world(2, 1, day);
        String desk = Tokens.desk(w.office());
        UUID officer = w.officers().get(0);
        String officerToken = Tokens.officer(officer, w.agencyCode());
        PrivacyFixtures.available(officer, w.agencyCode());

        try (LiveClient live = LiveClient.connect("/ws/v1/offices/" + w.office() + "/desk", desk)) {
            live.nextOfType("snapshot");
            UUID booking = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "10:00"), NAME, PHONE, EMAIL,
                    NUMBER));
            JsonObject created = live.nextOfType("booking.created");
            assertThat(created.encode()).contains(NAME);

            given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings/" + booking).then().statusCode(200)
                    .body("visitor.personalNumber", equalTo(NUMBER));
            given().auth().oauth2(desk).queryParam("office", w.office()).queryParam("date", day.toString())
                    .get("/api/v1/bookings").then().statusCode(200);
            given().auth().oauth2(desk).contentType(ContentType.JSON).body(Map.of("start", at(day, "11:00").toString()))
                    .post("/api/v1/bookings/" + booking + "/reschedule").then().statusCode(200);
            // Wrong input that carries personal data: refused without repeating it.
            given().auth().oauth2(desk).contentType(ContentType.JSON)
                    .body(PrivacyFixtures.booking(w, at(day, "12:00"), NAME, PHONE, EMAIL, WRONG_NUMBER))
                    .post("/api/v1/bookings").then().statusCode(400);
            given().auth().oauth2(desk).contentType(ContentType.JSON)
                    .body(PrivacyFixtures.booking(w, at(day, "12:00"), NAME, PHONE, "not an e-mail " + EMAIL, null))
                    .post("/api/v1/bookings").then().statusCode(400);

            clock.pin(at(day, "10:45").toInstant());
            given().auth().oauth2(desk).post("/api/v1/bookings/" + booking + "/check-in").then().statusCode(200);
            clock.reset();
            live.nextOfType("booking.checked-in");

            UUID walkIn = PrivacyFixtures.walkIn(w.office(), w.agencyCode(), WALK_IN_NAME);
            assertThat(live.nextOfType("visit.created").encode()).contains(WALK_IN_NAME); // names do reach the desk
            given().auth().oauth2(desk).get("/api/v1/offices/" + w.office() + "/queue").then().statusCode(200);
            given().auth().oauth2(Tokens.kiosk(w.office())).contentType(ContentType.JSON)
                    .body(Map.of("agency", w.agencyCode(), "service", "svc-a", "visitorName", WALK_IN_NAME))
                    .post("/api/v1/offices/" + w.office() + "/visits").then().statusCode(201);
            given().auth().oauth2(officerToken).post("/api/v1/officers/" + officer + "/next").then().statusCode(200);
            given().auth().oauth2(officerToken).post("/api/v1/visits/" + walkIn + "/start").then().statusCode(200);
            given().auth().oauth2(officerToken).post("/api/v1/visits/" + walkIn + "/complete").then().statusCode(200);
            live.nextOfType("visit.completed");
            given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", NUMBER).get("/api/v1/privacy/extract")
                    .then().statusCode(200);
            given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", WRONG_NUMBER)
                    .get("/api/v1/privacy/extract").then().statusCode(400);
        }

        List<String> lines = List.copyOf(capture.lines);
        assertThat(lines).as("the handler sees the service's log").anyMatch(l -> l.contains("Booking ")
                && l.contains(" created at office " + w.office()));
        for (String secret : List.of(NAME, WALK_IN_NAME, PHONE, "0709876543", EMAIL, NUMBER, "900101-1239",
                "199001011239", WRONG_NUMBER, "Zlatan", "Ronja")) {
            assertThat(lines).as("log lines containing %s", secret).noneMatch(l -> l.contains(secret));
        }
    }
}
