package se.servicekontor.videomote.bookings;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.bookings.BookingRecords.SlotView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/availability")
@Tag(name = "Bookings")
@Produces(MediaType.APPLICATION_JSON)
public class AvailabilityResource {

    private static final Pattern LANGUAGE = Pattern.compile(BookingRecords.LANGUAGE_PATTERN);

    private final AvailabilityService availability;
    private final Access access;

    public AvailabilityResource(AvailabilityService availability, Access access) {
        this.availability = availability;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "Free slots of a service at one office or at every office offering the agency",
            description = "A slot is free when the office is open for its whole length (opening hours minus closures; "
                    + "a MOBILE office only at its stops), a visitor room there is free, and an officer of the agency "
                    + "with the service (and language) is on shift and free. Slots start on a grid of the service's "
                    + "duration from each opening time on the office's wall clock: on daylight-saving days a time "
                    + "that does not exist is skipped and a repeated one is offered once (its first occurrence). "
                    + "Only future slots within the booking horizon are listed. A desk sees its own office (the "
                    + "default), an officer its own agency; anything else answers 404.")
    public Uni<List<SlotView>> slots(
            @Parameter(description = "Agency code", required = true) @QueryParam("agency") String agency,
            @Parameter(description = "Service code of the agency", required = true) @QueryParam("service") String service,
            @Parameter(description = "One office; by default every office offering the agency (a desk: its own)")
            @QueryParam("office") String office,
            @Parameter(description = "First day, YYYY-MM-DD in the office's time zone; default today")
            @QueryParam("from") String from,
            @Parameter(description = "Last day (inclusive); default 13 days after from; at most 31 days in all")
            @QueryParam("to") String to,
            @Parameter(description = "Language the officer must speak, e.g. sv or en") @QueryParam("language") String language,
            @Parameter(description = "true: only slots with a free accessible room") @QueryParam("accessible") String accessible) {
        language = blankToNull(language);
        List<FieldError> errors = new ArrayList<>();
        required(errors, "agency", agency);
        required(errors, "service", service);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", BookingRecords.LANGUAGE_MESSAGE));
        }
        LocalDate fromDate = date(errors, "from", from);
        LocalDate toDate = date(errors, "to", to);
        if (accessible != null && !accessible.equals("true") && !accessible.equals("false")) {
            errors.add(new FieldError("accessible", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Caller caller = access.caller();
        String onlyOffice = blankToNull(office);
        if (onlyOffice == null && caller.isOfficeBound()) {
            onlyOffice = caller.office() == null ? "" : caller.office();
        }
        if (onlyOffice != null) {
            access.requireOffice(onlyOffice);
        }
        access.requireAgency(agency);
        return availability.slots(new AvailabilityService.Query(agency, service, onlyOffice, fromDate, toDate,
                language, "true".equals(accessible)));
    }

    static void required(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        }
    }

    static LocalDate date(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (!se.servicekontor.videomote.common.InputRules.inRange(date)) {
                errors.add(new FieldError(field, se.servicekontor.videomote.common.InputRules.DATE_MESSAGE));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date (YYYY-MM-DD)"));
            return null;
        }
    }
}
