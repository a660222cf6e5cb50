package se.servicekontor.videomote.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.common.Db;

/**
 * End to end in a real browser: the demo room terminal and officer console, in two headless Chromium pages, learn of
 * the session from their live streams, fetch their joins and establish a WebRTC connection through the built-in
 * signaling relay; ending the visit ends the call on both.
 *
 * <p>Drives the system Chromium ({@code chromium} on the PATH or {@code /usr/bin/chromium}; {@code .ci/run} installs
 * it) and never lets Playwright download one. Without Chromium this test fails: it must not be skipped in CI.
 */
@QuarkusTest
class VideoBrowserTest {

    private static final double TIMEOUT_MS = 30_000;

    @Inject
    Db db;

    @Inject
    VideoService video;

    @TestHTTPResource("/video/")
    java.net.URL pages;

    static Path chromium() {
        Stream<Path> candidates = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "chromium")),
                Stream.of(Path.of("/usr/bin/chromium")));
        return candidates.filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "Chromium is not installed: apt-get install -y chromium (.ci/run installs it)"));
    }

    @Test
    void shouldConnectTheRoomTerminalAndTheOfficerWithWebRtcThroughTheBuiltInSignaling() throws IOException {
        Path executable = chromium();
        VideoFixtures f = VideoFixtures.create();
        Path profile = Files.createTempDirectory("videomote-chromium");
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                BrowserContext browser = playwright.chromium().launchPersistentContext(profile,
                        new BrowserType.LaunchPersistentContextOptions()
                                .setExecutablePath(executable)
                                .setHeadless(true)
                                .setPermissions(List.of("camera", "microphone"))
                                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                        "--disable-background-networking", "--disable-component-update",
                                        "--disable-sync", "--use-fake-device-for-media-stream",
                                        "--use-fake-ui-for-media-stream")))) {
            Page room = browser.newPage();
            Page officer = browser.newPage();
            room.navigate(pages + "room.html#token=" + f.roomToken());
            officer.navigate(pages + "officer.html#token=" + f.officerToken());
            waitFor(room, "document.body.dataset.live === 'listening'");
            waitFor(officer, "document.body.dataset.live === 'listening'");

            // The visit is called: both sides hear of it on their live streams, fetch their joins, and connect.
            VideoSessionView session = f.open(db, video);
            String connected = "window.videoPage.call && window.videoPage.call.pc"
                    + " && window.videoPage.call.pc.connectionState === 'connected'";
            waitFor(room, connected);
            waitFor(officer, connected);
            assertThat(room.evaluate("window.videoPage.session")).isEqualTo(session.sessionId().toString());
            assertThat(officer.evaluate("window.videoPage.session")).isEqualTo(session.sessionId().toString());
            assertThat(room.evaluate("document.body.dataset.call")).isEqualTo("connected");
            // Media flows: the room terminal receives the officer's camera.
            waitFor(room, "document.getElementById('remote').srcObject"
                    + " && document.getElementById('remote').srcObject.getVideoTracks().length === 1");

            // The visit ends: the server's bye ends the call on both sides.
            f.end(db, video, "COMPLETED");
            waitFor(room, "document.body.dataset.call === 'ended'");
            waitFor(officer, "document.body.dataset.call === 'ended'");
            assertThat(room.evaluate("window.videoPage.call.pc")).isNull();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void waitFor(Page page, String condition) {
        page.waitForFunction(condition, null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    }
}
