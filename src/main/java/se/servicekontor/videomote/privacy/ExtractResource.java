package se.servicekontor.videomote.privacy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.privacy.AuditRecords.Extract;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

/** Register extract: everything held about one person. */
@Path("/api/v1/privacy/extract")
@Tag(name = "Privacy")
@Produces(MediaType.APPLICATION_JSON)
public class ExtractResource {

    private final ExtractService extracts;
    private final Access access;

    public ExtractResource(ExtractService extracts, Access access) {
        this.extracts = extracts;
        this.access = access;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register extract: every booking and visit held for a personal number (admin)",
            description = "Finds bookings by the keyed hash of the personal number (never by its clear value), with "
                    + "their visits, and shows them in full. Walk-in visits hold no personal number and are not "
                    + "included; data already erased after the retention period is no longer held. The extract is "
                    + "recorded in the access log. The number travels in the query string: keep query strings out of "
                    + "any HTTP access log in front of the service.")
    @APIResponse(responseCode = "200", description = "The extract (empty lists when nothing is held)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Extract.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid personal number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Extract> extract(
            @Parameter(description = "Personnummer or samordningsnummer: YYMMDD-NNNN, YYMMDD+NNNN or YYYYMMDD-NNNN")
            @QueryParam("personalNumber") String personalNumber) {
        if (personalNumber == null || personalNumber.isBlank()) {
            throw ApiException.invalid("personalNumber", "is required");
        }
        if (personalNumber.length() > 20) {
            throw ApiException.invalid("personalNumber", "must be at most 20 characters");
        }
        return extracts.extract(access.caller(), personalNumber);
    }
}
