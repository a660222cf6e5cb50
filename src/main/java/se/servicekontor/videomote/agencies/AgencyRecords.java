package se.servicekontor.videomote.agencies;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import se.servicekontor.videomote.common.Slugs;

/** Request and response bodies of the agencies API. */
public final class AgencyRecords {

    private AgencyRecords() {
    }

    /** Creates or replaces an agency with its services. */
    public record AgencyRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Pattern(regexp = "^[A-Z]{1,2}$", message = "must be one or two capital letters A-Z") String ticketPrefix,
            @NotNull @Size(min = 1, max = 100) List<@NotNull @Valid ServiceRequest> services) {
    }

    public record ServiceRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(5) @Max(480) Integer durationMinutes) {
    }

    public record AgencyView(String code, String name, String ticketPrefix,
            @Schema(description = "Services in use; retired ones too with includeRetired=true") List<ServiceView> services) {
        java.net.URI location() {
            return java.net.URI.create("/api/v1/agencies/" + code);
        }

        static AgencyView from(Agency agency) {
            return from(agency, agency.services, false);
        }

        static AgencyView from(Agency agency, Collection<ServiceType> services, boolean includeRetired) {
            return new AgencyView(agency.code, agency.name, agency.ticketPrefix, services.stream()
                    .filter(s -> includeRetired || s.active())
                    .sorted(Comparator.comparing(ServiceType::code)).map(ServiceView::from).toList());
        }
    }

    public record ServiceView(String code, String name, int durationMinutes,
            @Schema(description = "When the service was retired; absent while offered")
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant retiredAt) {
        static ServiceView from(ServiceType s) {
            return new ServiceView(s.code(), s.name(), s.durationMinutes(), s.retiredAt());
        }
    }

    /** Changes a service; what is left out stays as it is. */
    public record ServicePatch(
            @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Min(5) @Max(480) Integer durationMinutes) {
    }
}
