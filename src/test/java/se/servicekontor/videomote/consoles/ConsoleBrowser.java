package se.servicekontor.videomote.consoles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;

/**
 * One headless system Chromium for a test class (Playwright never downloads one), with a fresh context per screen,
 * so each screen keeps its own storage as a separate device would. Every page records the WebSocket frames and the
 * HTTP responses it received, and its script errors, for the tests to check.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final double TIMEOUT_MS = 30_000;

    /** A screen open in the browser and what it received. */
    record Screen(Page page, BrowserContext context, List<String> frames, List<Response> responses, List<String> errors) {

        void waitFor(String condition) {
            waitFor(condition, null);
        }

        void waitForText(String selector, String text) {
            waitFor("([s, t]) => { const e = document.querySelector(s); return e && e.textContent.includes(t); }",
                    List.of(selector, text));
        }

        /** Waits for a condition; on a timeout, fails with what the page showed and which script errors it had. */
        void waitFor(String condition, Object arg) {
            try {
                page.waitForFunction(condition, arg, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            } catch (com.microsoft.playwright.TimeoutError e) {
                String shown = (String) page.evaluate("document.body.innerText");
                throw new AssertionError("Timed out on " + page.url() + " waiting for " + condition + " " + arg
                        + "; errors " + errors + "; the page showed:\n" + shown, e);
            }
        }

        void waitLive() {
            waitFor("document.body.dataset.live === 'live'");
        }

        /** The bodies of every JSON response the page got (read after the fact): what the API told it. */
        List<String> bodies() {
            List<String> out = new ArrayList<>();
            for (Response r : List.copyOf(responses)) {
                String type = r.headerValue("content-type");
                if (type != null && type.contains("json")) {
                    try {
                        out.add(r.text());
                    } catch (RuntimeException gone) {
                        // a body the browser no longer keeps (a redirect, a discarded resource)
                    }
                }
            }
            return out;
        }

        void assertNoScriptErrors() {
            assertThat(errors).as("script errors on %s", page.url()).isEmpty();
        }
    }

    private final Playwright playwright;
    private final Browser browser;
    private final URL base;

    ConsoleBrowser(URL base) {
        this.base = base;
        this.playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium())
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                        "--enable-precise-memory-info", "--autoplay-policy=no-user-gesture-required")));
    }

    static Path chromium() {
        Stream<Path> candidates = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "chromium")),
                Stream.of(Path.of("/usr/bin/chromium")));
        return candidates.filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "Chromium is not installed: apt-get install -y chromium (.ci/run installs it)"));
    }

    /** A new screen at {@code path} (e.g. "/kiosk/?reset=3#token=..."), in its own context. */
    Screen open(String path) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setPermissions(List.of("camera", "microphone")));
        Page page = context.newPage();
        List<String> frames = Collections.synchronizedList(new ArrayList<>());
        List<Response> responses = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        page.onWebSocket(ws -> ws.onFrameReceived(frame -> frames.add(frame.text())));
        page.onResponse(responses::add);
        page.onPageError(errors::add);
        page.navigate(url(path));
        return new Screen(page, context, frames, responses, errors);
    }

    String url(String path) {
        String root = base.toString().replaceAll("/$", "");
        return root + path;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
