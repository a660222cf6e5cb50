package se.servicekontor.videomote.consoles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The consoles' sign-in settings: without an issuer configured, no OpenID Connect (tokens or the demo picker). */
@QuarkusTest
class ConsolesConfigResourceTest {

    @Test
    void shouldAnswerWithoutOidcWhenNoIssuerIsConfiguredAndWithoutAToken() {
        given().get("/app/config.json").then().statusCode(200).contentType("application/json")
                .body("$", anEmptyMap());
    }

    @Test
    void shouldServeEveryConsoleAndItsSharedModules() {
        for (String path : new String[] { "/desk/", "/officer/", "/kiosk/", "/display/", "/room/", "/admin/" }) {
            given().get(path).then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"));
        }
        given().get("/app/live.js").then().statusCode(200);
        given().get("/_static/echarts/5.6.0/dist/echarts.min.js").then().statusCode(200);
        given().get("/app/texts/en.js").then().statusCode(200).body(org.hamcrest.Matchers.containsString("'language.name': 'English'"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/app/config.json'.get.responses.'200'.description", equalTo("The settings"));
    }
}
