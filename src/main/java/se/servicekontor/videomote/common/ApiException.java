package se.servicekontor.videomote.common;

import java.util.List;

import se.servicekontor.videomote.common.Problem.FieldError;

/**
 * A domain error that maps to one problem+json answer. The message is the {@code detail} shown to the client, so it
 * must never carry personal data.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    protected ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
        this(status, slug, title, detail, errors, null);
    }

    protected ApiException(int status, String slug, String title, String detail, List<FieldError> errors,
            Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The {@code Retry-After} header in seconds, or null when the answer has none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 400: the input is malformed or invalid. */
    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(400, "invalid-input", "Invalid input", "The request contains invalid fields.", errors);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail, null);
    }

    /** 404: unknown, or in an office or agency the caller may not see (the two are indistinguishable on purpose). */
    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, "not-found", "Not found", what + " '" + id + "' was not found.", null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, null);
    }

    /** 409: the request conflicts with the current state (taken slot, illegal transition, duplicate id). */
    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, null);
    }

    /** 422: an idempotency key was reused with a different request. */
    public static ApiException idempotencyMismatch() {
        return new ApiException(422, "idempotency-key-reused", "Idempotency key reused",
                "This Idempotency-Key was already used with a different request.", null);
    }

    /** 429: over a rate limit; the client may try again after {@code retryAfterSeconds}. */
    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, "rate-limited", "Too many requests", detail, null, retryAfterSeconds);
    }
}
