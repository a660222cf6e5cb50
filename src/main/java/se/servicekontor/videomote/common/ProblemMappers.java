package se.servicekontor.videomote.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import se.servicekontor.videomote.common.Problem.FieldError;

/** The one place where errors become RFC 9457 problem+json answers. */
public class ProblemMappers {

    static final String TYPE_PREFIX = "urn:videomote:problem:";

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        if (e.status() >= 500) {
            Log.errorf("%s answered %d: %s", Text.forLog(uri.getPath()), e.status(), e.getMessage());
        }
        Response response = respond(new Problem(TYPE_PREFIX + e.slug(), e.title(), e.status(), e.getMessage(),
                uri.getPath(), e.errors().isEmpty() ? null : e.errors()));
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return respond(new Problem(TYPE_PREFIX + "invalid-input", "Invalid input", 400,
                "The request contains invalid fields.", uri.getPath(), errors));
    }

    /** Wrong types and unknown enum values; declared for the exact type to take over Quarkus' built-in mapper. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    /** Malformed JSON, wrong types and unknown enum values. */
    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? pathOf(m.getPath()) : "";
        String message;
        if (e instanceof InputRules.Rejected) {
            message = e.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be one of " + java.util.Arrays.toString(f.getTargetType().getEnumConstants());
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            message = "is not a valid " + simpleTypeName(f.getTargetType());
        } else if (e instanceof ValueInstantiationException) {
            message = "is invalid";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "must be " + simpleTypeName(m.getTargetType());
        } else {
            message = "is not well-formed JSON";
        }
        List<FieldError> errors = List.of(new FieldError(field.isEmpty() ? "body" : field, message));
        return respond(new Problem(TYPE_PREFIX + "invalid-input", "Invalid input", 400,
                "The request body could not be read.", uri.getPath(), errors));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(TYPE_PREFIX + "forbidden", "Forbidden", 403,
                "Your role does not allow this operation.", uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The requested media type is not available.";
            case 415 -> "The request media type is not supported; send application/json.";
            default -> title + ".";
        };
        Response.ResponseBuilder builder = Response.status(status)
                .entity(new Problem("about:blank", title, status, detail, uri.getPath(), null))
                .type(Problem.MEDIA_TYPE);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (PgErrors.isUnavailable(e)) {
            Log.warnf("Database unavailable while serving %s: %s", Text.forLog(uri.getPath()), e.getClass().getSimpleName());
            return Response.status(503).header("Retry-After", "5")
                    .entity(new Problem(TYPE_PREFIX + "database-unavailable", "Service Unavailable", 503,
                            "The database is not reachable right now; try again shortly.", uri.getPath(), null))
                    .type(Problem.MEDIA_TYPE).build();
        }
        var db = PgErrors.error(e);
        if (db.isPresent() && PgErrors.isConflict(e)) {
            // Constraint names only: PostgreSQL's own detail text can quote row values (personal data).
            Log.debugf("Conflict on %s: SQLSTATE %s constraint %s", Text.forLog(uri.getPath()), db.get().sqlState(),
                    db.get().constraint());
            return respond(new Problem(TYPE_PREFIX + "conflict", "Conflict", 409,
                    "The request conflicts with the current state of the resource.", uri.getPath(), null));
        }
        if (db.isPresent() && (PgErrors.CHECK_VIOLATION.equals(db.get().sqlState())
                || PgErrors.NOT_NULL_VIOLATION.equals(db.get().sqlState())
                || PgErrors.INVALID_TEXT_REPRESENTATION.equals(db.get().sqlState())
                || PgErrors.isInvalidData(db.get().sqlState()))) {
            return respond(new Problem(TYPE_PREFIX + "invalid-input", "Invalid input", 400,
                    "The request breaks a rule of the data model.", uri.getPath(), null));
        }
        Log.errorf(e, "Unexpected error serving %s", Text.forLog(uri.getPath()));
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "An unexpected error occurred.", uri.getPath(), null));
    }

    private static Response unauthenticated(UriInfo uri) {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new Problem(TYPE_PREFIX + "unauthenticated", "Unauthorized", 401,
                        "A valid bearer token is required.", uri.getPath(), null))
                .type(Problem.MEDIA_TYPE).build();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).entity(problem).type(Problem.MEDIA_TYPE).build();
    }

    /** {@code create.request.openingHours[0].closes} becomes {@code openingHours[0].closes}. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE || node.getKind() == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String simpleTypeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return switch (type.getSimpleName()) {
            case "LocalTime" -> "time (HH:mm)";
            case "LocalDate" -> "date (yyyy-MM-dd)";
            case "OffsetDateTime", "Instant", "ZonedDateTime" -> "date-time with offset (RFC 3339)";
            case "UUID" -> "UUID";
            default -> type.isRecord() || !type.getName().startsWith("java") ? "an object"
                    : type.getSimpleName().toLowerCase(Locale.ROOT);
        };
    }
}
