package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.RequestBodies;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.offices.OfficeRecords.HolidayOpeningRequest;
import se.servicekontor.videomote.offices.OfficeRecords.HolidayOpeningView;
import se.servicekontor.videomote.offices.OfficeRecords.HolidayView;
import se.servicekontor.videomote.offices.OfficeRecords.ClosureRequest;
import se.servicekontor.videomote.offices.OfficeRecords.ClosureView;
import se.servicekontor.videomote.offices.OfficeRecords.OfficeRequest;
import se.servicekontor.videomote.offices.OfficeRecords.OfficeView;
import se.servicekontor.videomote.offices.OfficeRecords.StopRequest;
import se.servicekontor.videomote.offices.OfficeRecords.StopView;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/offices")
@Tag(name = "Reference data")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfficeResource {

    private final OfficeService offices;
    private final Idempotency idempotency;
    private final Access access;
    private final RequestBodies bodies;
    private final Clock clock;

    public OfficeResource(OfficeService offices, Idempotency idempotency, Access access, RequestBodies bodies, Clock clock) {
        this.bodies = bodies;
        this.clock = clock;
        this.offices = offices;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @Authenticated
    @Operation(summary = "Offices, optionally by municipality or agency offered; a desk, kiosk or room sees only its own;"
            + " retired offices only with includeRetired=true")
    @APIResponse(responseCode = "200", description = "The offices", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = OfficeView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<OfficeView>> list(@QueryParam("municipality") String municipality, @QueryParam("agency") String agency,
            @QueryParam("includeRetired") boolean includeRetired) {
        return offices.list(access.caller(), municipality, agency, includeRetired);
    }

    @GET
    @Path("/{officeId}")
    @Authenticated
    @Operation(summary = "One office with opening hours and agencies (retired ones too)")
    @APIResponse(responseCode = "200", description = "The office", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficeView> get(@PathParam("officeId") String officeId) {
        access.requireOffice(officeId);
        return offices.get(officeId);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an office (admin)")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeRequest.class))) JsonNode requestBody, @HeaderParam(Idempotency.HEADER) String key) {
        var request = bodies.read(requestBody, OfficeRequest.class);
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices", request.value());
        return idempotency.replayOr(idem, () -> offices.create(request, idem)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @PUT
    @Path("/{officeId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an office (admin); a retired office cannot change (409)")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficeView> replace(@PathParam("officeId") String officeId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeRequest.class))) JsonNode requestBody) {
        var request = bodies.read(requestBody, OfficeRequest.class);
        return offices.replace(officeId, request);
    }

    @POST
    @Path("/{officeId}/retire")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retire an office (admin): no longer listed, offered or bookable, kept for history; 409 names "
            + "the active bookings it still has")
    @APIResponse(responseCode = "200", description = "Retired", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficeView> retire(@PathParam("officeId") String officeId) {
        return offices.retireOffice(officeId);
    }

    @GET
    @Path("/{officeId}/closures")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Days from today on which the office is closed")
    @APIResponse(responseCode = "200", description = "The closures", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ClosureView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<ClosureView>> closures(@PathParam("officeId") String officeId) {
        access.requireOffice(officeId);
        return offices.closures(officeId);
    }

    @POST
    @Path("/{officeId}/closures")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Close the office on a day; the answer lists that day's active bookings, and with "
            + "cancelBookings=true their BOOKED ones are cancelled in the same transaction")
    @APIResponse(responseCode = "201", description = "Closed; affectedBookings lists the day's bookings as they are now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClosureView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> addClosure(@PathParam("officeId") String officeId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClosureRequest.class))) JsonNode requestBody,
            @HeaderParam(Idempotency.HEADER) String key) {
        access.requireOffice(officeId);
        ClosureRequest request = bodies.read(requestBody, ClosureRequest.class).orThrow();
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices/" + officeId + "/closures", request);
        return idempotency.replayOr(idem, () -> offices.addClosure(officeId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }

    @DELETE
    @Path("/{officeId}/closures/{date}")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Open the office again on a closed day; a past closure is kept (409)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> removeClosure(@PathParam("officeId") String officeId, @PathParam("date") LocalDate date) {
        access.requireOffice(officeId);
        return offices.removeClosure(officeId, date).map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{officeId}/holidays")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Swedish public holidays of a year (default this year) and whether the office is closed on each")
    @APIResponse(responseCode = "200", description = "The holidays", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = HolidayView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<HolidayView>> holidays(@PathParam("officeId") String officeId, @QueryParam("year") Integer year) {
        access.requireOffice(officeId);
        return offices.holidays(officeId, year != null ? year : java.time.Year.now(clock).getValue());
    }

    @POST
    @Path("/{officeId}/holiday-openings")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Open the office on one public holiday although it closes on holidays (admin)")
    @APIResponse(responseCode = "201", description = "The office opens that day", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HolidayOpeningView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> openOnHoliday(@PathParam("officeId") String officeId,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HolidayOpeningRequest.class))) JsonNode requestBody) {
        HolidayOpeningRequest request = bodies.read(requestBody, HolidayOpeningRequest.class).orThrow();
        return offices.openOnHoliday(officeId, request).map(view -> Response.status(201).entity(view).build());
    }

    @DELETE
    @Path("/{officeId}/holiday-openings/{date}")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Close the office again on a holiday it was to open on (admin); a past one is kept (409)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> removeHolidayOpening(@PathParam("officeId") String officeId, @PathParam("date") LocalDate date) {
        return offices.removeHolidayOpening(officeId, date).map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{officeId}/stops")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Upcoming stops of a mobile office (admin)")
    @APIResponse(responseCode = "200", description = "The stops", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = StopView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<StopView>> stops(@PathParam("officeId") String officeId) {
        return offices.stops(officeId);
    }

    @POST
    @Path("/{officeId}/stops")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a stop to a mobile office (admin)")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StopView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> addStop(@PathParam("officeId") String officeId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StopRequest.class))) JsonNode requestBody,
            @HeaderParam(Idempotency.HEADER) String key) {
        StopRequest request = bodies.read(requestBody, StopRequest.class).orThrow();
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices/" + officeId + "/stops", request);
        return idempotency.replayOr(idem, () -> offices.addStop(officeId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }
}
