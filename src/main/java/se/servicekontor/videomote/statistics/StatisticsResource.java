package se.servicekontor.videomote.statistics;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsReport;
import se.servicekontor.videomote.statistics.StatisticsRecords.UtilizationReport;
import se.servicekontor.videomote.statistics.StatisticsService.Request;

/** Statistics of visits, waits, staffing and use of rooms, read from rollups kept with every change of a visit. */
@Path("/api/v1/statistics")
@Tag(name = "Statistics")
public class StatisticsResource {

    private final StatisticsService statistics;
    private final StatisticsConfig config;
    private final Access access;

    public StatisticsResource(StatisticsService statistics, StatisticsConfig config, Access access) {
        this.statistics = statistics;
        this.config = config;
        this.access = access;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, StatisticsCsv.MEDIA_TYPE })
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "Visit statistics: visits, walk-ins and booked, outcomes, transfers, interpreter use, waits "
            + "and service times, grouped by any mix of day, hour, office, agency and service",
            description = "Visits count at the office-local day and hour they arrived (DST included), with the agency "
                    + "and service they are with now; `transferred` counts visits moved away from the row's agency "
                    + "and service. Waits run from arrival to the (last) call, service times from start to "
                    + "completion, both in whole minutes, p50/p90 exact at that resolution. An admin sees every "
                    + "office, a desk its office, an officer their agency; another office or agency answers 404. "
                    + "`Accept: text/csv` answers the same rows as CSV (UTF-8 with BOM, a header line, names next "
                    + "to ids), with `separator=semicolon` for spreadsheets set to Swedish.")
    @APIResponse(responseCode = "200", description = "The rows, ordered by their key", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatisticsReport.class)),
            @Content(mediaType = StatisticsCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "400", description = "Invalid dates, range or groupBy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A role that reads no statistics",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office or agency, or one the caller may not see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> statistics(
            @Parameter(description = "First office-local day (YYYY-MM-DD), included", required = true)
            @QueryParam("from") String from,
            @Parameter(description = "Last office-local day (YYYY-MM-DD), included", required = true)
            @QueryParam("to") String to,
            @Parameter(description = "Only this office") @QueryParam("office") String office,
            @Parameter(description = "Only this agency") @QueryParam("agency") String agency,
            @Parameter(description = "Comma list of day, hour, office, agency, service; empty for one total row")
            @QueryParam("groupBy") String groupBy,
            @Parameter(description = "CSV field separator: comma (default) or semicolon")
            @QueryParam("separator") String separator,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate f = date("from", from, errors);
        LocalDate t = date("to", to, errors);
        List<Dimension> dims = groupBy(groupBy, errors);
        Character sep = separator(separator, errors);
        if (f != null && t != null) {
            int max = dims.contains(Dimension.HOUR) ? config.maxHourDays() : config.maxDays();
            range(f, t, max, dims.contains(Dimension.HOUR) ? " when grouping by hour" : "", errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        boolean csv = wantsCsv(accept);
        return statistics.statistics(access.caller(), new Request(f, t, blank(office), blank(agency), dims))
                .map(report -> csv
                        ? Response.ok(StatisticsCsv.render(report, dims, sep))
                                .type(StatisticsCsv.MEDIA_TYPE + "; charset=UTF-8")
                                .header("Content-Disposition",
                                        "attachment; filename=\"statistics-" + f + "-" + t + ".csv\"")
                                .build()
                        : Response.ok(report).type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/utilization")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Use of rooms and officers' time per office and office-local day, and arrivals per hour "
            + "against officers on shift",
            description = "Opening time comes from the opening hours (a closure closes the day) or, for a MOBILE "
                    + "office, its stops; on-duty time from the shifts of the officers of the office's agencies "
                    + "(officers serve every office of their agency); meeting time from the visits' service times. "
                    + "An admin sees every office, a desk its own; another office answers 404.")
    @APIResponse(responseCode = "200", description = "One row per office and day",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UtilizationReport.class)))
    @APIResponse(responseCode = "400", description = "Invalid dates or range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A role other than admin or desk",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office, or one the caller may not see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<UtilizationReport> utilization(
            @Parameter(description = "First office-local day (YYYY-MM-DD), included", required = true)
            @QueryParam("from") String from,
            @Parameter(description = "Last office-local day (YYYY-MM-DD), included", required = true)
            @QueryParam("to") String to,
            @Parameter(description = "Only this office (a desk always gets its own)") @QueryParam("office") String office) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate f = date("from", from, errors);
        LocalDate t = date("to", to, errors);
        if (f != null && t != null) {
            range(f, t, config.maxUtilizationDays(), "", errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return statistics.utilization(access.caller(), f, t, blank(office));
    }

    private static LocalDate date(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(field, "is required (YYYY-MM-DD)"));
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date (YYYY-MM-DD)"));
            return null;
        }
    }

    private static void range(LocalDate from, LocalDate to, int maxDays, String when, List<FieldError> errors) {
        if (to.isBefore(from)) {
            errors.add(new FieldError("to", "must not be before from"));
        } else if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            errors.add(new FieldError("to", "the range may be at most " + maxDays + " days" + when));
        }
    }

    private static List<Dimension> groupBy(String text, List<FieldError> errors) {
        List<Dimension> dims = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return dims;
        }
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            var dim = Dimension.parse(name);
            if (dim.isEmpty()) {
                errors.add(new FieldError("groupBy", "unknown dimension '" + shorten(name)
                        + "': use day, hour, office, agency or service"));
            } else if (dims.contains(dim.get())) {
                errors.add(new FieldError("groupBy", "'" + name + "' is given twice"));
            } else {
                dims.add(dim.get());
            }
        }
        return dims;
    }

    private static Character separator(String text, List<FieldError> errors) {
        if (text == null || text.isBlank() || text.equals("comma")) {
            return ',';
        }
        if (text.equals("semicolon")) {
            return ';';
        }
        errors.add(new FieldError("separator", "must be comma or semicolon"));
        return ',';
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** CSV when the client prefers it: listed before JSON, or JSON not accepted at all. */
    static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        int csv = a.indexOf(StatisticsCsv.MEDIA_TYPE);
        if (csv < 0) {
            return false;
        }
        int json = a.indexOf(MediaType.APPLICATION_JSON);
        return json < 0 || csv < json;
    }
}
