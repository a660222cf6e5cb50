package se.servicekontor.videomote.bookings;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
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
import se.servicekontor.videomote.bookings.BookingRecords.SlotView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.common.Problem.FieldError;

@Path("/api/v1/public/availability")
@Tag(name = "Self-booking")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@SecurityRequirements
public class PublicAvailabilityResource {

    private static final Pattern LANGUAGE = Pattern.compile(BookingRecords.LANGUAGE_PATTERN);

    private final AvailabilityService availability;
    private final PublicClients clients;

    public PublicAvailabilityResource(AvailabilityService availability, PublicClients clients) {
        this.availability = availability;
        this.clients = clients;
    }

    @GET
    @Operation(summary = "Free slots for visitors booking themselves (no token; rate limited per client)",
            description = "As GET /api/v1/availability: slots of a service at one office or at every office offering "
                    + "the agency, on the office's wall clock, DST included. Over the limit: 429 with Retry-After.")
    @APIResponse(responseCode = "200", description = "Free slots, by start",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SlotView.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid parameters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this client",
            headers = @Header(name = "Retry-After", description = "Seconds until the next request is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<SlotView>> slots(
            @Parameter(description = "Agency code", required = true) @QueryParam("agency") String agency,
            @Parameter(description = "Service code of the agency", required = true) @QueryParam("service") String service,
            @Parameter(description = "One office; by default every office offering the agency") @QueryParam("office") String office,
            @Parameter(description = "First day, YYYY-MM-DD in the office's time zone; default today") @QueryParam("from") String from,
            @Parameter(description = "Last day (inclusive); at most 31 days in all") @QueryParam("to") String to,
            @Parameter(description = "Language the officer must speak, e.g. sv or en") @QueryParam("language") String language,
            @Parameter(description = "true: only slots with a free accessible room") @QueryParam("accessible") String accessible,
            @Context HttpServerRequest http) {
        clients.availability(http);
        language = blankToNull(language);
        List<FieldError> errors = new ArrayList<>();
        AvailabilityResource.required(errors, "agency", agency);
        AvailabilityResource.required(errors, "service", service);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", BookingRecords.LANGUAGE_MESSAGE));
        }
        LocalDate fromDate = AvailabilityResource.date(errors, "from", from);
        LocalDate toDate = AvailabilityResource.date(errors, "to", to);
        if (accessible != null && !accessible.equals("true") && !accessible.equals("false")) {
            errors.add(new FieldError("accessible", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return availability.slots(new AvailabilityService.Query(agency, service, blankToNull(office), fromDate, toDate,
                language, "true".equals(accessible)));
    }
}
