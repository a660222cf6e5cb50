package se.servicekontor.videomote.agencies;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One errand an agency serves ("service" in the API), with the time a meeting for it takes. Read through the
 * agency; written by {@link AgencyQueries} only (a retired service stays for history and statistics).
 */
@Embeddable
public record ServiceType(String code, String name, @Column(name = "duration_minutes") int durationMinutes,
        @Column(name = "retired_at") Instant retiredAt) {

    public ServiceType(String code, String name, int durationMinutes) {
        this(code, name, durationMinutes, null);
    }

    public boolean active() {
        return retiredAt == null;
    }
}
