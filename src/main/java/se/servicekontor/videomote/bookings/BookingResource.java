package se.servicekontor.videomote.bookings;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.bookings.BookingRecords.BookingRequest;
import se.servicekontor.videomote.bookings.BookingRecords.BookingView;
import se.servicekontor.videomote.bookings.BookingRecords.CheckInView;
import se.servicekontor.videomote.bookings.BookingRecords.RescheduleRequest;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/bookings")
@Tag(name = "Bookings")
@Produces(MediaType.APPLICATION_JSON)
public class BookingResource {

    private final BookingService bookings;
    private final Idempotency idempotency;
    private final Access access;

    public BookingResource(BookingService bookings, Idempotency idempotency, Access access) {
        this.bookings = bookings;
        this.idempotency = idempotency;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "Book a video meeting; the room and the officer are picked for you",
            description = "The start must be a slot start (see GET /api/v1/availability). The least booked suitable "
                    + "officer that day is picked, and an accessible room only when accessibleRoom is true. "
                    + "409 when no room or officer is free for the whole slot, or when the office is not open then. "
                    + "With an Idempotency-Key, a repeated request within 24 hours returns the first answer and "
                    + "books nothing; the same key with another body answers 422. A desk books at its own office, "
                    + "an officer for its own agency (404 otherwise).")
    @APIResponse(responseCode = "201", description = "Booked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingView.class)))
    @APIResponse(responseCode = "409", description = "No room or officer free for the slot, or the office is not open")
    public Uni<Response> book(@NotNull @Valid BookingRequest request, @HeaderParam(Idempotency.HEADER) String key) {
        Caller caller = access.requireOffice(request.office());
        access.requireAgency(request.agency());
        var idem = idempotency.key(key, caller.key(), "POST /api/v1/bookings", request);
        return idempotency.replayOr(idem, () -> bookings.book(caller, request, idem)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "Look a booking up by reference, or list an office's bookings of a day",
            description = "With reference: a list of at most one booking. Otherwise office is required: the "
                    + "bookings starting on date (the office's local date, default today), by start; an officer sees "
                    + "only its own agency's. Personal numbers are masked.")
    public Uni<List<BookingView>> list(
            @Parameter(description = "Booking reference such as K7P-4QX (case and hyphen do not matter)")
            @QueryParam("reference") String reference,
            @Parameter(description = "Office id; a desk's own office by default") @QueryParam("office") String office,
            @Parameter(description = "YYYY-MM-DD; default today at the office") @QueryParam("date") String date,
            @Parameter(description = "Only bookings with this status") @QueryParam("status") String status) {
        Caller caller = access.caller();
        if (reference != null) {
            return bookings.byReference(caller, reference);
        }
        if (blankToNull(office) == null && caller.isOfficeBound()) {
            office = caller.office();
        }
        List<FieldError> errors = new ArrayList<>();
        AvailabilityResource.required(errors, "office", office);
        LocalDate day = AvailabilityResource.date(errors, "date", date);
        BookingStatus only = null;
        if (status != null) {
            try {
                only = BookingStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "must be one of " + Arrays.toString(BookingStatus.values())));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        access.requireOffice(office);
        return bookings.forOffice(caller, office, day, only);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "One booking, with the visitor's full personal number",
            description = "Admin; the desk of the booking's office; an officer of its agency. Others get 404.")
    public Uni<BookingView> get(@PathParam("id") UUID id) {
        return bookings.get(access.caller(), id);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "Cancel a BOOKED booking; its room and officer are free at once",
            description = "409 unless the booking is BOOKED.")
    @APIResponse(responseCode = "409", description = "The booking is not BOOKED")
    @APIResponseSchema(value = BookingView.class, responseCode = "200", responseDescription = "The booking after the change")
    public Uni<BookingView> cancel(@PathParam("id") UUID id) {
        return bookings.cancel(access.caller(), id);
    }

    @POST
    @Path("/{id}/reschedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "Move a BOOKED booking to another slot of the same office and service",
            description = "Keeps its room and officer when they are free at the new time, else picks others. "
                    + "409 when nothing is free then (the booking stays as it was) or unless it is BOOKED.")
    @APIResponse(responseCode = "409", description = "The booking is not BOOKED, or no room or officer is free for the new slot")
    @APIResponseSchema(value = BookingView.class, responseCode = "200", responseDescription = "The booking after the change")
    public Uni<BookingView> reschedule(@PathParam("id") UUID id, @NotNull @Valid RescheduleRequest request) {
        return bookings.reschedule(access.caller(), id, request.start().toInstant());
    }

    @POST
    @Path("/{id}/check-in")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "The visitor has arrived (the desk of the booking's office, or an admin)",
            description = "BOOKED → CHECKED_IN, by default from 30 minutes before the booked start until 15 minutes after it "
                    + "(videomote.bookings.check-in-opens-before and no-show-after); 409 outside that window or "
                    + "unless BOOKED. Creates the visit with its ticket, first in line for the booked officer from shortly before "
                    + "the booked time; answers the booking with that visit. A booking not checked in by then becomes "
                    + "NO_SHOW and frees its room and officer; when its visit ends, the booking becomes COMPLETED, "
                    + "NO_SHOW or CANCELLED with it.")
    @APIResponse(responseCode = "409", description = "The booking is not BOOKED, or it is outside the check-in window")
    @APIResponseSchema(value = CheckInView.class, responseCode = "200", responseDescription = "Checked in: the visit and its ticket")
    public Uni<CheckInView> checkIn(@PathParam("id") UUID id) {
        return bookings.checkIn(access.caller(), id);
    }
}
