package se.servicekontor.videomote.bookings;

import static org.assertj.core.api.Assertions.assertThat;
import static se.servicekontor.videomote.bookings.BookingFixtures.LONG;
import static se.servicekontor.videomote.bookings.BookingFixtures.SHORT;
import static se.servicekontor.videomote.bookings.BookingFixtures.at;
import static se.servicekontor.videomote.bookings.BookingFixtures.bookings;
import static se.servicekontor.videomote.bookings.BookingFixtures.officerOverlaps;
import static se.servicekontor.videomote.bookings.BookingFixtures.roomOverlaps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.bookings.BookingFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Many clients at once, each on its own thread and connection, all released together; the database is checked
 * afterwards, not only the answers.
 */
@QuarkusTest
class BookingConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 32;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(CLIENTS);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/")
    URI base;

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    private record Answer(int status, JsonNode body, Map<String, Object> request) {
    }

    private HttpRequest post(String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Tokens.admin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return request.build();
    }

    /** Sends every request at the same moment from {@link #CLIENTS} threads and collects the answers. */
    private List<Answer> allAtOnce(List<Map<String, Object>> bodies, List<HttpRequest> requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            HttpRequest request = requests.get(i);
            Map<String, Object> body = bodies.get(i);
            Callable<Answer> call = () -> {
                go.await();
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), JSON.readTree(response.body()), body);
            };
            futures.add(THREADS.submit(call));
        }
        go.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get(120, TimeUnit.SECONDS));
        }
        return answers;
    }

    @Test
    void shouldNeverDoubleBookAndNeverRefuseAFreeSlotUnderManyConcurrentRequests() throws Exception {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 3, day);
        String[][] slots = { { SHORT, "08:00" }, { SHORT, "08:30" }, { SHORT, "09:00" }, { SHORT, "09:30" },
                { LONG, "08:00" }, { LONG, "09:00" } };
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String[] slot = slots[i % slots.length];
            Map<String, Object> body = w.request(slot[0], at(day, slot[1]));
            bodies.add(body);
            requests.add(post("/api/v1/bookings", body, Map.of()));
        }

        List<Answer> answers = allAtOnce(bodies, requests);

        assertThat(answers).extracting(Answer::status).allMatch(s -> s == 201 || s == 409);
        List<String> ids = answers.stream().filter(a -> a.status() == 201).map(a -> a.body().get("id").asText()).toList();
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(bookings(w.office())).isEqualTo(ids.size());
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ? AND status = 'BOOKED'", w.office()))
                .isEqualTo(ids.size());
        assertThat(roomOverlaps(w.office())).isZero();
        assertThat(officerOverlaps(w.office())).isZero();
        assertThat(dayLoadMismatches(w.office())).isZero();
        // Two rooms for two hours hold at most eight half-hour meetings.
        assertThat(ids.size()).isBetween(4, 8);

        // Bookings only grew during the run, so a slot refused then is still full now: nobody was refused a slot
        // that had room for them just because a concurrent request got in the way.
        Set<String> refused = new HashSet<>();
        for (Answer a : answers) {
            if (a.status() == 409) {
                refused.add(a.request().get("service") + " " + a.request().get("start"));
            }
        }
        for (String service : List.of(SHORT, LONG)) {
            List<String> free = BookingFixtures.availability(Tokens.admin(), w.agencyCode(), service, w.office(), day, day)
                    .then().statusCode(200).extract().jsonPath().getList("start", String.class);
            for (String start : free) {
                assertThat(refused).as("refused although free").doesNotContain(
                        service + " " + java.time.OffsetDateTime.parse(start));
            }
        }
    }

    @Test
    void shouldFillEverySlotToCapacityWhenExactlyThatManyAskForItAtOnce() throws Exception {
        LocalDate day = BookingFixtures.tomorrow();
        int rooms = 4;
        World w = BookingFixtures.world(rooms, rooms, day, day.plusDays(1));
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (LocalDate date : List.of(day, day.plusDays(1))) {
            for (int minute = 8 * 60; minute < 17 * 60; minute += 30) {
                String time = String.format("%02d:%02d", minute / 60, minute % 60);
                for (int i = 0; i < rooms; i++) {
                    Map<String, Object> body = w.request(SHORT, at(date, time));
                    bodies.add(body);
                    requests.add(post("/api/v1/bookings", body, Map.of()));
                }
            }
        }

        List<Answer> answers = allAtOnce(bodies, requests);

        // Each slot has exactly as many rooms and officers as requests: a lost race must lead to another pick,
        // never to a refusal.
        assertThat(answers).hasSize(144).extracting(Answer::status).containsOnly(201);
        assertThat(bookings(w.office())).isEqualTo(144);
        for (Answer a : answers) {
            assertThat(Sql.count("SELECT count(*) FROM booking WHERE id = ? AND reference = ? AND room_id = ? AND officer_id = ?",
                    UUID.fromString(a.body().get("id").asText()), a.body().get("reference").asText(),
                    UUID.fromString(a.body().at("/room/id").asText()), UUID.fromString(a.body().at("/officer/id").asText())))
                    .as("the answer describes the row written").isEqualTo(1);
        }
        assertThat(roomOverlaps(w.office())).isZero();
        assertThat(officerOverlaps(w.office())).isZero();
    }

    @Test
    void shouldCreateExactlyOneBookingForOneIdempotencyKeySentManyTimesAtOnce() throws Exception {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(3, 3, day);
        Map<String, Object> body = w.request(SHORT, at(day, "11:00"));
        String key = UUID.randomUUID().toString();
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(body);
            requests.add(post("/api/v1/bookings", body, Map.of("Idempotency-Key", key)));
        }

        List<Answer> answers = allAtOnce(bodies, requests);

        assertThat(answers).extracting(Answer::status).containsOnly(201);
        assertThat(answers.stream().map(a -> a.body().get("id").asText()).distinct()).hasSize(1);
        assertThat(answers.stream().map(a -> a.body().get("reference").asText()).distinct()).hasSize(1);
        assertThat(bookings(w.office())).isEqualTo(1);
    }

    @Test
    void shouldGiveASlotToOnlyAsManyMovesAndNewBookingsAsItHoldsWhenTheyComeAtOnce() throws Exception {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 3, day);
        List<UUID> ids = new ArrayList<>();
        for (String time : List.of("11:00", "11:00", "12:00", "12:00", "13:00", "13:00")) {
            ids.add(BookingFixtures.booked(w.request(SHORT, at(day, time))));
        }
        String nine = at(day, "09:00").toString();
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            if (i % 4 == 0) {
                UUID id = ids.get(i / 4);
                bodies.add(Map.of("start", nine, "id", id.toString()));
                requests.add(post("/api/v1/bookings/" + id + "/reschedule", Map.of("start", nine), Map.of()));
            } else {
                Map<String, Object> body = w.request(SHORT, at(day, "09:00"));
                bodies.add(body);
                requests.add(post("/api/v1/bookings", body, Map.of()));
            }
        }

        List<Answer> answers = allAtOnce(bodies, requests);

        assertThat(answers).extracting(Answer::status).allMatch(s -> s == 200 || s == 201 || s == 409);
        // two rooms: two meetings at nine, whichever requests got them
        assertThat(answers.stream().filter(a -> a.status() != 409)).hasSize(2);
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ? AND starts_at = ?", w.office(),
                at(day, "09:00"))).isEqualTo(2);
        assertThat(bookings(w.office())).isEqualTo(6 + answers.stream().filter(a -> a.status() == 201).count());
        for (Answer a : answers) {
            if (a.status() == 409 && a.request().containsKey("id")) {
                UUID id = UUID.fromString((String) a.request().get("id"));
                assertThat(Sql.count("SELECT count(*) FROM booking WHERE id = ? AND starts_at <> ? AND status = 'BOOKED'",
                        id, at(day, "09:00"))).as("untouched").isEqualTo(1);
            }
        }
        assertThat(roomOverlaps(w.office())).isZero();
        assertThat(officerOverlaps(w.office())).isZero();
        assertThat(dayLoadMismatches(w.office())).isZero();
    }

    @Test
    void shouldGiveEachBookingToTheOfficerWithTheFewestBookingsThatDay() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(1, 2, day);
        for (String time : List.of("08:00", "09:00", "10:00", "11:00", "12:00", "13:00")) {
            BookingFixtures.booked(w.request(SHORT, at(day, time)));
        }
        // One after another, each to whoever has fewer that day: three each, whichever way the ties fell.
        for (UUID officer : w.officers()) {
            assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ? AND officer_id = ?", w.office(),
                    officer)).as("bookings of officer %s", officer).isEqualTo(3);
        }
        assertThat(dayLoadMismatches(w.office())).isZero();
    }

    @Test
    void shouldPassOverTheLeastBookedOfficerWhenThatOfficerIsTakenAtTheTimeAsked() {
        LocalDate day = BookingFixtures.tomorrow();
        World w = BookingFixtures.world(2, 2, day);
        UUID first = officerOf(BookingFixtures.booked(w.request(SHORT, at(day, "09:00"))));
        UUID second = officerOf(BookingFixtures.booked(w.request(SHORT, at(day, "10:00"))));
        assertThat(second).as("the officer with no booking yet that day").isNotEqualTo(first);
        UUID third = officerOf(BookingFixtures.booked(w.request(SHORT, at(day, "11:00"))));
        UUID fewest = third.equals(first) ? second : first;
        // The officer with the fewest bookings that day ranks first, but is in a meeting at that time already.
        String taken = fewest.equals(first) ? "09:00" : "10:00";

        UUID fourth = officerOf(BookingFixtures.booked(w.request(SHORT, at(day, taken))));

        assertThat(fourth).isEqualTo(third);
        assertThat(officerOverlaps(w.office())).isZero();
        assertThat(dayLoadMismatches(w.office())).isZero();
    }

    private static UUID officerOf(UUID booking) {
        return (UUID) Sql.value("SELECT officer_id FROM booking WHERE id = ?", booking);
    }

    /**
     * Officer-days of the office's officers whose maintained load (what the pick orders by) differs from a recount
     * of their bookings (or whose agency is not the bookings'), after concurrent inserts and moves.
     */
    private static long dayLoadMismatches(String office) {
        return Sql.count("""
                WITH officers AS (SELECT DISTINCT officer_id FROM booking WHERE office_id = ?),
                recount AS (
                    SELECT b.officer_id, (b.starts_at AT TIME ZONE o.time_zone)::date AS day, b.agency_code,
                           count(*) AS n
                      FROM booking b JOIN office o ON o.id = b.office_id
                     WHERE b.officer_id IN (SELECT officer_id FROM officers)
                       AND b.status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED')
                     GROUP BY 1, 2, 3)
                SELECT count(*) FROM recount r
                  FULL JOIN (SELECT * FROM officer_day_load
                              WHERE officer_id IN (SELECT officer_id FROM officers) AND bookings > 0) l
                 USING (officer_id, day)
                 WHERE r.n IS DISTINCT FROM l.bookings OR r.agency_code IS DISTINCT FROM l.agency_code""", office);
    }
}
