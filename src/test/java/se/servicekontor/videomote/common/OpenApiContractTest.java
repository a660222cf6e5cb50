package se.servicekontor.videomote.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** The published OpenAPI document is complete enough for a client generator and says what the code answers. */
@QuarkusTest
class OpenApiContractTest {

    private static String document() {
        return given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    }

    private static OpenAPI parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(json, null, options);
        assertThat(result.getMessages()).as("OpenAPI parser messages").isEmpty();
        return result.getOpenAPI();
    }

    @Test
    void shouldGenerateATypedClientFromTheDocumentWithStrictValidation() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "openapi-client"));
        Path spec = dir.resolve("openapi.json");
        Files.writeString(spec, document());
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setInputSpec(spec.toString())
                .setGeneratorName("java")
                .setLibrary("native")
                .setValidateSpec(true)
                .setOutputDir(dir.resolve("java").toString())
                .addAdditionalProperty("hideGenerationTimestamp", true);
        List<File> files = new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
        assertThat(files).as("generated client files")
                .anyMatch(f -> f.getName().equals("Problem.java"))
                .anyMatch(f -> f.getName().endsWith("Api.java"));
    }

    @Test
    void shouldDocumentEverySuccessWithASchemaAndEveryErrorAsProblemJson() {
        OpenAPI api = parse(document());
        List<String> gaps = new ArrayList<>();
        api.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.readOperationsMap().forEach((method, op) -> gaps.addAll(gapsOf(method + " " + path, op)));
        });
        assertThat(gaps).as("gaps in /q/openapi").isEmpty();
    }

    private static List<String> gapsOf(String name, Operation op) {
        List<String> gaps = new ArrayList<>();
        if (op.getOperationId() == null) {
            gaps.add(name + ": no operationId");
        }
        if (op.getResponses() == null || op.getResponses().isEmpty()) {
            gaps.add(name + ": no responses");
            return gaps;
        }
        boolean success = false;
        for (Map.Entry<String, ApiResponse> entry : op.getResponses().entrySet()) {
            String code = entry.getKey();
            ApiResponse response = entry.getValue();
            if (code.startsWith("2")) {
                success = true;
                if (!code.equals("204") && !hasSchema(response)) {
                    gaps.add(name + ": " + code + " has no response schema");
                }
            } else if (code.startsWith("4") || code.startsWith("5")) {
                MediaType problem = response.getContent() == null ? null
                        : response.getContent().get(Problem.MEDIA_TYPE);
                if (problem == null || problem.getSchema() == null
                        || !"#/components/schemas/Problem".equals(problem.getSchema().get$ref())) {
                    gaps.add(name + ": " + code + " is not documented as application/problem+json Problem");
                }
            } else if (code.equals("default")) {
                gaps.add(name + ": a 'default' answer hides which statuses are possible");
            }
        }
        if (!success) {
            gaps.add(name + ": no success status");
        }
        if (!op.getResponses().containsKey("503")) {
            gaps.add(name + ": 503 (database unavailable) missing");
        }
        return gaps;
    }

    private static boolean hasSchema(ApiResponse response) {
        if (response.getContent() == null || response.getContent().isEmpty()) {
            return false;
        }
        for (MediaType media : response.getContent().values()) {
            Schema<?> schema = media.getSchema();
            if (schema == null) {
                return false;
            }
            boolean described = schema.get$ref() != null || schema.getItems() != null
                    || (schema.getProperties() != null && !schema.getProperties().isEmpty())
                    || schema.getAdditionalProperties() != null
                    || (schema.getType() != null && !"object".equals(schema.getType()))
                    || (schema.getTypes() != null && !schema.getTypes().isEmpty() && !schema.getTypes().contains("object"));
            if (!described) {
                return false;
            }
        }
        return true;
    }

    /** Representative operations: what they really answer is documented, and what is documented can happen. */
    @Test
    void shouldDocumentTheStatusesTheCodeAnswersForRepresentativeOperations() {
        OpenAPI api = parse(document());
        assertThat(codes(api, "/api/v1/offices/{officeId}/visits", PathItem.HttpMethod.POST))
                .contains("201", "400", "401", "403", "404", "409", "422", "503").doesNotContain("200");
        assertThat(codes(api, "/api/v1/officers/{officerId}/next", PathItem.HttpMethod.POST))
                .contains("200", "204", "401", "403", "404", "503");
        assertThat(codes(api, "/api/v1/bookings", PathItem.HttpMethod.POST))
                .contains("201", "400", "401", "403", "409", "422", "503").doesNotContain("200");
        assertThat(codes(api, "/api/v1/visits/{id}/start", PathItem.HttpMethod.POST))
                .contains("200", "401", "403", "404", "409", "503");
        assertThat(codes(api, "/api/v1/agencies", PathItem.HttpMethod.GET))
                .contains("200", "401", "503").doesNotContain("404");

        // And the code answers them: 401 without a token, 404 for an unknown office, 400 for a bad body.
        given().contentType("application/json").body("{}").post("/api/v1/offices/nowhere/visits")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(se.servicekontor.videomote.testing.Tokens.admin()).get("/api/v1/offices/nowhere")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(se.servicekontor.videomote.testing.Tokens.admin()).contentType("application/json")
                .body("{\"start\": 5}").post("/api/v1/bookings")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    private static java.util.Set<String> codes(OpenAPI api, String path, PathItem.HttpMethod method) {
        PathItem item = api.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        Operation op = item.readOperationsMap().get(method);
        assertThat(op).as(method + " " + path).isNotNull();
        return op.getResponses().keySet();
    }
}
