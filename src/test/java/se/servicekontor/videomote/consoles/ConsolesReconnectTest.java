package se.servicekontor.videomote.consoles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import se.servicekontor.videomote.consoles.ConsoleBrowser.Screen;
import se.servicekontor.videomote.testing.Sql;

/**
 * The server closes the display's and the desk's sockets again and again while tickets are issued and cancelled:
 * both screens reconnect by themselves with ?after=, without a reload, and end with exactly the server's state,
 * having handled every event of their stream once (no gap, no repeat, no resync snapshot).
 */
@QuarkusTest
class ConsolesReconnectTest {

    @TestHTTPResource("/")
    java.net.URL root;

    @Inject
    OpenConnections connections;

    @Test
    void shouldCatchUpAfterTheServerClosesTheSocketWithoutReloadLossOrRepeat() {
        ConsoleFixtures f = ConsoleFixtures.create();
        try (ConsoleBrowser browser = new ConsoleBrowser(root)) {
            Screen display = browser.open("/display/#token=" + f.kioskToken());
            Screen desk = browser.open("/desk/#token=" + f.deskToken());
            List<Screen> screens = List.of(display, desk);
            for (Screen s : screens) {
                s.waitLive();
                s.page().evaluate("window.noReload = true");
            }

            List<String> visits = new ArrayList<>();
            int rounds = 3;
            for (int round = 0; round < rounds; round++) {
                visits.add(f.walkIn("Besökare " + round));
                visits.add(f.walkIn(null));
                assertThat(close(f.office())).isEqualTo(2);
                // Events while the screens are away.
                visits.add(f.walkIn(null));
                f.cancel(visits.get(round));
                visits.add(f.walkIn("Besökare x" + round));
                int reconnects = round + 1;
                for (Screen s : screens) {
                    s.waitFor("window.videomote.live.stats.reconnects >= " + reconnects
                            + " && document.body.dataset.live === 'live'");
                }
            }

            List<String> waiting = given().auth().oauth2(f.deskToken()).get("/api/v1/offices/" + f.office() + "/queue")
                    .then().statusCode(200).extract().jsonPath().getList("waiting.ticket");
            assertThat(waiting).hasSize(visits.size() - rounds);
            String expected = String.join(",", waiting.stream().sorted().toList());
            display.waitFor("e => [...window.videomote.state.waiting.keys()].sort().join(',') === e", expected);
            desk.waitFor("e => [...window.videomote.state.waiting.values()].map(v => v.ticket).sort().join(',') === e",
                    expected);

            for (String stream : List.of("display:" + f.office(), "desk:" + f.office())) {
                Screen s = stream.startsWith("display") ? display : desk;
                long head = ((Number) Sql.value("SELECT last_seq FROM live_stream WHERE stream = ?", stream)).longValue();
                s.waitFor("window.videomote.live.seq === " + head);
                assertThat(s.page().evaluate("window.noReload")).isEqualTo(true);
                assertThat(s.page().evaluate("window.videomote.live.stats.duplicates")).isEqualTo(0);
                assertThat(s.page().evaluate("window.videomote.live.stats.gaps")).isEqualTo(0);
                assertThat(s.page().evaluate("window.videomote.live.stats.snapshots")).as("no resync").isEqualTo(1);
                assertThat(((Number) s.page().evaluate("window.videomote.live.stats.connects")).intValue())
                        .isGreaterThanOrEqualTo(rounds + 1);
                s.assertNoScriptErrors();
            }
        }
    }

    /** Closes the office's display and desk connections from the server; how many. */
    private int close(String office) {
        List<WebSocketConnection> open = new ArrayList<>();
        for (String endpoint : List.of("live-display", "live-desk")) {
            connections.findByEndpointId(endpoint).stream()
                    .filter(c -> office.equals(c.pathParam("officeId")))
                    .forEach(open::add);
        }
        open.forEach(c -> c.close().await().atMost(Duration.ofSeconds(10)));
        return open.size();
    }
}
