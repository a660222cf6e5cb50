package se.servicekontor.videomote.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.privacy.AuditRecords.AuditEntry;
import se.servicekontor.videomote.privacy.AuditRecords.Verification;
import se.servicekontor.videomote.security.Roles;

/** The access log for admins: who read or changed personal data, and the check of its hash chains. */
@Path("/api/v1/audit")
@Tag(name = "Privacy")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** The default period when {@code from} is not given: the week before {@code to}. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(7);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_OFFSET = 100_000;

    private final AuditService audit;
    private final PrivacyConfig config;
    private final Clock clock;

    public AuditResource(AuditService audit, PrivacyConfig config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Who read or changed a visitor's personal data (admin)",
            description = "Entries with from <= at < to, oldest first, optionally of one actor (token subject) or one "
                    + "booking or visit (resourceId). `to` defaults to now and `from` to a week before `to`. Paging: "
                    + "`limit` (default 100, at most videomote.privacy.audit-max-limit) entries after skipping "
                    + "`offset`.")
    @APIResponse(responseCode = "200", description = "The entries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AuditEntry.class)))
    @APIResponse(responseCode = "400", description = "Invalid from, to, actor, resourceId, limit or offset",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<AuditEntry>> list(
            @Parameter(description = "RFC 3339 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339 instant, exclusive; default now") @QueryParam("to") String to,
            @Parameter(description = "Only this actor (token subject)") @QueryParam("actor") String actor,
            @Parameter(description = "Only this booking or visit id") @QueryParam("resourceId") String resourceId,
            @Parameter(description = "Entries per page, 1 to videomote.privacy.audit-max-limit (default 100)")
            @QueryParam("limit") Integer limit,
            @Parameter(description = "Entries to skip, 0 to 100000") @QueryParam("offset") Integer offset) {
        List<FieldError> errors = new ArrayList<>();
        Instant end = instant(errors, "to", to);
        Instant until = end != null ? end : clock.instant();
        Instant start = instant(errors, "from", from);
        Instant since = start != null ? start : until.minus(DEFAULT_PERIOD);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("from", "must be before to"));
        }
        if (actor != null && (actor.isBlank() || actor.length() > 200 || actor.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("actor", "must be 1 to 200 characters without control characters"));
        }
        UUID resource = null;
        if (resourceId != null) {
            try {
                resource = UUID.fromString(resourceId);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("resourceId", "must be a UUID"));
            }
        }
        int max = config.auditMaxLimit();
        if (limit != null && (limit < 1 || limit > max)) {
            errors.add(new FieldError("limit", "must be between 1 and " + max));
        }
        if (offset != null && (offset < 0 || offset > MAX_OFFSET)) {
            errors.add(new FieldError("offset", "must be between 0 and " + MAX_OFFSET));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return audit.list(since, until, actor, resource, limit == null ? Math.min(DEFAULT_LIMIT, max) : limit,
                offset == null ? 0 : offset);
    }

    @GET
    @Path("/verify")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Check the access log's hash chains (admin)",
            description = "Recomputes the hash of every entry of every office's chain (or only `office`'s) from its "
                    + "first entry and compares the last one with the chain's head. `valid` is false, with where and "
                    + "why in `broken`, when an entry was changed, removed or inserted behind the service's back.")
    @APIResponse(responseCode = "200", description = "The result of the check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Verification.class)))
    @APIResponse(responseCode = "400", description = "Invalid office",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Verification> verify(
            @Parameter(description = "Only the chain of this office ('-' for register extracts)")
            @QueryParam("office") String office) {
        if (office != null && !office.matches("[a-z0-9-]{1,64}")) {
            throw ApiException.invalid("office", "must be an office id");
        }
        return audit.verify(office);
    }

    private static Instant instant(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            Instant parsed = OffsetDateTime.parse(value).toInstant();
            if (parsed.isBefore(Instant.parse("2000-01-01T00:00:00Z"))
                    || parsed.isAfter(Instant.parse("2200-01-01T00:00:00Z"))) {
                errors.add(new FieldError(field, "must be between 2000 and 2200"));
                return null;
            }
            return parsed;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 instant with offset, e.g. 2026-11-23T09:30:00+01:00"));
            return null;
        }
    }
}
