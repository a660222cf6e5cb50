package se.servicekontor.videomote.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the error answers every operation shares, from what the operation declares, so that no resource has to
 * repeat them: 400 where it takes input, 401/403 where it needs a role, 404 where it names a resource in its path,
 * 409/422 where it takes an {@code Idempotency-Key}, 429 where it is rate limited ({@code x-rate-limited}), and 503
 * everywhere (the database). Each is {@code application/problem+json} with the {@code Problem} schema. Answers an
 * operation documents itself are left as they are.
 */
public class ProblemResponsesFilter implements OASFilter {

    /** Operations marked with this extension are rate limited per client and may answer 429. */
    public static final String RATE_LIMITED = "x-rate-limited";

    static final String PROBLEM = "Problem";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema("FieldError", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("One invalid input field")
                .addProperty("field", string("JSON path of the field, e.g. openingHours[0].closes"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("field", "message")));
        components.addSchema(PROBLEM, OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details: the body of every error answer")
                .addProperty("type", string("URI identifying the kind of problem"))
                .addProperty("title", string("Short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32"))
                .addProperty("detail", string("What went wrong in this case"))
                .addProperty("instance", string("The path of the request"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status")));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.getOperations().forEach((method, operation) -> document(path, item, method, operation));
        });
    }

    private static void document(String path, PathItem item, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        List<Parameter> parameters = new java.util.ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        boolean takesInput = operation.getRequestBody() != null || parameters.stream()
                .anyMatch(p -> p.getIn() == Parameter.In.QUERY || p.getIn() == Parameter.In.PATH
                        || p.getIn() == Parameter.In.HEADER);
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean namesResource = path.contains("{");
        boolean idempotent = parameters.stream().anyMatch(p -> Idempotency.HEADER.equalsIgnoreCase(p.getName()));
        boolean rateLimited = operation.getExtensions() != null && operation.getExtensions().containsKey(RATE_LIMITED);

        Map<String, String> shared = new LinkedHashMap<>();
        if (takesInput) {
            shared.put("400", "Malformed or invalid input; `errors` names every invalid field");
        }
        if (secured) {
            shared.put("401", "No bearer token, or an invalid or expired one");
            shared.put("403", "The token's role may not do this");
        }
        if (namesResource) {
            shared.put("404", "Unknown id, or one in an office or agency the caller may not see");
        }
        if (idempotent) {
            shared.put("409", "Conflicts with the current state, or the Idempotency-Key is in use by a request "
                    + "still running");
            shared.put("422", "The Idempotency-Key was used before with a different request");
        }
        if (rateLimited) {
            shared.put("429", "Over the rate limit; see Retry-After");
        }
        shared.put("503", "The database is unavailable; see Retry-After");
        APIResponses target = responses;
        shared.forEach((code, description) -> {
            if (target.getAPIResponse(code) == null) {
                target.addAPIResponse(code, problem(description));
            } else {
                withProblemBody(target.getAPIResponse(code));
            }
        });
        // Documented error answers written on the resource (e.g. 409 for an illegal transition) get the body too.
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                withProblemBody(response);
            }
        });
    }

    private static APIResponse problem(String description) {
        return withProblemBody(OASFactory.createAPIResponse().description(description));
    }

    private static APIResponse withProblemBody(APIResponse response) {
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        }
        return response;
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }
}
