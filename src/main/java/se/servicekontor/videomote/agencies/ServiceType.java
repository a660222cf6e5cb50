package se.servicekontor.videomote.agencies;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One errand an agency serves ("service" in the API), with the time a meeting for it takes. */
@Embeddable
public record ServiceType(String code, String name, @Column(name = "duration_minutes") int durationMinutes) {
}
