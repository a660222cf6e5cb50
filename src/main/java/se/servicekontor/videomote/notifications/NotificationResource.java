package se.servicekontor.videomote.notifications;

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
import se.servicekontor.videomote.notifications.NotificationService.NotificationView;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/notifications")
@Tag(name = "Notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final NotificationService notifications;
    private final Access access;

    public NotificationResource(NotificationService notifications, Access access) {
        this.notifications = notifications;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "The e-mails and SMS of a booking or a walk-in visit",
            description = "Exactly one of booking and visit. Admin, or the desk of the booking's or visit's office "
                    + "(404 otherwise, as for an unknown id). Kind, channel, status, attempts and when it was sent: "
                    + "never the text or the address. PENDING covers messages waiting for their time, for a walk-in's "
                    + "turn, or being sent; CANCELLED messages were made obsolete by a later change.")
    @APIResponse(responseCode = "200", description = "The messages, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = NotificationView.class)))
    @APIResponse(responseCode = "400", description = "Neither or both of booking and visit, or not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or an invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A role that may not read notifications",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown booking or visit, or of another office",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<NotificationView>> list(
            @Parameter(description = "Booking id") @QueryParam("booking") String booking,
            @Parameter(description = "Visit id") @QueryParam("visit") String visit) {
        List<FieldError> errors = new ArrayList<>();
        UUID bookingId = uuid(errors, "booking", booking);
        UUID visitId = uuid(errors, "visit", visit);
        if (errors.isEmpty() && (bookingId == null) == (visitId == null)) {
            errors.add(new FieldError("booking", "give exactly one of booking and visit"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return notifications.list(access.caller(), bookingId, visitId);
    }

    private static UUID uuid(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be a UUID"));
            return null;
        }
    }
}
