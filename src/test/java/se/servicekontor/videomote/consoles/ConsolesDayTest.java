package se.servicekontor.videomote.consoles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.consoles.ConsoleBrowser.Screen;
import se.servicekontor.videomote.testing.Tokens;

/**
 * A whole day in miniature, driven only through the screens: the admin registers a kiosk, a display and a room
 * terminal and each screen pairs with its code (and stays paired over a reload), the kiosk issues two tickets, the display shows them
 * waiting, the officer goes available and takes the next visitor, the display calls the ticket to the room, the room
 * terminal and the officer connect the video call, the officer completes, the desk sees the room go to cleaning and
 * sets it back. Kiosk and display never receive a visitor's name. Screenshots go to docs/screens/.
 */
@QuarkusTest
class ConsolesDayTest {

    static final Path SCREENS = Path.of("docs/screens");

    @TestHTTPResource("/")
    java.net.URL root;

    static ConsoleBrowser browser;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    ConsoleBrowser browser() {
        if (browser == null) {
            browser = new ConsoleBrowser(root);
        }
        return browser;
    }


    @Test
    void shouldRunAWholeDayThroughTheScreens() throws Exception {
        ConsoleFixtures f = ConsoleFixtures.create();
        String visitorName = "Astrid Testsson-" + System.nanoTime();
        Files.createDirectories(SCREENS);

        // The admin registers the office's devices; each screen pairs with the code the admin screen shows.
        Screen admin = browser().open("/admin/?office=" + f.office() + "#token=" + Tokens.admin());
        admin.waitLive();
        admin.waitForText("#rooms", f.roomName());
        Screen kiosk = paired("/kiosk/?reset=2", pairingCode(admin, "KIOSK", "Kiosk vid entrén", null));
        Screen display = paired("/display/", pairingCode(admin, "DISPLAY", "Skärm i väntrummet", null));
        Screen room = paired("/room/?thanks=3", pairingCode(admin, "ROOM", "Terminal " + f.roomName(), f.room()));
        admin.waitFor("document.querySelectorAll('#devices tr').length === 3");
        // A kiosk keeps its pairing over a reload (a power cut): no pairing form, live again.
        kiosk.page().reload();
        kiosk.waitLive();
        assertThat(kiosk.page().querySelector("#pairing-code")).isNull();

        Screen desk = browser().open("/desk/#token=" + f.deskToken());
        Screen officer = browser().open("/officer/#token=" + f.officerToken());
        for (Screen s : List.of(desk, display, kiosk, room, officer)) {
            s.waitLive();
            // The token left the address bar once read.
            assertThat(s.page().url()).doesNotContain("token=");
        }
        shot(room, "room-idle");

        // The kiosk issues two tickets.
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            kiosk.page().click("[data-agency='" + f.agency().code() + "']");
            kiosk.page().click("[data-service='svc-a']");
            if (i == 1) {
                kiosk.page().click("[data-language='en']");
                kiosk.page().click("#interpreter-yes");
            }
            kiosk.page().click("#take");
            kiosk.waitFor("document.body.dataset.step === 'ticket'");
            String ticket = kiosk.page().textContent("#ticket").trim();
            assertThat(ticket).startsWith(f.agency().ticketPrefix());
            tickets.add(ticket);
            if (i == 0) {
                shot(kiosk, "kiosk-ticket");
            }
            // Back to the start by itself.
            kiosk.waitFor("document.body.dataset.step === 'agency'");
        }
        assertThat(tickets).doesNotHaveDuplicates();

        // The desk issues a third, with the visitor's name: the desk shows it, kiosk and display must never get it.
        desk.page().selectOption("#w-agency", f.agency().code());
        desk.page().selectOption("#w-service", "svc-b");
        desk.page().fill("#w-name", visitorName);
        desk.page().click("#walkin button[type=submit]");
        desk.waitForText("#printed-ticket", f.agency().ticketPrefix());
        desk.waitForText("#waiting", visitorName);

        // The display shows them waiting.
        display.waitForText("#agencies", "3");
        for (String t : tickets) {
            desk.waitForText("#waiting", t);
        }
        shot(display, "display-waiting");

        // The officer goes available and takes the next visitor: the first ticket.
        officer.page().check("input[name=presence][value=AVAILABLE]");
        officer.waitFor("!document.getElementById('next').disabled");
        officer.page().click("#next");
        officer.waitForText("#card", tickets.get(0));
        officer.waitForText("#card", f.roomName());

        // The display calls it to the room; the room terminal says the meeting starts, then the call connects.
        display.waitForText("#called", tickets.get(0));
        display.waitForText("#called", f.roomName());
        display.waitForText("#history", tickets.get(0));
        shot(display, "display-called");
        String connected = "window.videomote.state.call && window.videomote.state.call.pc"
                + " && window.videomote.state.call.pc.connectionState === 'connected'";
        room.waitFor(connected);
        officer.waitFor(connected);
        room.waitFor("document.body.dataset.view === 'call'");
        room.waitFor("document.getElementById('remote').srcObject"
                + " && document.getElementById('remote').srcObject.getVideoTracks().length === 1");
        desk.waitForText("#rooms", tickets.get(0));
        shot(room, "room-call");
        shot(officer, "officer-call");
        shot(desk, "desk");

        // Both sides joined the call, so the meeting started by itself (the start button is then disabled); the
        // officer completes it; the room terminal thanks and goes back to idle.
        officer.waitFor("document.querySelector('[data-status=IN_MEETING]') !== null");
        officer.page().click("#complete");
        officer.waitFor("window.videomote.state.visit === null");
        room.waitFor("document.body.dataset.view === 'thanks'");
        shot(room, "room-thanks");
        room.waitFor("document.body.dataset.view === 'idle'");

        // The desk sees the room go to cleaning, and sets it back.
        String roomStatus = "document.querySelector(\"[data-room='" + f.room() + "'] [data-status]\").dataset.status";
        desk.waitFor(roomStatus + " === 'CLEANING'");
        desk.page().click("[data-room='" + f.room() + "'] [data-room-action=AVAILABLE]");
        desk.waitFor(roomStatus + " === 'AVAILABLE'");
        given().auth().oauth2(f.deskToken()).get("/api/v1/offices/" + f.office() + "/rooms").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.id == '" + f.room() + "' }.status").contains("AVAILABLE");

        // The admin screen with the office and its paired devices.
        admin.page().reload();
        admin.waitLive();
        admin.waitFor("[...document.querySelectorAll('#devices tr td:nth-of-type(3)')].every(td => td.textContent !== '')");
        shot(admin, "admin");

        // Kiosk and display never received a visitor's name; the desk did.
        assertThat(String.join("\n", desk.frames())).contains(visitorName);
        for (Screen s : List.of(kiosk, display, room)) {
            assertThat(s.frames()).isNotEmpty();
            assertThat(String.join("\n", s.frames())).doesNotContain(visitorName).doesNotContain("visitorName")
                    .doesNotContain("personalNumber");
            assertThat(String.join("\n", s.bodies())).doesNotContain(visitorName).doesNotContain("visitorName")
                    .doesNotContain("personalNumber");
        }
        for (Screen s : List.of(desk, display, kiosk, room, officer, admin)) {
            s.assertNoScriptErrors();
            s.context().close();
        }
    }

    @Test
    void shouldLoadDisplayAndKioskFastAndKeepTheirHeapSteadyOverManyEvents() throws Exception {
        ConsoleFixtures f = ConsoleFixtures.create();
        for (int i = 0; i < 20; i++) {
            f.walkIn(null);
        }
        StringBuilder report = new StringBuilder();
        for (String screen : List.of("display", "kiosk")) {
            List<Double> loads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Screen s = browser().open("/" + screen + "/#token=" + f.kioskToken());
                s.waitLive();
                // Loaded: the live snapshot rendered and the office's names shown, in ms since navigation start.
                s.waitFor("window.videomote.live.stats.firstSnapshotAt > 0 && window.videomote.readyAt > 0");
                loads.add(((Number) s.page().evaluate(
                        "Math.max(window.videomote.live.stats.firstSnapshotAt, window.videomote.readyAt)")).doubleValue());
                s.context().close();
            }
            loads.sort(Double::compare);
            report.append(String.format("%s: navigation start to live snapshot and names rendered, 5 loads: %s ms (median %.0f)%n",
                    screen, loads, loads.get(2)));
            // The goal is under a second (docs/consoles.md has the figures); the bound here leaves room for a loaded
            // CI machine, and still catches a screen that waits for something it should not.
            assertThat(loads.get(2)).as("median load of %s in ms", screen).isLessThan(3000);
        }

        Screen display = browser().open("/display/#token=" + f.kioskToken());
        display.waitLive();
        Screen kiosk = browser().open("/kiosk/#token=" + f.kioskToken());
        kiosk.waitLive();
        List<Screen> screens = List.of(display, kiosk);
        List<CDPSession> sessions = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        for (Screen s : screens) {
            CDPSession cdp = s.context().newCDPSession(s.page());
            sessions.add(cdp);
            before.add(heap(cdp));
        }
        int rounds = 150;
        for (int i = 0; i < rounds; i++) {
            f.cancel(f.walkIn(null));
        }
        for (int i = 0; i < screens.size(); i++) {
            Screen s = screens.get(i);
            String name = i == 0 ? "display" : "kiosk";
            // Each round: visit.created, visit.cancelled and two queue.summary events on the display stream.
            s.waitFor("window.videomote.live.stats.events >= " + (rounds * 2));
            s.page().waitForTimeout(500);
            double after = heap(sessions.get(i));
            long events = ((Number) s.page().evaluate("window.videomote.live.stats.events")).longValue();
            report.append(String.format("%s JS heap after GC: %.0f KiB before, %.0f KiB after %d events (%+.0f KiB)%n",
                    name, before.get(i) / 1024, after / 1024, events, (after - before.get(i)) / 1024));
            assertThat(s.page().evaluate("window.videomote.live.stats.duplicates + window.videomote.live.stats.gaps"))
                    .isEqualTo(0);
            assertThat(after - before.get(i)).as("%s heap growth in bytes over %d events", name, events)
                    .isLessThan(1024 * 1024);
        }
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/consoles-measurements.txt"), report);
        for (Screen s : screens) {
            s.assertNoScriptErrors();
            s.context().close();
        }
    }

    private static double heap(CDPSession cdp) {
        cdp.send("HeapProfiler.collectGarbage");
        JsonObject usage = cdp.send("Runtime.getHeapUsage");
        return usage.get("usedSize").getAsDouble();
    }

    /** Registers a device on the admin screen and answers the pairing code it shows. */
    private static String pairingCode(Screen admin, String kind, String name, java.util.UUID room) {
        Page page = admin.page();
        Object before = page.evaluate("document.getElementById('pairing').dataset.code || ''");
        page.selectOption("#d-kind", kind);
        page.fill("#d-name", name);
        if (room != null) {
            page.selectOption("#d-room", room.toString());
        }
        page.click("#device-form button[type=submit]");
        admin.waitFor("(before) => { const c = document.getElementById('pairing').dataset.code; return c && c !== before; }",
                before);
        return (String) page.evaluate("document.getElementById('pairing').dataset.code");
    }

    /** A device screen opened without a token: it shows the pairing form, takes the code and goes live. */
    private Screen paired(String path, String code) {
        Screen s = browser().open(path);
        s.waitFor("document.getElementById('pairing-code') !== null");
        s.page().fill("#pairing-code", code);
        s.page().click("form.pairing button[type=submit]");
        s.waitLive();
        return s;
    }

    private static void shot(Screen s, String name) {
        s.page().screenshot(new Page.ScreenshotOptions().setPath(SCREENS.resolve(name + ".png")).setFullPage(true));
    }
}
