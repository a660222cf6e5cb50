package se.servicekontor.videomote.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void shouldDocumentTheReferenceDataApiInOpenApi() {
        String doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        for (String path : new String[] { "/api/v1/agencies", "/api/v1/agencies/{code}", "/api/v1/offices",
                "/api/v1/offices/{officeId}", "/api/v1/offices/{officeId}/closures", "/api/v1/offices/{officeId}/stops",
                "/api/v1/offices/{officeId}/rooms", "/api/v1/offices/{officeId}/rooms/{roomId}/status",
                "/api/v1/officers", "/api/v1/officers/{officerId}/presence", "/api/v1/officers/{officerId}/shifts" }) {
            org.assertj.core.api.Assertions.assertThat(doc).contains("\"" + path + "\"");
        }
        org.assertj.core.api.Assertions.assertThat(doc).doesNotContain("/demo/tokens");
    }

    @Test
    void shouldReportTheDatabaseInReadiness() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExposePrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void shouldNotServeDemoTokensOutsideDemoMode() {
        given().get("/demo/tokens").then().statusCode(404).contentType("application/problem+json");
    }
}
