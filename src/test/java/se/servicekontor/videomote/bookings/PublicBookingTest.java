package se.servicekontor.videomote.bookings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static se.servicekontor.videomote.bookings.BookingFixtures.SHORT;
import static se.servicekontor.videomote.bookings.BookingFixtures.at;
import static se.servicekontor.videomote.bookings.BookingFixtures.iso;
import static se.servicekontor.videomote.bookings.BookingFixtures.tomorrow;
import static se.servicekontor.videomote.bookings.BookingFixtures.world;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import se.servicekontor.videomote.bookings.BookingFixtures.World;
import se.servicekontor.videomote.notifications.Mails;
import se.servicekontor.videomote.notifications.NotificationServers;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
@WithTestResource(NotificationServers.class)
class PublicBookingTest {

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final String CODE = "^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$";

    /** A client address of its own, so that no test shares a rate-limit bucket with another. */
    private static String client() {
        int n = CLIENTS.incrementAndGet() + (int) (Math.random() * 1000) * 1000;
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    private static Map<String, Object> request(World w, String start, Map<String, Object> visitor, String locale) {
        Map<String, Object> body = new HashMap<>();
        body.put("office", w.office());
        body.put("agency", w.agencyCode());
        body.put("service", SHORT);
        body.put("start", start);
        body.put("visitor", visitor);
        if (locale != null) {
            body.put("locale", locale);
        }
        return body;
    }

    private static Response book(String client, Map<String, Object> body) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(body)
                .post("/api/v1/public/bookings");
    }

    private static Response manage(String client, String verb, String reference, String code, Object body) {
        var spec = given().header("X-Forwarded-For", client);
        if (code != null) {
            spec.header("X-Manage-Code", code);
        }
        if (body != null) {
            spec.contentType(ContentType.JSON).body(body);
        }
        return switch (verb) {
            case "get" -> spec.get("/api/v1/public/bookings/" + reference);
            case "cancel" -> spec.post("/api/v1/public/bookings/" + reference + "/cancel");
            default -> spec.post("/api/v1/public/bookings/" + reference + "/reschedule");
        };
    }

    private static String email() {
        return TestData.slug("visitor") + "@example.se";
    }

    @Test
    void shouldLetAVisitorFindASlotBookGetTheInvitationRescheduleAndCancelWithTheManageCode() throws Exception {
        LocalDate day = tomorrow();
        World w = world(1, 1, day);
        String client = client();
        String email = email();

        given().header("X-Forwarded-For", client).queryParam("agency", w.agencyCode()).queryParam("service", SHORT)
                .queryParam("office", w.office()).queryParam("from", day.toString()).queryParam("to", day.toString())
                .get("/api/v1/public/availability")
                .then().statusCode(200).body("start", hasItem(iso(day, "10:00")));

        Response booked = book(client, request(w, iso(day, "10:00"), Map.of("name", "Anna Andersson", "email", email),
                null));
        booked.then().statusCode(201).body("status", equalTo("BOOKED")).body("start", equalTo(iso(day, "10:00")))
                .body("manageCode", matchesPattern(CODE)).body("officer", nullValue()).body("room", nullValue())
                .body("id", nullValue());
        String reference = booked.path("reference");
        String code = booked.path("manageCode");
        assertThat(booked.header("Location")).endsWith("/api/v1/public/bookings/" + reference);
        UUID bookingId = (UUID) Sql.value("SELECT id FROM booking WHERE reference = ?", reference);

        // Only a hash of the code is kept, and never in the idempotency store or the log of events.
        byte[] hash = (byte[]) Sql.value("SELECT manage_code_hash FROM booking WHERE id = ?", bookingId);
        assertThat(hash).hasSize(32);
        assertThat(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(code);
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE data::text LIKE ?", "%" + code + "%")).isZero();

        // The confirmation arrives over SMTP with a calendar invitation that ical4j accepts.
        MimeMessage confirmation = Mails.await(email, 1).get(0);
        assertThat(Mails.subject(confirmation)).contains(reference).contains("Bokningsbekräftelse");
        assertThat(Mails.text(confirmation)).contains(code).contains("Anna Andersson").contains("kl. 10:00");
        Mails.Invitation first = Mails.invitation(confirmation);
        assertThat(first.method()).isEqualTo("REQUEST");
        assertThat(first.uid()).isEqualTo("booking-" + bookingId + "@videomote.servicekontor.se");
        assertThat(first.sequence()).isZero();
        assertThat(first.start()).isEqualTo(at(day, "10:00").toInstant());
        assertThat(first.startZone()).isEqualTo(BookingFixtures.STOCKHOLM.getId());
        assertThat(first.end()).isEqualTo(at(day, "10:30").toInstant());
        // Once sent, the text (with the code) is gone from the outbox.
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count(
                "SELECT count(*) FROM notification WHERE booking_id = ? AND kind = 'CONFIRMATION' AND status = 'SENT' "
                        + "AND body IS NULL AND calendar IS NULL", bookingId) == 1);

        manage(client, "get", reference, code, null).then().statusCode(200).body("reference", equalTo(reference))
                .body("status", equalTo("BOOKED")).body("manageCode", nullValue()).body("officer", nullValue())
                .body("visitor", nullValue());
        // Case and grouping of what the visitor types do not matter.
        manage(client, "get", reference.toLowerCase().replace("-", ""), code.toLowerCase().replace("-", " "), null)
                .then().statusCode(200);

        manage(client, "reschedule", reference, code, Map.of("start", iso(day, "11:00"))).then().statusCode(200)
                .body("start", equalTo(iso(day, "11:00"))).body("status", equalTo("BOOKED"));
        MimeMessage moved = Mails.await(email, 2).get(1);
        assertThat(Mails.subject(moved)).contains("Ny tid");
        Mails.Invitation second = Mails.invitation(moved);
        assertThat(second.method()).isEqualTo("REQUEST");
        assertThat(second.uid()).isEqualTo(first.uid());
        assertThat(second.sequence()).isEqualTo(1);
        assertThat(second.start()).isEqualTo(at(day, "11:00").toInstant());
        assertThat(second.end()).isEqualTo(at(day, "11:30").toInstant());

        manage(client, "cancel", reference, code, null).then().statusCode(200).body("status", equalTo("CANCELLED"));
        MimeMessage cancelled = Mails.await(email, 3).get(2);
        Mails.Invitation third = Mails.invitation(cancelled);
        assertThat(third.method()).isEqualTo("CANCEL");
        assertThat(third.status()).isEqualTo("CANCELLED");
        assertThat(third.uid()).isEqualTo(first.uid());
        assertThat(third.sequence()).isEqualTo(2);
        assertThat(BookingFixtures.status(bookingId)).isEqualTo("CANCELLED");

        // No reminder of the booking is left to go out.
        assertThat(Sql.count("SELECT count(*) FROM notification WHERE booking_id = ? AND kind = 'REMINDER'", bookingId))
                .isPositive();
        assertThat(Sql.count("SELECT count(*) FROM notification WHERE booking_id = ? AND kind = 'REMINDER' "
                + "AND status <> 'CANCELLED'", bookingId)).isZero();

        // The desk sees what was sent, never the text or the address.
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count(
                "SELECT count(*) FROM notification WHERE booking_id = ? AND status = 'SENT'", bookingId) == 3);
        String listed = given().auth().oauth2(Tokens.desk(w.office())).queryParam("booking", bookingId.toString())
                .get("/api/v1/notifications").then().statusCode(200)
                .body("findAll { it.kind == 'CONFIRMATION' }.status", hasItem("SENT"))
                .body("findAll { it.kind == 'CANCELLED' }.channel", hasItem("EMAIL"))
                .body("findAll { it.kind == 'REMINDER' }.status", hasItem("CANCELLED"))
                .body("[0].sentAt", notNullValue())
                .extract().asString();
        assertThat(listed).doesNotContain(email).doesNotContain("Anna").doesNotContain(code)
                .doesNotContain("recipient").doesNotContain("body");
        // Another office's desk and a kiosk see nothing.
        String other = TestData.office(w.agencyCode()).id();
        given().auth().oauth2(Tokens.desk(other)).queryParam("booking", bookingId.toString())
                .get("/api/v1/notifications").then().statusCode(404);
        given().auth().oauth2(Tokens.kiosk(w.office())).queryParam("booking", bookingId.toString())
                .get("/api/v1/notifications").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).queryParam("booking", "nope").get("/api/v1/notifications").then()
                .statusCode(400).body("errors[0].field", equalTo("booking"));
    }

    @Test
    void shouldAnswerAWrongOrMissingCodeExactlyLikeAnUnknownReference() {
        LocalDate day = tomorrow();
        World w = world(1, 1, day);
        String client = client();
        Response booked = book(client, request(w, iso(day, "13:00"), Map.of("name", "Bo Berg", "phone", "070-1234567"),
                "en"));
        booked.then().statusCode(201);
        String reference = booked.path("reference");
        String code = booked.path("manageCode");
        String unknown = reference.equals("ZZZ-ZZZ") ? "YYY-YYY" : "ZZZ-ZZZ";
        String wrongCode = code.substring(0, code.length() - 1) + (code.endsWith("2") ? "3" : "2");

        String missing = manage(client, "get", reference, null, null).then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        String wrong = manage(client, "get", reference, wrongCode, null).then().statusCode(404).extract().asString();
        String garbage = manage(client, "get", reference, "x", null).then().statusCode(404).extract().asString();
        assertThat(wrong).isEqualTo(missing).isEqualTo(garbage);
        // An unknown reference answers the same, but for the reference it names.
        String unknownBody = manage(client, "get", unknown, code, null).then().statusCode(404).extract().asString();
        assertThat(unknownBody.replace(unknown, reference)).isEqualTo(missing);
        // A staff booking has no manage code: the public API does not know it.
        Map<String, Object> staff = w.request(SHORT, at(day, "14:00"));
        String staffReference = BookingFixtures.book(Tokens.admin(), staff).then().statusCode(201).extract()
                .path("reference");
        String staffBody = manage(client, "get", staffReference, code, null).then().statusCode(404).extract().asString();
        assertThat(staffBody.replace(staffReference, reference)).isEqualTo(missing);

        // Nothing changes with a wrong code.
        manage(client, "cancel", reference, wrongCode, null).then().statusCode(404);
        manage(client, "reschedule", reference, wrongCode, Map.of("start", iso(day, "15:00"))).then().statusCode(404);
        manage(client, "get", reference, code, null).then().statusCode(200).body("status", equalTo("BOOKED"))
                .body("start", equalTo(iso(day, "13:00")));
    }

    @Test
    void shouldRefuseAPersonalNumberAndRequireAPhoneOrAnEmail() {
        LocalDate day = tomorrow();
        World w = world(1, 1, day);
        String client = client();
        book(client, request(w, iso(day, "10:00"), Map.of("name", "Cecilia"), null)).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("visitor"));
        book(client, request(w, iso(day, "10:00"),
                Map.of("name", "Cecilia", "email", email(), "personalNumber", "811218-9876"), null))
                .then().statusCode(400).body("errors.field", hasItem("visitor.personalNumber"));
        book(client, request(w, iso(day, "10:00"), Map.of("name", "Cecilia", "email", email()), "de"))
                .then().statusCode(400).body("errors.field", hasItem("locale"));
        assertThat(BookingFixtures.bookings(w.office())).isZero();
    }

    @Test
    void shouldReplayAnIdempotentBookingWithoutItsCodeAndBookOnce() {
        LocalDate day = tomorrow();
        World w = world(1, 1, day);
        String client = client();
        Map<String, Object> body = request(w, iso(day, "09:00"), Map.of("name", "Dan", "email", email()), "en");
        String key = UUID.randomUUID().toString();
        Response first = given().header("X-Forwarded-For", client).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/v1/public/bookings");
        first.then().statusCode(201).body("manageCode", matchesPattern(CODE));
        given().header("X-Forwarded-For", client).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/public/bookings").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("reference", equalTo(first.path("reference")))
                .body("manageCode", nullValue());
        assertThat(BookingFixtures.bookings(w.office())).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM idempotency_key WHERE response_body LIKE ?",
                "%" + first.path("manageCode") + "%")).isZero();
    }

    @Test
    void shouldNeverDoubleBookASlotThatVisitorsRaceFor() throws Exception {
        LocalDate day = tomorrow();
        World w = world(1, 1, day);
        int visitors = 8;
        ExecutorService pool = Executors.newFixedThreadPool(visitors);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < visitors; i++) {
                String client = client();
                calls.add(() -> book(client, request(w, iso(day, "12:00"), Map.of("name", "V", "email", email()), null))
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(BookingFixtures.bookings(w.office())).isEqualTo(1);
        assertThat(BookingFixtures.roomOverlaps(w.office())).isZero();
        assertThat(BookingFixtures.officerOverlaps(w.office())).isZero();
    }

    @Test
    void shouldRateLimitEveryPublicEndpointPerClientAddress() {
        LocalDate day = tomorrow();
        World w = world(1, 1, day);
        String greedy = client();
        int ok = 0;
        Response last = null;
        for (int i = 0; i < 100; i++) {
            last = given().header("X-Forwarded-For", greedy).queryParam("agency", w.agencyCode())
                    .queryParam("service", SHORT).queryParam("office", w.office()).get("/api/v1/public/availability");
            if (last.statusCode() != 200) {
                break;
            }
            ok++;
        }
        // A burst of 20, refilled at one a second while the loop runs.
        assertThat(ok).isBetween(20, 60);
        last.then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        // Another client is not affected.
        given().header("X-Forwarded-For", client()).queryParam("agency", w.agencyCode()).queryParam("service", SHORT)
                .queryParam("office", w.office()).get("/api/v1/public/availability").then().statusCode(200);

        // Bookings: over the limit nothing is created.
        String booker = client();
        int created = 0;
        int limited = 0;
        String[] times = { "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30" };
        for (String time : times) {
            int status = book(booker, request(w, iso(day, time), Map.of("name", "E", "email", email()), null))
                    .statusCode();
            if (status == 201) {
                created++;
            } else if (status == 429) {
                limited++;
            }
        }
        // A burst of 5, refilled at one per 6 s: the first 5 are booked, later ones limited (one may have refilled).
        assertThat(created).isBetween(5, 6);
        assertThat(limited).isEqualTo(times.length - created);
        assertThat(BookingFixtures.bookings(w.office())).isEqualTo(created);

        // Guessing codes: limited too.
        String guesser = client();
        int guesses = 0;
        int status = 404;
        while (status == 404 && guesses < 60) {
            status = manage(guesser, "get", "ABC-DEF", "AAAA-AAAA-AAAA-AAAA-AAAA", null).statusCode();
            guesses++;
        }
        assertThat(status).isEqualTo(429);
        assertThat(guesses).isBetween(11, 30);
    }
}
