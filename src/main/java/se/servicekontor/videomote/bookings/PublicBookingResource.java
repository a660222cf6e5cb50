package se.servicekontor.videomote.bookings;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import se.servicekontor.videomote.bookings.PublicBookingRecords.PublicBookingRequest;
import se.servicekontor.videomote.bookings.PublicBookingRecords.PublicBookingView;
import se.servicekontor.videomote.bookings.PublicBookingRecords.PublicRescheduleRequest;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.Problem;

@Path("/api/v1/public/bookings")
@Tag(name = "Self-booking")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@SecurityRequirements
public class PublicBookingResource {

    static final String MANAGE_CODE = "X-Manage-Code";

    private final PublicBookingService bookings;
    private final Idempotency idempotency;
    private final PublicClients clients;

    public PublicBookingResource(PublicBookingService bookings, Idempotency idempotency, PublicClients clients) {
        this.bookings = bookings;
        this.idempotency = idempotency;
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A visitor books a video meeting (no token; rate limited per client)",
            description = "The start must be a slot start from GET /api/v1/public/availability. A phone number or an "
                    + "e-mail address is required (the confirmation, with a calendar invitation by e-mail, and "
                    + "reminders go there, in locale sv or en); a personal identity number is never accepted here. "
                    + "The answer carries the manageCode: with the reference, it reads, cancels and reschedules the "
                    + "booking. It is stored only as a hash and is also in the confirmation. With an Idempotency-Key "
                    + "a repeated request within 24 hours answers the first booking again, without the manageCode, "
                    + "and books nothing; the same key with another body answers 422.")
    @APIResponse(responseCode = "201", description = "Booked",
            headers = @Header(name = "Location", description = "/api/v1/public/bookings/{reference}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PublicBookingView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, no phone or e-mail, or a personal number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The slot is taken, or the office is not open then",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this client",
            headers = @Header(name = "Retry-After", description = "Seconds until the next request is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> book(@NotNull @Valid PublicBookingRequest request,
            @HeaderParam(Idempotency.HEADER) String key, @Context HttpServerRequest http) {
        clients.booking(http);
        var idem = idempotency.key(key, "public:" + PublicClients.address(http), "POST /api/v1/public/bookings",
                request);
        return idempotency.replayOr(idem, () -> bookings.book(request, idem)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @GET
    @Path("/{reference}")
    @Operation(summary = "The visitor reads a booking with its reference and manage code",
            description = "No officer, no personal data. A wrong or missing X-Manage-Code answers 404 exactly like an "
                    + "unknown reference.")
    @APIResponse(responseCode = "200", description = "The booking",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PublicBookingView.class)))
    @APIResponse(responseCode = "404", description = "Unknown reference, or a wrong or missing manage code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this client",
            headers = @Header(name = "Retry-After", description = "Seconds until the next request is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PublicBookingView> get(
            @Parameter(description = "Booking reference such as K7P-4QX") @PathParam("reference") String reference,
            @Parameter(in = ParameterIn.HEADER, description = "The manage code from the booking's answer or confirmation")
            @HeaderParam(MANAGE_CODE) String code, @Context HttpServerRequest http) {
        clients.manage(http);
        return bookings.get(reference, code);
    }

    @POST
    @Path("/{reference}/cancel")
    @Operation(summary = "The visitor cancels a booking with its reference and manage code",
            description = "BOOKED → CANCELLED; the room and officer are free at once, the reminders are cancelled and "
                    + "the visitor is told (the calendar invitation is withdrawn). 404 as for GET.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PublicBookingView.class)))
    @APIResponse(responseCode = "404", description = "Unknown reference, or a wrong or missing manage code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The booking is not BOOKED",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this client",
            headers = @Header(name = "Retry-After", description = "Seconds until the next request is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PublicBookingView> cancel(
            @Parameter(description = "Booking reference such as K7P-4QX") @PathParam("reference") String reference,
            @Parameter(in = ParameterIn.HEADER, description = "The manage code")
            @HeaderParam(MANAGE_CODE) String code, @Context HttpServerRequest http) {
        clients.manage(http);
        return bookings.cancel(reference, code);
    }

    @POST
    @Path("/{reference}/reschedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The visitor moves a booking to another slot of the same office and service",
            description = "As POST /api/v1/bookings/{id}/reschedule: 409 when nothing is free then (the booking stays "
                    + "as it was). The reminders move with it and the visitor gets the new time (an updated calendar "
                    + "invitation). 404 as for GET.")
    @APIResponse(responseCode = "200", description = "Moved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PublicBookingView.class)))
    @APIResponse(responseCode = "400", description = "Invalid start",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown reference, or a wrong or missing manage code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Nothing free at the new time, or the booking is not BOOKED",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this client",
            headers = @Header(name = "Retry-After", description = "Seconds until the next request is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PublicBookingView> reschedule(
            @Parameter(description = "Booking reference such as K7P-4QX") @PathParam("reference") String reference,
            @Parameter(in = ParameterIn.HEADER, description = "The manage code")
            @HeaderParam(MANAGE_CODE) String code, @NotNull @Valid PublicRescheduleRequest request,
            @Context HttpServerRequest http) {
        clients.manage(http);
        return bookings.reschedule(reference, code, request.start().toInstant());
    }
}
