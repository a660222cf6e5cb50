package se.servicekontor.videomote.agencies;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * A case officer (handläggare) of an agency, serving visitors by video from anywhere. Presence is operational state
 * written only through {@link OfficerQueries}.
 */
@Entity
@Table(name = "case_officer")
public class CaseOfficer {

    @Id
    public UUID id;

    @Column(name = "agency_code")
    public String agencyCode;

    public String name;

    @Enumerated(EnumType.STRING)
    @Column(insertable = false, updatable = false)
    public Presence presence;

    /** Set with presence OFFLINE, by {@link OfficerQueries} only. */
    @Column(name = "retired_at", insertable = false, updatable = false)
    public java.time.Instant retiredAt;

    @ElementCollection
    @CollectionTable(name = "case_officer_language", joinColumns = @JoinColumn(name = "officer_id"))
    @Column(name = "language")
    public Set<String> languages = new LinkedHashSet<>();

    @ElementCollection
    @CollectionTable(name = "case_officer_service", joinColumns = @JoinColumn(name = "officer_id"))
    public Set<OfficerSkill> services = new LinkedHashSet<>();
}
