package se.servicekontor.videomote.offices;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A service office (servicekontor), fixed or mobile. */
@Entity
@Table(name = "office")
public class Office {

    @Id
    public String id;

    public String name;

    public String municipality;

    @Enumerated(EnumType.STRING)
    public OfficeKind kind;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "vulnerable_area")
    public boolean vulnerableArea;

    @Column(name = "cleaning_buffer_minutes")
    public int cleaningBufferMinutes;

    @ElementCollection
    @CollectionTable(name = "office_opening_hours", joinColumns = @JoinColumn(name = "office_id"))
    public Set<OpeningPeriod> openingHours = new LinkedHashSet<>();

    @ElementCollection
    @CollectionTable(name = "office_agency", joinColumns = @JoinColumn(name = "office_id"))
    @Column(name = "agency_code")
    public Set<String> agencies = new LinkedHashSet<>();

    @Column(name = "closed_on_holidays")
    public boolean closedOnHolidays = true;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
