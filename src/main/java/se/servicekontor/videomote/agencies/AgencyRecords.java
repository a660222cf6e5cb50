package se.servicekontor.videomote.agencies;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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

    public record AgencyView(String code, String name, String ticketPrefix, List<ServiceView> services) {
        java.net.URI location() {
            return java.net.URI.create("/api/v1/agencies/" + code);
        }

        static AgencyView from(Agency agency) {
            return new AgencyView(agency.code, agency.name, agency.ticketPrefix, agency.services.stream()
                    .sorted(Comparator.comparing(ServiceType::code)).map(ServiceView::from).toList());
        }
    }

    public record ServiceView(String code, String name, int durationMinutes) {
        static ServiceView from(ServiceType s) {
            return new ServiceView(s.code(), s.name(), s.durationMinutes());
        }
    }
}
