package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import se.servicekontor.videomote.testing.Instances;
import se.servicekontor.videomote.testing.LiveClient;

/**
 * SIGTERM while a request is being served: the live clients are told to resume elsewhere (1001), the request still
 * completes and is committed, then the instance exits.
 */
class GracefulShutdownIT {

    private static Instances instances;

    @BeforeAll
    static void start() throws Exception {
        instances = new Instances();
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void shouldFinishARequestInFlightWhenStoppedAndThenExitAtOnce() throws Exception {
        Instances.Instance a = instances.start("graceful");
        Instances.AgencyOffice ao = instances.agencyAndOffice(a);
        String desk = instances.desk(ao.office());
        // A live client was served and is still connected when the instance stops.
        LiveClient live = LiveClient.connect("/ws/v1/offices/" + ao.office() + "/desk", desk, a.port());
        assertThat(live.next().getString("type")).isEqualTo("snapshot");

        // HTTP/1.1, as a load balancer speaks to its backends (JDK 17's HTTP/2 client fails a stream in flight on GOAWAY).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"agency\":\"" + ao.agency() + "\",\"service\":\"s\",\"afterHours\":true}";
        CompletableFuture<HttpResponse<String>> ticket;
        long stopped;
        try (Connection sql = instances.sql(); Statement s = sql.createStatement()) {
            // Hold the ticket counters: the ticket's transaction waits on them, in flight, while the instance stops.
            sql.setAutoCommit(false);
            s.execute("LOCK TABLE ticket_counter IN EXCLUSIVE MODE");
            ticket = http.sendAsync(HttpRequest.newBuilder(URI.create(a.url("/api/v1/offices/" + ao.office() + "/visits")))
                    .header("Authorization", "Bearer " + desk).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1000); // the request has reached the lock
            assertThat(ticket).isNotDone();
            a.process().destroy(); // SIGTERM
            Thread.sleep(1500);
            assertThat(a.process().isAlive()).as("still draining its request").isTrue();
            sql.commit();
            stopped = System.nanoTime();
        }
        HttpResponse<String> answer = ticket.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        // Within quarkus.shutdown.timeout (3 s) after the last request, and Quarkus's wait for the live socket.
        assertThat(a.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("exit after the last request")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(live.closeCode(Duration.ofSeconds(2))).isEqualTo((short) 1001);
        String id = answer.body().replaceAll(".*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
        try (Connection sql = instances.sql(); Statement s = sql.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM visit WHERE id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the answered ticket is committed").isEqualTo(1);
        }
    }
}
