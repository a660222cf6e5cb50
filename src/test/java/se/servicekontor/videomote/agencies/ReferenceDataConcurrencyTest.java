package se.servicekontor.videomote.agencies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Concurrent maintenance requests: the database keeps shifts apart and room names unique, checked in the rows. */
@QuarkusTest
class ReferenceDataConcurrencyTest {

    private static final int CLIENTS = 8;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(CLIENTS);

    @AfterAll
    static void stop() {
        THREADS.shutdownNow();
    }

    private static List<Integer> all(List<Callable<Integer>> calls) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> c : calls) {
            futures.add(THREADS.submit(c));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : futures) {
            statuses.add(f.get());
        }
        return statuses;
    }

    @Test
    void shouldGenerateOneOfConcurrentOverlappingTemplatesAndNoOverlappingShift() throws Exception {
        var agency = TestData.agency();
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate from = LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(1)
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String start = "0" + (8 + i % 2) + ":00"; // 08:00 or 09:00: every template overlaps every other
            calls.add(() -> given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("from", from.toString(), "to", from.plusWeeks(2).toString(), "skipHolidays", false,
                            "weekly", List.of(Map.of("day", "MONDAY", "start", start, "end", "12:00"),
                                    Map.of("day", "THURSDAY", "start", start, "end", "12:00"))))
                    .post("/api/v1/officers/" + officer + "/shifts/generate").then().extract().statusCode());
        }
        List<Integer> statuses = all(calls);
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", officer)).isEqualTo(5); // Mondays from, +1 and +2 weeks; Thursdays of the first two weeks
        assertThat(Sql.count("""
                SELECT count(*) FROM officer_shift a JOIN officer_shift b ON a.id <> b.id AND a.officer_id = b.officer_id
                 AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.officer_id = ?""",
                officer)).isZero();
    }

    @Test
    void shouldGiveARoomNameToOneOfConcurrentRenames() throws Exception {
        String office = TestData.office(TestData.agency().code()).id();
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            rooms.add(TestData.room(office, "Rum " + i));
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        for (UUID room : rooms) {
            calls.add(() -> given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", "Stora rummet")).patch("/api/v1/offices/" + office + "/rooms/" + room)
                    .then().extract().statusCode());
        }
        List<Integer> statuses = all(calls);
        assertThat(statuses).containsOnly(200, 409);
        assertThat(Sql.count("SELECT count(*) FROM room WHERE office_id = ? AND lower(name) = 'stora rummet'", office))
                .isEqualTo(1);
    }
}
