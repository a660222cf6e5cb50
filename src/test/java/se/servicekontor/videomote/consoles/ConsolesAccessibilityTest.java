package se.servicekontor.videomote.consoles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.consoles.ConsoleBrowser.Screen;
import se.servicekontor.videomote.testing.Tokens;

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) finds nothing on any screen, in Swedish and in English, with live data on
 * it: a ticket waiting and one called to a room, so the queue, the called ticket, the visit card and the room's
 * "your meeting starts" are all checked; also the pairing form of a device screen without a token.
 */
@QuarkusTest
class ConsolesAccessibilityTest {

    @TestHTTPResource("/")
    java.net.URL root;

    @Test
    void shouldHaveNoAxeViolationsOnAnyScreenInSwedishOrEnglish() {
        ConsoleFixtures f = ConsoleFixtures.create();
        f.walkIn("Ett Namn");
        f.walkIn(null);
        given().auth().oauth2(f.officerToken()).contentType(ContentType.JSON).body(Map.of("presence", "AVAILABLE"))
                .put("/api/v1/officers/" + f.officer() + "/presence").then().statusCode(200);
        given().auth().oauth2(f.officerToken()).post("/api/v1/officers/" + f.officer() + "/next").then().statusCode(200);

        Map<String, String> screens = Map.of(
                "desk", "/desk/?lang=%s#token=" + f.deskToken(),
                "officer", "/officer/?lang=%s#token=" + f.officerToken(),
                "kiosk", "/kiosk/?lang=%s#token=" + f.kioskToken(),
                "display", "/display/?lang=%s#token=" + f.kioskToken(),
                "room", "/room/?lang=%s#token=" + f.roomToken(),
                "admin", "/admin/?lang=%s&office=" + f.office() + "#token=" + Tokens.admin());
        List<String> found = new ArrayList<>();
        try (ConsoleBrowser browser = new ConsoleBrowser(root)) {
            for (String lang : List.of("sv", "en")) {
                for (Map.Entry<String, String> screen : screens.entrySet()) {
                    Screen s = browser.open(String.format(screen.getValue(), lang));
                    s.waitLive();
                    s.waitFor("document.documentElement.lang === '" + lang + "'");
                    if (screen.getKey().equals("display")) {
                        s.waitForText("#called", f.roomName());
                    } else if (screen.getKey().equals("officer")) {
                        s.waitFor("document.querySelector('#card .visit-ticket') !== null");
                    } else if (screen.getKey().equals("room")) {
                        s.waitFor("document.body.dataset.view === 'called' || document.body.dataset.view === 'call'");
                    } else if (screen.getKey().equals("desk")) {
                        s.waitForText("#held", "Ett Namn");
                    }
                    found.addAll(violations(screen.getKey() + " (" + lang + ")", s));
                    if (screen.getKey().equals("kiosk")) {
                        // The kiosk's other steps.
                        s.page().click("[data-agency='" + f.agency().code() + "']");
                        found.addAll(violations("kiosk service (" + lang + ")", s));
                        s.page().click("[data-service='svc-a']");
                        found.addAll(violations("kiosk language (" + lang + ")", s));
                        s.page().click("#take");
                        s.waitFor("document.body.dataset.step === 'ticket'");
                        found.addAll(violations("kiosk ticket (" + lang + ")", s));
                    }
                    s.assertNoScriptErrors();
                    s.context().close();
                }
                Screen pairing = browser.open("/display/?lang=" + lang);
                pairing.waitFor("document.getElementById('pairing-code') !== null");
                found.addAll(violations("pairing (" + lang + ")", pairing));
                pairing.context().close();
            }
        }
        assertThat(found).isEmpty();
    }

    private static List<String> violations(String where, Screen s) {
        AxeResults results = new AxeBuilder(s.page())
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")).analyze();
        List<String> out = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            rule.getNodes().forEach(n -> out.add(where + ": " + rule.getId() + " – " + rule.getHelp() + " – " + n.getHtml()));
        }
        return out;
    }
}
